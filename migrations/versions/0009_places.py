"""places: the division registry

Revision ID: 0009_places
Revises: 0008_airtight
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_places'
down_revision = '0008_airtight'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('division',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.CheckConstraint("level IN ('province', 'city', 'district', 'street')",
                       name=op.f('ck_division_level_known')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_division'))
    )
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_division_parent_code'), ['parent_code'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_division_parent_code'))
    op.drop_table('division')
