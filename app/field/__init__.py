"""The worker's phone pages: today's routes, a route's stops, one-tap outcomes, the contact form."""
