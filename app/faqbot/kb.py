"""The knowledge base as plain data, read and validated from content/faq/ (pure Python, no Flask).

Files (all under content/faq/):
  entries/*.yaml      static entries (the format in docs: id, topic, title, questions, answer, …)
  leave_entries.yaml  leave entries: like static ones, but `leave: <kind>` instead of answer and
                      sources; the answer is rendered from leave.yaml for the province in play
  leave.yaml          leave figures: national baseline and per province (see leave.py)
  gazetteer.yaml      place names -> province
  colloquial.yaml     (optional) colloquial and dialect words -> plain words (see colloquial.py)
  synonyms.yaml       rewrites, synonyms, rules, typo terms, stopwords (see lexicon.py)
  userdict.txt        jieba user dictionary
  personal.yaml       (optional) what an age rule means for a logged-in parent's child
  safety.yaml         the red-flag and first-aid texts, their sources and confidence (safety.py)

Every problem raises KBError naming the file, the entry and the field.
"""
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.common.yamlfile import read_yaml

TOPICS = ("maternity_leave", "paternity_leave", "parental_leave", "nursing_time",
          "maternity_insurance", "childcare_subsidy", "tax_deduction", "feeding", "vitamin_d",
          "vaccination", "health_checkup", "pregnancy", "nursery_standards", "safety",
          "development", "first_1000_days", "platform")
CONFIDENCE = ("confirmed-by-source", "single-source", "unconfirmed")
LEAVE_PREFIX = "leave-"
MAX_ANSWER = 150              # a leave item's text
MAX_FIRST_PARAGRAPH = 120     # what a parent reads first, on one phone screen
MIN_QUESTIONS = 8
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class KBError(Exception):
    def __init__(self, file, message: str, entry: str | None = None, field: str | None = None):
        self.file, self.message, self.entry, self.field = str(file), message, entry, field
        where = self.file + (f" [{entry}]" if entry else "") + (f" {field}" if field else "")
        super().__init__(f"{where}: {message}")


@dataclass
class Entry:
    id: str
    topic: str
    title: str
    questions: list[str]
    answer: str = ""
    detail: str = ""
    sources: list[dict] = field(default_factory=list)
    confidence: str = "single-source"
    related: list[str] = field(default_factory=list)
    reviewed: str = ""
    leave: str | None = None          # leave kind for entries rendered from leave.yaml
    file: str = ""

    def as_row(self) -> dict:
        return {"id": self.id, "topic": self.topic, "title": self.title, "answer": self.answer,
                "detail": self.detail, "sources": self.sources, "confidence": self.confidence,
                "related": self.related, "reviewed": self.reviewed, "leave_kind": self.leave,
                "file": self.file}


@dataclass
class KB:
    entries: list[Entry]
    leave: dict
    gazetteer: dict
    synonyms: dict
    userdict: str
    personal: dict = field(default_factory=dict)
    safety: dict = field(default_factory=dict)
    colloquial: dict = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


def _read_yaml(path: Path):
    return read_yaml(path, KBError)


def _date_text(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def check_sources(sources, file, entry_id, field_name="sources") -> list[dict]:
    if not isinstance(sources, list) or not sources:
        raise KBError(file, "至少需要 1 个来源", entry_id, field_name)
    out = []
    for i, source in enumerate(sources):
        where = f"{field_name}[{i}]"
        if not isinstance(source, dict) or not str(source.get("title") or "").strip():
            raise KBError(file, "来源需要 title", entry_id, where)
        date = _date_text(source.get("date")) if source.get("date") is not None else None
        if date is not None and not _DATE_RE.match(date):
            raise KBError(file, f"日期应为 YYYY-MM-DD、YYYY-MM 或 YYYY，而不是 {date!r}",
                          entry_id, where + ".date")
        url = source.get("url")
        if url is not None and not str(url).startswith(("http://", "https://")):
            raise KBError(file, "url 应以 http:// 或 https:// 开头", entry_id, where + ".url")
        title = str(source["title"]).strip()
        if _REPOST_RE.search(title):
            raise KBError(file, "来源应为官方文件本身（标题、发文机关、文号、日期、条款、网址），"
                          f"不能标为转载或第三方：{title}", entry_id, where + ".title")
        if url and not official_url(str(url)):
            raise KBError(file, f"来源网址应为官方网站（政府、人大、疾控等）上的文件，不是转载站或首页：{url}",
                          entry_id, where + ".url")
        out.append({"title": title,
                    "issuer": str(source["issuer"]) if source.get("issuer") else None,
                    "number": str(source["number"]) if source.get("number") else None,
                    "article": str(source["article"]) if source.get("article") else None,
                    "date": date, "url": str(url) if url else None})
    return out


# Parents are shown official documents only: government, legislature, CDC and health-service
# sites, and the national dietary guidelines on their issuer's own site (中国营养学会).
_OFFICIAL_HOSTS = re.compile(r"^https?://(?:[\w-]+\.)*(?:gov\.cn|chinacdc\.cn|chinawch\.org\.cn"
                             r"|cnsoc\.org|nhs\.uk|who\.int)/[^\s]+")
_REPOST_RE = re.compile("第三方|转载|转述|转引|逐条引用|本地宝|报道")


def official_url(url: str) -> bool:
    return bool(_OFFICIAL_HOSTS.match(url))


_URL_RE = re.compile(r"https?://[^\s，。；、）)]+")


def check_detail(detail: str, file, entry_id) -> None:
    """Editors' notes may name a document, never point to a reposting site."""
    for url in _URL_RE.findall(detail):
        if not official_url(url):
            raise KBError(file, f"说明中的网址应为官方网站上的文件，不是转载站或首页：{url}",
                          entry_id, "detail")


def check_confidence(value, file, entry_id, field_name="confidence") -> str:
    if value not in CONFIDENCE:
        raise KBError(file, "置信度应为 " + " / ".join(CONFIDENCE), entry_id, field_name)
    return value


def _text(raw: dict, name: str, file, entry_id, required=True, max_len=None) -> str:
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise KBError(file, "必填", entry_id, name)
        return ""
    if not isinstance(value, (str, int, float)):
        raise KBError(file, "应为文本", entry_id, name)
    value = str(value).strip()
    if max_len and len(value) > max_len:
        raise KBError(file, f"不能超过 {max_len} 个字（现为 {len(value)}）", entry_id, name)
    return value


def parse_entry(raw, file: Path, index: int, leave_kinds: set[str] | None) -> Entry:
    """One entry; `leave_kinds` is None for static files, the known kinds for leave entries."""
    if not isinstance(raw, dict):
        raise KBError(file, f"第 {index + 1} 项应为映射（key: value）")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
        raise KBError(file, "id 必填，且为小写字母、数字和连字符", entry_id or f"#{index + 1}", "id")
    is_leave = leave_kinds is not None
    if is_leave != entry_id.startswith(LEAVE_PREFIX):
        raise KBError(file, "以 leave- 开头的 id 只用于按省份生成答案的假期条目（leave_entries）"
                      if not is_leave else "假期条目的 id 应以 leave- 开头", entry_id, "id")
    allowed = {"id", "topic", "title", "questions", "answer", "detail", "sources", "confidence",
               "related", "reviewed", "leave"}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise KBError(file, "不支持的字段", entry_id, unknown[0])
    topic = raw.get("topic")
    if topic not in TOPICS:
        raise KBError(file, "topic 应为以下之一：" + ", ".join(TOPICS), entry_id, "topic")
    questions = raw.get("questions")
    if not isinstance(questions, list) or any(not isinstance(q, (str, int)) or not str(q).strip()
                                               for q in questions):
        raise KBError(file, "questions 应为非空文本的列表", entry_id, "questions")
    questions = [str(q).strip() for q in questions]
    if len(set(questions)) < MIN_QUESTIONS:
        raise KBError(file, f"至少需要 {MIN_QUESTIONS} 个不同的问法（现为 {len(set(questions))}）",
                      entry_id, "questions")
    related = raw.get("related") or []
    if not isinstance(related, list) or any(not isinstance(r, str) for r in related):
        raise KBError(file, "related 应为 id 的列表", entry_id, "related")
    reviewed = raw.get("reviewed")
    if reviewed is None or not _DATE_RE.match(_date_text(reviewed)):
        raise KBError(file, "reviewed 应为日期 YYYY-MM-DD", entry_id, "reviewed")
    detail = _text(raw, "detail", file, entry_id, required=False)
    check_detail(detail, file, entry_id)
    entry = Entry(id=entry_id, topic=topic, title=_text(raw, "title", file, entry_id, max_len=60),
                  questions=list(dict.fromkeys(questions)), related=related,
                  reviewed=_date_text(reviewed), file=file.name, detail=detail)
    if is_leave:
        kind = raw.get("leave")
        if kind not in leave_kinds:
            raise KBError(file, "leave 应为 leave.yaml 中定义的假期类别之一："
                          + ", ".join(sorted(leave_kinds)), entry_id, "leave")
        for name in ("answer", "sources", "confidence"):
            if name in raw:
                raise KBError(file, "假期条目的答案、来源和置信度来自 leave.yaml，不在条目中填写",
                              entry_id, name)
        entry.leave = kind
    else:
        if "leave" in raw:
            raise KBError(file, "只有 leave- 条目可以使用 leave 字段", entry_id, "leave")
        entry.answer = _text(raw, "answer", file, entry_id, max_len=MAX_FIRST_PARAGRAPH)
        entry.sources = check_sources(raw.get("sources"), file, entry_id)
        entry.confidence = check_confidence(raw.get("confidence"), file, entry_id)
    return entry


def _entries_of(path: Path, leave_kinds: set[str] | None) -> list[Entry]:
    data = _read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise KBError(path, "文件应为条目的列表（每项以 - 开头）")
    return [parse_entry(raw, path, i, leave_kinds) for i, raw in enumerate(data)]


def load_kb(faq_dir: Path) -> KB:
    """Read and validate everything under content/faq/; raise KBError on the first problem."""
    from app.faqbot.leave import validate_leave

    if not faq_dir.is_dir():
        raise KBError(faq_dir, "目录不存在")
    leave = validate_leave(_require(faq_dir / "leave.yaml", dict), faq_dir / "leave.yaml")
    safety = load_safety(faq_dir)
    gazetteer = _require(faq_dir / "gazetteer.yaml", dict)
    _check_gazetteer(gazetteer, faq_dir / "gazetteer.yaml", set(leave["provinces"]))
    synonyms = _require(faq_dir / "synonyms.yaml", dict)
    _check_synonyms(synonyms, faq_dir / "synonyms.yaml")
    colloquial = load_colloquial(faq_dir)
    userdict_path = faq_dir / "userdict.txt"
    try:
        userdict = userdict_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KBError(userdict_path, f"无法读取: {exc.strerror}")

    entries: list[Entry] = []
    kinds = set(leave["kinds"])
    for path in sorted((faq_dir / "entries").glob("*.yaml")) if (faq_dir / "entries").is_dir() else []:
        entries.extend(_entries_of(path, None))
    leave_files = [faq_dir / "leave_entries.yaml"] if (faq_dir / "leave_entries.yaml").exists() else []
    if (faq_dir / "leave").is_dir():
        leave_files += sorted((faq_dir / "leave").glob("*.yaml"))
    for path in leave_files:
        entries.extend(_entries_of(path, kinds))
    _check_ids(entries, faq_dir)
    personal = {}
    if (faq_dir / "personal.yaml").exists():
        personal = _require(faq_dir / "personal.yaml", dict)
        _check_personal(personal, faq_dir / "personal.yaml", {e.id for e in entries})
    return KB(entries=entries, leave=leave, gazetteer=gazetteer, synonyms=synonyms,
              userdict=userdict, personal=personal, safety=safety, colloquial=colloquial)


def load_colloquial(faq_dir: Path) -> dict:
    from app.faqbot.colloquial import ColloquialError, validate

    path = faq_dir / "colloquial.yaml"
    if not path.exists():
        return {}
    try:
        return validate(_require(path, dict), path.name)
    except ColloquialError as exc:
        raise KBError(path, exc.message, exc.where, exc.field) from None


def load_safety(faq_dir: Path) -> dict:
    from app.faqbot.safety import validate_safety

    return validate_safety(_require(faq_dir / "safety.yaml", dict), faq_dir / "safety.yaml")


def _check_personal(data: dict, path: Path, ids: set[str]) -> None:
    for entry_id, spec in (data.get("from_months") or {}).items():
        if entry_id not in ids:
            raise KBError(path, "条目不存在", entry_id, "from_months")
        if not isinstance(spec, dict) or not isinstance(spec.get("months"), int) \
                or not str(spec.get("what") or "").strip():
            raise KBError(path, "需要 months（整数）和 what", entry_id, "from_months")
    for months, entry_id in (data.get("vaccines_by_month") or {}).items():
        if not isinstance(months, int) or entry_id not in ids:
            raise KBError(path, "月龄应为整数、条目应存在", str(months), "vaccines_by_month")
    if data.get("checkup_entry") and data["checkup_entry"] not in ids:
        raise KBError(path, "条目不存在", data["checkup_entry"], "checkup_entry")


def _require(path: Path, kind: type):
    if not path.exists():
        raise KBError(path, "文件不存在")
    data = _read_yaml(path)
    if not isinstance(data, kind):
        raise KBError(path, "文件内容应为映射（key: value）")
    return plain(data)


def plain(value):
    """YAML dates as ISO text, so that the data can be stored as JSON."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return _date_text(value)
    return value


def _check_ids(entries: list[Entry], faq_dir: Path) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.id in seen:
            raise KBError(faq_dir / entry.file, f"id 重复（已在 {seen[entry.id]} 中使用）",
                          entry.id, "id")
        seen[entry.id] = entry.file
    for entry in entries:
        for other in entry.related:
            if other not in seen:
                raise KBError(faq_dir / entry.file, f"相关条目 {other} 不存在", entry.id, "related")


def _check_gazetteer(data: dict, path: Path, covered: set[str]) -> None:
    provinces = data.get("provinces")
    if not isinstance(provinces, dict) or not provinces:
        raise KBError(path, "需要 provinces: {省份: {names: [...]}}")
    for province, spec in provinces.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("names", []), list):
            raise KBError(path, "每个省份需要 names 列表", province, "names")
    missing = covered - set(provinces)
    if missing:
        raise KBError(path, "leave.yaml 中的省份在地名表中缺失：" + "、".join(sorted(missing)))


def _check_synonyms(data: dict, path: Path) -> None:
    terms = data.get("terms") or {}
    if not isinstance(terms, dict):
        raise KBError(path, "terms 应为 {规范词: [同义词...]}", field="terms")
    owner: dict[str, str] = {}
    for canonical, variants in terms.items():
        if not isinstance(variants, list):
            raise KBError(path, "同义词应为列表", str(canonical), "terms")
        for variant in variants:
            if str(variant) in owner and owner[str(variant)] != canonical:
                raise KBError(path, f"{variant} 同时出现在 {owner[variant]} 和 {canonical} 下",
                              str(canonical), "terms")
            owner[str(variant)] = canonical
    for i, rewrite in enumerate(data.get("rewrites") or []):
        if not isinstance(rewrite, dict) or "match" not in rewrite or "to" not in rewrite:
            raise KBError(path, "改写需要 match 和 to", f"rewrites[{i}]")
        try:
            re.compile(rewrite["match"]).sub(str(rewrite["to"]), "")
        except (re.error, IndexError) as exc:
            raise KBError(path, f"正则表达式有误：{exc}", f"rewrites[{i}]", "match") from None
    for i, rule in enumerate(data.get("rules") or []):
        if not isinstance(rule, dict) or "match" not in rule or "add" not in rule:
            raise KBError(path, "规则需要 match 和 add", f"rules[{i}]")
        for key in ("match", "require", "unless"):
            if rule.get(key):
                try:
                    re.compile(rule[key])
                except re.error as exc:
                    raise KBError(path, f"正则表达式有误：{exc}", f"rules[{i}]", key)
