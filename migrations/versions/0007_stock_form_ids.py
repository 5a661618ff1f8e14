"""stock: a stock form sent twice is stored once

Each received, correction and transfer form carries a UUID made when it was shown; the movement
keeps it, unique per kind (a transfer's two movements share it).

Revision ID: 0008_stock_form_ids
Revises: 0007_report_indexes
Create Date: 2026-11-28 02:15:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_stock_form_ids'
down_revision = '0007_report_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_id', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint('uq_stock_movement_form_id_kind', ['form_id', 'kind'])


def downgrade():
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_constraint('uq_stock_movement_form_id_kind', type_='unique')
        batch_op.drop_column('form_id')
