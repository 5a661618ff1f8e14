"""Where an activity takes place: its address's position and wijk (contract §8: "an activity's
`location.wijk` is its address's wijk"), through the address service in app.addresses.

The forms, the spreadsheet and moderation ask here (the UiTdatabank import asks app.addresses
itself, in uit_import.ghent_place), so an activity anywhere in Ghent lands on its wijk's page —
or is flagged ("no wijk") before it is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.addresses import Location, locate


@dataclass(frozen=True)
class PlaceCheck:
    """An activity's values with wijk and position filled in from its address, and any problem.

    `problem` is None, "no_wijk" (no wijk found and none chosen) or "conflict" (the chosen wijk
    is not the one the address lies in); `message` says it in words.
    """

    values: dict
    location: Location | None
    problem: str | None = None
    message: object = ""

    @property
    def wijk(self) -> int | None:
        return self.values.get("wijk_number")


def needs_wijk(values_or_activity) -> bool:
    """Not mobile and without a wijk: it would be on no wijk page at all."""
    get = (
        values_or_activity.get
        if isinstance(values_or_activity, dict)
        else lambda name: getattr(values_or_activity, name, None)
    )
    return not get("mobile") and get("wijk_number") is None


def resolve(values: dict, *, online: bool) -> PlaceCheck:
    """Fill in the wijk (and a missing position) from the address; say what is wrong if anything.

    A chosen wijk stands when the address cannot be found or only estimated; against a firm
    position (the register, or the exact address in the CRAB data) it is a conflict.
    """
    if values.get("mobile"):
        return PlaceCheck({**values, "wijk_number": None}, None)
    if not (values.get("street") or "").strip():
        return _without_address(values)
    found = locate(
        values.get("street"), values.get("number"), values.get("postcode"), online=online
    )
    chosen = values.get("wijk_number")
    filled = dict(values)
    disagrees = found.wijk is not None and chosen is not None and chosen != found.wijk
    if values.get("lat") is None and found.has_position and not (disagrees and found.corrected):
        filled.update(lat=found.lat, lon=found.lon)
    if found.wijk is not None:
        if disagrees and found.firm:
            message = _l(
                "Dit adres ligt in wijk %(n)s: kies die wijk of laat de wijk op 'automatisch'.",
                n=found.wijk,
            )
            return PlaceCheck(filled, found, "conflict", message)
        filled["wijk_number"] = chosen or found.wijk
        return PlaceCheck(filled, found)
    if chosen is not None:
        return PlaceCheck(filled, found)
    message = _l(
        "%(reason)s Kies de wijk waar de activiteit plaatsvindt, of vink 'in "
        "verschillende wijken / rondtrekkend' aan.",
        reason=found.reason,
    )
    return PlaceCheck(filled, found, "no_wijk", message)


def _without_address(values: dict) -> PlaceCheck:
    if values.get("wijk_number") is not None:
        return PlaceCheck(dict(values), None)
    message = _l("Geef een adres of kies de wijk.")
    return PlaceCheck(dict(values), None, "no_wijk", message)


def automatic_wijk(values: dict) -> bool:
    """Whether the stored wijk is simply the address's (so the form shows 'automatic')."""
    if values.get("mobile") or not values.get("street"):
        return False
    found = locate(values.get("street"), values.get("number"), values.get("postcode"), online=False)
    return found.wijk is not None and found.wijk == values.get("wijk_number")


def position_of(street: str, number: str, postcode: str) -> tuple[float | None, float | None]:
    """The address's point for a map link, from what is known without asking the register."""
    found = locate(street, number, postcode, online=False)
    return (found.lat, found.lon) if found.has_position else (None, None)
