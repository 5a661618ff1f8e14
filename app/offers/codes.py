"""Code lists of the offer: activity categories (the same codes as a visit's interests), weekdays.

One list for both, so that what a family asks for at the door can be matched with the offer, and
the same codes as `app.offers.uitdatabank.CATEGORIES` (a test holds the three together).
"""

from flask_babel import lazy_gettext as _l

from app.addresses import belgian
from app.visits.codes import INTERESTS

CATEGORIES = INTERESTS

WEEKDAYS = {
    "1": _l("ma"),
    "2": _l("di"),
    "3": _l("wo"),
    "4": _l("do"),
    "5": _l("vr"),
    "6": _l("za"),
    "7": _l("zo"),
}

# One list of Ghent's postcodes for the whole app (app.addresses.is_ghent also reads it).
GHENT_POSTCODES = belgian.GHENT_POSTCODES


def category_list(codes) -> list[dict]:
    """Contract §6 code list: [{"code", "label"}] in the request's language."""
    return [{"code": code, "label": str(CATEGORIES[code])} for code in codes if code in CATEGORIES]
