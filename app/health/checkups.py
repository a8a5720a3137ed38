"""Check-ups: the 0–6 health management schedule for this child, and the visits recorded."""
from sqlalchemy import select

from app.accounts.models import User
from app.common.errors import DomainError, InvalidInput
from app.common.timeutil import today_local
from app.extensions import db
from app.health import content, schedule
from app.health.consent import check_date, child_record, require_consent
from app.health.models import CheckupRecord


def done_visits(child_id: int) -> dict:
    rows = db.session.scalars(select(CheckupRecord).where(CheckupRecord.child_id == child_id))
    return {r.visit: r.done_on for r in rows}


def checkups(user: User, child_id: int) -> dict:
    child = child_record(user, child_id)
    plan = content.current("checkups")
    done = done_visits(child.id)
    today = today_local()
    return {"child_id": child.id, "visits": schedule.checkups_for(child, done, today, plan),
            "next": schedule.next_checkup(child, done, today, plan)}


def next_for(child, today=None) -> dict | None:
    """For the bot and the reminder outbox: the visit due now or next, with its source."""
    return schedule.next_checkup(child, done_visits(child.id), today or today_local(),
                                 content.current("checkups"))


def record_checkup(user: User, child_id: int, data: dict) -> CheckupRecord:
    child = child_record(user, child_id)
    require_consent(user)
    plan = content.current("checkups")
    visit = next((v for v in plan.visits if v.key == data["visit"]), None)
    if visit is None:
        keys = "、".join(v.key for v in plan.visits)
        raise InvalidInput("visit", f"没有这项体检，可选：{keys}")
    check_date(child, "done_on", data["done_on"], "体检日期")
    if visit.key in done_visits(child.id):
        raise DomainError("checkup_already_recorded", f"{visit.name}已记录", status=409)
    row = CheckupRecord(child_id=child.id, **data)
    db.session.add(row)
    db.session.flush()
    return row
