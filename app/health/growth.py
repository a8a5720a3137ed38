"""Growth: a child's measurements, checked for plausibility, evaluated on the growth standard."""
from datetime import date

from sqlalchemy import select

from app.accounts.models import Child, User
from app.common.errors import DomainError, InvalidInput, NotFound
from app.extensions import db
from app.health import bands
from app.health.consent import check_date, child_record, require_consent
from app.health.models import Measurement
from app.health.standards import INDICATOR_NAMES, default_position, default_standard

# Physiological bounds for a child of 0–6 years: outside them the value is a typo, not a child.
BOUNDS = {
    "weight_kg": (0.5, 50.0, "体重", "公斤"),
    "length_cm": (35.0, 140.0, "身长/身高", "厘米"),
    "head_cm": (25.0, 60.0, "头围", "厘米"),
}
MEASURES = tuple(BOUNDS)
CONFIRM_BEYOND_Z = 5.0
_FIELD_OF = {"wfa": "weight_kg", "lhfa": "length_cm", "wflh": "weight_kg", "bmi": "weight_kg",
             "hcfa": "head_cm"}


def require_sex(child: Child) -> str:
    if child.sex not in ("male", "female"):
        raise DomainError("child_sex_required",
                          "评价生长发育需要孩子的性别，请先在孩子信息中填写（male 男 / female 女）",
                          status=409, errors={"sex": ["请填写孩子的性别"]})
    return child.sex


def _measurement(child: Child, measurement_id: int) -> Measurement:
    row = db.session.get(Measurement, measurement_id)
    if row is None or row.child_id != child.id:
        raise NotFound("measurement_not_found", "没有找到这条测量记录")
    return row


def _check(child: Child, values: dict, confirm: bool) -> None:
    """Validate first: every bound, the date, then how far from the standard each value lies."""
    if not any(values.get(m) is not None for m in MEASURES):
        raise InvalidInput("weight_kg", "请至少填写体重、身长/身高、头围中的一项")
    for field, (low, high, name, unit) in BOUNDS.items():
        value = values.get(field)
        if value is not None and not low <= value <= high:
            raise InvalidInput(field, f"{name}应在 {low:g}—{high:g} {unit}之间，请检查是否填错",
                               code="implausible_measurement")
    check_date(child, "measured_on", values["measured_on"], "测量日期")
    sex = require_sex(child)
    if confirm:
        return
    for score in _scores(sex, child.birth_date, values):
        if abs(score.z) > CONFIRM_BEYOND_Z:
            field = _FIELD_OF[score.indicator]
            message = (f"{INDICATOR_NAMES[score.indicator]}的Z评分为 {score.z:+.1f}，"
                       f"超出 ±{CONFIRM_BEYOND_Z:g} 的常见范围。请核对数值和单位；"
                       "确认无误请加上 \"confirm\": true 重新提交")
            raise DomainError("measurement_needs_confirmation", message, status=422,
                              errors={field: [message]})


def _scores(sex: str, born: date, values: dict):
    return default_standard().evaluate(
        sex, born, values["measured_on"], weight_kg=values.get("weight_kg"),
        length_cm=values.get("length_cm"), head_cm=values.get("head_cm"),
        position=values.get("position"))


def _values(row: Measurement) -> dict:
    return {"measured_on": row.measured_on, "weight_kg": row.weight_kg,
            "length_cm": row.length_cm, "head_cm": row.head_cm, "position": row.position}


def _settle_position(child: Child, values: dict) -> None:
    if values.get("length_cm") is None:
        values["position"] = None
    elif values.get("position") is None:
        values["position"] = default_position((values["measured_on"] - child.birth_date).days)


def list_measurements(user: User, child_id: int) -> list[Measurement]:
    child = child_record(user, child_id)
    return list(db.session.scalars(select(Measurement).where(Measurement.child_id == child.id)
                                   .order_by(Measurement.measured_on, Measurement.id)))


def get_measurement(user: User, child_id: int, measurement_id: int) -> Measurement:
    return _measurement(child_record(user, child_id), measurement_id)


def add_measurement(user: User, child_id: int, data: dict) -> Measurement:
    child = child_record(user, child_id)
    require_consent(user)
    confirm = data.pop("confirm", False)
    _settle_position(child, data)
    _check(child, data, confirm)
    row = Measurement(child_id=child.id, **data)
    db.session.add(row)
    db.session.flush()
    return row


def update_measurement(user: User, child_id: int, measurement_id: int, data: dict) -> Measurement:
    child = child_record(user, child_id)
    require_consent(user)
    row = _measurement(child, measurement_id)
    confirm = data.pop("confirm", False)
    values = {**_values(row), **data}
    if "length_cm" in data and "position" not in data:
        values["position"] = None
    _settle_position(child, values)
    _check(child, values, confirm)
    for field, value in values.items():
        setattr(row, field, value)
    db.session.flush()
    return row


def delete_measurement(user: User, child_id: int, measurement_id: int) -> None:
    child = child_record(user, child_id)
    db.session.delete(_measurement(child, measurement_id))
    db.session.flush()


def growth(user: User, child_id: int) -> dict:
    """Every measurement with its z-scores, percentiles and bands; the standard named."""
    child = child_record(user, child_id)
    sex = require_sex(child)
    standard = default_standard()
    rows = list_measurements(user, child_id)
    items = []
    for row in rows:
        scores = _scores(sex, child.birth_date, _values(row))
        age_days = (row.measured_on - child.birth_date).days
        items.append({
            "measurement": row, "age_days": age_days,
            "evaluated": age_days <= standard.max_age_days,
            "indicators": [{
                "indicator": s.indicator, "name": INDICATOR_NAMES[s.indicator],
                "value": s.value, "z": s.z, "percentile": s.percentile,
                "level": bands.level(s.z), "classification": bands.classification(s.indicator, s.z),
            } for s in scores],
        })
    return {"child_id": child.id, "sex": sex, "standard": _standard_info(standard),
            "measurements": items}


def _standard_info(standard) -> dict:
    return {**standard.describe(), "bands_source": bands.SOURCE, "bands_url": bands.URL,
            "note": bands.NOTE,
            "age_range": f"出生至{standard.max_age_days // 365}岁"}

