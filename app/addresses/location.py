"""What the address lookup answers: a position (or none), the wijk, where it came from and why.

`source` is stable (tests, the database, the CLI); `label` and `reason` are for people and are
translated lazily, so they may be built outside a request and shown inside one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# Every `source` a Location can have, best first, with the words a coordinator reads.
SOURCES: dict[str, LazyString] = {
    "register": _l("adressenregister"),
    "crab": _l("adressenbestand (CRAB 2014)"),
    "crab-interpolated": _l("geschat tussen de buren"),
    "street": _l("alleen de straat bekend"),
    "none": _l("niet gevonden"),
}
# A household's position typed in by hand (latitude and longitude fields) is a source too.
TYPED = "typed"
POSITION_SOURCES: dict[str, LazyString] = {
    **{code: label for code, label in SOURCES.items() if code not in ("street", "none")},
    TYPED: _l("zelf ingevuld"),
}


@dataclass(frozen=True)
class Location:
    """Where an address is: WGS84 `lat`/`lon` (or None), its `wijk` (1–25 or None), and how."""

    lat: float | None
    lon: float | None
    wijk: int | None
    source: str
    reason: LazyString | str = ""
    # The street and postcode as the source spells them ("Hundelgemse stwg" → the real name).
    street: str | None = None
    postcode: str | None = None
    # Found under another spelling or postcode than the one written ("9000" for Gentbrugge).
    corrected: bool = False

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def firm(self) -> bool:
        """Sure enough that a different wijk chosen next to it is a mistake, not knowledge:
        the register, or the exact address in CRAB as it was written."""
        return self.source in ("register", "crab") and not self.corrected

    @property
    def found(self) -> bool:
        return self.wijk is not None or self.has_position

    @property
    def label(self) -> LazyString:
        return SOURCES[self.source]


def nowhere(reason: LazyString | str) -> Location:
    return Location(None, None, None, "none", reason)


# Reasons, written for the person who has to act on them.
NOT_GHENT = _l("Dit adres ligt niet in Gent.")
NO_STREET = _l("Deze straat vinden we niet in Gent (of ze is nieuwer dan onze gegevens).")
STREET_IN_SEVERAL_POSTCODES = _l(
    "Deze straatnaam bestaat in meer dan één deelgemeente: vul de juiste postcode in."
)
STREET_ONLY = _l("Dit huisnummer kennen we niet: de wijk komt van de straat.")
NO_NUMBER = _l("Zonder huisnummer: de wijk komt van de straat.")
OUTSIDE_WIJKEN = _l("Deze positie ligt buiten de 25 wijken van Gent.")
NUMBER_UNKNOWN_STREET_SPLIT = _l(
    "Dit huisnummer kennen we niet en de straat loopt door meer dan één wijk."
)
NO_NUMBER_STREET_SPLIT = _l("Zonder huisnummer: de straat loopt door meer dan één wijk.")
