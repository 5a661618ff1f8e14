"""reports: indexes for the round dashboard, coverage and stock levels at city scale

The round dashboard reads a round's visits per stop in time order and its stops per route and
status; coverage reads the visits of a demand window with their household; stock levels sum the
movements per partner and package type. Each composite index answers its query from the index
alone, and starts with the column of the single-column index it replaces.

Revision ID: 0007_report_indexes
Revises: 0004_offer
Create Date: 2026-11-28 02:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_report_indexes'
down_revision = '0004_offer'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(
            'ix_visit_round_stop', ['round_id', 'stop_id', 'occurred_at'], unique=False
        )
        batch_op.create_index(
            'ix_visit_occurred_household', ['occurred_at', 'household_id', 'id'], unique=False
        )
        batch_op.drop_index('ix_visit_round_id')
        batch_op.drop_index('ix_visit_occurred_at')

    with op.batch_alter_table('stop', schema=None) as batch_op:
        batch_op.create_index(
            'ix_stop_round_route_status', ['round_id', 'route_id', 'status'], unique=False
        )

    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.create_index(
            'ix_stock_movement_levels',
            ['organisation_id', 'package_type_id', 'quantity'],
            unique=False,
        )
        batch_op.drop_index('ix_stock_movement_organisation_id')


def downgrade():
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.create_index(
            'ix_stock_movement_organisation_id', ['organisation_id'], unique=False
        )
        batch_op.drop_index('ix_stock_movement_levels')

    with op.batch_alter_table('stop', schema=None) as batch_op:
        batch_op.drop_index('ix_stop_round_route_status')

    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index('ix_visit_occurred_at', ['occurred_at'], unique=False)
        batch_op.create_index('ix_visit_round_id', ['round_id'], unique=False)
        batch_op.drop_index('ix_visit_occurred_household')
        batch_op.drop_index('ix_visit_round_stop')
