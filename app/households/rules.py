"""What makes a household record valid: address, position and wijk, the same for form and import.

Typed coordinates win (point in polygon over the 25 wijken); else the address service places the
address (register, embedded CRAB data, a point between the neighbours, or only the street's
wijk); else the coordinator picks the wijk. Results are `FieldError`s (app.addresses.belgian) so
that the form and the import report the same words.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.addresses import Location, locate, wijk_at
from app.addresses.belgian import Address, FieldError, validate_address
from app.addresses.location import TYPED

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


@dataclass(frozen=True)
class Placement:
    """A checked address with its wijk, its position (if any) and where both came from."""

    address: Address
    wijk_number: int
    wijk_source: str  # "coordinates", "address", "street" or "picked"
    lat: float | None = None
    lon: float | None = None
    position_source: str | None = None  # "typed" or a Location source (register, crab, …)
    location: Location | None = None  # the address lookup's answer, when it was asked

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None


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
    online: bool = False,
) -> Placement | list[FieldError]:
    """Validate the address and coordinates, find position and wijk; all errors at once.

    `online` lets the lookup ask the address register (a form: one address, at most 2 s); an
    import of thousands of rows uses what is remembered and the embedded data only.
    """
    checked = validate_address(street, number, box, postcode)
    errors = list(checked) if isinstance(checked, list) else []
    coordinates_error = check_coordinates(lat, lon)
    if coordinates_error:
        errors.append(coordinates_error)
    if errors or isinstance(checked, list):  # a list is the address's errors
        return errors
    if lat is not None:
        return _typed(checked, lat, lon, picked_wijk)
    found = locate(checked.street, checked.number, checked.postcode, checked.box, online=online)
    if found.has_position and found.wijk is not None:
        if picked_wijk and picked_wijk != found.wijk:
            if found.firm:
                return [
                    _conflict(
                        _l(
                            "Dit adres ligt in wijk %(n)s: kies die wijk of laat het "
                            "veld op 'automatisch'.",
                            n=found.wijk,
                        )
                    )
                ]
            if found.corrected:  # another street than we thought: its point is not this door's
                return Placement(checked, picked_wijk, "picked", location=found)
            return Placement(
                checked, picked_wijk, "picked", found.lat, found.lon, found.source, found
            )
        return Placement(checked, found.wijk, "address", found.lat, found.lon, found.source, found)
    if picked_wijk:
        return Placement(checked, picked_wijk, "picked", location=found)
    if found.wijk is not None:
        return Placement(checked, found.wijk, "street", location=found)
    return [
        FieldError(
            "wijk",
            "wijk_unknown",
            _l("%(reason)s Er zijn geen coördinaten: kies de wijk.", reason=found.reason),
            found.reason,
        )
    ]


def _conflict(message) -> FieldError:
    return FieldError("wijk", "wijk_conflict", message)


def _typed(checked: Address, lat: float, lon: float, picked_wijk: int | None):
    found = wijk_at(lat, lon)
    if picked_wijk and picked_wijk != found:
        return [
            _conflict(
                _l(
                    "De coördinaten liggen in wijk %(n)s: kies die wijk of laat het veld leeg.",
                    n=found,
                )
            )
        ]
    return Placement(checked, found, "coordinates", lat, lon, TYPED)
