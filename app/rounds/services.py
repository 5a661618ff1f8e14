"""Changes to rounds, their stops and routes; each commits once and writes the audit trail."""

import datetime as dt

from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth.models import User
from app.extensions import db
from app.households.models import Household
from app.rounds.models import Round, Route, Stop, StopDeparture
from app.rounds.planning import PlanStop, cut_into_routes
from app.stock.models import PackageType
from app.visits.queries import round_has_visits, stop_has_visits
from app.wijken.models import Wijk

# Which status may follow which: a closed round stays closed (its retention period runs).
TRANSITIONS = {"draft": ("active",), "active": ("closed",), "closed": ()}


class RoundError(Exception):
    """A change the round's state does not allow; the message is for the coordinator."""


def save_round(
    round_: Round | None,
    *,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    wijk_numbers: list[int],
    package_type_ids: list[int],
    max_attempts: int,
    user=None,
) -> Round:
    created = round_ is None
    if created:
        round_ = Round(status="draft", created_by_id=getattr(user, "id", None))
        db.session.add(round_)
    round_.name = name.strip()
    round_.start_date = start_date
    round_.end_date = end_date
    round_.max_attempts = max_attempts
    round_.wijken = list(db.session.scalars(db.select(Wijk).where(Wijk.number.in_(wijk_numbers))))
    round_.package_types = list(
        db.session.scalars(db.select(PackageType).where(PackageType.id.in_(package_type_ids)))
    )
    db.session.flush()
    record("round_created" if created else "round_changed", round_)
    db.session.commit()
    return round_


def change_status(round_: Round, status: str) -> Round:
    if status not in TRANSITIONS.get(round_.status, ()):
        raise RoundError(_l("Deze statuswijziging kan niet."))
    round_.status = status
    if status == "closed":
        round_.closed_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    record("round_status_changed", round_, status=status)
    db.session.commit()
    return round_


def households_in_wijken(wijk_numbers: list[int]) -> list[int]:
    return list(
        db.session.scalars(db.select(Household.id).where(Household.wijk_number.in_(wijk_numbers)))
    )


def households_of_partner(organisation_id: int) -> list[int]:
    return list(
        db.session.scalars(
            db.select(Household.id).where(Household.partner_organisation_id == organisation_id)
        )
    )


def add_households(round_: Round, household_ids: list[int], *, how: str) -> int:
    """Add households as stops (not on a route yet); do-not-visit and anonymised ones never."""
    added = stage_households(round_, household_ids, how=how)
    db.session.commit()
    return added


def stage_households(round_: Round, household_ids: list[int], *, how: str) -> int:
    """add_households without the commit: for a caller that commits more in the same go."""
    if round_.status == "closed":
        raise RoundError(_l("Een afgesloten ronde krijgt geen adressen meer."))
    already = set(
        db.session.scalars(db.select(Stop.household_id).where(Stop.round_id == round_.id))
    )
    eligible = db.session.scalars(
        db.select(Household.id).where(
            Household.id.in_(set(household_ids) - already),
            Household.do_not_visit.is_(False),
            Household.anonymised_at.is_(None),
        )
    ).all()
    for household_id in sorted(eligible):
        db.session.add(Stop(round_id=round_.id, household_id=household_id))
    if eligible:
        record("round_households_added", round_, count=len(eligible), how=how)
    return len(eligible)


def _remember_leaving(stops, route: Route, workers) -> None:
    """These stops leave `route` for each of `workers`: remembered, so that a visit a worker
    logged there before they knew is answered with what happened (app/visits/rejections.py)."""
    rows = [
        {
            "stop_id": stop.id,
            "route_id": route.id,
            "round_id": stop.round_id,
            "household_id": stop.household_id,
            "worker_id": worker.id,
        }
        for stop in stops
        for worker in workers
    ]
    if rows:
        db.session.execute(db.insert(StopDeparture), rows)


def remove_stop(stop: Stop) -> None:
    if stop_has_visits(stop.id):
        raise RoundError(_l("Dit adres heeft al een bezoek en blijft in de ronde."))
    route = stop.route
    if route is not None:
        _remember_leaving([stop], route, route.workers)
    record("stop_removed", stop, round_id=stop.round_id, household_id=stop.household_id)
    db.session.delete(stop)
    db.session.flush()
    if route is not None:
        _renumber(route)
    db.session.commit()


def _plan_stop(stop: Stop) -> PlanStop:
    household = stop.household
    return PlanStop(
        id=stop.id,
        street=household.street,
        number_sort=household.number_sort,
        number_text=household.number,
        box=household.box or None,
        lat=household.lat,
        lon=household.lon,
    )


def _share_routes(sizes: dict[int, int], n_routes: int) -> dict[int, int]:
    """Routes per wijk in proportion to its stops, at least one each (largest remainder)."""
    total = sum(sizes.values())
    exact = {wijk: n_routes * size / total for wijk, size in sizes.items()}
    shares = {wijk: max(1, int(value)) for wijk, value in exact.items()}
    by_remainder = sorted(exact, key=lambda wijk: (-(exact[wijk] - int(exact[wijk])), wijk))
    for wijk in by_remainder[: max(0, n_routes - sum(shares.values()))]:
        shares[wijk] += 1
    return shares


def _cut_per_wijk(stops: list[Stop], n_routes: int) -> list[list[int]]:
    """A route stays inside one wijk when there are routes enough: nobody walks across town."""
    groups: dict[int, list[Stop]] = {}
    for stop in stops:
        groups.setdefault(stop.household.wijk_number, []).append(stop)
    if n_routes < len(groups):
        return cut_into_routes([_plan_stop(s) for s in stops], n_routes)
    shares = _share_routes({wijk: len(group) for wijk, group in groups.items()}, n_routes)
    return [
        route
        for wijk in sorted(groups)
        for route in cut_into_routes([_plan_stop(s) for s in groups[wijk]], shares[wijk])
    ]


def cut_round(round_: Round, n_routes: int) -> list[Route]:
    """Replace the round's routes by n balanced ones in walking order.

    Refused once any visit is logged in the round: re-planning then would pull doors from under a
    worker mid-walk. Routes can still be changed by hand (move, reorder, rename).
    """
    if round_has_visits(round_.id):
        raise RoundError(
            _l("Er zijn al bezoeken gelogd in deze ronde. Pas de routes met de hand aan.")
        )
    stops = list(db.session.scalars(db.select(Stop).where(Stop.round_id == round_.id)))
    if not stops:
        raise RoundError(_l("Voeg eerst adressen toe aan de ronde."))
    for route in list(round_.routes):
        _remember_leaving(route.stops, route, route.workers)
        for stop in route.stops:
            stop.route = None
        db.session.delete(route)
    round_.routes = []
    db.session.flush()
    by_id = {stop.id: stop for stop in stops}
    routes = []
    for index, stop_ids in enumerate(_cut_per_wijk(stops, n_routes), 1):
        first_street = by_id[stop_ids[0]].household.street
        route = Route(
            round_id=round_.id,
            name=f"Route {index}: {first_street}",
        )
        db.session.add(route)
        db.session.flush()
        for position, stop_id in enumerate(stop_ids, 1):
            by_id[stop_id].route_id = route.id
            by_id[stop_id].position = position
        routes.append(route)
    record("round_cut", round_, routes=len(routes))
    db.session.commit()
    return routes


def add_route(round_: Round, name: str) -> Route:
    route = Route(round_id=round_.id, name=name.strip())
    db.session.add(route)
    db.session.flush()
    record("route_created", route, round_id=round_.id)
    db.session.commit()
    return route


def _assign(route: Route, date: dt.date | None, worker_ids: list[int]) -> None:
    route.date = date
    workers = list(
        db.session.scalars(db.select(User).where(User.id.in_(worker_ids), User.role == "worker"))
    )
    _remember_leaving(route.stops, route, [w for w in route.workers if w not in workers])
    route.workers = workers


def save_route(route: Route, *, name: str, date: dt.date | None, worker_ids: list[int]) -> Route:
    route.name = name.strip()
    _assign(route, date, worker_ids)
    record("route_changed", route, round_id=route.round_id, worker_ids=sorted(worker_ids))
    db.session.commit()
    return route


def plan_routes(round_: Round, plans: dict[int, tuple[dt.date | None, list[int]]]) -> int:
    """Dates and workers for the round's routes at once ({route id: (date, worker ids)}), in one
    commit; returns how many routes changed."""
    changed = 0
    for route in round_.routes:
        if route.id not in plans:
            continue
        date, worker_ids = plans[route.id]
        if route.date == date and sorted(w.id for w in route.workers) == sorted(worker_ids):
            continue
        _assign(route, date, worker_ids)
        record("route_changed", route, round_id=round_.id, worker_ids=sorted(worker_ids))
        changed += 1
    db.session.commit()
    return changed


def _renumber(route: Route) -> None:
    stops = db.session.scalars(
        db.select(Stop).where(Stop.route_id == route.id).order_by(Stop.position, Stop.id)
    ).all()
    for position, stop in enumerate(stops, 1):
        stop.position = position


def move_stop(stop: Stop, route: Route | None) -> None:
    """Put a stop at the end of another route of the same round (or off every route)."""
    if route is not None and route.round_id != stop.round_id:
        raise RoundError(_l("Die route hoort bij een andere ronde."))
    old = stop.route
    if old is not None and old is not route:
        staying = route.workers if route is not None else []
        _remember_leaving([stop], old, [w for w in old.workers if w not in staying])
    if route is not None:
        last = db.session.scalar(
            db.select(db.func.max(Stop.position)).where(Stop.route_id == route.id)
        )
        stop.position = (last or 0) + 1
    else:
        stop.position = 0
    stop.route_id = route.id if route else None
    db.session.flush()
    if old is not None:
        _renumber(old)
    record("stop_moved", stop, round_id=stop.round_id, route_id=stop.route_id)
    db.session.commit()


def shift_stop(stop: Stop, step: int) -> None:
    """Swap a stop with its neighbour on the route: one place up (-1) or down (+1)."""
    if stop.route is None:
        return
    _renumber(stop.route)
    neighbour = db.session.scalar(
        db.select(Stop).where(Stop.route_id == stop.route_id, Stop.position == stop.position + step)
    )
    if neighbour is None:
        db.session.commit()
        return
    stop.position, neighbour.position = neighbour.position, stop.position
    record("stop_reordered", stop, route_id=stop.route_id, position=stop.position)
    db.session.commit()
