"""tips: title and text in the families' other languages, and when a tip last changed

A tip without a translation shows its Dutch text, marked as Dutch (templates/public/tips.html).

Revision ID: 0016_tip_translations
Revises: 0015_activity_sessions
Create Date: 2026-12-05 10:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_tip_translations'
down_revision = '0015_activity_sessions'
branch_labels = None
depends_on = None


def upgrade():
    # SQLite adds no column with a non-constant default (CURRENT_TIMESTAMP) in place: copy it.
    recreate = 'always' if op.get_bind().dialect.name == 'sqlite' else 'auto'
    with op.batch_alter_table('tip', schema=None, recreate=recreate) as batch_op:
        batch_op.add_column(
            sa.Column('title_i18n', sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(
            sa.Column('text_i18n', sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(
            sa.Column('updated_at', sa.DateTime(), nullable=False, server_default=sa.text('(CURRENT_TIMESTAMP)'))
        )


def downgrade():
    with op.batch_alter_table('tip', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('text_i18n')
        batch_op.drop_column('title_i18n')
