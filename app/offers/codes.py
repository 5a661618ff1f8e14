"""Code lists of the offer: activity categories (the same codes as a visit's interests), weekdays.

One list for both, so that what a family asks for at the door can be matched with the offer, and
the same codes as `app.offers.uitdatabank.CATEGORIES` (a test holds the three together).
"""

from flask_babel import lazy_gettext as _l

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

GHENT_POSTCODES = {"9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"}


def category_list(codes) -> list[dict]:
    """Contract §6 code list: [{"code", "label"}] in the request's language."""
    return [{"code": code, "label": str(CATEGORIES[code])} for code in codes if code in CATEGORIES]
