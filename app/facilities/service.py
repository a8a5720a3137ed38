"""Facility and nursing-room rules: one write path, CSV import, search.

Search state shared by gunicorn workers: each worker keeps a FacilityIndex in memory as a cache,
tagged with the facilities search version (a counter in app_state bumped in the same transaction
as every write, and stamped on the written rows). Before each search a worker reads the counter
(one primary-key SELECT) and, if it moved, upserts only the rows stamped above its own version.
The counter's UPDATE takes a row lock, so versions commit in order and an edit is searchable by
every worker the moment it commits. Measured in bench/search_bench.py.
"""
import gc
import logging
import threading
import uuid
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import Integer, String, cast, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.common import scope
from app.common.errors import DomainError, NotFound
from app.common.geo import bounding_box, haversine_m
from app.common.models import AppState
from app.common.timeutil import utcnow
from app.extensions import db
from app.facilities import csvimport, records, textkeys
from app.facilities.models import Facility, NursingRoom
from app.facilities.searchindex import Doc, FacilityIndex, Query
from app.places import service as places_service
from app.places.registry import short_forms
from app.places.service import list_city

log = logging.getLogger("app.facilities")

SEQ_KEY = "facilities.search_seq"
EPOCH_KEY = "facilities.search_epoch"

FACILITY_FIELDS = (
    "name", "aliases", "credit_code", "filing_no", "filed_on", "registration_form",
    "operation_form", "district", "street", "address", "lat", "lng", "care_types",
    "age_min_months", "age_max_months", "class_types", "places", "open_places", "inclusive",
    "inclusive_places", "demonstration_level", "fee_min", "fee_max", "fee_items", "meals",
    "quality_grade", "quality_assessed_on", "phone", "status", "source", "source_note")
ROOM_FIELDS = (
    "code", "name", "venue_name", "venue_type", "floor_location", "district", "address", "lat",
    "lng", "area_m2", *records.EQUIPMENT, "hours", "is_public", "status", "source",
    "source_note")


def validation_error(problems: list) -> DomainError:
    errors: dict = {}
    for field_name, reason in problems:
        errors.setdefault(field_name, []).append(reason)
    return DomainError("validation_error", "提交的内容有误，请检查标出的字段", status=422,
                       errors=errors)


# ---- the search version ----------------------------------------------------------------------
def bump_search_seq() -> int:
    """Stage the next facilities search version in the current transaction and return it.

    The UPDATE holds the counter's row lock until commit, so versions commit in order."""
    for _ in range(2):
        bumped = db.session.execute(
            update(AppState).where(AppState.key == SEQ_KEY)
            .values(value=cast(cast(AppState.value, Integer) + 1, String))).rowcount
        if bumped:
            break
        try:   # the first write ever (or since the table was emptied) creates the counter
            with db.session.begin_nested():
                db.session.add_all([AppState(key=SEQ_KEY, value="0"),
                                    AppState(key=EPOCH_KEY, value=uuid.uuid4().hex)])
        except IntegrityError:
            pass   # another transaction created it first: bump theirs
    return int(db.session.scalar(select(AppState.value).where(AppState.key == SEQ_KEY)))


def read_search_version() -> tuple[str | None, int]:
    rows = dict(db.session.execute(
        select(AppState.key, AppState.value).where(AppState.key.in_((SEQ_KEY, EPOCH_KEY)))).all())
    return rows.get(EPOCH_KEY), int(rows.get(SEQ_KEY) or 0)


# ---- writing facilities ---------------------------------------------------------------------
def _apply(facility: Facility, data: dict, seq: int) -> None:
    """The single write path: fields, derived class types, search keys, provenance, version."""
    now = utcnow()
    if "open_places" in data and data["open_places"] != facility.open_places:
        facility.open_places_updated_at = now
    for name in FACILITY_FIELDS:
        if name in data:
            setattr(facility, name, data[name])
    if "class_types" not in data and facility.age_min_months is not None \
            and facility.age_max_months is not None:
        facility.class_types = records.class_types_for_ages(facility.age_min_months,
                                                            facility.age_max_months)
    facility.aliases = facility.aliases or []
    facility.care_types = facility.care_types or []
    facility.fee_items = facility.fee_items or []
    facility.status = facility.status or "active"
    facility.source = facility.source or "admin"
    facility.inclusive = bool(facility.inclusive)
    facility.search_words = " ".join(textkeys.words(facility.name, *facility.aliases))
    facility.name_pinyin, facility.name_initials = textkeys.name_keys(facility.name)
    facility.updated_at = now
    facility.search_seq = seq


def _merged(facility: Facility | None, data: dict) -> dict:
    current = {name: getattr(facility, name) for name in FACILITY_FIELDS} if facility else {}
    return current | data


def create_facility(data: dict, admin=None) -> Facility:
    scope.ensure_district(admin, data.get("district"))
    problems = records.facility_problems(_merged(None, data)) + _conflicts(None, data)
    if problems:
        raise validation_error(problems)
    facility = Facility()
    _apply(facility, data, bump_search_seq())
    db.session.add(facility)
    db.session.flush()
    return facility


def update_facility(facility_id: int, data: dict, admin=None) -> Facility:
    facility = db.session.get(Facility, facility_id)
    if facility is None or not scope.in_scope(admin, facility.district):
        raise NotFound("facility_not_found", "托育机构不存在")
    if "district" in data:
        scope.ensure_district(admin, data["district"])
    problems = records.facility_problems(_merged(facility, data)) + _conflicts(facility, data)
    if problems:
        raise validation_error(problems)
    _apply(facility, data, bump_search_seq())
    db.session.flush()
    return facility


def _conflicts(facility: Facility | None, data: dict) -> list:
    problems = []
    for name, label in (("credit_code", "统一社会信用代码"), ("filing_no", "备案编号")):
        value = data.get(name)
        if not value:
            continue
        other = db.session.scalar(select(Facility.id).where(getattr(Facility, name) == value))
        if other is not None and (facility is None or other != facility.id):
            problems.append((name, f"该{label}已属于另一家机构（编号 {other}）"))
    return problems


def get_public_facility(facility_id: int) -> Facility:
    facility = db.session.get(Facility, facility_id)
    if facility is None or facility.status != "active":
        raise NotFound("facility_not_found", "托育机构不存在或已停止服务")
    return facility


# ---- CSV import -----------------------------------------------------------------------------
@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def stage_facility_import(data: bytes, default_source: str = "district_office",
                          admin=None, write: bool = True) -> ImportReport:
    """Check every row first (reads only); then, when every row is valid and `write` is set,
    write them all in the caller's transaction (flushed, not committed). With `admin`, a row
    outside their scope (or updating another district's facility) is an error on its line."""
    parsed = csvimport.parse_facilities(data)
    report = ImportReport(errors=list(parsed.errors))
    if report.errors:
        return report
    existing = _existing_facilities(parsed.rows)
    column_of = {f: c for c, f, _ in csvimport.FACILITY_COLUMNS}
    planned = []
    for line, record in parsed.rows:
        facility = existing.get(("credit_code", record.get("credit_code"))) or \
            existing.get(("filing_no", record.get("filing_no")))
        record.setdefault("source", default_source)
        report.errors += _scope_problems(admin, line, record, facility)
        holder = existing.get(("filing_no", record.get("filing_no")))
        if holder is not None and holder is not facility:
            report.errors.append(csvimport.RowError(
                line, "备案编号", f"备案编号已属于另一家机构（编号 {holder.id}），统一社会信用代码不一致"))
        for field_name, reason in records.facility_problems(_merged(facility, record)):
            report.errors.append(csvimport.RowError(line, column_of.get(field_name, field_name),
                                                    reason))
        planned.append((facility, record))
    report.created = sum(1 for facility, _ in planned if facility is None)
    report.updated = len(planned) - report.created
    if report.errors or not write or not planned:
        return report
    seq = bump_search_seq()
    for facility, record in planned:
        if facility is None:
            facility = Facility()
            db.session.add(facility)
        _apply(facility, record, seq)
    db.session.flush()
    return report


def _scope_problems(admin, line: int, record: dict, facility: Facility | None) -> list:
    if admin is None:
        return []
    try:
        scope.ensure_district(admin, record.get("district"))
    except DomainError as refused:
        return [csvimport.RowError(line, "区县", refused.message)]
    if facility is not None and not scope.in_scope(admin, facility.district):
        return [csvimport.RowError(line, "统一社会信用代码",
                                   "该机构登记在其他区县，不在您的管理范围内")]
    return []


def _existing_facilities(rows) -> dict:
    codes = {r.get("credit_code") for _, r in rows} - {None}
    filings = {r.get("filing_no") for _, r in rows} - {None}
    found = {}
    for chunk in _chunks(sorted(codes)):
        for f in db.session.scalars(select(Facility).where(Facility.credit_code.in_(chunk))):
            found[("credit_code", f.credit_code)] = f
    for chunk in _chunks(sorted(filings)):
        for f in db.session.scalars(select(Facility).where(Facility.filing_no.in_(chunk))):
            found[("filing_no", f.filing_no)] = f
    return found


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def run_import(stage, data: bytes, dry_run: bool) -> ImportReport:
    """The CSV import as a CLI command or an admin page calls it, inside the caller's unit of
    work (`with transaction():` / `@unit_of_work`): `stage` is stage_facility_import or
    stage_room_import. All or nothing: every row is checked before anything is written, and
    rows are written only when all are valid and this is not a dry run. A dry run reports what
    an import would create and update (or every error) and writes nothing."""
    return stage(data, write=not dry_run)


# ---- searching facilities -------------------------------------------------------------------
class _IndexHolder:
    """One per process. The lock covers refreshes and searches, so a thread never reads an
    index another thread is half-way through updating (gthread workers)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.index = FacilityIndex()
        self.epoch: str | None = "unset"
        self.seq = -1


_DOC_COLUMNS = (Facility.id, Facility.name, Facility.district, Facility.street, Facility.address,
                Facility.aliases, Facility.lat, Facility.lng, Facility.care_types,
                Facility.age_min_months, Facility.age_max_months, Facility.places,
                Facility.open_places, Facility.inclusive, Facility.demonstration_level,
                Facility.fee_min, Facility.fee_max, Facility.meals, Facility.status,
                Facility.search_words, Facility.name_pinyin, Facility.name_initials)


def _district_words(code: str) -> tuple:
    """What a search box may say for a district: 苏州工业园区, 园区, 工业园区 …"""
    places = places_service.registry()
    division = places.get(code)
    if division is None:
        return (code,)
    return tuple(dict.fromkeys((division.name, *short_forms(division), *division.aliases)))


def _doc(row) -> Doc:
    return Doc(id=row.id, name=row.name, district=row.district,
               district_words=_district_words(row.district), street=row.street or "",
               address=row.address or "", aliases=tuple(row.aliases or ()), lat=row.lat,
               lng=row.lng, care_types=tuple(row.care_types or ()),
               age_min_months=row.age_min_months, age_max_months=row.age_max_months,
               places=row.places, open_places=row.open_places, inclusive=bool(row.inclusive),
               demonstration_level=row.demonstration_level, fee_min=row.fee_min,
               fee_max=row.fee_max, meals=row.meals, active=row.status == "active",
               words=tuple(row.search_words.split()), pinyin=tuple(row.name_pinyin.split()),
               initials=tuple(row.name_initials.split()))


def _fresh_holder() -> _IndexHolder:
    """This process's index, first brought up to the version committed in the database."""
    holder = current_app.extensions.setdefault("facility_index", _IndexHolder())
    if read_search_version() == (holder.epoch, holder.seq):
        return holder
    with holder.lock:
        epoch, seq = read_search_version()   # again: another thread may have refreshed
        if epoch == holder.epoch and seq > holder.seq:
            rows = db.session.execute(select(*_DOC_COLUMNS).where(
                Facility.search_seq > holder.seq).order_by(Facility.id))
            for row in rows:
                holder.index.upsert(_doc(row))
        if epoch != holder.epoch or not holder.index.in_id_order:
            _rebuild(holder)   # first use, a content reload, or an emptied table
        holder.epoch, holder.seq = epoch, max(seq, holder.seq) if epoch == holder.epoch else seq
        return holder


def warm_index(app) -> None:
    """Build this process's index at start-up, so no parent's first search pays for it."""
    try:
        with app.app_context():
            _fresh_holder()
            db.session.remove()
    except Exception as exc:  # e.g. a database not migrated yet: build on first use instead
        log.warning("facility index not built at start-up (%s)", type(exc).__name__)


def _rebuild(holder: _IndexHolder) -> None:
    rows = db.session.execute(select(*_DOC_COLUMNS).where(Facility.status == "active"))
    fresh = FacilityIndex()
    fresh.bulk_load(_doc(r) for r in rows)
    holder.index = fresh
    # The index is up to millions of long-lived objects; freezing them keeps the cyclic
    # collector from re-scanning them during searches (it caused p95 spikes at 100k).
    gc.collect()
    gc.freeze()


def search_facilities(args: dict) -> dict:
    text, understood = records.understand(args.get("q") or "")
    care_types = dict.fromkeys([*(args.get("care_type") or []), *understood.get("care_type", [])])
    query = Query(
        text=text, district=args.get("district"), city=list_city(args),
        care_types=tuple(care_types), age_months=args.get("age_months"),
        inclusive=True if args.get("inclusive") or understood.get("inclusive") else None,
        demonstration_level=args.get("demonstration_level")
        or understood.get("demonstration_level"),
        has_places=args.get("has_places"), fee_max=args.get("fee_max"),
        meals=args.get("meals"), sort=args.get("sort") or "relevance",
        page=args["page"], per_page=args["per_page"])
    if args.get("lat") is not None:
        query.lat, query.lng = args["lat"], args["lng"]
        if args.get("radius_km"):
            query.radius_m = args["radius_km"] * 1000
    holder = _fresh_holder()
    with holder.lock:
        result = holder.index.search(query)
    items = [{**_doc_item(hit.doc), "distance_m": hit.distance_m, "match": hit.match}
             for hit in result.hits]
    facets = {**result.facets, "district": {
        places_service.district_name(code): n for code, n in result.facets["district"].items()}}
    return {"items": items, "page": query.page, "per_page": query.per_page,
            "total": result.total, "facets": facets, "mode": result.mode,
            "understood": understood}


def _doc_item(doc: Doc) -> dict:
    return {"id": doc.id, "name": doc.name, "district": doc.district, "street": doc.street,
            "address": doc.address, "lat": doc.lat, "lng": doc.lng,
            "care_types": list(doc.care_types), "age_min_months": doc.age_min_months,
            "age_max_months": doc.age_max_months, "places": doc.places,
            "open_places": doc.open_places, "inclusive": doc.inclusive,
            "demonstration_level": doc.demonstration_level, "fee_min": doc.fee_min,
            "fee_max": doc.fee_max, "meals": doc.meals}


# ---- nursing rooms --------------------------------------------------------------------------
def _apply_room(room: NursingRoom, data: dict) -> None:
    for name in ROOM_FIELDS:
        if name in data:
            setattr(room, name, data[name])
    room.status = room.status or "active"
    room.source = room.source or "admin"
    room.updated_at = utcnow()


def _room_merged(room: NursingRoom | None, data: dict) -> dict:
    current = {name: getattr(room, name) for name in ROOM_FIELDS} if room else {}
    return current | data


def create_room(data: dict, admin=None) -> NursingRoom:
    scope.ensure_district(admin, data.get("district"))
    problems = records.nursing_room_problems(data) + _room_conflicts(None, data)
    if problems:
        raise validation_error(problems)
    room = NursingRoom()
    _apply_room(room, data)
    db.session.add(room)
    db.session.flush()
    return room


def update_room(room_id: int, data: dict, admin=None) -> NursingRoom:
    room = db.session.get(NursingRoom, room_id)
    if room is None or not scope.in_scope(admin, room.district):
        raise NotFound("nursing_room_not_found", "母婴室不存在")
    if "district" in data:
        scope.ensure_district(admin, data["district"])
    problems = records.nursing_room_problems(_room_merged(room, data)) + \
        _room_conflicts(room, data)
    if problems:
        raise validation_error(problems)
    _apply_room(room, data)
    db.session.flush()
    return room


def _room_conflicts(room, data) -> list:
    if not data.get("code"):
        return []
    other = db.session.scalar(select(NursingRoom.id).where(NursingRoom.code == data["code"]))
    if other is not None and (room is None or other != room.id):
        return [("code", f"该编号已属于另一个母婴室（编号 {other}）")]
    return []


def stage_room_import(data: bytes, default_source: str = "district_office",
                      write: bool = True) -> ImportReport:
    """Like stage_facility_import: every row checked first, all written or none."""
    parsed = csvimport.parse_nursing_rooms(data)
    report = ImportReport(errors=list(parsed.errors))
    if report.errors:
        return report
    column_of = {f: c for c, f, _ in csvimport.ROOM_COLUMNS}
    planned, new_keys = [], set()
    for line, record in parsed.rows:
        room = _existing_room(record)
        record.setdefault("source", default_source)
        for field_name, reason in records.nursing_room_problems(_room_merged(room, record)):
            report.errors.append(csvimport.RowError(line, column_of.get(field_name, field_name),
                                                    reason))
        # A second row with the name and address of a new room (and no 编号) updates it.
        key = None if record.get("code") else (record.get("name"), record.get("address"))
        if room is None and key is not None and key in new_keys:
            report.updated += 1
        elif room is None:
            report.created += 1
            new_keys.add(key)
        else:
            report.updated += 1
        planned.append(record)
    if report.errors or not write:
        return report
    for record in planned:
        room = _existing_room(record)
        if room is None:
            room = NursingRoom()
            db.session.add(room)
        _apply_room(room, record)
        db.session.flush()   # the next row's lookup sees this one
    return report


def _existing_room(record: dict) -> NursingRoom | None:
    """Matched by 编号, else by the same name at the same address."""
    if record.get("code"):
        return db.session.scalar(select(NursingRoom).where(NursingRoom.code == record["code"]))
    return db.session.scalar(select(NursingRoom).where(
        NursingRoom.name == record.get("name"), NursingRoom.address == record.get("address"),
        NursingRoom.code.is_(None)))


def search_rooms(args: dict) -> dict:
    """Nursing rooms are few (hundreds per city): filtered in SQL, distances in Python."""
    stmt = select(NursingRoom).where(NursingRoom.status == "active")
    if args.get("q"):
        text = records.normalize(args["q"])
        stmt = stmt.where(or_(*(column.contains(text, autoescape=True) for column in (
            NursingRoom.name, NursingRoom.venue_name, NursingRoom.address))))
    if args.get("district"):
        stmt = stmt.where(NursingRoom.district == args["district"])
    city = list_city(args)
    if city:
        stmt = stmt.where(NursingRoom.district.startswith(city[:4]))
    if args.get("venue_type"):
        stmt = stmt.where(NursingRoom.venue_type == args["venue_type"])
    if args.get("public_only"):
        stmt = stmt.where(NursingRoom.is_public.is_(True))
    for equipment in records.EQUIPMENT:
        if args.get(equipment):
            stmt = stmt.where(getattr(NursingRoom, equipment).is_(True))
    lat, lng = args.get("lat"), args.get("lng")
    radius_m = (args.get("radius_km") or 0) * 1000
    if lat is not None and radius_m:
        min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, radius_m)
        stmt = stmt.where(NursingRoom.lat.between(min_lat, max_lat),
                          NursingRoom.lng.between(min_lng, max_lng))
    rooms = db.session.scalars(stmt).all()
    far = float("inf")
    items = []
    for room in rooms:
        distance = None
        if lat is not None and room.lat is not None:
            distance = haversine_m(lat, lng, room.lat, room.lng)
            if radius_m and distance > radius_m:
                continue
        items.append((distance, room))
    items.sort(key=lambda item: (item[0] if item[0] is not None else far, item[1].id))
    page, per_page = args["page"], args["per_page"]
    chosen = items[(page - 1) * per_page: page * per_page]
    return {"items": [_room_item(room, distance) for distance, room in chosen], "page": page,
            "per_page": per_page, "total": len(items)}


def _room_item(room: NursingRoom, distance: float | None) -> dict:
    item = {column.name: getattr(room, column.name) for column in NursingRoom.__table__.columns}
    return item | {"distance_m": None if distance is None else round(distance)}
