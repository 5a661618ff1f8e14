"""Retention: `flask purge` anonymises households whose rounds closed before the period."""

import itertools
import uuid
from datetime import date, datetime

import pytest

from app.models import (
    AuditEvent,
    FollowUp,
    Household,
    PackageType,
    Round,
    StockMovement,
    Stop,
    Visit,
    VisitInterest,
)
from app.retention.services import months_before, purge
from tests import factories

NOW = datetime(2027, 6, 15, 12, 0)
_seq = itertools.count(1)


# Small local builders: the shared factories for these models are being written elsewhere.
def household(db, *, created_at=datetime(2027, 1, 1), **kw) -> Household:
    n = next(_seq)
    h = Household(
        street=kw.pop("street", "Wondelgemstraat"),
        number=str(n),
        number_sort=n,
        box=kw.pop("box", "2"),
        postcode="9000",
        address_key=f"wondelgemstraat|{n}|2|9000",
        wijk_number=kw.pop("wijk_number", 4),
        lat=51.06,
        lon=3.70,
        position_source="crab",
        languages=["nl", "tr"],
        children_3_5=1,
        children_6_8=2,
        note=kw.pop("note", "Bel aan bij de zijdeur"),
        created_at=created_at,
        **kw,
    )
    db.session.add(h)
    db.session.flush()
    return h


def visit_round(db, status="closed", closed_at=None) -> Round:
    r = Round(
        name=f"Ronde {next(_seq)}",
        start_date=date(2026, 5, 1),
        end_date=date(2026, 6, 1),
        status=status,
        closed_at=closed_at,
    )
    db.session.add(r)
    db.session.flush()
    return r


def visited(db, h: Household, r: Round, worker, *, notes="Mama vroeg naar zwemlessen") -> Visit:
    stop = Stop(round_id=r.id, household_id=h.id, status="contact", attempts=1, closed=True)
    db.session.add(stop)
    db.session.flush()
    v = Visit(
        id=str(uuid.uuid4()),
        stop_id=stop.id,
        household_id=h.id,
        round_id=r.id,
        worker_id=worker.id,
        occurred_at=datetime(2026, 5, 10, 10),
        outcome="contact",
        notes=notes,
        info_given=["summer_offer"],
    )
    v.interests = [VisitInterest(code="swimming")]
    db.session.add(v)
    db.session.flush()
    db.session.add(
        FollowUp(
            visit_id=v.id,
            household_id=h.id,
            organisation_id=worker.organisation_id,
            kind="call_back",
            note="Terugbellen na 17u",
            outcome="Ingeschreven voor zwemkamp",
        )
    )
    package = PackageType(name=f"Pakket {next(_seq)}")
    db.session.add(package)
    db.session.flush()
    db.session.add(
        StockMovement(
            organisation_id=worker.organisation_id,
            package_type_id=package.id,
            quantity=-1,
            kind="handed_out",
            visit_id=v.id,
        )
    )
    db.session.flush()
    return v


@pytest.fixture
def scene(db, app):
    app.config["RETENTION_MONTHS"] = 12
    worker = factories.user("worker")
    old = visit_round(db, closed_at=datetime(2026, 6, 1))  # 12.5 months before NOW
    recent = visit_round(db, closed_at=datetime(2026, 7, 1))  # 11.5 months before NOW
    active = visit_round(db, status="active")
    no_date = visit_round(db, closed_at=None)  # closed without a date: kept, to be safe
    h = {
        "old": household(db),
        "recent": household(db),
        "old_and_active": household(db),
        "old_and_recent": household(db),
        "no_date": household(db),
        "no_round_old": household(db, created_at=datetime(2026, 5, 1)),
        "no_round_new": household(db, created_at=datetime(2026, 8, 1)),
    }
    visited(db, h["old"], old, worker)
    visited(db, h["recent"], recent, worker)
    visited(db, h["old_and_active"], old, worker)
    visited(db, h["old_and_active"], active, worker)
    visited(db, h["old_and_recent"], old, worker)
    visited(db, h["old_and_recent"], recent, worker)
    visited(db, h["no_date"], no_date, worker)
    db.session.commit()
    yield {name: x.id for name, x in h.items()}
    app.config["RETENTION_MONTHS"] = 12


def test_months_before_clamps_to_the_end_of_month():
    assert months_before(datetime(2027, 3, 31, 8), 1) == datetime(2027, 2, 28, 8)
    assert months_before(datetime(2027, 6, 15), 12) == datetime(2026, 6, 15)
    assert months_before(datetime(2027, 1, 10), 13) == datetime(2025, 12, 10)


def test_purge_anonymises_only_what_is_past_retention(db, scene):
    report = purge(now=NOW)
    db.session.expire_all()
    assert report.households == 2
    gone = {scene["old"], scene["no_round_old"]}
    for name, hid in scene.items():
        h = db.session.get(Household, hid)
        if hid in gone:
            assert (h.street, h.number, h.box, h.postcode, h.note) == ("", "", "", "", ""), name
            assert h.lat is None and h.lon is None and h.anonymised_at is not None
            assert h.position_source is None
            assert h.address_key == f"anonymised:{hid}"
            assert h.wijk_number == 4  # the address reduced to its wijk
            assert h.children_6_8 == 2 and h.languages == ["nl", "tr"]  # aggregates stay
        else:
            assert h.street == "Wondelgemstraat" and h.note and h.anonymised_at is None, name


def test_purge_clears_notes_and_keeps_visits_interests_and_stock(db, scene):
    purge(now=NOW)
    db.session.expire_all()
    old = scene["old"]
    v = db.session.scalar(db.select(Visit).where(Visit.household_id == old))
    assert v.notes == "" and v.outcome == "contact" and v.interest_codes == ["swimming"]
    assert v.info_given == ["summer_offer"]
    f = db.session.scalar(db.select(FollowUp).where(FollowUp.household_id == old))
    assert (f.note, f.outcome, f.kind) == ("", "", "call_back")
    assert db.session.scalar(db.select(StockMovement).where(StockMovement.visit_id == v.id))
    kept = db.session.scalar(db.select(Visit).where(Visit.household_id == scene["recent"]))
    assert kept.notes == "Mama vroeg naar zwemlessen"


def test_purge_is_audited_with_counts_and_idempotent(db, scene):
    purge(now=NOW)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "purge"))
    assert event.detail["households"] == 2 and event.detail["visits_cleared"] == 1
    assert event.detail["follow_ups_cleared"] == 1
    again = purge(now=NOW)
    assert (again.households, again.visit_notes, again.follow_up_notes) == (0, 0, 0)
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert actions.count("purge") == 1  # nothing done, nothing audited


def test_dry_run_counts_and_changes_nothing(db, scene):
    report = purge(dry_run=True, now=NOW)
    assert (report.households, report.visit_notes, report.follow_up_notes) == (2, 1, 1)
    db.session.expire_all()
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Household)
            .where(Household.anonymised_at.is_not(None))
        )
        == 0
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0


def test_a_longer_retention_keeps_more(db, scene, app):
    app.config["RETENTION_MONTHS"] = 24
    assert purge(dry_run=True, now=NOW).households == 0


def test_purge_command_prints_what_it_did(runner, db, scene, app):
    app.config["RETENTION_MONTHS"] = 1  # the command uses today's date: the old rounds qualify
    expected = purge(dry_run=True).households
    assert expected >= 2
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run" in dry.output and f"Households anonymised: {expected}\n" in dry.output
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Household)
            .where(Household.anonymised_at.is_not(None))
        )
        == 0
    )
    done = runner.invoke(args=["purge"])
    assert done.exit_code == 0 and "Dry run" not in done.output
    assert f"Households anonymised: {expected}\n" in done.output
    again = runner.invoke(args=["purge"])
    assert "Households anonymised: 0" in again.output


def test_admin_sees_the_retention_period_and_what_a_purge_would_do(client, login_as, app):
    login_as("admin")
    app.config["RETENTION_MONTHS"] = 18
    html = client.get("/beheer/bewaartermijn").get_data(as_text=True)
    assert "18 maanden" in html and "RETENTION_MONTHS" in html
    app.config["RETENTION_MONTHS"] = 12


@pytest.mark.parametrize("role", ["coordinator", "worker", "provider"])
def test_only_admins_see_the_retention_page(client, login_as, role):
    login_as(role)
    assert client.get("/beheer/bewaartermijn").status_code == 403
