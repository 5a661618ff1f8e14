"""Demo data (contract §2): created only by `flask --app wsgi demo-data`, idempotent.

Kept apart from the product's features: each feature's demo step is a module of this package
(offer, field_work, flyers, reports), and scale/ adds city-scale data for the benchmarks. A step
looks its records up by a natural key before creating them, so that running the command twice
changes nothing.
"""

from app.extensions import db

DEMO_PASSWORD = "stoepbezoek-demo"  # public demo password (contract §2)  # noqa: S105  # nosec B105

DEMO_ORGANISATIONS = [
    ("Huis van het Kind Gent", "huis_van_het_kind"),
    ("Kinderopvang De Ballon", "childcare"),
    ("Buurtwerk Brugse Poort", "neighbourhood_work"),
    ("Speelpleinwerking Gent", "youth_work"),
]

DEMO_ACCOUNTS = [
    ("admin@demo.gent", "Ada Admin", "admin", "Huis van het Kind Gent"),
    ("coordinator@demo.gent", "Cor Coördinator", "coordinator", "Huis van het Kind Gent"),
    ("worker@demo.gent", "Wout Stoepbezoeker", "worker", "Kinderopvang De Ballon"),
    ("worker2@demo.gent", "Wiet Stoepbezoeker", "worker", "Buurtwerk Brugse Poort"),
    ("provider@demo.gent", "Pia Aanbieder", "provider", "Speelpleinwerking Gent"),
]


def seed_organisations(names_and_kinds=DEMO_ORGANISATIONS, by_name: dict | None = None) -> dict:
    """The organisations by name, adding those of `names_and_kinds` that are not there yet."""
    from app.organisations.models import Organisation

    if by_name is None:
        by_name = {o.name: o for o in db.session.scalars(db.select(Organisation))}
    for name, kind in names_and_kinds:
        if name not in by_name:
            by_name[name] = Organisation(name=name, kind=kind)
            db.session.add(by_name[name])
    db.session.flush()
    return by_name


def seed_accounts(organisations: dict) -> int:
    from app.auth.models import User

    existing = set(db.session.scalars(db.select(User.email)))
    created = 0
    for email, name, role, organisation in DEMO_ACCOUNTS:
        if email in existing:
            continue
        user = User(email=email, name=name, role=role, organisation=organisations[organisation])
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        created += 1
    db.session.flush()
    return created


def seed_demo() -> list[str]:
    from app.wijken.services import load_wijken

    wijken = load_wijken()
    organisations = seed_organisations()
    accounts = seed_accounts(organisations)
    from app.demo.offer import seed_offer

    offer = seed_offer(organisations)
    db.session.commit()
    from app.demo.field_work import seed_field_work

    field_work = seed_field_work(organisations)
    # Flyers come last: they need the households the other steps create.
    from app.demo.flyers import seed_flyers

    flyers = seed_flyers()
    db.session.commit()
    # Reports: a walked, closed round whose answers at the door show up as demand.
    from app.demo.reports import seed_walked_round

    walked = seed_walked_round()
    db.session.commit()
    return [
        f"Wijken: {wijken} new.",
        f"Accounts: {accounts} new.",
        *field_work,
        f"Flyers: {flyers} new.",
        f"Reports: {walked} visits of a walked autumn round new.",
        "Offer: {activities} activities, {tips} tips, {calls} calls new.".format(**offer),
        "Demo logins (password: stoepbezoek-demo): "
        + ", ".join(email for email, *_ in DEMO_ACCOUNTS),
    ]
