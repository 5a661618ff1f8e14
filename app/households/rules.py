"""What makes a household record valid: address, coordinates and wijk, the same for form and import.

The wijk comes from the coordinates when there are any (point in polygon over the 25 wijken), else
from the street when the project knows it, else the coordinator picks it. Results are `FieldError`s
(from app.addresses.belgian) so that the form and the import report the same words.
"""

from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l

from app.geo import find_feature, with_bboxes
from app.addresses.belgian import Address, FieldError, street_key, validate_address
from app.wijken.services import geojson_features, known_streets

# Languages spoken at home: the communities of Ghent that the partners meet most (DOMAIN.md).
LANGUAGES = {
    "nl": _l("Nederlands"),
    "fr": _l("Frans"),
    "en": _l("Engels"),
    "ar": _l("Arabisch"),
    "tr": _l("Turks"),
    "bg": _l("Bulgaars"),
    "uk": _l("Oekraïens"),
    "ru": _l("Russisch"),
    "ro": _l("Roemeens"),
    "pl": _l("Pools"),
    "es": _l("Spaans"),
    "prs": _l("Dari"),
    "ps": _l("Pasjtoe"),
    "so": _l("Somalisch"),
    "ti": _l("Tigrinya"),
    "am": _l("Amhaars"),
    "ber": _l("Berbers"),
    "other": _l("Andere taal"),
}
MAX_CHILDREN_PER_BAND = 20


@cache
def wijk_features() -> list[dict]:
    """The wijk polygons with bounding boxes, prepared once per process."""
    return with_bboxes(geojson_features())


@cache
def _streets_by_key() -> dict[str, int]:
    return {street_key(name): number for name, number in known_streets().items()}


def wijk_at(lat: float, lon: float) -> int | None:
    feature = find_feature(lon, lat, wijk_features())
    return None if feature is None else int(feature["properties"]["wijknr"])


def wijk_of_street(street: str) -> int | None:
    return _streets_by_key().get(street_key(street))


@dataclass(frozen=True)
class Placement:
    """A checked address with the wijk it lies in and where that wijk came from."""

    address: Address
    wijk_number: int
    wijk_source: str  # "coordinates", "street" or "picked"


def check_coordinates(lat: float | None, lon: float | None) -> FieldError | None:
    if (lat is None) != (lon is None):
        return FieldError("lat", "coordinates_incomplete", _l("Vul beide coördinaten in, of geen."))
    if lat is not None and wijk_at(lat, lon) is None:
        return FieldError(
            "lat", "coordinates_not_ghent", _l("Deze coördinaten liggen niet in een wijk van Gent.")
        )
    return None


def place(
    street: str,
    number: str,
    box: str | None,
    postcode: str,
    *,
    lat: float | None = None,
    lon: float | None = None,
    picked_wijk: int | None = None,
) -> Placement | list[FieldError]:
    """Validate the address and coordinates and find the wijk; all errors at once."""
    checked = validate_address(street, number, box, postcode)
    errors = list(checked) if isinstance(checked, list) else []
    coordinates_error = check_coordinates(lat, lon)
    if coordinates_error:
        errors.append(coordinates_error)
    if errors:
        return errors
    if lat is not None:
        found = wijk_at(lat, lon)
        if picked_wijk and picked_wijk != found:
            return [
                FieldError(
                    "wijk",
                    "wijk_conflict",
                    _l(
                        "De coördinaten liggen in wijk %(n)s: kies die wijk of laat het veld leeg.",
                        n=found,
                    ),
                )
            ]
        return Placement(checked, found, "coordinates")
    if picked_wijk:
        return Placement(checked, picked_wijk, "picked")
    from_street = wijk_of_street(checked.street)
    if from_street is not None:
        return Placement(checked, from_street, "street")
    return [
        FieldError(
            "wijk",
            "wijk_unknown",
            _l("Deze straat kennen we nog niet en er zijn geen coördinaten: kies de wijk."),
        )
    ]
