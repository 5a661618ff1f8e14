"""Ghent's addresses: address → position → wijk, for every part of the app that places one.

    from app.addresses import is_ghent, locate
    location = locate("Hundelgemsesteenweg", "210", "9050")   # Location(lat, lon, wijk=18, …)

`locate` asks Flanders' address register when it may (and remembers the answer), else uses the
embedded CRAB data; `is_ghent` says whether a postcode and/or place lies in Gent. Nothing is
loaded at import time.
"""

from app.addresses.belgian import is_ghent
from app.addresses.location import SOURCES, Location
from app.addresses.lookup import locate
from app.addresses.points import wijk_at

__all__ = ["SOURCES", "Location", "is_ghent", "locate", "wijk_at"]
