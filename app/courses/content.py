"""Demo content from content/courses/: venues, the course catalogue and a schedule of sessions.

Rows are upserted by their stable `key`, so loading twice changes nothing. Sessions are generated
from templates for the weeks after the load date (key "<template>-<date>"), so loading on a later
day only adds the newly covered dates; an admin's cancellation and parents' bookings are kept.
Venues and local courses (`city`) of a city the deployment does not serve (CITIES) are skipped,
and so are their templates: the demo content holds several cities. A local course is scheduled
only at its city's venues.
"""
from datetime import date, datetime, time, timedelta
from pathlib import Path

import marshmallow as ma
from marshmallow import validate
from sqlalchemy import select

from app.common.content import ContentError, content_loader, read_yaml
from app.common.errors import chinese_messages
from app.common.timeutil import SHANGHAI, today_local
from app.courses.models import Course, CourseSession, Venue
from app.courses.schemas import CourseSchema, VenueSchema
from app.extensions import db
from app.courses.course_city import course_fits_venue
from app.places.service import district_name, unserved_city

FOLDER = "courses"
_KEY = validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,63}$", error="key 只能用小写字母、数字和连字符")
_HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="时间格式应为 HH:MM")


class VenueEntry(VenueSchema):
    key = ma.fields.String(required=True, validate=_KEY)


class CourseEntry(CourseSchema):
    key = ma.fields.String(required=True, validate=_KEY)


class TemplateEntry(ma.Schema):
    key = ma.fields.String(required=True, validate=_KEY)
    course = ma.fields.String(required=True)
    venue = ma.fields.String(required=True)
    weekday = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=7))
    time = ma.fields.String(required=True, validate=_HHMM)
    capacity = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=1000))
    every_weeks = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=8))


class ScheduleFile(ma.Schema):
    weeks = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=26))
    booking_opens_days_before = ma.fields.Integer(required=True,
                                                  validate=validate.Range(min=0, max=60))
    booking_opens_at = ma.fields.String(required=True, validate=_HHMM)
    booking_closes_hours_before = ma.fields.Integer(required=True,
                                                    validate=validate.Range(min=0, max=48))
    templates = ma.fields.List(ma.fields.Raw(), required=True)


@content_loader("courses", order=20)
def load(root: Path) -> dict:
    folder = root / FOLDER
    other_venues: set = set()
    other_courses: set = set()
    venues = _upsert(folder / "venues.yaml", VenueEntry(), Venue, keep=("is_active",),
                     skip=lambda raw: unserved_city(raw.get("district")) is not None,
                     skipped=other_venues)
    courses = _upsert(folder / "courses.yaml", CourseEntry(), Course, keep=("status",),
                      skip=lambda raw: unserved_city(raw.get("city")) is not None,
                      skipped=other_courses)
    total, created = _schedule(folder / "schedule.yaml", venues, courses, today_local(),
                               skipped=other_venues | other_courses)
    counts = {"venues": len(venues), "courses": len(courses), "sessions": total,
              "new_sessions": created}
    if other_venues:
        counts["venues_skipped"] = len(other_venues)
    if other_courses:
        counts["courses_skipped"] = len(other_courses)
    return counts


def _validated(path: Path, schema: ma.Schema, raw, entry: str | None) -> dict:
    try:
        return schema.load(raw)
    except ma.ValidationError as error:
        messages = chinese_messages(error.normalized_messages())
        field, problem = next(iter(messages.items()))
        text = problem[0] if isinstance(problem, list) and problem else str(problem)
        raise ContentError(path, str(text), entry=entry, field=None if field == "_schema"
                           else field)


def _entries(path: Path, schema: ma.Schema, skip=None,
             skipped: set | None = None) -> list[dict]:
    """The validated entries; those `skip(raw)` is true of are left out, their keys in `skipped`."""
    data = read_yaml(path)
    if not isinstance(data, list) or not data:
        raise ContentError(path, "应为非空列表")
    entries, seen = [], set()
    for number, raw in enumerate(data, start=1):
        label = raw.get("key") if isinstance(raw, dict) and raw.get("key") else f"#{number}"
        if not isinstance(raw, dict):
            raise ContentError(path, "每一项应为对象", entry=label)
        if skip is not None and skip(raw):
            if label in seen or label in skipped:
                raise ContentError(path, "key 重复", entry=label, field="key")
            skipped.add(label)
            continue
        entry = _validated(path, schema, raw, label)
        if entry["key"] in seen:
            raise ContentError(path, "key 重复", entry=label, field="key")
        seen.add(entry["key"])
        entries.append(entry)
    return entries


def _upsert(path: Path, schema: ma.Schema, model, keep: tuple[str, ...], skip=None,
            skipped: set | None = None) -> dict:
    """Insert or update rows by key; fields in `keep` (an admin's decisions) are left alone."""
    entries = _entries(path, schema, skip, skipped)
    rows = {row.key: row for row in db.session.scalars(
        select(model).where(model.key.in_([e["key"] for e in entries])))}
    for entry in entries:
        row = rows.get(entry["key"])
        if row is None:
            row = rows[entry["key"]] = model(key=entry["key"])
            db.session.add(row)
        for name, value in entry.items():
            if name not in keep and getattr(row, name, None) != value:
                setattr(row, name, value)
    db.session.flush()
    return rows


def _schedule(path: Path, venues: dict, courses: dict, today: date,
              skipped: set = frozenset()) -> tuple[int, int]:
    plan = _validated(path, ScheduleFile(), read_yaml(path), None)
    templates = []
    for number, raw in enumerate(plan["templates"], start=1):
        label = raw.get("key") if isinstance(raw, dict) and raw.get("key") else f"#{number}"
        template = _validated(path, TemplateEntry(), raw, label)
        if template["venue"] in skipped or template["course"] in skipped:
            continue   # a venue or a local course of a city this deployment does not serve
        for field, known in (("course", courses), ("venue", venues)):
            if template[field] not in known:
                raise ContentError(path, f"未知的 {field} key：{template[field]}", entry=label,
                                   field=field)
        course, venue = courses[template["course"]], venues[template["venue"]]
        if not course_fits_venue(course, venue.district):
            raise ContentError(path, f"课程 {template['course']} 只在{district_name(course.city)}"
                               f"开设，场地 {template['venue']} 不在该市", entry=label, field="venue")
        templates.append(template)
    wanted = {}
    for template in templates:
        for day in _dates(template, today, plan["weeks"]):
            wanted[f"{template['key']}-{day.isoformat()}"] = _session_values(
                template, day, plan, courses[template["course"]], venues[template["venue"]])
    existing = {row.key: row for row in db.session.scalars(
        select(CourseSession).where(CourseSession.key.in_(list(wanted))))}
    created = 0
    for key, values in wanted.items():
        if values is None:
            continue
        row = existing.get(key)
        if row is None:
            db.session.add(CourseSession(key=key, seats_taken=0, waitlist_issued=0,
                                         status="scheduled", **values))
            created += 1
        elif row.status == "scheduled":
            values["capacity"] = max(values["capacity"], row.seats_taken)
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
    db.session.flush()
    return sum(1 for values in wanted.values() if values is not None), created


def _dates(template: dict, today: date, weeks: int):
    for offset in range(1, weeks * 7 + 1):
        day = today + timedelta(days=offset)
        week_number = (day.toordinal() - 1) // 7  # weeks counted from a Monday
        if day.isoweekday() == template["weekday"] and week_number % template["every_weeks"] == 0:
            yield day


def _session_values(template: dict, day: date, plan: dict, course: Course,
                    venue: Venue) -> dict | None:
    """Times of one generated session; None when an admin withdrew the course or the venue."""
    if course.status != "published" or venue.is_active is False:
        return None
    starts = datetime.combine(day, time.fromisoformat(template["time"]), tzinfo=SHANGHAI)
    closes = starts - timedelta(hours=plan["booking_closes_hours_before"])
    opens = datetime.combine(day - timedelta(days=plan["booking_opens_days_before"]),
                             time.fromisoformat(plan["booking_opens_at"]), tzinfo=SHANGHAI)
    return {"course_id": course.id, "venue_id": venue.id, "starts_at": starts,
            "ends_at": starts + timedelta(minutes=course.duration_minutes),
            "capacity": template["capacity"], "booking_opens_at": min(opens, closes),
            "booking_closes_at": closes}
