"""Vaccinations: the national schedule for this child's age, and the doses the parent records."""
from flask import current_app
from sqlalchemy import select

from app.accounts.models import User
from app.common.errors import DomainError, InvalidInput
from app.common.timeutil import today_local
from app.extensions import db
from app.health import content, schedule
from app.health.consent import check_date, child_record, require_consent
from app.health.models import DoseRecord


def _province() -> str | None:
    return current_app.config.get("HEALTH_PROVINCE")


def given_doses(child_id: int) -> dict[tuple[str, int], object]:
    rows = db.session.scalars(select(DoseRecord).where(DoseRecord.child_id == child_id))
    return {(r.vaccine, r.dose): r.given_on for r in rows}


def vaccinations(user: User, child_id: int) -> dict:
    child = child_record(user, child_id)
    plan = content.current("immunization")
    doses = schedule.doses_for(child, given_doses(child.id), today_local(), plan, _province())
    return {"child_id": child.id, "edition": plan.edition, "doses": doses,
            "general_rules": list(plan.general_rules), "clinic_advice": plan.clinic_advice,
            "self_reported": "这里记录的是您自己填写的剂次，以预防接种证和接种门诊的记录为准。"}


def upcoming_for(child, within_days: int = 7, today=None) -> list[dict]:
    """For the bot and the reminder outbox (the caller has checked the child is the asker's):
    doses due, overdue, or due within `within_days`, each with its source."""
    return schedule.next_doses(child, given_doses(child.id), today or today_local(),
                               content.current("immunization"), _province(), within_days)


def record_dose(user: User, child_id: int, data: dict) -> DoseRecord:
    child = child_record(user, child_id)
    require_consent(user)
    plan = content.current("immunization")
    rule = plan.dose_rule(data["vaccine"], data["dose"], _province())
    if rule is None:
        raise InvalidInput("dose", "国家免疫规划程序中没有这种疫苗的这一剂，请检查疫苗和剂次")
    check_date(child, "given_on", data["given_on"], "接种日期")
    existing = db.session.scalars(select(DoseRecord).where(
        DoseRecord.child_id == child.id, DoseRecord.vaccine == data["vaccine"],
        DoseRecord.dose == data["dose"])).first()
    if existing is not None:
        raise DomainError("dose_already_recorded",
                          f"{rule.vaccine_name}第{rule.dose}剂已记录（{existing.given_on.isoformat()}）",
                          status=409)
    row = DoseRecord(child_id=child.id, **data)
    db.session.add(row)
    db.session.flush()
    return row
