"""visits: the household's consent before a visit changed it, so that undoing the visit restores it

Revision ID: 0018_visit_consent_before
Revises: 0017_visit_undo
Create Date: 2026-12-06 07:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018_visit_consent_before'
down_revision = '0017_visit_undo'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visit') as batch_op:
        batch_op.add_column(sa.Column('consent_before', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('visit') as batch_op:
        batch_op.drop_column('consent_before')
