"""Read and write AppState values (shared by every worker through the database)."""
from app.common.models import AppState
from app.extensions import db


def get_state(key: str) -> str | None:
    row = db.session.get(AppState, key)
    return row.value if row else None


def set_state(key: str, value: str) -> None:
    """Stage the value in the current transaction; the caller commits."""
    row = db.session.get(AppState, key)
    if row is None:
        db.session.add(AppState(key=key, value=value))
    else:
        row.value = value
