"""Test data builders: each makes a valid record with sensible defaults, overridable by keyword."""

import itertools

from werkzeug.security import generate_password_hash

from app import clock
from app.auth.models import User
from app.extensions import db
from app.organisations.models import Organisation

PASSWORD = "correct horse battery"
_seq = itertools.count(1)
# A cheap hash keeps the suite fast; the tests of sign-in itself check the real scrypt hashing.
_FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def organisation(**kw) -> Organisation:
    n = next(_seq)
    name = kw.pop("name", f"Organisatie {n}")
    org = Organisation(name=name, kind=kw.pop("kind", "childcare"), **kw)
    db.session.add(org)
    db.session.flush()
    return org


def user(role: str = "worker", **kw) -> User:
    n = next(_seq)
    org = kw.pop("organisation", None) or organisation()
    u = User(
        email=kw.pop("email", f"{role}{n}@example.gent"),
        name=kw.pop("name", f"{role.title()} {n}"),
        role=role,
        organisation=org,
        password_hash=_FAST_HASH,
        **kw,
    )
    db.session.add(u)
    db.session.flush()
    return u


def login_id(u: User) -> str:
    """A sign-in for `u`, committed; returns what a session cookie carries as `_user_id`."""
    from app.auth import sign_ins

    sign_ins.start(u)
    db.session.commit()
    return u.get_id()


# --- Households, package types, stock, follow-ups, rounds, routes, stops -------------------


def household(**kw):
    from app.addresses.belgian import address_key
    from app.households.models import Household

    n = next(_seq)
    values = {
        "street": "Sleepstraat",
        "number": str(n),
        "box": "",
        "postcode": "9000",
        "wijk_number": 2,
        **kw,
    }
    values.setdefault(
        "number_sort", int("".join(c for c in values["number"] if c.isdigit())[:5] or 0)
    )
    values.setdefault(
        "address_key",
        address_key(values["street"], values["number"], values["box"], values["postcode"]),
    )
    h = Household(**values)
    db.session.add(h)
    db.session.flush()
    return h


def package_type(**kw):
    from app.stock.models import PackageType

    n = next(_seq)
    p = PackageType(name=kw.pop("name", f"Pakket {n}"), **kw)
    db.session.add(p)
    db.session.flush()
    return p


def stock_movement(**kw):
    from app.stock.models import StockMovement

    kw.setdefault("kind", "received")
    kw.setdefault("quantity", 10)
    org = kw.pop("organisation", None) or organisation()
    ptype = kw.pop("package_type", None) or package_type()
    m = StockMovement(organisation_id=org.id, package_type_id=ptype.id, **kw)
    db.session.add(m)
    db.session.flush()
    return m


def follow_up(**kw):
    from app.followups.models import FollowUp

    org = kw.pop("organisation", None) or organisation()
    h = kw.pop("household", None) or household()
    f = FollowUp(
        organisation_id=org.id,
        household_id=h.id,
        kind=kw.pop("kind", "call_back"),
        note=kw.pop("note", "Terugbellen over het speelplein"),
        **kw,
    )
    db.session.add(f)
    db.session.flush()
    return f


def visit_round(**kw):
    import datetime as dt

    from app.rounds.models import Round
    from app.wijken.models import Wijk

    n = next(_seq)
    today = clock.today()
    r = Round(
        name=kw.pop("name", f"Ronde {n}"),
        start_date=kw.pop("start_date", today - dt.timedelta(days=7)),
        end_date=kw.pop("end_date", today + dt.timedelta(days=30)),
        status=kw.pop("status", "active"),
        max_attempts=kw.pop("max_attempts", 3),
        **kw,
    )
    r.wijken = [db.session.get(Wijk, 4)]
    db.session.add(r)
    db.session.flush()
    return r


def route(round_=None, workers=(), **kw):
    from app.rounds.models import Route

    n = next(_seq)
    r = Route(
        round=round_ or visit_round(),
        name=kw.pop("name", f"Route {n}"),
        date=kw.pop("date", clock.today()),
        **kw,
    )
    r.workers = list(workers)
    db.session.add(r)
    db.session.flush()
    return r


def stop(route_=None, round_=None, **kw):
    from app.rounds.models import Stop

    round_ = round_ or (route_.round if route_ else visit_round())
    position = kw.pop("position", len(route_.stops) + 1 if route_ else 0)
    s = Stop(
        round_id=round_.id,
        household=kw.pop("household", None) or household(),
        route_id=route_.id if route_ else None,
        position=position,
        **kw,
    )
    db.session.add(s)
    db.session.flush()
    if route_ is not None:
        db.session.refresh(route_)
    return s


def walked_route(worker, n_stops=3, package_types=1, **kw):
    """An active round with package types, and a route for `worker` today with `n_stops` stops."""
    round_ = visit_round(**kw)
    round_.package_types = [package_type() for _ in range(package_types)]
    r = route(round_, workers=[worker])
    stops = [stop(r, position=i + 1) for i in range(n_stops)]
    return r, stops


# --- Flyers and short links ---


def short_link(**kw):
    from app.flyers.models import ShortLink
    from app.flyers.services import default_target, generate_code

    wijk_number = kw.pop("wijk_number", 4)
    lang = kw.pop("lang", "nl")
    link = ShortLink(
        code=kw.pop("code", None) or generate_code(),
        label=kw.pop("label", f"Flyer {next(_seq)}"),
        target=kw.pop("target", None) or default_target(wijk_number, lang),
        wijk_number=wijk_number,
        lang=lang,
        active=kw.pop("active", True),
        **kw,
    )
    db.session.add(link)
    db.session.flush()
    return link


def flyer_round(wijk_numbers=(4,), *, worker=None, status="active", **kw):
    """A round in the given wijken; with ``worker``, a route for them with a stop per wijk."""
    import datetime as dt

    from app.households.models import Household
    from app.rounds.models import Round, Route, Stop
    from app.wijken.models import Wijk

    today = clock.today()
    visit_round = Round(
        name=kw.pop("name", f"Ronde {next(_seq)}"),
        start_date=today,
        end_date=today + dt.timedelta(days=14),
        status=status,
        wijken=[db.session.get(Wijk, n) for n in wijk_numbers],
    )
    db.session.add(visit_round)
    db.session.flush()
    if worker is not None:
        route = Route(round=visit_round, name=f"Route {next(_seq)}", date=today, workers=[worker])
        db.session.add(route)
        for position, number in enumerate(wijk_numbers):
            n = next(_seq)
            household = Household(
                street="Teststraat",
                number=str(n),
                number_sort=n,
                postcode="9000",
                address_key=f"teststraat {n} 9000",
                wijk_number=number,
            )
            db.session.add(household)
            db.session.flush()
            db.session.add(
                Stop(round=visit_round, household=household, route=route, position=position)
            )
        db.session.flush()
    return visit_round


# --- The summer offer ---


def season_week(n: int = 1) -> str:
    """The n-th week (1-based) of the current season."""

    from app.season import current_season

    return current_season(clock.today()).weeks[n]  # weeks[0] may start before the season


def activity_values(**kw) -> dict:
    from datetime import timedelta
    from decimal import Decimal

    from app.season import iso_week_range

    monday = iso_week_range(kw.pop("week", None) or season_week(1))[0]
    n = next(_seq)
    values = {
        "title": f"Activiteit {n}",
        "description": "Spelen en knutselen.",
        "provider_name": "Speelplein Test",
        "contact_name": "Piet Privé",
        "contact_email": "piet.prive@example.org",
        "contact_phone": "0470 00 00 00",
        "categories": ["play"],
        "age_min": 4,
        "age_max": 12,
        "start_date": monday,
        "end_date": monday + timedelta(days=4),
        "start_time": None,
        "end_time": None,
        "weekdays": "12345",
        "overnight": False,
        "location_name": "Speelplein",
        "street": "Acaciastraat",
        "number": "1",
        "postcode": "9000",
        "wijk_number": 4,
        "mobile": False,
        "price_eur": Decimal("10.00"),
        "free": False,
        "kansentarief": False,
        "kansentarief_price_eur": None,
        "registration_url": "https://example.org/in",
        "registration_phone": "",
        "registration_email": "",
        "registration_deadline": None,
        "places": None,
        "full": False,
        "childcare_before": False,
        "childcare_after": False,
        "staff_languages": "",
        "wheelchair_access": False,
        "taalstimulering": False,
    }
    values.update(kw)
    return values


def activity(status: str = "published", organisation=None, call=None, **kw):
    from app.offers.services import new_activity

    record = new_activity(
        activity_values(**kw), status=status, organisation=organisation, call=call
    )
    db.session.flush()
    return record


def call(**kw):
    from app.offers.models import Call, CallWijk

    wijken = kw.pop("wijken", [])
    record = Call(
        season_year=kw.pop("season_year", 2027),
        title=kw.pop("title", f"Oproep {next(_seq)}"),
        message=kw.pop("message", "Dien je aanbod in."),
        token=kw.pop("token", f"secret-token-{next(_seq)}-abcdefghijklmnop"),
        open=kw.pop("open", True),
        target_weeks=[],
        target_categories=[],
        wijk_rows=[CallWijk(wijk_number=n) for n in wijken],
        **kw,
    )
    db.session.add(record)
    db.session.flush()
    return record


def tip(**kw):
    from app.offers.models import Tip

    record = Tip(
        title=kw.pop("title", f"Tip {next(_seq)}"),
        text=kw.pop("text", "Speel buiten."),
        kind=kw.pop("kind", "outdoor"),
        **kw,
    )
    db.session.add(record)
    db.session.flush()
    return record
