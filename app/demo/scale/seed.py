"""Bulk generation of city-scale data: households, rounds with routes and visits, activities.

Rows are built as plain dicts and written with `insert(Model)` in chunks (executemany), never as
ORM objects one by one: 200,000 visits must take minutes, not hours. Tables whose ids later rows
need (households, rounds, routes, stops) are inserted with RETURNING in parameter order.
"""

import datetime as dt
import random
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from faker import Faker
from sqlalchemy import insert

from app.addresses.belgian import address_key
from app.auth.models import User
from app.demo.scale.places import (
    ACTIVITY_WEIGHTS,
    HOUSEHOLD_WEIGHTS,
    LANGUAGE_WEIGHTS,
    LANGUAGES,
    load_places,
    weighted_wijken,
)
from app.extensions import db
from app.followups.models import FollowUp
from app.households.models import AGE_BANDS, Household
from app.offers.models import Activity, ActivityCategory, ActivitySession, ActivityWeek
from app.offers.sessions import from_schedule, season_days, weeks_of
from app.organisations.models import Organisation
from app.rounds.models import Round, Route, Stop, round_package_type, round_wijk, route_worker
from app.season import season_for_year
from app.stock.models import PackageType, StockMovement
from app.visits.codes import CLOSING_OUTCOMES, FOLLOW_UP_KINDS, INFO_GIVEN, INTERESTS
from app.visits.models import Visit, VisitInterest

CHUNK = 5000
OUTCOMES = ["not_home", "contact", "refused", "moved", "no_access"]
OUTCOME_WEIGHTS = [45, 40, 7, 4, 4]  # the distribution at the door
SCALE_DOMAIN = "scale.gent"
WORKERS = 60
PARTNERS = 24
VENUES = ["Buurthuis", "Speelplein", "Sporthal", "School"]
PARTNER_KINDS = ["childcare", "school", "neighbourhood_work", "welfare", "youth_work"]


class Seeder:
    def __init__(self, *, seed: int, today: dt.date, echo: Callable[[str], None]):
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic data only
        self.fake = Faker("nl_BE")
        self.fake.seed_instance(seed)
        self.today = today
        self.echo = echo
        self.places = load_places()
        self.totals: dict[str, int] = {}

    # --- writing -------------------------------------------------------------------------------

    def write(self, model, rows: list[dict], returning=None) -> list:
        """Insert rows in chunks; with `returning`, answer the new ids in the rows' order."""
        ids: list = []
        table = getattr(model, "__tablename__", None) or model.name
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            if returning is not None:
                stmt = insert(model).returning(returning, sort_by_parameter_order=True)
                ids.extend(db.session.scalars(stmt, chunk).all())
            else:
                db.session.execute(insert(model), chunk)
            if len(rows) > CHUNK:
                self.echo(f"  {table}: {min(start + CHUNK, len(rows))}/{len(rows)}")
        self.totals[table] = self.totals.get(table, 0) + len(rows)
        return ids

    # --- people --------------------------------------------------------------------------------

    def partners(self) -> list[int]:
        existing = {o.name: o.id for o in db.session.scalars(db.select(Organisation))}
        rows, names = [], []
        for i in range(PARTNERS):
            kind = PARTNER_KINDS[i % len(PARTNER_KINDS)]
            prefix = {
                "childcare": "Kinderopvang",
                "school": "Basisschool",
                "neighbourhood_work": "Buurtwerk",
                "welfare": "Welzijnsschakel",
                "youth_work": "Jeugdhuis",
            }[kind]
            name = f"{prefix} {self.fake.last_name()} ({i + 1})"
            names.append(name)
            if name not in existing:
                rows.append({"name": name, "kind": kind, "active": True})
        self.write(Organisation, rows)
        by_name = {o.name: o.id for o in db.session.scalars(db.select(Organisation))}
        return [by_name[n] for n in names]

    def workers(self, partner_ids: list[int], password_hash: str) -> list[tuple[int, int]]:
        """(user id, organisation id) of the scale workers; stoepbezoeker001@scale.gent, …"""
        emails = [f"stoepbezoeker{i + 1:03d}@{SCALE_DOMAIN}" for i in range(WORKERS)]
        existing = set(db.session.scalars(db.select(User.email).where(User.email.in_(emails))))
        rows = [
            {
                "email": email,
                "name": self.fake.name(),
                "password_hash": password_hash,
                "role": "worker",
                "organisation_id": partner_ids[i % len(partner_ids)],
                "active": True,
            }
            for i, email in enumerate(emails)
            if email not in existing
        ]
        self.write(User, rows)
        found = db.session.execute(
            db.select(User.id, User.organisation_id)
            .where(User.email.in_(emails))
            .order_by(User.email)
        )
        return [tuple(row) for row in found]

    # --- households ----------------------------------------------------------------------------

    def households(self, count: int, partner_ids: list[int]) -> dict[int, list[tuple]]:
        """Insert `count` households; answer {wijk: [(id, street, number_sort)]}."""
        rows: list[dict[str, Any]] = []
        for wijk in weighted_wijken(self.rng, HOUSEHOLD_WEIGHTS, count):
            place = self.places[wijk]
            street = self.rng.choice(place.streets) if place.streets else self.fake.street_name()
            number_sort = self.rng.randint(1, 240)
            number = str(number_sort) + (self.rng.choice("ABC") if self.rng.random() < 0.05 else "")
            box = str(self.rng.randint(1, 40)) if self.rng.random() < 0.3 else ""
            children = dict.fromkeys(AGE_BANDS, 0)
            for _ in range(self.rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])):
                children[self.rng.choice(list(AGE_BANDS))] += 1
            languages = {"nl"} if self.rng.random() < 0.5 else set()
            languages.add(self.rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0])
            rows.append(
                {
                    "street": street,
                    "number": number,
                    "number_sort": number_sort,
                    "box": box,
                    "postcode": place.postcode,
                    "address_key": address_key(street, number, box, place.postcode),
                    "wijk_number": wijk,
                    "lat": place.lat + self.rng.uniform(-0.006, 0.006),
                    "lon": place.lon + self.rng.uniform(-0.009, 0.009),
                    "languages": sorted(languages),
                    **children,
                    "partner_organisation_id": self.rng.choice(partner_ids),
                    "consent": self.rng.choices(["unknown", "given", "refused"], [30, 60, 10])[0],
                    "do_not_visit": self.rng.random() < 0.01,
                    "note": "",
                }
            )
        self.echo(f"Households: writing {count}…")
        ids = self.write(Household, rows, returning=Household.id)
        by_wijk: dict[int, list[tuple]] = {}
        for household_id, row in zip(ids, rows, strict=True):
            by_wijk.setdefault(row["wijk_number"], []).append(
                (household_id, row["street"], row["number_sort"])
            )
        return by_wijk

    # --- rounds, routes, stops and visits ------------------------------------------------------

    def round_plan(self) -> list[dict]:
        """Three closed rounds a year for three past years, one closed and two running this
        year, and one draft: the shape of a few seasons of outreach."""
        year = self.today.year
        plan = []
        for past in (3, 2, 1):
            for label, (month, day) in (
                ("voorjaar", (3, 10)),
                ("zomer", (6, 1)),
                ("najaar", (10, 1)),
            ):
                start = dt.date(year - past, month, day)
                plan.append(
                    {
                        "label": f"{label} {year - past}",
                        "start": start,
                        "end": start + dt.timedelta(days=27),
                        "status": "closed",
                    }
                )
        early = self.today - dt.timedelta(days=150)
        plan.append(
            {
                "label": f"winter {early.year}",
                "start": early,
                "end": early + dt.timedelta(days=27),
                "status": "closed",
            }
        )
        for label in ("A", "B"):
            plan.append(
                {
                    "label": f"lopend {label}",
                    "start": self.today - dt.timedelta(days=14),
                    "end": self.today + dt.timedelta(days=14),
                    "status": "active",
                }
            )
        plan.append(
            {
                "label": "ontwerp",
                "start": self.today + dt.timedelta(days=30),
                "end": self.today + dt.timedelta(days=58),
                "status": "draft",
            }
        )
        return plan

    def pick_households(self, by_wijk: dict[int, list[tuple]], wanted: int):
        """Whole wijken, deprived ones first by weight, until enough households are in."""
        wijken: list[int] = []
        pool: list[tuple] = []
        candidates = [w for w in by_wijk if by_wijk[w]]
        while candidates and len(pool) < wanted:
            weights = [HOUSEHOLD_WEIGHTS.get(w, 1) for w in candidates]
            wijk = self.rng.choices(candidates, weights)[0]
            candidates.remove(wijk)
            wijken.append(wijk)
            pool.extend((wijk, *h) for h in by_wijk[wijk])
        chosen = self.rng.sample(pool, min(wanted, len(pool)))
        chosen.sort(key=lambda h: (h[0], h[2], h[3], h[1]))  # walking order: wijk, street, number
        return sorted(wijken), chosen

    def attempts(self, max_attempts: int = 3) -> list[str]:
        outcomes: list[str] = []
        while len(outcomes) < max_attempts:
            outcome = self.rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
            outcomes.append(outcome)
            if outcome in CLOSING_OUTCOMES:
                break
        return outcomes

    def rounds(self, by_wijk, visits: int, workers, package_type_ids, bench_worker_id) -> None:
        plan = self.round_plan()
        visited_rounds = [p for p in plan if p["status"] != "draft"]
        households = sum(len(v) for v in by_wijk.values())
        stops_per_round = max(20, min(households, int(visits / 1.5 / len(visited_rounds)) + 1))
        budget = visits
        # Running rounds first: only their past routes were walked, so whatever they leave of
        # their share flows on to the closed rounds and the total comes out as asked.
        plan.sort(key=lambda p: p["status"] != "active")
        for index, entry in enumerate(plan):
            wanted = stops_per_round if entry["status"] != "draft" else min(households, 400)
            wijken, chosen = self.pick_households(by_wijk, wanted)
            share = (
                budget // max(1, len(visited_rounds) - index) if entry["status"] != "draft" else 0
            )
            used = self.one_round(
                entry,
                wijken,
                chosen,
                share,
                workers,
                package_type_ids,
                bench_worker_id if index == 0 else None,
            )
            budget -= used
            self.echo(
                f"Round {index + 1}/{len(plan)} ({entry['label']}, {entry['status']}): "
                f"{len(chosen)} stops, {used} visits."
            )

    def one_round(
        self, entry, wijken, chosen, visit_budget, workers, package_type_ids, bench_worker_id
    ) -> int:
        names = ", ".join(self.places[w].name.split(" - ")[0] for w in wijken[:3])
        round_id = self.write(
            Round,
            [
                {
                    "name": f"Stoepbezoek {entry['label']} · {names}"[:120],
                    "start_date": entry["start"],
                    "end_date": entry["end"],
                    "status": entry["status"],
                    "max_attempts": 3,
                    "closed_at": dt.datetime.combine(
                        entry["end"] + dt.timedelta(days=7), dt.time(17)
                    )
                    if entry["status"] == "closed"
                    else None,
                }
            ],
            returning=Round.id,
        )[0]
        self.write(round_wijk, [{"round_id": round_id, "wijk_number": w} for w in wijken])
        self.write(
            round_package_type,
            [{"round_id": round_id, "package_type_id": p} for p in package_type_ids],
        )
        # Cut the walking order into routes of 20–40 stops.
        cuts, start = [], 0
        while start < len(chosen):
            size = self.rng.randint(20, 40)
            cuts.append(chosen[start : start + size])
            start += size
        days = (entry["end"] - entry["start"]).days
        routes = []
        for number, part in enumerate(cuts, start=1):
            day = entry["start"] + dt.timedelta(days=self.rng.randint(0, days))
            if bench_worker_id and number == 1:
                day = self.today  # the benchmark's route page: stoepbezoeker001, today
            routes.append(
                {
                    "round_id": round_id,
                    "date": day,
                    "name": (f"Route {number} · {self.places[part[0][0]].name.split(' - ')[0]}")[
                        :120
                    ],
                }
            )
        if entry["status"] == "draft":
            for route in routes:
                route["date"] = None
        route_ids = self.write(Route, routes, returning=Route.id)
        assignments: list[dict] = []
        route_workers: dict[int, tuple] = {}
        for number, route_id in enumerate(route_ids, start=1):
            pair = self.rng.sample(workers, 2 if self.rng.random() < 0.3 else 1)
            if bench_worker_id and number == 1:
                pair = [w for w in workers if w[0] == bench_worker_id]
            route_workers[route_id] = pair[0]
            assignments.extend({"route_id": route_id, "user_id": w[0]} for w in pair)
        self.write(route_worker, assignments)
        return self.stops_and_visits(
            entry, round_id, cuts, routes, route_ids, route_workers, visit_budget, package_type_ids
        )

    def stops_and_visits(
        self, entry, round_id, cuts, routes, route_ids, route_workers, budget, package_type_ids
    ) -> int:
        stops, histories = [], []
        for part, route, route_id in zip(cuts, routes, route_ids, strict=True):
            # Running rounds: routes of past days were walked, today's and later ones not yet.
            walked = entry["status"] == "closed" or (
                entry["status"] == "active" and route["date"] < self.today
            )
            for position, (_, household_id, _, _) in enumerate(part, start=1):
                outcomes = self.attempts() if walked and budget > 0 else []
                budget -= len(outcomes)
                stops.append(
                    {
                        "round_id": round_id,
                        "household_id": household_id,
                        "route_id": route_id,
                        "position": position,
                        "status": outcomes[-1] if outcomes else "open",
                        "attempts": len(outcomes),
                        "closed": bool(set(outcomes) & CLOSING_OUTCOMES) or len(outcomes) >= 3,
                    }
                )
                histories.append((route_id, route["date"], outcomes))
        stop_ids = self.write(Stop, stops, returning=Stop.id)
        return self.visits(round_id, stops, stop_ids, histories, route_workers, package_type_ids)

    def visits(self, round_id, stops, stop_ids, histories, route_workers, package_type_ids) -> int:
        visits, interests, movements, follow_ups = [], [], [], []
        for stop, stop_id, (route_id, day, outcomes) in zip(
            stops, stop_ids, histories, strict=True
        ):
            worker_id, organisation_id = route_workers[route_id]
            for attempt, outcome in enumerate(outcomes):
                at = dt.datetime.combine(
                    day + dt.timedelta(days=2 * attempt),
                    dt.time(self.rng.randint(9, 19), self.rng.randint(0, 59)),
                )
                visit_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
                contact = outcome == "contact"
                visits.append(
                    {
                        "id": visit_id,
                        "stop_id": stop_id,
                        "household_id": stop["household_id"],
                        "round_id": round_id,
                        "worker_id": worker_id,
                        "occurred_at": at,
                        "received_at": at + dt.timedelta(minutes=self.rng.randint(0, 240)),
                        "outcome": outcome,
                        "flyer_left": outcome == "not_home" and self.rng.random() < 0.7 or contact,
                        "info_given": self.rng.sample(list(INFO_GIVEN), self.rng.randint(1, 3))
                        if contact
                        else [],
                        "language_used": self.rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
                        if contact
                        else "",
                        "notes": "",
                    }
                )
                if not contact:
                    continue
                for code in self.rng.sample(list(INTERESTS), self.rng.randint(1, 3)):
                    interests.append({"visit_id": visit_id, "code": code})
                if package_type_ids:
                    movements.append(
                        {
                            "organisation_id": organisation_id,
                            "package_type_id": self.rng.choice(package_type_ids),
                            "quantity": -1,
                            "kind": "handed_out",
                            "reason": "",
                            "visit_id": visit_id,
                            "created_by_id": worker_id,
                            "created_at": at,
                        }
                    )
                if self.rng.random() < 0.06:
                    follow_ups.append(
                        {
                            "visit_id": visit_id,
                            "household_id": stop["household_id"],
                            "organisation_id": organisation_id,
                            "kind": self.rng.choice(list(FOLLOW_UP_KINDS)),
                            "note": "",
                            "status": "closed" if self.rng.random() < 0.7 else "open",
                            "outcome": "",
                            "created_at": at,
                        }
                    )
        self.write(Visit, visits)
        self.write(VisitInterest, interests)
        self.write(StockMovement, movements)
        self.write(FollowUp, follow_ups)
        return len(visits)

    # --- the summer offer ----------------------------------------------------------------------

    def activities(self, count: int, season_start, season_end, current_year: int) -> None:
        """45% in the current season, the rest over the three seasons before it."""
        kinds = [  # (title, categories, days, overnight)
            ("Speelpleinwerking", ["play"], 5, False),
            ("Sportkamp", ["sport", "camp"], 5, False),
            ("Zwemweek", ["swimming", "sport"], 5, False),
            ("Knutselatelier", ["arts"], 1, False),
            ("Dansworkshop", ["music_dance"], 2, False),
            ("Natuurkamp", ["nature", "camp"], 5, True),
            ("Wetenschapsweek", ["science"], 5, False),
            ("Voorleesnamiddag", ["reading_language"], 1, False),
            ("Taalkamp", ["reading_language", "camp"], 5, False),
            ("Uitstap naar zee", ["day_trip"], 1, False),
            ("Jeugdkamp", ["camp", "play"], 6, True),
            ("Circusweek", ["arts", "sport"], 5, False),
        ]
        ages = [(2, 5), (3, 6), (4, 8), (6, 9), (6, 12), (8, 12), (10, 14), (12, 16), (0, 3)]
        providers = [self.fake.company() for _ in range(80)]
        rows: list[dict[str, Any]] = []
        categories: list[list[str]] = []
        weeks: list = []
        sessions: list = []
        for wijk in weighted_wijken(self.rng, ACTIVITY_WEIGHTS, count):
            year = (
                current_year if self.rng.random() < 0.45 else current_year - self.rng.randint(1, 3)
            )
            season = season_for_year(year, season_start, season_end)
            title, codes, days, overnight = self.rng.choice(kinds)
            start = season.start + dt.timedelta(
                days=self.rng.randint(0, (season.end - season.start).days)
            )
            end = min(start + dt.timedelta(days=days - 1), season.end)
            place = self.places[wijk]
            street = self.rng.choice(place.streets) if place.streets else self.fake.street_name()
            age_min, age_max = self.rng.choice(ages)
            free = self.rng.random() < 0.4
            price = None if free else Decimal(self.rng.choice([5, 10, 25, 45, 60, 90, 120, 180]))
            kansentarief = not free and self.rng.random() < 0.5
            status = self.rng.choices(
                ["published", "submitted", "rejected", "withdrawn"], [88, 6, 3, 3]
            )[0]
            rows.append(
                {
                    "title": f"{title} {street}"[:160],
                    "description": self.fake.paragraph(nb_sentences=3),
                    "provider_name": self.rng.choice(providers),
                    "contact_name": self.fake.name(),
                    "contact_email": self.fake.email(),
                    "contact_phone": self.fake.phone_number()[:40],
                    "age_min": age_min,
                    "age_max": age_max,
                    "start_date": start,
                    "end_date": end,
                    "start_time": dt.time(9, 0) if not overnight else None,
                    "end_time": dt.time(16, 0) if not overnight else None,
                    # A day activity on weekdays; one that falls on a weekend only takes place then.
                    "weekdays": "1234567"
                    if overnight
                    else (
                        "12345"
                        if any(
                            (start + dt.timedelta(days=n)).isoweekday() < 6
                            for n in range((end - start).days + 1)
                        )
                        else "67"
                    ),
                    "overnight": overnight,
                    "location_name": f"{self.rng.choice(VENUES)} {street}",
                    "street": street,
                    "number": str(self.rng.randint(1, 180)),
                    "postcode": place.postcode,
                    "wijk_number": wijk,
                    "price_eur": price,
                    "free": free,
                    "kansentarief": kansentarief,
                    "kansentarief_price_eur": (price * Decimal("0.2")).quantize(Decimal("0.01"))
                    if kansentarief
                    else None,
                    "registration_url": self.fake.url() if not free else "",
                    "registration_phone": self.fake.phone_number()[:40]
                    if self.rng.random() < 0.4
                    else "",
                    "places": self.rng.choice([None, 12, 20, 30, 60]),
                    "full": self.rng.random() < 0.05,
                    "staff_languages": self.rng.choice(
                        [
                            "Nederlands",
                            "Nederlands, Frans",
                            "Nederlands, Turks",
                            "Nederlands, Arabisch",
                        ]
                    ),
                    "wheelchair_access": self.rng.random() < 0.5,
                    "taalstimulering": "reading_language" in codes,
                    "status": status,
                    "published_at": dt.datetime.combine(
                        season.start - dt.timedelta(days=30), dt.time(12)
                    )
                    if status == "published"
                    else None,
                }
            )
            categories.append(codes)
            real = from_schedule(
                start,
                end,
                rows[-1]["weekdays"],
                rows[-1]["start_time"],
                rows[-1]["end_time"],
                overnight,
            )
            sessions.append(real)
            weeks.append(weeks_of(season_days(real, season_start, season_end)))
        self.echo(f"Activities: writing {count}…")
        ids = self.write(Activity, rows, returning=Activity.id)
        self.write(
            ActivityCategory,
            [
                {"activity_id": i, "code": c}
                for i, codes in zip(ids, categories, strict=True)
                for c in codes
            ],
        )
        self.write(
            ActivityWeek,
            [{"activity_id": i, "week": w} for i, ws in zip(ids, weeks, strict=True) for w in ws],
        )
        self.write(
            ActivitySession,
            [
                {
                    "activity_id": i,
                    "day": x.day,
                    "end_day": x.end_day,
                    "start_time": x.start_time,
                    "end_time": x.end_time,
                }
                for i, real in zip(ids, sessions, strict=True)
                for x in real
            ],
        )


def package_type_ids() -> list[int]:
    return list(db.session.scalars(db.select(PackageType.id).where(PackageType.active.is_(True))))
