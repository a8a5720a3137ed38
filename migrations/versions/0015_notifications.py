"""notifications: the outbox and inbox, subscriptions, the shared WeChat token; waiting-list offers

Revision ID: 0015_notifications
Revises: 0010_health
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


revision = '0015_notifications'
down_revision = '0010_health'
branch_labels = None
depends_on = None

STATUSES = ("pending", "sending", "sent", "refused", "no_subscription", "failed", "expired",
            "inbox_only", "cancelled")


def upgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offer_expires_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True))

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('object_ref', sa.String(length=64), nullable=False),
    sa.Column('template', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('body', sa.String(length=255), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('not_before', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=255), nullable=True),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('claimed_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.Column('read_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")",
                       name=op.f('ck_notification_status_known')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('kind', 'user_id', 'object_ref', name='uq_notification_dedupe')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_due', ['status', 'not_before'], unique=False)
        batch_op.create_index('ix_notification_inbox', ['user_id', 'created_at'], unique=False)

    op.create_table('notification_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('template', sa.String(length=32), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('last_choice', sa.String(length=8), nullable=False),
    sa.Column('updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('remaining >= 0', name=op.f('ck_notification_subscription_remaining_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_subscription_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_subscription')),
    sa.UniqueConstraint('user_id', 'template', name='uq_notification_subscription')
    )
    op.create_table('wechat_token',
    sa.Column('appid', sa.String(length=64), nullable=False),
    sa.Column('token', sa.String(length=1024), nullable=False),
    sa.Column('expires_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('appid', name=op.f('pk_wechat_token'))
    )


def downgrade():
    op.drop_table('wechat_token')
    op.drop_table('notification_subscription')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_inbox')
        batch_op.drop_index('ix_notification_due')
    op.drop_table('notification')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_column('offer_expires_at')
