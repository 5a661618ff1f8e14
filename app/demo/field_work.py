"""Demo data for field work (contract §2): households at real Ghent addresses (the embedded CRAB
extract, with their points), package types with stock, and an active round with a route dated
today for each demo worker. Idempotent; see seed_field_work."""

import csv
import datetime as dt
import random
import re

from app import clock
from app.addresses import crab
from app.addresses.belgian import address_key
from app.auth.models import User
from app.demo import seed_organisations
from app.extensions import db
from app.households.models import Household
from app.rounds import services
from app.rounds.models import Round, Route, Stop
from app.stock.models import PackageType, StockMovement
from app.visits.queries import route_has_visits
from app.wijken.models import Wijk

# wijk name (as in app/data/ghent/) → (postcode, the partner that knows the families there)
DEMO_WIJKEN = {
    "Brugse Poort - Rooigem": ("9000", "Buurtwerk Brugse Poort"),
    "Sint-Amandsberg": ("9040", "Kinderopvang De Ballon"),
    "Muide - Meulestede - Afrikalaan": ("9000", "Basisschool De Muide"),
}
HOUSEHOLDS_PER_WIJK = 72
EXTRA_ORGANISATIONS = [("Basisschool De Muide", "school")]
PACKAGE_TYPES = [
    ("Zomerpakket kleuter", "Krijt, bellenblaas, zandvormpjes, prentenboek", "3-5"),
    ("Zomerpakket lagere school", "Stoepkrijt, springtouw, knutselset, zomerboekje", "6-12"),
]
STOCK_REASON = "Demo: eerste levering"
STOCK_PER_PARTNER = 80
LANGUAGES = ["nl", "nl", "nl", "tr", "tr", "bg", "bg", "ar", "fr", "en", "uk", "pl", "ro", "so"]
DEMO_WORKERS = ("worker@demo.gent", "worker2@demo.gent")
N_ROUTES = 8


# A route's worth of families lives in a handful of streets: at most this many doors a street.
DOORS_PER_STREET = 12


def _real_doors() -> dict[str, dict[str, list[tuple[str, float, float]]]]:
    """Per demo wijk and street, its real addresses with their points, from the embedded CRAB
    extract (app/data/ghent/addresses-crab2014.csv): the demo walks doors that exist where they
    are. One read of the file for all wijken."""
    doors: dict[str, dict[str, list[tuple[str, float, float]]]] = {w: {} for w in DEMO_WIJKEN}
    with open(crab.DATA_DIR / "addresses-crab2014.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wijk = DEMO_WIJKEN.get(row["wijk"])
            if wijk and row["postcode"] == wijk[0] and row["lat"]:
                doors[row["wijk"]].setdefault(row["straatnaam"], []).append(
                    (row["huisnummer"], float(row["lat"]), float(row["lon"]))
                )
    return doors


def _pick_doors(rng: random.Random, doors: dict[str, list[tuple[str, float, float]]]) -> list:
    """HOUSEHOLDS_PER_WIJK doors, a few streets' worth, in street and number order."""
    picked: list[tuple[str, str, float, float]] = []
    streets = sorted(doors)
    rng.shuffle(streets)
    for street in streets:
        room = min(DOORS_PER_STREET, HOUSEHOLDS_PER_WIJK - len(picked), len(doors[street]))
        picked += [(street, *door) for door in rng.sample(sorted(doors[street]), room)]
        if len(picked) == HOUSEHOLDS_PER_WIJK:
            break
    return sorted(picked, key=lambda door: (door[0], _number_sort(door[1]), door[1]))


def _number_sort(number: str) -> int:
    digits = re.match(r"\d+", number)
    return int(digits.group()) if digits else 0


def _demo_household(rng: random.Random, door: tuple, wijk: Wijk, postcode: str, partner):
    street, number, lat, lon = door
    box = str(rng.randint(1, 4)) if rng.random() < 0.12 else ""
    children = rng.randint(1, 4)
    bands = {band: 0 for band in ("0_2", "3_5", "6_8", "9_12", "13_17")}
    for _ in range(children):
        bands[rng.choice(list(bands))] += 1
    languages = sorted({rng.choice(LANGUAGES) for _ in range(rng.randint(1, 2))})
    consent = rng.choices(["given", "unknown", "refused"], weights=[60, 35, 5])[0]
    return Household(
        street=street,
        number=number,
        number_sort=_number_sort(number),
        box=box,
        postcode=postcode,
        address_key=address_key(street, number, box, postcode),
        wijk_number=wijk.number,
        lat=lat,
        lon=lon,
        position_source="crab",
        languages=languages,
        partner_organisation=partner,
        consent=consent,
        do_not_visit=rng.random() < 0.03,
        **{f"children_{band}": count for band, count in bands.items()},
    )


def seed_households(organisations: dict) -> int:
    existing = set(db.session.scalars(db.select(Household.address_key)))
    wijken = {w.name: w for w in db.session.scalars(db.select(Wijk))}
    created = 0
    doors = _real_doors()
    for wijk_name, (postcode, partner_name) in DEMO_WIJKEN.items():
        # A seeded generator: the same households on every run (not for secrets).
        rng = random.Random(f"stoepbezoek-demo-{wijk_name}")  # noqa: S311  # nosec B311
        for door in _pick_doors(rng, doors[wijk_name]):
            household = _demo_household(
                rng, door, wijken[wijk_name], postcode, organisations[partner_name]
            )
            if household.address_key in existing:
                continue
            existing.add(household.address_key)
            db.session.add(household)
            created += 1
    db.session.flush()
    return created


def seed_package_types(organisations: dict) -> list[PackageType]:
    by_name = {p.name: p for p in db.session.scalars(db.select(PackageType))}
    for name, contents, age_band in PACKAGE_TYPES:
        if name not in by_name:
            by_name[name] = PackageType(name=name, contents=contents, age_band=age_band)
            db.session.add(by_name[name])
    db.session.flush()
    received = set(
        db.session.execute(
            db.select(StockMovement.organisation_id, StockMovement.package_type_id).where(
                StockMovement.kind == "received", StockMovement.reason == STOCK_REASON
            )
        ).all()
    )
    for _, partner_name in DEMO_WIJKEN.values():
        partner = organisations[partner_name]
        for name, *_ in PACKAGE_TYPES:
            if (partner.id, by_name[name].id) not in received:
                db.session.add(
                    StockMovement(
                        organisation_id=partner.id,
                        package_type_id=by_name[name].id,
                        quantity=STOCK_PER_PARTNER,
                        kind="received",
                        reason=STOCK_REASON,
                    )
                )
    db.session.flush()
    return [by_name[name] for name, *_ in PACKAGE_TYPES]


def _round_name(today: dt.date) -> str:
    return f"Zomerronde {today.year}"


def seed_round(package_types: list[PackageType], today: dt.date) -> Round | None:
    """The active demo round, created and cut once; later runs only refresh today's routes."""
    existing = db.session.scalar(db.select(Round).where(Round.name == _round_name(today)))
    if existing is not None:
        return existing
    wijken = db.session.scalars(db.select(Wijk).where(Wijk.name.in_(DEMO_WIJKEN))).all()
    round_ = services.save_round(
        None,
        name=_round_name(today),
        start_date=today - dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=56),
        wijk_numbers=[w.number for w in wijken],
        package_type_ids=[p.id for p in package_types],
        max_attempts=3,
    )
    services.add_households(
        round_, services.households_in_wijken([w.number for w in wijken]), how="wijk"
    )
    services.change_status(round_, "active")
    services.cut_round(round_, N_ROUTES)
    _assign_workers(round_, today)
    return round_


def _route_wijk(route: Route) -> str:
    return route.stops[0].household.wijk.name if route.stops else ""


def _assign_workers(round_: Round, today: dt.date) -> None:
    """Each worker gets a route in the wijk of their organisation (when there is one) today and
    another one a week later."""
    routes = sorted(round_.routes, key=lambda r: r.id)
    for email in DEMO_WORKERS:
        user = db.session.scalar(db.select(User).where(User.email == email))
        home = next((w for w, (_, p) in DEMO_WIJKEN.items() if p == user.organisation.name), "")
        free = [r for r in routes if not r.workers]
        free.sort(key=lambda r: _route_wijk(r) != home)  # own wijk first, stable otherwise
        for route, day in zip(free[:2], (today, today + dt.timedelta(days=7)), strict=False):
            services.save_route(route, name=route.name, date=day, worker_ids=[user.id])


def refresh_todays_routes(round_: Round, today: dt.date) -> int:
    """Make sure each demo worker has a route dated today that nobody has visited yet.

    Re-running demo-data on a later day moves one of the worker's unvisited routes to today (or
    hands them an unassigned one); routes with visits keep their date.
    """
    moved = 0
    for email in DEMO_WORKERS:
        user = db.session.scalar(db.select(User).where(User.email == email))
        mine = [r for r in round_.routes if user in r.workers]
        if any(r.date == today for r in mine):
            continue
        unvisited = [r for r in mine if not route_has_visits(r.id)]
        spare = [r for r in round_.routes if not r.workers and not route_has_visits(r.id)]
        route = (unvisited or spare or [None])[0]
        if route is not None:
            services.save_route(route, name=route.name, date=today, worker_ids=[user.id])
            moved += 1
    return moved


def seed_field_work(organisations: dict) -> list[str]:
    today = clock.today()
    seed_organisations(EXTRA_ORGANISATIONS, organisations)
    households = seed_households(organisations)
    package_types = seed_package_types(organisations)
    db.session.commit()
    round_ = seed_round(package_types, today)
    moved = refresh_todays_routes(round_, today) if round_.status == "active" else 0
    db.session.commit()
    stops = db.session.scalar(
        db.select(db.func.count()).select_from(Stop).where(Stop.round_id == round_.id)
    )
    return [
        f"Households: {households} new.",
        f"Round: {round_.name} ({round_.status}), {stops} stops, "
        f"{len(round_.routes)} routes; {moved} route(s) moved to today.",
    ]
