"""The app as the load tests serve it: the real app, with rate limits off.

One benchmark account posts thousands of visits a minute, far above what the API's per-account
limit allows on purpose (app/security/limits.py); every other setting is the production one.
"""

from app import create_app

app = create_app({"RATELIMIT_ENABLED": False})
