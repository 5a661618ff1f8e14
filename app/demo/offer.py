"""Demo offer (contract §2): published activities over the current season, tips, one open call.

Activities lie in wijken 1–16 only, so that wijken 17–25 have no offer at all and the gap
analysis has gaps to show. Idempotent: each record is looked up by its title first.
"""

import csv
from collections import Counter
from datetime import date, time, timedelta
from decimal import Decimal

from app import clock
from app.extensions import db
from app.offers import services
from app.offers.call_services import new_call_token
from app.offers.models import Activity, Call, CallWijk, Tip
from app.season import iso_week_range
from app.wijken.services import DATA_DIR

WIJKEN_WITH_OFFER = range(1, 17)
# (title, categories, ages, days, times, overnight, price, kansentarief price, provider)
KINDS = [
    (
        "Speelweek",
        ["play"],
        (3, 12),
        5,
        (time(9), time(16)),
        False,
        0,
        None,
        "Speelpleinwerking Gent",
    ),
    (
        "Voetbalkamp",
        ["sport", "camp"],
        (6, 12),
        5,
        (time(9), time(16)),
        False,
        85,
        17,
        "Sportdienst Gent",
    ),
    (
        "Natuurkamp met tenten",
        ["nature", "camp"],
        (8, 12),
        5,
        (None, None),
        True,
        160,
        32,
        "Natuurpunt Gent",
    ),
    (
        "Knutselnamiddagen",
        ["arts"],
        (4, 10),
        3,
        (time(13, 30), time(16)),
        False,
        0,
        None,
        "Buurtwerk Brugse Poort",
    ),
    (
        "Zwemweek",
        ["swimming", "sport"],
        (5, 12),
        5,
        (time(10), time(12)),
        False,
        25,
        5,
        "Zwembad Van Eyck",
    ),
    (
        "Dans en muziek",
        ["music_dance"],
        (6, 12),
        4,
        (time(10), time(15)),
        False,
        40,
        8,
        "Muziekcentrum De Centrale",
    ),
    (
        "Ontdekkamp wetenschap",
        ["science", "camp"],
        (8, 12),
        5,
        (time(9), time(16)),
        False,
        95,
        19,
        "Technopolis op wieltjes",
    ),
    (
        "Voorleesmoment in het park",
        ["reading_language"],
        (3, 8),
        1,
        (time(10), time(11)),
        False,
        0,
        None,
        "Bibliotheek De Krook",
    ),
    (
        "Daguitstap naar zee",
        ["day_trip"],
        (6, 12),
        1,
        (time(8), time(18)),
        False,
        5,
        1,
        "Buurtwerk Brugse Poort",
    ),
    (
        "Avonturenkamp met overnachting",
        ["camp", "play"],
        (7, 12),
        4,
        (None, None),
        True,
        140,
        28,
        "Speelpleinwerking Gent",
    ),
    (
        "Taalkamp: spelen in het Nederlands",
        ["reading_language", "camp"],
        (5, 10),
        5,
        (time(9), time(15)),
        False,
        0,
        None,
        "Huis van het Kind Gent",
    ),
    (
        "Sportsnack in de wijk",
        ["sport"],
        (6, 12),
        2,
        (time(14), time(16)),
        False,
        0,
        None,
        "Sportdienst Gent",
    ),
]
TIPS = [
    (
        "outdoor",
        "Stoepkrijt-parcours",
        "Teken een parcours op de stoep: springen, hinkelen, stilstaan op één been.",
        3,
        8,
    ),
    (
        "outdoor",
        "Schattenjacht in het park",
        "Verstop samen vijf dingen en teken een kaartje waar ze liggen.",
        5,
        12,
    ),
    (
        "outdoor",
        "Waterspelletjes",
        "Een emmer water, sponzen en bekertjes: wie vult het snelst een fles?",
        3,
        10,
    ),
    (
        "outdoor",
        "Naar de speeltuin in je wijk",
        "Elke wijk heeft speeltuinen. Kijk samen welke het dichtst bij is.",
        2,
        12,
    ),
    ("rainy_day", "Kartonnen stad", "Bouw met dozen een stad en geef elke straat een naam.", 4, 10),
    (
        "rainy_day",
        "Naar de bibliotheek",
        "Lenen is gratis voor kinderen. Er zijn ook spelletjes en strips.",
        3,
        12,
    ),
    (
        "rainy_day",
        "Keukenproefjes",
        "Kleur water met wat sap en laat een wit bloemblad het opzuigen.",
        6,
        12,
    ),
    (
        "rainy_day",
        "Zelf een bordspel maken",
        "Teken een bord, maak pionnen van doppen en bedenk samen de regels.",
        6,
        12,
    ),
]


def _streets_by_wijk() -> dict[int, list[tuple[str, str]]]:
    """Per wijk, its sample streets with their postcode (the one most of the street's addresses
    in the CRAB extract have: Sint-Amandsberg is 9040, not 9000)."""
    with open(DATA_DIR / "wijken.csv", encoding="utf-8") as fh:
        numbers = {row["wijk"]: int(row["wijknr"]) for row in csv.DictReader(fh)}
    with open(DATA_DIR / "street-names-sample.csv", encoding="utf-8") as fh:
        sample = [
            (numbers[row["wijk"]], row["wijk"], row["street_name"]) for row in csv.DictReader(fh)
        ]
    wanted = {(wijk_name, street) for _n, wijk_name, street in sample}
    postcodes: dict[tuple[str, str], Counter] = {}
    with open(DATA_DIR / "addresses-crab2014.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["wijk"], row["straatnaam"])
            if key in wanted:
                postcodes.setdefault(key, Counter())[row["postcode"]] += 1
    streets: dict[int, list[tuple[str, str]]] = {}
    for number, wijk_name, street in sample:
        counted = postcodes.get((wijk_name, street))
        postcode = counted.most_common(1)[0][0] if counted else "9000"
        streets.setdefault(number, []).append((street, postcode))
    return streets


def _working_days(start: date, end: date) -> str:
    days = {str((start + timedelta(days=n)).isoweekday()) for n in range((end - start).days + 1)}
    return "".join(sorted(days - {"6", "7"})) or "12345"


def _values(index: int, season, streets: dict[int, list[tuple[str, str]]]) -> dict:
    title, categories, ages, days, times, overnight, price, kt_price, provider = KINDS[
        index % len(KINDS)
    ]
    weeks = season.weeks
    wijk = list(WIJKEN_WITH_OFFER)[index % len(WIJKEN_WITH_OFFER)]
    street_list = streets[wijk]
    street, postcode = street_list[index % len(street_list)]
    monday = iso_week_range(weeks[(index * 7) % len(weeks)])[0]  # 7: coprime with 9 and 10
    start = max(monday + timedelta(days=index % 3 if days < 5 else 0), season.start)
    start = min(start, season.end)
    end = min(start + timedelta(days=days - 1), season.end)
    return {
        "title": f"{title} {street}",
        "description": f"{title} voor kinderen van {ages[0]} tot {ages[1]} jaar, in de buurt.",
        "provider_name": provider,
        "contact_name": "Demo Contact",
        "contact_email": "aanbod@demo.gent",
        "contact_phone": "09 000 00 00",
        "categories": categories,
        "age_min": ages[0],
        "age_max": ages[1],
        "start_date": start,
        "end_date": end,
        "start_time": times[0],
        "end_time": times[1],
        "weekdays": "1234567" if overnight else _working_days(start, end),
        "overnight": overnight,
        "location_name": f"Buurthuis {street}" if index % 2 else f"Speelplein {street}",
        "street": street,
        "number": str(1 + index % 40),
        "postcode": postcode,
        "wijk_number": wijk,
        "mobile": False,
        "price_eur": Decimal(price),
        "free": price == 0,
        "kansentarief": kt_price is not None,
        "kansentarief_price_eur": None if kt_price is None else Decimal(kt_price),
        "registration_url": "" if price == 0 else "https://www.example.org/inschrijven",
        "registration_phone": "09 266 80 00" if index % 3 == 0 else "",
        "registration_email": "",
        "registration_deadline": None,
        "places": 20 + index % 10,
        "full": index % 17 == 0,
        "childcare_before": days == 5 and not overnight,
        "childcare_after": days == 5 and not overnight,
        "staff_languages": "Nederlands, Frans" if index % 4 == 0 else "Nederlands",
        "wheelchair_access": index % 2 == 0,
        "taalstimulering": "reading_language" in categories,
    }


def seed_offer(organisations: dict) -> dict:
    """Create what is missing; returns how many of each were created."""
    season = clock.this_season()
    streets = _streets_by_wijk()
    existing = set(db.session.scalars(db.select(Activity.title)))
    created = {"activities": 0, "tips": 0, "calls": 0}
    generated: set[str] = set()
    for index in range(68):
        values = _values(index, season, streets)
        while values["title"] in generated:  # the same kind on the same street: number it
            values["title"] += " (bis)"
        generated.add(values["title"])
        if values["title"] in existing:
            continue
        status = "submitted" if index >= 64 else "published"
        organisation = organisations.get(values["provider_name"])
        services.new_activity(values, status=status, organisation=organisation)
        existing.add(values["title"])
        created["activities"] += 1
    tip_titles = set(db.session.scalars(db.select(Tip.title)))
    for kind, title, text, age_min, age_max in TIPS:
        if title not in tip_titles:
            db.session.add(Tip(kind=kind, title=title, text=text, age_min=age_min, age_max=age_max))
            created["tips"] += 1
    call_title = f"Zomer {season.year}: zoek mee naar aanbod in elke wijk"
    if db.session.scalar(db.select(Call.id).where(Call.title == call_title)) is None:
        call = Call(
            season_year=season.year,
            title=call_title,
            message="Heb je deze zomer een kamp, een speelweek of een sportnamiddag voor "
            "kinderen tot 12 jaar? Dien het hier in. We zoeken vooral aanbod in de wijken die "
            "nog niets hebben.",
            deadline=max(season.start - timedelta(days=14), clock.today() + timedelta(days=30)),
            token=new_call_token(),
            open=True,
            target_weeks=[],
            target_categories=[],
            wijk_rows=[CallWijk(wijk_number=n) for n in range(17, 26)],
        )
        db.session.add(call)
        created["calls"] += 1
    db.session.flush()
    return created
