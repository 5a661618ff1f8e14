"""The summer offer, staff side: activities, calls for offer, moderation, imports, exports, tips.

The call links (`/oproep/<token>`) live here too: they are how providers without an account reach
the same forms. The public site is `app.public`; the open-data API is `app.api.offers`.
"""
