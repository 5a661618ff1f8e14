"""An activity's real days: providers' activities, the coverage, the .ics and the migration agree.

A provider describes a period, weekdays and hours; that makes sessions the same way UiTdatabank's
events do, and from the sessions come the days (`/api/v1/activities`), the weeks (`/aanbod`, the
coverage counts) and the calendar file.
"""

from datetime import date, time, timedelta

import icalendar
import sqlalchemy as sa
from flask_migrate import upgrade

from app import clock, create_app
from app.extensions import db as _db
from app.offers.models import Activity
from app.offers.sessions import Session, between, from_schedule
from app.season import current_season, iso_week_of, iso_week_range
from tests import factories
from tests.conftest import make_test_config
from tests.dbutil import fresh_database

SEASON = current_season(clock.today())


def monday(n: int) -> date:
    return iso_week_range(SEASON.weeks[n])[0]


def form(**changes) -> dict:
    values = {
        "title": "Sportnamiddag",
        "provider_name": "Sportdienst",
        "categories": ["sport"],
        "age_min": "6",
        "age_max": "12",
        "start_date": monday(1).isoformat(),
        "end_date": (monday(2) + timedelta(days=4)).isoformat(),
        "start_time": "13:30",
        "end_time": "16:00",
        "weekdays": ["2", "4"],
        "location_name": "Sporthal",
        "street": "Acaciastraat",
        "number": "3",
        "postcode": "9000",
        "wijk_number": "4",
        "price_eur": "5",
    }
    values.update(changes)
    return values


def created(db) -> Activity:
    db.session.expire_all()
    return db.session.scalar(db.select(Activity).order_by(Activity.id.desc()))


def test_a_providers_tuesdays_and_thursdays_are_its_days_weeks_and_calendar(client, db, login_as):
    login_as("coordinator")
    assert client.post("/activiteiten/nieuw", data=form()).status_code == 302
    activity = created(db)
    expected = [monday(1) + timedelta(days=n) for n in (1, 3, 8, 10)]
    assert activity.days == expected
    body = client.get("/api/v1/activities").get_json()["activities"][0]
    assert body["days"] == [d.isoformat() for d in expected]
    assert body["weeks"] == [SEASON.weeks[1], SEASON.weeks[2]] == activity.weeks
    calendar = icalendar.Calendar.from_ical(client.get(f"/aanbod/{activity.id}.ics").get_data())
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART").date() for e in events] == expected
    assert {(e.decoded("DTSTART").time(), e.decoded("DTEND").time()) for e in events} == {
        (time(13, 30), time(16, 0))
    }
    assert {str(e["DTSTART"].params["TZID"]) for e in events} == {"Europe/Brussels"}
    assert len({str(e["UID"]) for e in events}) == 4
    # Wednesday has no session: the calendar has nothing on it.
    assert monday(1) + timedelta(days=2) not in [e.decoded("DTSTART").date() for e in events]


def test_changing_the_weekdays_changes_the_days(client, db, login_as):
    login_as("coordinator")
    client.post("/activiteiten/nieuw", data=form())
    activity = created(db)
    assert client.post(f"/activiteiten/{activity.id}", data=form(weekdays=["5"])).status_code == 302
    activity = created(db)
    assert activity.days == [monday(1) + timedelta(days=4), monday(2) + timedelta(days=4)]


def test_weekdays_that_never_occur_are_refused(client, db, login_as):
    login_as("coordinator")
    one_day = form(end_date=monday(1).isoformat(), weekdays=["3"])  # a Monday, on Wednesdays
    response = client.post("/activiteiten/nieuw", data=one_day)
    assert response.status_code == 422
    assert "Geen van deze dagen valt tussen de eerste en de laatste dag" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(db.select(sa.func.count()).select_from(Activity)) == 0


def test_an_overnight_camp_is_one_stretch_in_the_calendar(client, db):
    camp = factories.activity(
        overnight=True,
        categories=["camp"],
        start_time=time(10),
        end_time=time(15),
        weekdays="1234567",
    )
    db.session.commit()
    assert camp.sessions == [Session(camp.start_date, camp.end_date, time(10), time(15))]
    (event,) = icalendar.Calendar.from_ical(client.get(f"/aanbod/{camp.id}.ics").get_data()).walk(
        "VEVENT"
    )
    assert event.decoded("DTSTART").date() == camp.start_date
    assert event.decoded("DTEND").date() == camp.end_date
    assert camp.days == [camp.start_date + timedelta(days=n) for n in range(5)]


def test_the_coverage_counts_only_weeks_with_a_session(client, db, login_as):
    # Friday of week 1 to Monday of week 2, on Fridays only: week 1, not week 2.
    factories.activity(
        start_date=monday(1) + timedelta(days=4), end_date=monday(2), weekdays="5", wijk_number=4
    )
    db.session.commit()
    login_as("coordinator")
    body = client.get("/api/v1/coverage").get_json()
    counts = next(w for w in body["wijken"] if w["number"] == 4)["activities_per_week"]
    assert counts[SEASON.weeks[1]] == 1 and counts[SEASON.weeks[2]] == 0
    assert client.get(f"/api/v1/activities?week={SEASON.weeks[2]}").get_json()["total"] == 0


def test_sessions_follow_calendar_conventions():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Brussels")
    day = date(2027, 7, 14)
    at = lambda d, h, m=0: datetime(d.year, d.month, d.day, h, m, tzinfo=tz)  # noqa: E731
    next_day = day + timedelta(days=1)
    assert between(at(day, 0), at(day, 0)) == Session(day, day)
    assert between(at(day, 0), None) == Session(day, day)
    assert between(at(day, 0), at(next_day, 0)) == Session(day, day)
    assert between(at(day, 0), datetime(2027, 7, 14, 23, 59, 59, tzinfo=tz)) == Session(day, day)
    assert between(at(day, 20), at(day, 2)) == Session(day, next_day, time(20), time(2))
    assert Session(day, next_day, time(20), time(2)).days == [day]
    assert between(at(day, 10), None) == Session(day, day, time(10), None)
    assert from_schedule(day, day + timedelta(days=6), "", None, None, False) == [
        Session(day + timedelta(days=n), day + timedelta(days=n)) for n in range(7)
    ]


def test_the_migration_gives_existing_activities_their_days(tmp_path):
    """Activities stored before sessions existed get the days their weekdays describe."""
    with fresh_database(tmp_path) as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            upgrade(revision="0008_stock_form_ids")
            first = monday(1) + timedelta(days=4)  # a Friday
            with _db.engine.begin() as conn:
                activity = sa.Table("activity", sa.MetaData(), autoload_with=conn)
                conn.execute(
                    activity.insert().values(
                        id=1,
                        title="Vrijdagclub",
                        description="",
                        title_i18n={},
                        description_i18n={},
                        provider_name="Club",
                        contact_name="",
                        contact_email="",
                        contact_phone="",
                        age_min=6,
                        age_max=12,
                        start_date=first,
                        end_date=first + timedelta(days=14),
                        start_time=time(14, 0),
                        end_time=time(16, 30),
                        weekdays="5",
                        overnight=False,
                        location_name="",
                        street="",
                        number="",
                        postcode="",
                        mobile=False,
                        free=False,
                        kansentarief=False,
                        registration_url="",
                        registration_phone="",
                        registration_email="",
                        full=False,
                        childcare_before=False,
                        childcare_after=False,
                        staff_languages="",
                        wheelchair_access=False,
                        taalstimulering=False,
                        status="published",
                        rejection_reason="",
                    )
                )
                # The old weeks: every season week between the first and the last day.
                for week in {iso_week_of(first + timedelta(days=n)) for n in range(15)}:
                    conn.execute(sa.text("INSERT INTO activity_week VALUES (1, :w)"), {"w": week})
            upgrade()
            with _db.engine.connect() as conn:
                sessions = conn.execute(
                    sa.text(
                        "SELECT day, end_day, start_time, end_time FROM activity_session"
                        " ORDER BY day"
                    )
                ).all()
                weeks = (
                    conn.execute(sa.text("SELECT week FROM activity_week ORDER BY week"))
                    .scalars()
                    .all()
                )
            fridays = [first + timedelta(days=7 * n) for n in range(3)]
            assert [(_date(r[0]), _date(r[1])) for r in sessions] == [(f, f) for f in fridays]
            assert {(_time(r[2]), _time(r[3])) for r in sessions} == {(time(14), time(16, 30))}
            assert weeks == [iso_week_of(f) for f in fridays]
            _db.engine.dispose()


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)
