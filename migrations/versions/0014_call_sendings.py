"""calls for offer: who got a call by e-mail, and when (or why not)

Revision ID: 0017_call_sendings
Revises: 0017_audit_route_view_index
Create Date: 2026-12-06 03:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_call_sendings'
down_revision = '0017_audit_route_view_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'offer_call_sending',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('error', sa.String(length=200), nullable=True),
        sa.Column('attempted_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['call_id'], ['offer_call.id'],
            name=op.f('fk_offer_call_sending_call_id_offer_call'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_offer_call_sending_user_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_call_sending')),
    )
    with op.batch_alter_table('offer_call_sending', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_offer_call_sending_call_id'), ['call_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('offer_call_sending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_call_sending_call_id'))
    op.drop_table('offer_call_sending')
