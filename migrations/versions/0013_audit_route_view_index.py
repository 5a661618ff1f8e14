"""audit: an index to find one worker's events of one kind since a moment

The worker's route page writes one `route_viewed` event per worker, route and day
(app/field/views.py); before writing it looks for that day's events of the worker, which this
index answers without reading through every visit the worker logged this season.

Revision ID: 0017_audit_route_view_index
Revises: 0014_address_lookup
Create Date: 2026-12-06 03:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_audit_route_view_index'
down_revision = '0014_address_lookup'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_audit_event_user_action_at', 'audit_event', ['user_id', 'action', 'at'], unique=False
    )


def downgrade():
    op.drop_index('ix_audit_event_user_action_at', table_name='audit_event')
