"""Read a district office's spreadsheet export (CSV) into validated records. Pure Python.

Every problem is reported as (line, column, reason); the caller writes nothing unless the list is
empty. Values are taken as people type them: full-width digits and spaces, 是/否, several care
types separated by 、/，or spaces, WGS84 coordinates converted to GCJ-02.

A broken or hostile file (gigabytes, a field longer than any cell, NUL bytes, an unclosed quote)
is an error with its line like any other, never a traceback; `report_lines` lists the first
MAX_LISTED_ERRORS and the total.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from app.common.geo import wgs84_to_gcj02
from app.facilities import records
from app.facilities.records import normalize


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.line} 行 [{self.column}] {self.reason}"


@dataclass
class ParsedFile:
    rows: list = field(default_factory=list)      # [(line, record dict)]
    errors: list = field(default_factory=list)    # [RowError]


# A district's registry is a few thousand rows (well under 1 MB); anything near this is not one.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CELL_CHARS = 2000
MAX_LISTED_ERRORS = 100


def size_problem(size: int) -> RowError | None:
    """Checked before a file is read, so gigabytes are refused without loading them."""
    if size > MAX_FILE_BYTES:
        return RowError(1, "文件", f"文件过大（{size / 1024 / 1024:.1f} MB，上限 "
                                   f"{MAX_FILE_BYTES // 1024 // 1024} MB），请确认选对了文件，或按区县拆分后分别导入")
    return None


def report_lines(errors: list) -> list[str]:
    """The first MAX_LISTED_ERRORS errors, then how many more there are and the total."""
    lines = [str(error) for error in errors[:MAX_LISTED_ERRORS]]
    if len(errors) > MAX_LISTED_ERRORS:
        lines.append(f"……另有 {len(errors) - MAX_LISTED_ERRORS} 处错误未列出")
    lines.append(f"共发现 {len(errors)} 处错误，未写入任何数据。")
    return lines


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK: Excel on Chinese Windows);
    UTF-16 when it says so with a byte-order mark (Excel's "Unicode text")."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError("文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ValueError("文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV") from exc


# ---- value parsers: return the value or raise ValueError with a Chinese reason ---------------
def _text(value: str):
    return " ".join(value.split()) or None


def _code(value: str):
    return value.replace(" ", "") or None


def _upper(value: str):
    return value.upper() or None


def _int(value: str):
    if not value:
        return None
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise ValueError(f"“{value}”不是数字")
    if number != int(number) or number < 0:
        raise ValueError(f"“{value}”应为非负整数")
    return int(number)


def _float(value: str):
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"“{value}”不是数字")


def _bool(value: str):
    if not value:
        return None
    lowered = value.lower()
    if lowered in {"是", "有", "y", "yes", "true", "1", "√"}:
        return True
    if lowered in {"否", "无", "n", "no", "false", "0", "×"}:
        return False
    raise ValueError(f"“{value}”应为 是 或 否")


def _date(value: str):
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value)
    try:
        if match:
            return date(*map(int, match.groups()))
    except ValueError:
        pass
    raise ValueError(f"“{value}”不是有效日期（例如 2024-03-01）")


def _choice(words: dict, what: str, empty=None):
    def parse(value: str):
        if not value or value in {"无", "否", "-"}:
            return empty
        if value in words:
            return words[value]
        raise ValueError(f"未知的{what}“{value}”，应为：" + "、".join(dict.fromkeys(words)))
    return parse


def _care_types(value: str):
    if not value:
        return []
    codes = []
    for part in re.split(r"[、/,，;；\s]+", value):
        if not part:
            continue
        if part not in records.CARE_TYPE_WORDS:
            raise ValueError(f"未知的服务类型“{part}”，应为：" + "、".join(records.CARE_TYPES.values()))
        codes.append(records.CARE_TYPE_WORDS[part])
    return list(dict.fromkeys(codes))


def _aliases(value: str):
    return [a for a in re.split(r"[、/,，;；]+", value) if a.strip()] if value else []


def _district(value: str):
    """A district's code from its name, alias or code (the places registry decides)."""
    if not value:
        return None
    from app.common.errors import InvalidInput
    from app.places.service import district_code

    try:
        return district_code(value)
    except InvalidInput as exc:
        raise ValueError(exc.message)


def _coord(value: str):
    if not value:
        return "gcj02"
    key = value.lower().replace("-", "").replace("_", "").replace(" ", "")
    if key in {"gcj02", "火星坐标", "国测局"}:
        return "gcj02"
    if key in {"wgs84", "gps"}:
        return "wgs84"
    raise ValueError(f"坐标系“{value}”应为 GCJ-02 或 WGS84")


_OPERATION_WORDS = {v: k for k, v in records.OPERATION_FORMS.items()} | {
    "社区嵌入式托育": "community_embedded", "家庭托育": "family", "单位办托": "employer"}
_REGISTRATION_WORDS = {v: k for k, v in records.REGISTRATION_FORMS.items()} | {
    "企业": "enterprise", "民办非企业单位": "social_organization"}
_VENUE_WORDS = {v: k for k, v in records.VENUE_TYPES.items()} | {
    "商业中心": "mall", "购物中心": "mall", "火车站": "transport_hub", "地铁站": "transport_hub",
    "机场": "transport_hub", "汽车站": "transport_hub", "旅游景区": "scenic_area",
    "政务服务中心": "government_center", "社区服务中心": "community"}
_ROOM_STATUS_WORDS = {v: k for k, v in records.ROOM_STATUSES.items()} | {"正常": "active"}

_VERBATIM = (_text, _aliases)

FACILITY_COLUMNS = [
    ("机构名称", "name", _text), ("别名", "aliases", _aliases),
    ("统一社会信用代码", "credit_code", _upper), ("备案编号", "filing_no", _code),
    ("备案日期", "filed_on", _date),
    ("登记性质", "registration_form", _choice(_REGISTRATION_WORDS, "登记性质")),
    ("区县", "district", _district), ("街道", "street", _text), ("地址", "address", _text),
    ("经度", "lng", _float), ("纬度", "lat", _float), ("坐标系", "coord", _coord),
    ("举办形式", "operation_form", _choice(_OPERATION_WORDS, "举办形式")),
    ("服务类型", "care_types", _care_types),
    ("收托月龄下限", "age_min_months", _int), ("收托月龄上限", "age_max_months", _int),
    ("托位数", "places", _int), ("空余托位", "open_places", _int),
    ("普惠", "inclusive", _bool), ("普惠托位数", "inclusive_places", _int),
    ("示范等级", "demonstration_level", _choice(records.DEMONSTRATION_WORDS, "示范等级")),
    ("月收费下限", "fee_min", _int), ("月收费上限", "fee_max", _int),
    ("供餐", "meals", _bool), ("质量评估等级", "quality_grade", _text),
    ("质量评估日期", "quality_assessed_on", _date), ("联系电话", "phone", _code),
    ("状态", "status", _choice(records.STATUS_WORDS, "状态", empty="active")),
    ("数据来源", "source", _text), ("来源说明", "source_note", _text),
]
FACILITY_REQUIRED = ("机构名称", "区县")

ROOM_COLUMNS = [
    ("名称", "name", _text), ("编号", "code", _code), ("场所名称", "venue_name", _text),
    ("场所类型", "venue_type", _choice(_VENUE_WORDS, "场所类型")),
    ("楼层位置", "floor_location", _text), ("区县", "district", _district),
    ("地址", "address", _text), ("经度", "lng", _float), ("纬度", "lat", _float),
    ("坐标系", "coord", _coord), ("面积", "area_m2", _float),
    *[(label, code, _bool) for code, label in records.EQUIPMENT.items()],
    ("开放时间", "hours", _text), ("对外开放", "is_public", _bool),
    ("状态", "status", _choice(_ROOM_STATUS_WORDS, "状态", empty="active")),
    ("数据来源", "source", _text), ("来源说明", "source_note", _text),
]
ROOM_REQUIRED = ("名称",)


def parse_facilities(data: bytes) -> ParsedFile:
    return _parse(data, FACILITY_COLUMNS, FACILITY_REQUIRED, records.facility_problems,
                  _facility_keys)


def parse_nursing_rooms(data: bytes) -> ParsedFile:
    return _parse(data, ROOM_COLUMNS, ROOM_REQUIRED, records.nursing_room_problems, _room_keys)


def _facility_keys(record: dict) -> list:
    return [("统一社会信用代码", record.get("credit_code")), ("备案编号", record.get("filing_no"))]


def _room_keys(record: dict) -> list:
    return [("编号", record.get("code"))]


def _parse(data: bytes, columns, required, problems_of, keys_of) -> ParsedFile:
    out = ParsedFile()
    too_big = size_problem(len(data))
    if too_big:
        out.errors.append(too_big)
        return out
    try:
        text = decode(data)
    except ValueError as exc:
        out.errors.append(RowError(1, "文件", str(exc)))
        return out
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [normalize(h) for h in next(reader, [])]
    except csv.Error as exc:
        out.errors.append(_unreadable(1, exc))
        return out
    missing = [c for c in required if c not in header]
    if missing:
        out.errors.append(RowError(1, "表头", "缺少必需的列：" + "、".join(missing)))
        return out
    positions = {name: header.index(name) for name, _, _ in columns if name in header}
    column_of = {f: c for c, f, _ in columns}
    seen: dict = {}
    for line_start, cells in _rows(reader, out):
        if not any(cell.strip() for cell in cells):
            continue
        record, errors = _parse_row(cells, columns, positions, line_start)
        if not errors:
            for field_name, reason in problems_of(record):
                errors.append(RowError(line_start, column_of.get(field_name, field_name), reason))
        for column, key in keys_of(record):
            if key and (column, key) in seen:
                errors.append(RowError(line_start, column,
                                       f"与第 {seen[(column, key)]} 行重复"))
            elif key:
                seen[(column, key)] = line_start
        out.errors += errors
        if not errors:
            out.rows.append((line_start, record))
    return out


def _rows(reader, out: ParsedFile):
    """(first line, cells) of each record; a record the csv module cannot read ends the file
    with an error naming the line it starts on."""
    line = reader.line_num  # after the header
    while True:
        line_start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            out.errors.append(_unreadable(line_start, exc))
            return
        line = reader.line_num
        yield line_start, cells


def _unreadable(line: int, exc: csv.Error) -> RowError:
    if "field larger than field limit" in str(exc):
        reason = (f"从这一行起有一个字段超过 {csv.field_size_limit()} 个字符，无法读取："
                  "多半是某处引号没有闭合，或这不是一个 CSV 文件")
    else:
        reason = f"这一行不是有效的 CSV（{exc}），请用 Excel 另存为 CSV 后重试"
    return RowError(line, "文件", reason)


def _cell_problem(raw: str) -> str | None:
    if "\x00" in raw:
        return "含有空字符（NUL），文件可能已损坏或不是 UTF-8/GBK 编码的 CSV"
    if len(raw) > MAX_CELL_CHARS:
        return f"内容过长（{len(raw)} 个字符，最多 {MAX_CELL_CHARS} 个）"
    return None


def _parse_row(cells, columns, positions, line) -> tuple[dict, list]:
    record, errors = {}, []
    for column, field_name, parse in columns:
        if column not in positions:
            continue
        index = positions[column]
        raw = cells[index].strip() if index < len(cells) else ""
        problem = _cell_problem(raw)
        if problem:
            errors.append(RowError(line, column, problem))
            continue
        try:
            # Names and addresses keep their full-width punctuation (（平江店）); the rest is NFKC.
            value = parse(raw if parse in _VERBATIM else normalize(raw))
        except ValueError as exc:
            errors.append(RowError(line, column, str(exc)))
            continue
        if value is not None or field_name in ("care_types", "aliases"):
            record[field_name] = value
    if record.pop("coord", "gcj02") == "wgs84" and "lat" in record and "lng" in record:
        if records.coordinate_problems(record["lat"], record["lng"]) == []:
            record["lat"], record["lng"] = wgs84_to_gcj02(record["lat"], record["lng"])
    return record, errors
