"""Warnings before flyers are printed: what would leave a family with nothing after scanning.

A wijk without offer this season (the flyer opens an empty list), published activities without
a wijk (a wijk's flyer never shows them), and a PUBLIC_BASE_URL on this machine (every QR code
would open 127.0.0.1 on the family's phone). The flyer page, the round flyers and the round page
show them next to their print buttons.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import clock
from app.extensions import db
from app.offers.filters import Filters
from app.offers.queries import public_activities_stmt
from app.wijken.models import Wijk


@dataclass(frozen=True)
class PrintWarning:
    message: str
    link_text: str | None = None
    url: str | None = None


def base_url_is_local() -> bool:
    """PUBLIC_BASE_URL names this machine (localhost, 127.x, ::1) or no machine (0.0.0.0)."""
    host = urlsplit(current_app.config.get("PUBLIC_BASE_URL") or "").hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def offer_per_wijk(wijk_numbers) -> dict[int, int]:
    """Published activities of this season per wijk, as families find them on /aanbod."""
    found = public_activities_stmt(Filters(), clock.this_season()).subquery()
    rows = db.session.execute(
        db.select(found.c.wijk_number, db.func.count())
        .where(found.c.wijk_number.in_(list(wijk_numbers)))
        .group_by(found.c.wijk_number)
    )
    return dict(rows.all())


def activities_without_wijk() -> int:
    """Published activities this season with no wijk that are not on the move (mobile)."""
    found = public_activities_stmt(Filters(), clock.this_season()).subquery()
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(found)
        .where(found.c.wijk_number.is_(None), found.c.mobile.is_(False))
    )


def print_warnings(wijk_numbers=()) -> list[PrintWarning]:
    """What to know before printing flyers for these wijken (none: a flyer for all of Ghent)."""
    warnings = []
    if base_url_is_local():
        warnings.append(PrintWarning(_(
            "De QR-codes wijzen naar %(url)s: op de telefoon van een gezin opent die niets. "
            "Zet PUBLIC_BASE_URL op het echte adres van de app voor je flyers drukt.",
            url=current_app.config["PUBLIC_BASE_URL"],
        )))  # fmt: skip
    numbers = sorted(set(wijk_numbers))
    if numbers:
        counts = offer_per_wijk(numbers)
        season = clock.this_season()
        for wijk in db.session.scalars(db.select(Wijk).where(Wijk.number.in_(numbers))):
            if counts.get(wijk.number):
                continue
            warnings.append(PrintWarning(
                _("%(wijk)s heeft nog geen aanbod deze zomer: gezinnen die de flyer scannen "
                  "vinden niets. Eerst een oproep voor aanbod?", wijk=wijk.name),
                _("Oproep voor aanbod in %(wijk)s", wijk=wijk.name),
                url_for("offers.edit_call", target_wijken=[wijk.number],
                        season_year=season.year,
                        title=_("Zomeraanbod in %(wijk)s", wijk=wijk.name)),
            ))  # fmt: skip
    if loose := activities_without_wijk():
        warnings.append(PrintWarning(
            ngettext(
                "%(num)d activiteit heeft geen wijk: wie de flyer van een wijk scant, ziet ze "
                "niet.",
                "%(num)d activiteiten hebben geen wijk: wie de flyer van een wijk scant, ziet "
                "ze niet.",
                loose,
            ),
            _("Activiteiten nakijken"),
            url_for("offers.list_activities"),
        ))  # fmt: skip
    return warnings
