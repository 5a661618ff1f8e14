"""The code lists of a visit (contract §6 `meta`): stable codes, translated labels."""

from flask_babel import lazy_gettext as _l

# The longest note a visit (and the follow-up it asks for) may carry: the columns, the checks
# of the API and the phone's form, and the API description (app/api/spec/field.json) say the same.
NOTE_MAX_LENGTH = 500

OUTCOMES = {
    "contact": _l("Contact"),
    "not_home": _l("Niet thuis"),
    "refused": _l("Geweigerd"),
    "moved": _l("Verhuisd / fout adres"),
    "no_access": _l("Geen toegang"),
}
# Outcomes after which nobody goes back to the door this round.
CLOSING_OUTCOMES = {"contact", "refused", "moved"}

INTERESTS = {
    "sport": _l("Sport en bewegen"),
    "swimming": _l("Zwemmen"),
    "play": _l("Spelen en speelplein"),
    "arts": _l("Knutselen en kunst"),
    "music_dance": _l("Muziek en dans"),
    "nature": _l("Natuur en buiten"),
    "science": _l("Wetenschap en techniek"),
    "reading_language": _l("Lezen en taal"),
    "day_trip": _l("Uitstap"),
    "camp": _l("Kamp"),
}

INFO_GIVEN = {
    "summer_offer": _l("Zomeraanbod"),
    "family_services": _l("Dienstverlening voor gezinnen"),
    "uitpas": _l("UiTPAS en kansentarief"),
    "health_safety": _l("Gezondheid en veiligheid"),
}

FOLLOW_UP_KINDS = {
    "call_back": _l("Terugbellen"),
    "registration_help": _l("Hulp bij inschrijven voor een activiteit"),
    "referral": _l("Doorverwijzen naar een partner"),
    "other": _l("Andere"),
}


def code_list(codes: dict) -> list[dict]:
    """A code list as the API shapes it: [{"code", "label"}], labels in the request's language."""
    return [{"code": code, "label": str(label)} for code, label in codes.items()]
