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


# --- The summer offer ---


def season_week(n: int = 1) -> str:
    """The n-th week (1-based) of the current season."""
    from datetime import date

    from app.season import current_season

    return current_season(date.today()).weeks[n]  # weeks[0] may start before the season


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
