"""content/health/: the immunisation schedule, the check-up plan and the warning signs.

Each file is validated by building the schedule from it (the same code that answers parents), so
a file the service could not use never loads; the validated document is stored whole.
"""
from datetime import date
from pathlib import Path

from app.common.content import ContentError, content_loader, read_yaml
from app.extensions import db
from app.health import schedule
from app.health.models import HealthContent

FOLDER = "health"
CONFIDENCE = {"confirmed-by-source", "single-source", "unconfirmed"}
BUILDERS = {
    "immunization": schedule.immunization_from,
    "checkups": schedule.checkups_from,
    "warning_signs": schedule.warning_signs_from,
}


@content_loader("health", order=50)
def load(root: Path) -> dict:
    counts = {}
    for name, build in BUILDERS.items():
        path = root / FOLDER / f"{name}.yaml"
        document = read_yaml(path)
        if not isinstance(document, dict):
            raise ContentError(path, "文件内容应为映射（键: 值）")
        document = _json_ready(document)
        try:
            built = build(document)
        except KeyError as exc:
            raise ContentError(path, "缺少必填字段", field=str(exc.args[0])) from None
        except (TypeError, ValueError) as exc:
            raise ContentError(path, str(exc)) from None
        counts[name] = _check(path, name, built)
        row = db.session.get(HealthContent, name)
        if row is None:
            db.session.add(HealthContent(name=name, document=document))
        elif row.document != document:
            row.document = document
    return counts


def _check(path: Path, name: str, built) -> int:
    if name == "immunization":
        vaccines = built.vaccines + tuple(v for vs in built.provincial.values() for v in vs)
        keys = [v.key for v in vaccines]
        for v in vaccines:
            if keys.count(v.key) > 1:
                raise ContentError(path, "疫苗 key 重复", entry=v.key)
            if v.sex not in (None, "male", "female"):
                raise ContentError(path, "sex 只能是 male 或 female", entry=v.key, field="sex")
            numbers = [d.dose for d in v.doses]
            if numbers != list(range(1, len(numbers) + 1)):
                raise ContentError(path, "剂次应从1开始连续编号", entry=v.key, field="dose")
            for d in v.doses:
                _confidence(path, f"{v.key} 第{d.dose}剂", d.confidence)
        return sum(len(v.doses) for v in vaccines)
    if name == "checkups":
        keys = [v.key for v in built.visits]
        ages = [v.at.after(date(2000, 1, 1)) for v in built.visits]
        if len(set(keys)) != len(keys):
            raise ContentError(path, "体检 key 重复", field="key")
        if ages != sorted(ages):
            raise ContentError(path, "体检应按年龄从小到大排列", field="at")
        for v in built.visits:
            _confidence(path, v.key, v.confidence)
        return len(built.visits)
    _confidence(path, None, built.confidence)
    months = [b.months for b in built.bands]
    if months != sorted(set(months)):
        raise ContentError(path, "月龄应从小到大且不重复", field="months")
    return sum(len(b.signs) for b in built.bands)


def _confidence(path, entry, value) -> None:
    if value not in CONFIDENCE:
        raise ContentError(path, f"confidence 应为 {'、'.join(sorted(CONFIDENCE))} 之一",
                           entry=entry, field="confidence")


def _json_ready(value):
    """YAML dates become ISO strings, so the stored JSON reads back as it was written."""
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


_BUILT: dict[str, tuple] = {}


def current(name: str):
    """The schedule built from the loaded document (rebuilt when a load changed it)."""
    from app.common.errors import DomainError

    row = db.session.get(HealthContent, name)
    if row is None:
        raise DomainError("health_content_not_loaded", "健康档案的程序内容尚未加载，请稍后再试",
                          status=503)
    cached = _BUILT.get(name)
    if cached is None or cached[0] != row.document:
        cached = (row.document, BUILDERS[name](row.document))
        _BUILT[name] = cached
    return cached[1]
