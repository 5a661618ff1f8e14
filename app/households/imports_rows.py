"""Checking one imported row: the same rules as the form, with reasons in plain Dutch."""

from dataclasses import dataclass

from flask_babel import gettext as _

# Plain gettext, not lazy: a lazy string counts as safe HTML in Jinja, and these messages quote
# what was typed in the file, which must be escaped like any other input.
from app.extensions import db
from app.households.models import AGE_BANDS, Household
from app.households.queries import organisations_by_name
from app.households.rules import LANGUAGES, MAX_CHILDREN_PER_BAND, Placement, place
from app.wijken.models import Wijk

YES = {"ja", "j", "yes", "y", "x", "1", "waar", "true"}
NO = {"nee", "n", "no", "0", "onwaar", "false", ""}
CONSENT_WORDS = {
    "": "unknown",
    "onbekend": "unknown",
    "nog niet gevraagd": "unknown",
    "unknown": "unknown",
    "ja": "given",
    "gegeven": "given",
    "given": "given",
    "nee": "refused",
    "geweigerd": "refused",
    "refused": "refused",
}


def _wijk_lookup() -> dict[str, int]:
    rows = db.session.execute(db.select(Wijk.number, Wijk.name))
    lookup = {}
    for number, name in rows:
        lookup[str(number)] = number
        lookup[name.casefold()] = number
    return lookup


def _languages(text: str, errors: list) -> list[str]:
    # The languages' names, translated only when a cell holds a name, not a code.
    labels: dict[str, str] = {}
    codes = []
    for part in text.replace(";", ",").replace("/", ",").split(","):
        word = part.strip().casefold()
        if not word:
            continue
        if word not in LANGUAGES and not labels:
            labels = {str(label).casefold(): code for code, label in LANGUAGES.items()}
        code = word if word in LANGUAGES else labels.get(word)
        if code is None:
            errors.append(
                _(
                    "Onbekende taal '%(value)s' (gebruik codes zoals nl, fr, ar).",
                    value=part.strip(),
                )
            )
        elif code not in codes:
            codes.append(code)
    return codes


def _count(text: str, label, errors: list) -> int:
    if not text:
        return 0
    if not text.isdigit() or int(text) > MAX_CHILDREN_PER_BAND:
        errors.append(
            _(
                "Aantal kinderen %(band)s moet een getal van 0 tot %(max)s zijn.",
                band=label,
                max=MAX_CHILDREN_PER_BAND,
            )
        )
        return 0
    return int(text)


def _coordinate(text: str, errors: list) -> float | None:
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        errors.append(_("Coördinaat '%(value)s' is geen getal.", value=text))
        return None


def _flags(get, values: dict, errors: list) -> None:
    values["consent"] = CONSENT_WORDS.get(get("consent").casefold())
    if values["consent"] is None:
        errors.append(_("Toestemming moet ja, nee of leeg zijn."))
    flag = get("do_not_visit").casefold()
    if flag not in YES | NO:
        errors.append(_("'Niet bezoeken' moet ja of leeg zijn."))
    values["do_not_visit"] = flag in YES
    values["note"] = get("note")
    if len(values["note"]) > 280:
        errors.append(_("De notitie is langer dan 280 tekens."))


def _placement_errors(placed: list) -> list:
    return [
        _(
            "%(reason)s Vul de kolom 'wijk' in (nummer of naam) of geef coördinaten.",
            reason=error.detail,
        )
        if error.code == "wijk_unknown"
        else str(error.message)
        for error in placed
    ]


@dataclass(frozen=True)
class CheckedRow:
    """A good row: the household's values, and how its address was placed (for the preview)."""

    values: dict
    placement: Placement


def check_row(raw: dict, *, wijken: dict, partners: dict) -> CheckedRow | list:
    """The household's values and placement, or the reasons why this row cannot be imported.

    Only what is remembered of the address register and the embedded data place the address:
    a file of thousands of rows must not wait for the register (see `flask geocode`).

    `wijken` and `partners` map lowercased names (and wijk numbers) to ids: see `lookups()`.
    """
    errors: list = []

    def get(key: str) -> str:
        return (raw.get(key) or "").strip()

    coordinate_errors = len(errors)
    lat, lon = _coordinate(get("lat"), errors), _coordinate(get("lon"), errors)
    coordinates_ok = len(errors) == coordinate_errors
    picked = wijken.get(get("wijk").casefold()) if get("wijk") else None
    if get("wijk") and picked is None:
        errors.append(_("Onbekende wijk '%(value)s'.", value=get("wijk")))
    values = {
        "languages": _languages(get("languages"), errors),
        **{band: _count(get(band), AGE_BANDS[band], errors) for band in AGE_BANDS},
    }
    partner = get("partner")
    values["partner_organisation_id"] = partners.get(partner.casefold()) if partner else None
    if partner and values["partner_organisation_id"] is None:
        errors.append(_("Onbekende partnerorganisatie '%(value)s'.", value=partner))
    _flags(get, values, errors)
    placed = None
    if coordinates_ok and not (get("wijk") and picked is None):
        placed = place(
            get("street"),
            get("number"),
            get("box"),
            get("postcode"),
            lat=lat,
            lon=lon,
            picked_wijk=picked,
        )
        if isinstance(placed, list):
            errors = _placement_errors(placed) + errors
    if errors or placed is None or isinstance(placed, list):
        return errors
    address = placed.address
    values = {
        "street": address.street,
        "number": address.number,
        "number_sort": address.number_sort,
        "box": address.box,
        "postcode": address.postcode,
        "wijk_number": placed.wijk_number,
        "lat": placed.lat,
        "lon": placed.lon,
        "position_source": placed.position_source,
        **values,
    }
    return CheckedRow(values, placed)


def lookups() -> tuple[dict, dict]:
    """(wijken, partners) for check_row, read once per import."""
    return _wijk_lookup(), organisations_by_name()


def existing_candidates(values: list[dict]) -> list[Household]:
    """Existing households that share postcode and first house number with any row (one query)."""
    if not values:
        return []
    numbers = {v["number_sort"] for v in values}
    postcodes = {v["postcode"] for v in values}
    stmt = db.select(Household).where(
        Household.postcode.in_(postcodes),
        Household.number_sort.in_(numbers),
        Household.anonymised_at.is_(None),
    )
    return list(db.session.scalars(stmt))
