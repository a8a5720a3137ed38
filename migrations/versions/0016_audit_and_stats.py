"""The audit log (append-only: refused by a trigger on update and delete) and the population
per district that 每千人口托位数 divides by

Revision ID: 0016_audit_and_stats
Revises: 0015_notifications
Create Date: 2026-12-01 10:50:00

"""
from alembic import op
import sqlalchemy as sa

from app.common.ledger import drop_append_only, make_append_only

from app.common.timeutil import UTCDateTime


revision = '0016_audit_and_stats'
down_revision = '0015_notifications'
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        'audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=8), nullable=False),
        sa.Column('object_type', sa.String(length=32), nullable=False),
        sa.Column('object_id', sa.String(length=80), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.Column('request_id', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
    op.create_table(
        'district_population',
        sa.Column('district', sa.String(length=32), nullable=False),
        sa.Column('population', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('synthetic', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('district'),
    )
    make_append_only(op, "audit_entry")


def downgrade():
    drop_append_only(op, "audit_entry")
    op.drop_table('district_population')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index('ix_audit_entry_object')
    op.drop_table('audit_entry')
