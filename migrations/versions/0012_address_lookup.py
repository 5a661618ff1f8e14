"""addresses: one cache of the address register's answers; where a household's position came from

`address_lookup` remembers, per address key, the position and wijk Flanders' address register
gave (or that it knows no such address) and when. `household.position_source` says whether the
position was typed in, came from the register, the embedded CRAB data or was estimated between
the neighbours; positions stored before this revision were all typed in.

Revision ID: 0014_address_lookup
Revises: 0011_sign_ins
Create Date: 2026-12-05 23:50:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_address_lookup'
down_revision = '0011_sign_ins'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'address_lookup',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('lat', sa.Double(), nullable=True),
        sa.Column('lon', sa.Double(), nullable=True),
        sa.Column('wijk_number', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('looked_up_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position_source', sa.String(length=20), nullable=True))
    op.execute("UPDATE household SET position_source = 'typed' WHERE lat IS NOT NULL")


def downgrade():
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_column('position_source')
    op.drop_table('address_lookup')
