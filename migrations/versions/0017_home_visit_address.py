"""A home-visit (入户指导) booking keeps the family's address until the visit is over

Revision ID: 0017_home_visit_address
Revises: 0016_audit_and_stats
Create Date: 2026-12-01 12:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0017_home_visit_address'
down_revision = '0016_audit_and_stats'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_address', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_column('visit_address')
