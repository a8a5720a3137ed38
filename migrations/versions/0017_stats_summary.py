"""The statistics' summary of booking outcomes per session (session_outcome), kept by triggers on
booking in the same transaction as every booking write, and filled from today's bookings

Revision ID: 0017_stats_summary
Revises: 0016_audit_and_stats
Create Date: 2026-12-01 12:40:00

Triggers rather than calls in the services: a booking's status is written by booking.py (through
raw SQL on the hot path), waitlist.py, offers.py, attendance.py and personal-data erasure; a
trigger sees every one of them, and scripts too, and cannot be forgotten by the next one. The
row it updates belongs to the booking's session, whose row those writers lock first
(app/common/locking.py), so it adds no new wait between two bookings of different sessions.
"""
from alembic import op
import sqlalchemy as sa


revision = '0017_stats_summary'
down_revision = '0016_audit_and_stats'
branch_labels = None
depends_on = None

COUNTED = "('confirmed', 'attended', 'no_show')"


def _delta(row: str, sign: str) -> str:
    return ", ".join(f"{column} = {column} {sign} CASE WHEN {row}.status = '{column}' THEN 1 "
                     f"ELSE 0 END" for column in ("confirmed", "attended", "no_show"))


def _add(row: str, table: str = "session_outcome") -> str:
    """Count `row` (NEW) in its session's row, creating it on the session's first booking."""
    values = ", ".join(f"CASE WHEN {row}.status = '{c}' THEN 1 ELSE 0 END"
                       for c in ("confirmed", "attended", "no_show"))
    return (f"INSERT INTO session_outcome (session_id, confirmed, attended, no_show) "
            f"VALUES ({row}.session_id, {values}) ON CONFLICT (session_id) DO UPDATE SET "
            + ", ".join(f"{c} = {table}.{c} + excluded.{c}"
                        for c in ("confirmed", "attended", "no_show")))


def _take(row: str) -> str:
    """Uncount `row` (OLD) from its session's row."""
    return f"UPDATE session_outcome SET {_delta(row, '-')} WHERE session_id = {row}.session_id"


_PG = [
    f"""CREATE FUNCTION count_session_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {COUNTED} THEN
        {_take('OLD')};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN {COUNTED} THEN
        {_add('NEW')};
    END IF;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER booking_outcome_insert_delete AFTER INSERT OR DELETE ON booking "
    "FOR EACH ROW EXECUTE FUNCTION count_session_outcome()",
    "CREATE TRIGGER booking_outcome_update AFTER UPDATE OF status, session_id ON booking "
    "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status "
    "OR OLD.session_id IS DISTINCT FROM NEW.session_id) "
    "EXECUTE FUNCTION count_session_outcome()",
]
_PG_DROP = ["DROP TRIGGER IF EXISTS booking_outcome_update ON booking",
            "DROP TRIGGER IF EXISTS booking_outcome_insert_delete ON booking",
            "DROP FUNCTION IF EXISTS count_session_outcome()"]

_SQLITE = [
    f"CREATE TRIGGER booking_outcome_insert AFTER INSERT ON booking "
    f"WHEN NEW.status IN {COUNTED} BEGIN {_add('NEW')}; END",
    f"CREATE TRIGGER booking_outcome_delete AFTER DELETE ON booking "
    f"WHEN OLD.status IN {COUNTED} BEGIN {_take('OLD')}; END",
    # both statements every time: a status outside COUNTED adds or takes zeros
    f"CREATE TRIGGER booking_outcome_update AFTER UPDATE OF status, session_id ON booking "
    f"WHEN OLD.status IS NOT NEW.status OR OLD.session_id IS NOT NEW.session_id "
    f"BEGIN {_take('OLD')}; {_add('NEW')}; END",
]
_SQLITE_DROP = ["DROP TRIGGER IF EXISTS booking_outcome_update",
                "DROP TRIGGER IF EXISTS booking_outcome_delete",
                "DROP TRIGGER IF EXISTS booking_outcome_insert"]

_FILL = ("INSERT INTO session_outcome (session_id, confirmed, attended, no_show) "
         "SELECT session_id, " + ", ".join(
             f"SUM(CASE WHEN status = '{c}' THEN 1 ELSE 0 END)"
             for c in ("confirmed", "attended", "no_show"))
         + f" FROM booking WHERE status IN {COUNTED} GROUP BY session_id")


def upgrade():
    op.create_table(
        'session_outcome',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('confirmed', sa.Integer(), nullable=False),
        sa.Column('attended', sa.Integer(), nullable=False),
        sa.Column('no_show', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['course_session.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_id'),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _PG if postgres else _SQLITE:
        op.execute(statement)
    op.execute(_FILL)


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _PG_DROP if postgres else _SQLITE_DROP:
        op.execute(statement)
    op.drop_table('session_outcome')
