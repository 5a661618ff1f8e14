"""visits: the phone's clock corrected, stops that left a worker's route, unplaced visits

A visit stores how many seconds the server added to the phone's time. A stop that leaves a
worker's route leaves a record for that worker, so a visit logged there before they knew is
answered with what happened; a refused visit with what the family said is kept as an unplaced
visit until someone attaches it to the household's stop or discards it.

Revision ID: 0012_visit_clock_unplaced
Revises: 0016_tip_translations
Create Date: 2026-12-05 12:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012_visit_clock_unplaced'
down_revision = '0016_tip_translations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stop_departure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stop_id', sa.Integer(), nullable=False),
    sa.Column('route_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('left_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_stop_departure_household_id_household'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['visit_round.id'], name=op.f('fk_stop_departure_round_id_visit_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['user_account.id'], name=op.f('fk_stop_departure_worker_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stop_departure'))
    )
    with op.batch_alter_table('stop_departure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stop_departure_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_stop_departure_stop_worker', ['stop_id', 'worker_id'], unique=False)

    op.create_table('unplaced_visit',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('stop_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('clock_offset_s', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('flyer_left', sa.Boolean(), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_unplaced_visit_household_id_household'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['visit_round.id'], name=op.f('fk_unplaced_visit_round_id_visit_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['user_account.id'], name=op.f('fk_unplaced_visit_worker_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unplaced_visit'))
    )
    with op.batch_alter_table('unplaced_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unplaced_visit_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unplaced_visit_worker_id'), ['worker_id'], unique=False)

    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clock_offset_s', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_column('clock_offset_s')

    with op.batch_alter_table('unplaced_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unplaced_visit_worker_id'))
        batch_op.drop_index(batch_op.f('ix_unplaced_visit_household_id'))

    op.drop_table('unplaced_visit')
    with op.batch_alter_table('stop_departure', schema=None) as batch_op:
        batch_op.drop_index('ix_stop_departure_stop_worker')
        batch_op.drop_index(batch_op.f('ix_stop_departure_household_id'))

    op.drop_table('stop_departure')
