"""The templates and kinds of content/notifications/templates.yaml, validated, and the values of
a subscribe message checked and cut to WeChat's limits (plain Python, no Flask)."""
import re
import string
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.common import yamlfile
from app.common.timeutil import to_local

FIELD_TYPES = ("thing", "number", "letter", "symbol", "character_string", "time", "date",
               "amount", "phone_number", "car_number", "name", "phrase")
_FIELD_NAME = re.compile(r"^[a-z_]+[0-9]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


class TemplateError(Exception):
    def __init__(self, file, message, entry=None, field=None):
        self.file, self.message, self.entry, self.field = str(file), message, entry, field
        where = self.file + (f" [{entry}]" if entry else "") + (f" {field}" if field else "")
        super().__init__(f"{where}: {message}")


class ValueRejected(Exception):
    """A value that cannot be made to fit its WeChat field; names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    page: str
    fields: dict  # name -> (type, pattern)


@dataclass(frozen=True)
class Kind:
    key: str
    template: str
    needs: tuple
    values: dict
    title: str
    body: str


@dataclass(frozen=True)
class Catalogue:
    templates: dict
    kinds: dict

    def kind(self, key: str) -> Kind:
        return self.kinds[key]


def load(path: Path) -> Catalogue:
    data = yamlfile.read_yaml(path, TemplateError)
    if not isinstance(data, dict) or set(data) != {"templates", "kinds"}:
        raise TemplateError(path, "应只有 templates 与 kinds 两部分")
    templates = {key: _template(path, key, entry) for key, entry in data["templates"].items()}
    kinds = {key: _kind(path, key, entry, templates) for key, entry in data["kinds"].items()}
    return Catalogue(templates, kinds)


def _template(path, key, entry) -> Template:
    if not isinstance(entry, dict) or not entry.get("fields"):
        raise TemplateError(path, "需要 title、page 与 fields", entry=key)
    fields = {}
    for name, spec in entry["fields"].items():
        if not _FIELD_NAME.match(str(name)):
            raise TemplateError(path, "字段名应如 thing1、time2", entry=key, field=name)
        if not isinstance(spec, dict) or spec.get("type") not in FIELD_TYPES:
            raise TemplateError(path, "type 应为 " + "、".join(FIELD_TYPES), entry=key,
                                field=name)
        if not str(name).startswith(spec["type"]):
            raise TemplateError(path, f"字段名与类型 {spec['type']} 不符", entry=key, field=name)
        fields[name] = (spec["type"], str(spec.get("value", "")))
    for needed in ("title", "page"):
        if not entry.get(needed):
            raise TemplateError(path, "必填", entry=key, field=needed)
    return Template(key, entry["title"], entry["page"], fields)


def _kind(path, key, entry, templates) -> Kind:
    if not isinstance(entry, dict):
        raise TemplateError(path, "应为对象", entry=key)
    for needed in ("template", "needs", "title", "body"):
        if not entry.get(needed):
            raise TemplateError(path, "必填", entry=key, field=needed)
    if entry["template"] not in templates:
        raise TemplateError(path, "未定义的模板", entry=key, field="template")
    kind = Kind(key, entry["template"], tuple(entry["needs"]), dict(entry.get("values") or {}),
                entry["title"], entry["body"])
    known = set(kind.needs) | set(kind.values) | {"nid"}
    template = templates[kind.template]
    patterns = [("body", kind.body), ("title", kind.title), ("page", template.page)]
    patterns += [(name, p) for name, (_, p) in template.fields.items()]
    patterns += [(f"values.{name}", str(v)) for name, v in kind.values.items()]
    for where, pattern in patterns:
        missing = set(_placeholders(pattern)) - known
        if missing:
            raise TemplateError(path, "用到未提供的值 " + "、".join(sorted(missing)), entry=key,
                                field=where)
    return kind


def _placeholders(pattern: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(pattern) if name]


# --- rendering ------------------------------------------------------------------------------

def _display(name: str, value) -> str:
    """A value as the inbox shows it: *_at a local time, *_on a date."""
    if name.endswith("_at") and value:
        return to_local(_datetime(value)).strftime("%-m月%-d日 %H:%M")
    if name.endswith("_on") and value:
        day = date.fromisoformat(str(value)[:10])
        return f"{day.year}年{day.month}月{day.day}日"
    return str(value)


def _datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _values(kind: Kind, payload: dict, nid: int | None) -> dict:
    values = {name: _display(name, v) for name, v in payload.items()}
    values["nid"] = "" if nid is None else str(nid)
    for name, pattern in kind.values.items():
        values[name] = str(pattern).format(**values)
    return values


def inbox_text(kind: Kind, payload: dict) -> tuple[str, str]:
    values = _values(kind, payload, None)
    return _clean(kind.title.format(**values))[:64], _clean(kind.body.format(**values))[:255]


def page(kind: Kind, template: Template, payload: dict, nid: int) -> str:
    return template.page.format(**_values(kind, payload, nid))


def message_data(kind: Kind, template: Template, payload: dict) -> dict:
    """{"thing1": {"value": "…"}, …} with every value fitted to its type; raises ValueRejected."""
    display = _values(kind, payload, None)
    data = {}
    for name, (kind_of, pattern) in template.fields.items():
        placeholders = _placeholders(pattern)
        if kind_of in ("time", "date") and placeholders == [pattern.strip("{}")]:
            raw = {**payload, **kind.values}.get(placeholders[0])
            value = _time_value(name, kind_of, raw)
        else:
            value = fit(name, kind_of, pattern.format(**display))
        data[name] = {"value": value}
    return data


def _time_value(field: str, kind_of: str, raw) -> str:
    if raw in (None, ""):
        raise ValueRejected(field, "缺少时间")
    text = str(raw)
    try:
        if len(text) == 10:  # a date
            day = date.fromisoformat(text)
            return f"{day.year}年{day.month}月{day.day}日"
        local = to_local(_datetime(raw))
    except ValueError:
        raise ValueRejected(field, f"不是{'日期' if kind_of == 'date' else '时间'}") from None
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


_PATTERNS = {
    "number": (re.compile(r"^\d+(\.\d+)?$"), 32, "应为数字"),
    "letter": (re.compile(r"^[A-Za-z]+$"), 32, "应为字母"),
    "symbol": (re.compile(r"^[^\w\s]+$"), 5, "应为符号"),
    "character_string": (re.compile(r"^[\x21-\x7e]+$"), 32, "应为数字、字母或符号"),
    "amount": (re.compile(r"^[¥￥$]?\d{1,10}(\.\d+)?元?$"), 20, "应为金额"),
    "phone_number": (re.compile(r"^[\d+\-() ]+$"), 17, "应为电话号码"),
}


def fit(field: str, kind_of: str, text: str) -> str:
    """The text fitted to a WeChat field type (cut where cutting keeps its sense)."""
    text = _clean(text)
    if not text:
        raise ValueRejected(field, "不能为空")
    if kind_of == "thing":
        return _cut(text, 20)
    if kind_of == "phrase":
        han = "".join(_HAN.findall(text))
        if len(han) != len(text):
            raise ValueRejected(field, "phrase 只能是汉字")
        return han[:5]
    if kind_of == "name":
        limit = 10 if _HAN.search(text) else 20
        return text[:limit]
    if kind_of == "car_number":
        return text[:8]
    if kind_of in ("time", "date"):
        return text
    regex, limit, message = _PATTERNS[kind_of]
    if not regex.match(text) or len(text) > limit:
        raise ValueRejected(field, message + f"，不超过 {limit} 个字符")
    return text
