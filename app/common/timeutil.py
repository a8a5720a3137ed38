"""Time: stored in UTC, shown in Asia/Shanghai with its offset."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import marshmallow as ma
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def today_local() -> date:
    return utcnow().astimezone(SHANGHAI).date()


def to_local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(SHANGHAI)


def as_utc(value: datetime) -> datetime:
    """An aware datetime in UTC; a naive one is taken to be Shanghai local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (naive storage) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class LocalDateTime(ma.fields.DateTime):
    """Dumps as ISO 8601 in Asia/Shanghai (+08:00); loads any offset, naive means Shanghai.

    A date alone ("2026-12-31") means the start of that day in Shanghai, or with
    end_of_day=True (an "until" field) its end: valid through the whole of the 31st."""

    def __init__(self, *args, end_of_day: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.end_of_day = end_of_day

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return to_local(value).isoformat()

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value.strip()) == 10:
            day = ma.fields.Date()._deserialize(value.strip(), attr, data, **kwargs)
            moment = datetime.combine(day, time.max if self.end_of_day else time.min, SHANGHAI)
            return as_utc(moment)
        parsed = super()._deserialize(value, attr, data, **kwargs)
        return as_utc(parsed)


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (age in months on `end`)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months
