"""The separate consent for the health record, access to a child's record, and the record's
part of the person's data (export, erasure) under PIPL."""
from sqlalchemy import delete, func, select

from app.accounts.models import Child, User
from app.accounts.service import get_child
from app.common.errors import DomainError, Forbidden, InvalidInput
from app.common.timeutil import today_local, utcnow
from app.extensions import db
from app.health.models import CheckupRecord, DevelopmentCheck, DoseRecord, Measurement

RECORD_TABLES = (Measurement, DoseRecord, CheckupRecord, DevelopmentCheck)


def set_health_consent(user: User, given: bool, confirm_deletion: bool) -> None:
    """Give, or withdraw, the consent; withdrawing deletes the whole record, once the parent has
    been told how much that is and confirmed."""
    if given:
        if user.consent_at is None:
            raise Forbidden("consent_required",
                            "请先阅读并同意《儿童个人信息保护规则》，再同意保存健康档案")
        if user.health_consent_at is None:
            user.health_consent_at = utcnow()
        return
    if user.health_consent_at is None:
        return
    held = record_count(user)
    if held and not confirm_deletion:
        raise DomainError(
            "health_record_will_be_deleted",
            f"撤回同意后，孩子的健康档案（共 {held} 条记录：生长测量、接种、体检、发育筛查）"
            "将被全部删除且无法恢复。确认撤回请同时提交 confirm_health_record_deletion: true",
            status=409)
    erase_for(user)
    user.health_consent_at = None


def child_record(user: User, child_id: int) -> Child:
    """The user's own born child (another's is a 404 from accounts)."""
    child = get_child(user, child_id)
    if child.birth_date is None:
        raise DomainError("child_not_born", "宝宝出生后才能记录健康档案，请先填写出生日期",
                          status=409)
    return child


def check_date(child: Child, field: str, value, what: str) -> None:
    """A recorded event happened between the child's birth and today."""
    if value < child.birth_date:
        raise InvalidInput(field, f"{what}不能早于出生日期")
    if value > today_local():
        raise InvalidInput(field, f"{what}不能晚于今天")


def require_consent(user: User) -> None:
    if user.health_consent_at is None:
        raise Forbidden("health_consent_required",
                        "保存孩子的健康信息前，需要您单独同意《健康档案信息处理规则》"
                        "（PATCH /api/v1/me {\"health_consent\": true}）")


def _child_ids(user: User):
    return select(Child.id).where(Child.parent_id == user.id)


def record_count(user: User) -> int:
    ids = _child_ids(user)
    return sum(db.session.scalar(select(func.count()).select_from(t).where(t.child_id.in_(ids)))
               for t in RECORD_TABLES)


# --- personal data (registered with app.common.personal_data) ------------------------------

def export_for(user: User) -> dict:
    children = list(db.session.scalars(select(Child).where(Child.parent_id == user.id)
                                       .order_by(Child.id)))
    return {
        "health_consent_at": user.health_consent_at.isoformat() if user.health_consent_at
        else None,
        "children": [_export_child(c) for c in children],
    }


def _export_child(child: Child) -> dict:
    def rows(model, order):
        return db.session.scalars(select(model).where(model.child_id == child.id).order_by(order))

    return {
        "child_id": child.id,
        "measurements": [{"id": m.id, "measured_on": m.measured_on.isoformat(),
                          "weight_kg": m.weight_kg, "length_cm": m.length_cm,
                          "head_cm": m.head_cm, "position": m.position}
                         for m in rows(Measurement, Measurement.measured_on)],
        "vaccinations": [{"vaccine": d.vaccine, "dose": d.dose,
                          "given_on": d.given_on.isoformat(), "place": d.place}
                         for d in rows(DoseRecord, DoseRecord.given_on)],
        "checkups": [{"visit": c.visit, "done_on": c.done_on.isoformat(), "place": c.place}
                     for c in rows(CheckupRecord, CheckupRecord.done_on)],
        "development": [{"band_months": d.band_months, "answered_on": d.answered_on.isoformat(),
                         "answers": d.answers}
                        for d in rows(DevelopmentCheck, DevelopmentCheck.band_months)],
    }


def erase_for(user: User) -> None:
    from app.health import reminders

    reminders.erase_for(user)
    ids = _child_ids(user)
    for table in RECORD_TABLES:
        db.session.execute(delete(table).where(table.child_id.in_(ids)))


def erase_for_child(child: Child) -> None:
    from app.health import reminders

    reminders.erase_for_child(child)
    for table in RECORD_TABLES:
        db.session.execute(delete(table).where(table.child_id == child.id))
