"""Development: the warning-sign checklist for the child's age band and the parent's answers.
A sign present is a prompt to see the child-health clinic, never a diagnosis."""
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.service import age_in_months
from app.common.errors import InvalidInput
from app.common.timeutil import today_local
from app.extensions import db
from app.health import content, schedule
from app.health.consent import child_record, require_consent
from app.health.models import DevelopmentCheck


def _band(signs, child, band_months: int | None):
    if band_months is None:
        return schedule.band_for_age(signs, age_in_months(child))
    band = signs.band(band_months)
    if band is None:
        months = "、".join(str(b.months) for b in signs.bands)
        raise InvalidInput("band", f"预警征象按月龄 {months} 列出，请选其中之一")
    return band


def checklist(user: User, child_id: int, band_months: int | None = None) -> dict:
    child = child_record(user, child_id)
    signs = content.current("warning_signs")
    band = _band(signs, child, band_months)
    answered = None
    if band is not None:
        answered = db.session.scalars(select(DevelopmentCheck).where(
            DevelopmentCheck.child_id == child.id,
            DevelopmentCheck.band_months == band.months)).first()
    return _result(child, signs, band, answered)


def answer(user: User, child_id: int, data: dict) -> dict:
    child = child_record(user, child_id)
    require_consent(user)
    signs = content.current("warning_signs")
    band = _band(signs, child, data["band"])
    if age_in_months(child) < band.months:
        raise InvalidInput("band", f"孩子还没到 {band.months} 月龄，到时再填写这一组")
    keys = {key for key, _ in band.signs}
    answers = data["answers"]
    unknown = sorted(set(answers) - keys)
    if unknown:
        raise InvalidInput("answers", f"这一组没有这些条目：{'、'.join(unknown)}")
    missing = sorted(keys - set(answers))
    if missing:
        raise InvalidInput("answers", f"请回答每一条（还缺 {'、'.join(missing)}）")
    row = db.session.scalars(select(DevelopmentCheck).where(
        DevelopmentCheck.child_id == child.id,
        DevelopmentCheck.band_months == band.months)).first()
    if row is None:
        row = DevelopmentCheck(child_id=child.id, band_months=band.months)
        db.session.add(row)
    row.answers, row.answered_on = dict(answers), today_local()
    db.session.flush()
    return _result(child, signs, band, row)


def _result(child, signs, band, answered) -> dict:
    source = signs.source.as_dict()
    if band is None:
        return {"child_id": child.id, "band": None, "signs": [], "answered_on": None,
                "positive": [], "advice": None, "confidence": signs.confidence,
                "source": source,
                "message": "这个年龄没有列出的预警征象筛查（3月龄开始；本清单到36月龄）。"
                           "发育情况请在儿童健康检查时请医生评估。"}
    answers = answered.answers if answered else {}
    positive = [text for key, text in band.signs if answers.get(key)]
    advice = None
    if answered is not None:
        advice = signs.advice if positive else signs.all_clear
    return {
        "child_id": child.id, "band": band.months,
        "signs": [{"key": key, "text": text, "present": answers.get(key)}
                  for key, text in band.signs],
        "answered_on": answered.answered_on if answered else None,
        "positive": positive, "advice": advice, "confidence": signs.confidence,
        "source": source,
        "message": "对照孩子现在的表现，逐条回答“是否存在这种情况”。出现任何一条，"
                   "都建议到儿童保健门诊进一步评估；这不是诊断。",
    }
