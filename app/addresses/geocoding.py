"""(Re)placing what is stored: the households' and activities' positions and wijken, in bulk.

Run by `flask --app wsgi geocode` (app/addresses/cli.py), never inside a web request: with the
register asked for every address it takes up to two seconds an address when the register is slow.

- A household's position follows its address, unless someone typed the coordinates in. Its wijk
  is never changed here (it decides which rounds and routes the household is on): a household
  whose address lies in another wijk than recorded is listed for a coordinator to check.
- An activity's position and wijk follow its address (contract §8: its `location.wijk` is its
  address's wijk); an estimated position never overrides a wijk chosen by hand.
- Nothing found keeps what was stored. Every change is in the audit trail (ids only).
- Remembered register answers too old to be used are deleted: the cache holds addresses that
  households once had, and keeps none longer than it serves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.addresses import register
from app.addresses.location import TYPED
from app.addresses.lookup import forget_expired, locate, register_url
from app.audit.services import record
from app.extensions import db
from app.households.models import Household
from app.offers.models import Activity

BATCH = 200


@dataclass
class Tally:
    """What one kind of record got: how many per source, what changed, what needs a person."""

    sources: Counter = field(default_factory=Counter)
    changed: list[int] = field(default_factory=list)  # ids whose position or wijk changed
    typed: int = 0  # households whose typed coordinates were kept
    other_wijk: list[tuple[int, int, int]] = field(default_factory=list)  # (id, stored, address)
    without_wijk: list[int] = field(default_factory=list)  # activities still on no wijk page

    @property
    def checked(self) -> int:
        return sum(self.sources.values())


@dataclass
class Summary:
    households: Tally = field(default_factory=Tally)
    activities: Tally = field(default_factory=Tally)
    register_unavailable: bool = False
    forgotten: int = 0  # remembered register answers deleted as too old to use


def _typed(household: Household) -> bool:
    return household.lat is not None and household.position_source in (None, TYPED)


def household_ids(missing_only: bool) -> list[int]:
    stmt = db.select(Household.id).where(Household.anonymised_at.is_(None))
    if missing_only:
        stmt = stmt.where(Household.lat.is_(None))
    return list(db.session.scalars(stmt.order_by(Household.id)))


def activity_ids(missing_only: bool) -> list[int]:
    stmt = db.select(Activity.id).where(Activity.mobile.is_(False), Activity.street != "")
    if missing_only:
        stmt = stmt.where(db.or_(Activity.lat.is_(None), Activity.wijk_number.is_(None)))
    return list(db.session.scalars(stmt.order_by(Activity.id)))


def _place_household(household: Household, tally: Tally, *, online: bool, refresh: bool) -> None:
    if _typed(household):
        tally.typed += 1
        tally.sources[TYPED] += 1
        return
    found = locate(
        household.street,
        household.number,
        household.postcode,
        household.box,
        online=online,
        refresh=refresh,
    )
    tally.sources[found.source] += 1
    if found.has_position and (household.lat, household.lon, household.position_source) != (
        found.lat,
        found.lon,
        found.source,
    ):
        household.lat, household.lon, household.position_source = found.lat, found.lon, found.source
        tally.changed.append(household.id)
    if found.wijk is not None and found.wijk != household.wijk_number:
        tally.other_wijk.append((household.id, household.wijk_number, found.wijk))


def _place_activity(activity: Activity, tally: Tally, *, online: bool, refresh: bool) -> None:
    found = locate(
        activity.street, activity.number, activity.postcode, online=online, refresh=refresh
    )
    tally.sources[found.source] += 1
    before = (activity.lat, activity.lon, activity.wijk_number)
    # UiTdatabank's own coordinates stay unless the register (the authority) knows better.
    if found.has_position and (
        activity.lat is None or not activity.external_id or found.source == "register"
    ):
        activity.lat, activity.lon = found.lat, found.lon
    if found.wijk is not None and (found.firm or activity.wijk_number is None):
        activity.wijk_number = found.wijk
    if activity.wijk_number is not None and "wijk_unknown" in (activity.review_reasons or []):
        # The UiTdatabank import's question "which wijk?" is answered by the address now.
        activity.review_reasons = [r for r in activity.review_reasons if r != "wijk_unknown"]
    if (activity.lat, activity.lon, activity.wijk_number) != before:
        tally.changed.append(activity.id)
    if activity.wijk_number is None:
        tally.without_wijk.append(activity.id)


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def geocode(
    *,
    missing_only: bool,
    online: bool = True,
    progress: Callable[[int], None] = lambda done: None,
) -> Summary:
    """Place every household and activity (or those without a position or wijk); commits per
    batch of BATCH records, so an interrupted run keeps what it did."""
    summary = Summary()
    refresh = not missing_only  # a full run asks the register again, a missing-only run not
    work: list[tuple[Any, Any, Tally, Callable]] = [
        (Household, household_ids(missing_only), summary.households, _place_household),
        (Activity, activity_ids(missing_only), summary.activities, _place_activity),
    ]
    for model, ids, tally, place in work:
        for batch in _batches(ids):
            records = db.session.scalars(db.select(model).where(model.id.in_(batch))).all()
            changed_before = len(tally.changed)
            for item in sorted(records, key=lambda item: item.id):
                place(item, tally, online=online, refresh=refresh)
                if online and register.paused(register_url()):
                    summary.register_unavailable = True
                progress(1)
            _audit(model, tally.changed[changed_before:])
            db.session.commit()
    summary.forgotten = forget_expired()
    db.session.commit()
    return summary


def _audit(model, changed: list[int]) -> None:
    if not changed:
        return
    if model is Household:
        record(
            "households_geocoded",
            None,
            object_type="household",
            count=len(changed),
            household_ids=changed,
        )
    else:
        record(
            "activities_geocoded",
            None,
            object_type="activity",
            count=len(changed),
            activity_ids=changed,
        )
