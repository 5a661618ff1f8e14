"""Demo flyers (contract §2): one active Dutch short link per wijk that has households."""

from app.extensions import db
from app.flyers.models import ShortLink
from app.flyers.services import default_target, generate_code
from app.households.models import Household
from app.wijken.models import Wijk

DEMO_LANG = "nl"


def seed_flyers() -> int:
    """Idempotent: a wijk that already has an active Dutch link without a round gets none."""
    numbers = db.session.scalars(db.select(Household.wijk_number).distinct())
    created = 0
    for number in sorted(set(numbers)):
        exists = db.session.scalar(
            db.select(ShortLink.id).where(
                ShortLink.wijk_number == number,
                ShortLink.lang == DEMO_LANG,
                ShortLink.round_id.is_(None),
                ShortLink.active.is_(True),
            )
        )
        if exists:
            continue
        wijk = db.session.get(Wijk, number)
        db.session.add(
            ShortLink(
                code=generate_code(),
                label=f"Flyer {wijk.name} ({DEMO_LANG})",
                target=default_target(number, DEMO_LANG),
                wijk_number=number,
                lang=DEMO_LANG,
                active=True,
            )
        )
        db.session.flush()  # so that generate_code sees this code for the next wijk
        created += 1
    return created
