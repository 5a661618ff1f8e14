"""Test data builders: each makes a valid record with sensible defaults, overridable by keyword."""
import itertools

from werkzeug.security import generate_password_hash

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


# --- Flyers (issue 5) ---


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

    today = dt.date.today()
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
