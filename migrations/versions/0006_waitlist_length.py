"""course_session.waitlist_length: how many bookings are waiting now

Revision ID: 0006_waitlist_length
Revises: 0003_vouchers
Create Date: 2026-11-24 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_waitlist_length'
down_revision = '0003_vouchers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waitlist_length', sa.Integer(), server_default='0',
                                      nullable=False))
    op.execute("UPDATE course_session SET waitlist_length = (SELECT count(*) FROM booking "
               "WHERE booking.session_id = course_session.id AND booking.status = 'waitlisted')")
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_course_session_waitlist_length_within_issued'),
            'waitlist_length >= 0 AND waitlist_length <= waitlist_issued')


def downgrade():
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_course_session_waitlist_length_within_issued'),
                                 type_='check')
        batch_op.drop_column('waitlist_length')
