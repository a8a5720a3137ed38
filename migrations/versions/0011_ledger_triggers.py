"""The redemption ledger is append-only in the database: triggers refuse UPDATE and DELETE on
redemption and redemption_reversal (PostgreSQL and SQLite), not only the ORM events.

Revision ID: 0011_ledger_triggers
Revises: 0013_parent_view
Create Date: 2026-12-01 10:00:00

"""
from alembic import op

from app.common.ledger import drop_append_only, make_append_only

revision = '0011_ledger_triggers'
down_revision = '0013_parent_view'
branch_labels = None
depends_on = None

LEDGER = ("redemption", "redemption_reversal")


def upgrade():
    for table in LEDGER:
        make_append_only(op, table)


def downgrade():
    for table in reversed(LEDGER):
        drop_append_only(op, table)

