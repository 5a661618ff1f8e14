"""offer: activities keep their real sessions; weeks come from the days with a session

An activity's weeks used to be every season week between its first and last day, whatever its
weekdays; a course on Wednesdays showed as every day, an event on 11, 12 and 18 July in every week
of that span. Sessions (day, last day, hours or whole days) are now stored, and the weeks are the
ISO weeks of their days within the season. Existing activities get the sessions their period,
weekdays and hours describe, and their weeks again from those.

Also: `children_free` (a children's tariff of 0), what the last UiTdatabank import wrote
(`imported_values`, so a re-import keeps a coordinator's changes), and `review_reasons`.

Revision ID: 0015_activity_sessions
Revises: 0008_stock_form_ids
Create Date: 2026-12-05 10:00:00

"""
from datetime import date, time, timedelta

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015_activity_sessions'
down_revision = '0008_stock_form_ids'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('end_day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_session_activity_id_activity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_session'))
    )
    with op.batch_alter_table('activity_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_session_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_session_day'), ['day'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('children_free', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('imported_values', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('review_reasons', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.alter_column('children_free', server_default=None)
        batch_op.alter_column('review_reasons', server_default=None)

    _sessions_for_existing_activities()


def downgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_column('review_reasons')
        batch_op.drop_column('imported_values')
        batch_op.drop_column('children_free')

    with op.batch_alter_table('activity_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_session_day'))
        batch_op.drop_index(batch_op.f('ix_activity_session_activity_id'))

    op.drop_table('activity_session')


# --- data: the sessions that each activity's period, weekdays and hours describe ----------------
# Written out here rather than imported from app.offers.sessions: a migration must keep doing what
# it did when it was written, whatever the app's code becomes.

_MAX_SESSIONS = 1000


def _season_bounds():
    try:
        from flask import current_app

        return tuple(current_app.config["SEASON_START"]), tuple(current_app.config["SEASON_END"])
    except (ImportError, RuntimeError, KeyError):
        return (7, 1), (8, 31)


def _as_date(value):
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _as_time(value):
    if value is None or isinstance(value, time):
        return value
    return time.fromisoformat(str(value)[:8])


def _schedule(start, end, weekdays, start_time, end_time, overnight):
    """(day, end_day, start_time, end_time) tuples, as app.offers.sessions.from_schedule."""
    if end < start:
        return []
    if overnight:
        return [(start, end, start_time, end_time if start_time else None)]
    chosen = set(weekdays or "1234567")
    rows, day = [], start
    while day <= end and len(rows) < _MAX_SESSIONS:
        if str(day.isoweekday()) in chosen:
            if start_time is None or (start_time == time(0) and end_time in (None, time(0))):
                rows.append((day, day, None, None))
            elif end_time is not None and end_time < start_time:
                rows.append((day, day + timedelta(days=1), start_time, end_time))
            else:
                rows.append((day, day, start_time, None if end_time == start_time else end_time))
        day += timedelta(days=1)
    return rows


def _days(rows):
    days = set()
    for day, end_day, start_time, end_time in rows:
        last = end_day
        if last > day and start_time and end_time and end_time <= time(6, 0):
            last -= timedelta(days=1)
        days.update(day + timedelta(days=n) for n in range((last - day).days + 1))
    return days


def _sessions_for_existing_activities():
    bind = op.get_bind()
    meta = sa.MetaData()
    activity = sa.Table('activity', meta, autoload_with=bind)
    session = sa.Table('activity_session', meta, autoload_with=bind)
    week = sa.Table('activity_week', meta, autoload_with=bind)
    start_mmdd, end_mmdd = _season_bounds()
    rows = bind.execute(sa.select(
        activity.c.id, activity.c.start_date, activity.c.end_date, activity.c.weekdays,
        activity.c.start_time, activity.c.end_time, activity.c.overnight,
    )).all()
    for row in rows:
        sessions = _schedule(
            _as_date(row.start_date), _as_date(row.end_date), row.weekdays,
            _as_time(row.start_time), _as_time(row.end_time), bool(row.overnight),
        )
        if sessions:
            bind.execute(session.insert(), [
                {'activity_id': row.id, 'day': d, 'end_day': e, 'start_time': s, 'end_time': t}
                for d, e, s, t in sessions
            ])
        weeks = set()
        for day in _days(sessions):
            if date(day.year, *start_mmdd) <= day <= date(day.year, *end_mmdd):
                iso = day.isocalendar()
                weeks.add(f"{iso.year:04d}-W{iso.week:02d}")
        bind.execute(week.delete().where(week.c.activity_id == row.id))
        if weeks:
            bind.execute(week.insert(), [{'activity_id': row.id, 'week': w} for w in sorted(weeks)])
