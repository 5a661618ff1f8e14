"""What a worker should know before ringing: the children's age bands, the languages spoken,
consent given before, and what happened at this door in earlier rounds. Read for a whole route
at once (one query for the earlier rounds), shown on the stop card and the contact form."""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.extensions import db
from app.households.models import AGE_BANDS
from app.households.rules import LANGUAGES
from app.http import public_url
from app.i18n import LANGUAGE_NAMES
from app.rounds.models import Round, Stop
from app.visits.codes import OUTCOMES


@dataclass
class DoorFacts:
    ages: list[str] = field(default_factory=list)  # "3–5", "2× 6–8" (years)
    languages: list[str] = field(default_factory=list)  # names, in the staff's language
    consent: str = "unknown"  # the household's: "given", "refused" or "unknown"
    # (how it ended, "Geweigerd in Herfstronde 2026"), newest first; the first says the colour
    earlier: list[tuple[str, str]] = field(default_factory=list)

    @property
    def consent_given(self) -> bool:
        return self.consent == "given"


def age_bands(household) -> list[str]:
    """ "3–5", or "2× 6–8" for two children in that band: short enough for the stop card."""
    bands = []
    for band in AGE_BANDS:
        n = getattr(household, band)
        years = band.removeprefix("children_").replace("_", "–")
        if n:
            bands.append(years if n == 1 else _("%(n)s× %(years)s", n=n, years=years))
    return bands


def language_names(household) -> list[str]:
    return [str(LANGUAGES.get(code, code)) for code in household.languages or []]


def earlier_rounds(stops) -> dict[int, list[tuple[str, str]]]:
    """Per household: the outcome each earlier round ended with at its door, newest round
    first. Rounds still open at that door ("open") say nothing and are left out."""
    stops = list(stops)
    if not stops:
        return {}
    households = {stop.household_id for stop in stops}
    rows = db.session.execute(
        db.select(Stop.household_id, Stop.status, Round.name)
        .join(Round, Round.id == Stop.round_id)
        .where(
            Stop.household_id.in_(households),
            Stop.round_id.not_in({stop.round_id for stop in stops}),
            Stop.status != "open",
        )
        .order_by(Round.start_date.desc(), Round.id.desc())
    )
    earlier: dict[int, list[tuple[str, str]]] = {}
    for household_id, status, round_name in rows:
        outcome = OUTCOMES.get(status, status)
        said = _("%(outcome)s in %(round)s", outcome=outcome, round=round_name)
        earlier.setdefault(household_id, []).append((status, said))
    return earlier


def door_facts(stops) -> dict[int, DoorFacts]:
    """DoorFacts per stop id."""
    stops = list(stops)
    earlier = earlier_rounds(stops)
    return {
        stop.id: DoorFacts(
            ages=age_bands(stop.household),
            languages=language_names(stop.household),
            consent=stop.household.consent,
            earlier=earlier.get(stop.household_id, []),
        )
        for stop in stops
    }


# One age per band for the families' offer filter (/aanbod?age=…): the middle of the band.
BAND_AGE = {
    "children_0_2": 1,
    "children_3_5": 4,
    "children_6_8": 7,
    "children_9_12": 10,
    "children_13_17": 15,
}


def family_offer(household) -> dict:
    """What the phone needs to draw the family's own QR code at the door: the public offer's
    address, the wijk, one age per age band of the children and the family's language. The
    phone adds the interests ticked at the door. Nothing in it says who the family is."""
    spoken = [code for code in household.languages or [] if code in LANGUAGE_NAMES]
    # A family that also speaks Dutch still reads its other language first.
    lang = next((code for code in spoken if code != "nl"), spoken[0] if spoken else "nl")
    return {
        "url": public_url("public.offer"),
        "wijk": household.wijk_number,
        "ages": [age for band, age in BAND_AGE.items() if getattr(household, band)],
        "lang": lang,
        "langs": sorted(LANGUAGE_NAMES),
    }
