"""visits: remember the ids of visits a worker undid, so a resend stays "already stored"

Revision ID: 0017_visit_undo
Revises: 0017_call_sendings
Create Date: 2026-12-06 03:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_visit_undo'
down_revision = '0017_call_sendings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'undone_visit',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('stop_id', sa.Integer(), nullable=False),
        sa.Column('worker_id', sa.Integer(), nullable=True),
        sa.Column('undone_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.ForeignKeyConstraint(['worker_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('undone_visit')
