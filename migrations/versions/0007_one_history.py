"""One line of history: the domain branches (facilities, faqbot, courses+vouchers) join here,
so plain `flask db upgrade`, `migrate` and `downgrade` work; every later revision appends to it.

Revision ID: 0007_one_history
Revises: 0004_facilities, 0005_faqbot, 0006_waitlist_length
Create Date: 2026-12-01 10:00:00

"""

revision = '0007_one_history'
down_revision = ('0004_facilities', '0005_faqbot', '0006_waitlist_length')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
