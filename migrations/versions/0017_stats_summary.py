"""The statistics' summaries, kept by triggers in the transaction of every write and filled from
today's rows: booking outcomes per session (session_outcome, from booking) and the bot's
questions per Beijing day and decision (faq_day, from faq_log); indexes for the overview's
vouchers, redemptions and supply figures

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


def _add(row: str) -> str:
    """Count `row` (NEW) in its session's row, creating it on the session's first booking."""
    values = ", ".join(f"CASE WHEN {row}.status = '{c}' THEN 1 ELSE 0 END"
                       for c in ("confirmed", "attended", "no_show"))
    return (f"INSERT INTO session_outcome (session_id, confirmed, attended, no_show) "
            f"VALUES ({row}.session_id, {values}) ON CONFLICT (session_id) DO UPDATE SET "
            + ", ".join(f"{c} = session_outcome.{c} + excluded.{c}"
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


# faq_day: +1 for a logged question on its Beijing day and decision, -1 when a log row goes
_PG_DAY = "to_char({row}.asked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
_SQLITE_DAY = "strftime('%Y-%m-%d', {row}.asked_at, '+8 hours')"


def _bot(day: str, row: str, sign: str) -> str:
    return (f"INSERT INTO faq_day (day, decision, questions) VALUES "
            f"({day.format(row=row)}, {row}.decision, {sign}1) ON CONFLICT (day, decision) "
            f"DO UPDATE SET questions = faq_day.questions + excluded.questions")


_PG_BOT = [
    f"""CREATE FUNCTION count_faq_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_bot(_PG_DAY, 'OLD', '-')};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_bot(_PG_DAY, 'NEW', '+')};
    END IF;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER faq_day_insert_delete AFTER INSERT OR DELETE ON faq_log "
    "FOR EACH ROW EXECUTE FUNCTION count_faq_day()",
    "CREATE TRIGGER faq_day_update AFTER UPDATE OF asked_at, decision ON faq_log "
    "FOR EACH ROW WHEN (OLD.asked_at IS DISTINCT FROM NEW.asked_at "
    "OR OLD.decision IS DISTINCT FROM NEW.decision) EXECUTE FUNCTION count_faq_day()",
]
_PG_BOT_DROP = ["DROP TRIGGER IF EXISTS faq_day_update ON faq_log",
                "DROP TRIGGER IF EXISTS faq_day_insert_delete ON faq_log",
                "DROP FUNCTION IF EXISTS count_faq_day()"]
_SQLITE_BOT = [
    f"CREATE TRIGGER faq_day_insert AFTER INSERT ON faq_log "
    f"BEGIN {_bot(_SQLITE_DAY, 'NEW', '+')}; END",
    f"CREATE TRIGGER faq_day_delete AFTER DELETE ON faq_log "
    f"BEGIN {_bot(_SQLITE_DAY, 'OLD', '-')}; END",
    f"CREATE TRIGGER faq_day_update AFTER UPDATE OF asked_at, decision ON faq_log "
    f"WHEN OLD.asked_at IS NOT NEW.asked_at OR OLD.decision IS NOT NEW.decision "
    f"BEGIN {_bot(_SQLITE_DAY, 'OLD', '-')}; {_bot(_SQLITE_DAY, 'NEW', '+')}; END",
]
_SQLITE_BOT_DROP = ["DROP TRIGGER IF EXISTS faq_day_update",
                    "DROP TRIGGER IF EXISTS faq_day_delete",
                    "DROP TRIGGER IF EXISTS faq_day_insert"]


def _bot_fill(day: str) -> str:
    return (f"INSERT INTO faq_day (day, decision, questions) SELECT {day.format(row='faq_log')}, "
            f"decision, COUNT(*) FROM faq_log GROUP BY {day.format(row='faq_log')}, decision")


INDEXES = [("voucher", "ix_voucher_issued_at", ["issued_at"]),
           ("redemption", "ix_redemption_redeemed_venue", ["redeemed_at", "venue_id", "id"]),
           ("facility", "ix_facility_supply", ["status", "district", "places", "inclusive",
                                               "inclusive_places", "demonstration_level"])]


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
    op.create_table(
        'faq_day',
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=False),
        sa.Column('questions', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'decision'),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in (_PG + _PG_BOT) if postgres else (_SQLITE + _SQLITE_BOT):
        op.execute(statement)
    op.execute(_FILL)
    op.execute(_bot_fill(_PG_DAY if postgres else _SQLITE_DAY))
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for table, name, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in (_PG_BOT_DROP + _PG_DROP) if postgres else (_SQLITE_BOT_DROP + _SQLITE_DROP):
        op.execute(statement)
    op.drop_table('faq_day')
    op.drop_table('session_outcome')
