"""console sign-ins and failed attempts (the venue console's staff session and lock-out)

Revision ID: 0012_console_logins
Revises: 0008_airtight
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

from app.common.timeutil import UTCDateTime


revision = '0012_console_logins'
down_revision = '0008_airtight'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'console_login',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('ended_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_console_login_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_console_login')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_console_login_token_hash')),
    )
    op.create_index(op.f('ix_console_login_user_id'), 'console_login', ['user_id'])
    op.create_table(
        'console_login_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('failed_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_console_login_failure_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_console_login_failure')),
    )
    op.create_index(op.f('ix_console_login_failure_user_id'), 'console_login_failure',
                    ['user_id'])


def downgrade():
    op.drop_index(op.f('ix_console_login_failure_user_id'), table_name='console_login_failure')
    op.drop_table('console_login_failure')
    op.drop_index(op.f('ix_console_login_user_id'), table_name='console_login')
    op.drop_table('console_login')
