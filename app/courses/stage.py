"""A child's stage on the course axis of months: -12 备孕, -10..-1 孕期, 0.. age in months.

Plain Python, no Flask: used by the booking rules and the catalogue filter alike.
"""
from datetime import date

from app.common.timeutil import months_between
from app.courses.models import MAX_AGE_MONTHS, PREGNANCY_FIRST, PREPREGNANCY


def stage_months(birth_date: date | None, due_date: date | None, on: date) -> int:
    """Age in whole months on `on`; before birth, minus the months still to go (at least -10)."""
    if birth_date is not None:
        return months_between(birth_date, on)
    if due_date is None or on >= due_date:
        return 0
    return max(PREGNANCY_FIRST, -(months_between(on, due_date) + 1))


def stage_label(months: int) -> str:
    if months <= PREPREGNANCY:
        return "备孕"
    if months < 0:
        return "孕期"
    return f"{months}月龄"


def range_label(lo: int, hi: int) -> str:
    """The target stage of a course in words: 备孕 / 孕期 / 孕期至12月龄 / 6–12月龄 / 0–36月龄."""
    if hi < 0:
        return "备孕" if hi <= PREPREGNANCY else ("备孕至孕期" if lo <= PREPREGNANCY else "孕期")
    start = "备孕" if lo <= PREPREGNANCY else ("孕期" if lo < 0 else None)
    end = f"{hi}月龄" if hi < MAX_AGE_MONTHS else f"{MAX_AGE_MONTHS}月龄以上"
    if start:
        return f"{start}至{end}"
    return f"{lo}月龄" if lo == hi else f"{lo}–{end}"


def fits(lo: int, hi: int, months: int) -> bool:
    return lo <= months <= hi
