"""Append-only tables enforced by the database itself: triggers that refuse UPDATE and DELETE on
PostgreSQL and SQLite, so no code path, script or console can rewrite the ledger (the ORM events
in the models only stop the ORM).

A migration makes a table append-only with `make_append_only(op, "table")` in upgrade() and
`drop_append_only(op, "table")` in downgrade(); the audit log's migration reuses both.
"""
from contextlib import contextmanager

from sqlalchemy import text

# What the database says when something tries; tests and logs look for it.
REFUSAL = "append-only ledger"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$"""


def _statements(dialect: str, table: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements for the triggers guarding `table`."""
    if dialect == "postgresql":
        name = f"{table}_append_only"
        return ([_PG_FUNCTION,
                 f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
                 f"FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()"],
                [f"DROP TRIGGER IF EXISTS {name} ON {table}"])
    if dialect == "sqlite":
        create, drop = [], []
        for action in ("UPDATE", "DELETE"):
            name = f"{table}_no_{action.lower()}"
            create.append(f"CREATE TRIGGER {name} BEFORE {action} ON {table} BEGIN "
                          f"SELECT RAISE(ABORT, '{REFUSAL}: {action} on {table} refused'); END")
            drop.append(f"DROP TRIGGER IF EXISTS {name}")
        return create, drop
    raise NotImplementedError(f"append-only triggers for {dialect}")


def make_append_only(op, table: str) -> None:
    for statement in _statements(op.get_bind().dialect.name, table)[0]:
        op.execute(statement)


def drop_append_only(op, table: str) -> None:
    for statement in _statements(op.get_bind().dialect.name, table)[1]:
        op.execute(statement)


@contextmanager
def sqlite_guard_lifted(connection):
    """Inside one transaction, SQLite's ledger triggers dropped and then re-created as they were:
    only for the test suite emptying its database between tests (on PostgreSQL it uses TRUNCATE,
    which fires no row triggers)."""
    triggers = connection.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE :refusal"),
        {"refusal": f"%{REFUSAL}%"}).all()
    for name, _ in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _, sql in triggers:
        connection.execute(text(sql))
