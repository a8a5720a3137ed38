"""course_session.online_url: the join link an online session gives its confirmed bookings

Revision ID: 0013_parent_view
Revises: 0012_console_logins
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_parent_view'
down_revision = '0012_console_logins'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.drop_column('online_url')
