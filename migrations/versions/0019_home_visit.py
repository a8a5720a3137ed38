"""A home-visit (入户指导) booking keeps the family's address until the visit is over

Revision ID: 0019_home_visit
Revises: 0018_admin_registry
Create Date: 2026-12-01 12:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0019_home_visit'
down_revision = '0018_admin_registry'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN on both databases: a batch copy of the table on SQLite would drop the
    # booking triggers that keep session_outcome (0017).
    op.add_column('booking', sa.Column('visit_address', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_column('visit_address')
