"""Bookings and vouchers airtight: idempotency fingerprints, children's identity hashes, a
deleted child's bookings kept anonymised, one live session per course+venue+start, vouchers
keyed by the child's identity, and no-show forfeiture per batch

Revision ID: 0008_airtight
Revises: 0007_one_history
Create Date: 2026-12-01 10:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_airtight'
down_revision = '0007_one_history'
branch_labels = None
depends_on = None

_LIVE_OWN = "status <> 'cancelled' AND child_id IS NULL"
_LIVE_OWN_NOW = "status <> 'cancelled' AND child_id IS NULL AND NOT child_erased"
_SLOT = "status <> 'cancelled'"
_VOUCHER_STATES = "status IN ('issued', 'reserved', 'redeemed', 'expired', 'revoked')"
_VOUCHER_STATES_NOW = ("status IN ('issued', 'reserved', 'redeemed', 'expired', 'revoked', "
                       "'forfeited')")


def upgrade():
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_idempotency_record_created_at'), ['created_at'],
                              unique=False)

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('id_masked', sa.String(length=24), nullable=True))
        batch_op.create_index(batch_op.f('ix_child_id_hash'), ['id_hash'], unique=False)

    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child_erased', sa.Boolean(), nullable=False,
                                      server_default=sa.text('false')))
        batch_op.drop_constraint(op.f('fk_booking_child_id_child'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_booking_child_id_child'), 'child',
                                    ['child_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_index('ux_booking_live_parent_without_child',
                            sqlite_where=sa.text(_LIVE_OWN), postgresql_where=sa.text(_LIVE_OWN))
        batch_op.create_index('ux_booking_live_parent_without_child', ['session_id', 'parent_id'],
                              unique=True, sqlite_where=sa.text(_LIVE_OWN_NOW),
                              postgresql_where=sa.text(_LIVE_OWN_NOW))

    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.create_index('ux_course_session_live_slot',
                              ['course_id', 'venue_id', 'starts_at'], unique=True,
                              sqlite_where=sa.text(_SLOT), postgresql_where=sa.text(_SLOT))

    with op.batch_alter_table('voucher_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('no_show_forfeits', sa.Boolean(), nullable=False,
                                      server_default=sa.text('false')))

    with op.batch_alter_table('voucher', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child_key', sa.String(length=64), nullable=True))
        batch_op.drop_constraint(op.f('uq_voucher_batch_id_child_id_seq'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_voucher_batch_id_child_key_seq'),
                                          ['batch_id', 'child_key', 'seq'])
        batch_op.drop_constraint(op.f('ck_voucher_status_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_voucher_status_known'),
                                         _VOUCHER_STATES_NOW)


def downgrade():
    with op.batch_alter_table('voucher', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_voucher_status_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_voucher_status_known'), _VOUCHER_STATES)
        batch_op.drop_constraint(op.f('uq_voucher_batch_id_child_key_seq'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_voucher_batch_id_child_id_seq'),
                                          ['batch_id', 'child_id', 'seq'])
        batch_op.drop_column('child_key')

    with op.batch_alter_table('voucher_batch', schema=None) as batch_op:
        batch_op.drop_column('no_show_forfeits')

    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.drop_index('ux_course_session_live_slot', sqlite_where=sa.text(_SLOT),
                            postgresql_where=sa.text(_SLOT))

    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ux_booking_live_parent_without_child',
                            sqlite_where=sa.text(_LIVE_OWN_NOW),
                            postgresql_where=sa.text(_LIVE_OWN_NOW))
        batch_op.create_index('ux_booking_live_parent_without_child', ['session_id', 'parent_id'],
                              unique=True, sqlite_where=sa.text(_LIVE_OWN),
                              postgresql_where=sa.text(_LIVE_OWN))
        batch_op.drop_constraint(op.f('fk_booking_child_id_child'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_booking_child_id_child'), 'child',
                                    ['child_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_column('child_erased')

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_id_hash'))
        batch_op.drop_column('id_masked')
        batch_op.drop_column('id_hash')

    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_record_created_at'))
        batch_op.drop_column('fingerprint')
