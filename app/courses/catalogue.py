"""The read side: the course catalogue, sessions near a parent, venues, a parent's bookings."""
from datetime import datetime, time, timedelta

from sqlalchemy import Select, and_, case, false, func, select
from sqlalchemy.orm import joinedload

from app.accounts import service as accounts
from app.common.errors import Unauthorized
from app.common.geo import haversine_m
from app.common.pagination import page_from_list, paginate
from app.common.timeutil import SHANGHAI, to_local, utcnow
from app.courses.models import ACTIVE_STATUSES, Booking, Course, CourseSession, Venue
from app.courses.search import query_words
from app.courses.stage import fits, stage_months
from app.courses.lookup import get_course
from app.extensions import db
from app.places.service import list_city


def _upcoming(now: datetime):
    return and_(CourseSession.status == "scheduled", CourseSession.starts_at > now)


# --- courses ----------------------------------------------------------------------------------

def list_courses(args: dict, parent) -> dict:
    now = utcnow()
    stmt = select(Course).where(Course.status == "published")
    order = [Course.id]
    if args.get("q"):
        stmt, order = _match_words(stmt, query_words(args["q"]))
    for name in ("domain", "format"):
        if args.get(name):
            stmt = stmt.where(getattr(Course, name) == args[name])
    if "age_months" in args:
        stmt = stmt.where(Course.age_min_months <= args["age_months"],
                          Course.age_max_months >= args["age_months"])
    if "child_id" in args:
        stmt = stmt.where(Course.id.in_(_courses_fitting_child(args["child_id"], parent, now)))
    if args.get("district"):
        stmt = stmt.where(Course.id.in_(
            select(CourseSession.course_id).join(Venue)
            .where(_upcoming(now), Venue.district == args["district"])))
    if "has_upcoming" in args:
        upcoming = Course.id.in_(select(CourseSession.course_id).where(_upcoming(now)))
        stmt = stmt.where(upcoming if args["has_upcoming"] else ~upcoming)
    page = paginate(stmt.order_by(*order), args["page"], args["per_page"])
    _attach_next_sessions(page["items"], now)
    return page


def _match_words(stmt: Select, words: list[str]) -> tuple[Select, list]:
    """Courses whose title or summary contains any query word; more (and title) hits first."""
    if not words:
        return stmt.where(false()), [Course.id]
    score = sum(case((Course.title.contains(w, autoescape=True), 2),
                     (Course.summary.contains(w, autoescape=True), 1), else_=0) for w in words)
    return stmt.where(score > 0), [score.desc(), Course.id]


def _courses_fitting_child(child_id: int, parent, now: datetime) -> list[int]:
    """Courses with an upcoming session on whose date the child's stage is in the range."""
    if parent is None or parent.role != "parent":
        raise Unauthorized("unauthorized", "按孩子筛选课程需要先登录家长账号")
    child = accounts.get_child(parent, child_id)
    rows = db.session.execute(
        select(CourseSession.course_id, CourseSession.starts_at, Course.age_min_months,
               Course.age_max_months).join(Course).where(_upcoming(now))).all()
    fitting = set()
    for course_id, starts_at, lo, hi in rows:
        on = to_local(starts_at).date()
        if fits(lo, hi, stage_months(child.birth_date, child.due_date, on)):
            fitting.add(course_id)
    return sorted(fitting)


def _attach_next_sessions(courses: list[Course], now: datetime) -> None:
    ids = [course.id for course in courses]
    summary = {row[0]: row[1:] for row in db.session.execute(
        select(CourseSession.course_id, func.min(CourseSession.starts_at), func.count())
        .where(CourseSession.course_id.in_(ids), _upcoming(now))
        .group_by(CourseSession.course_id))} if ids else {}
    for course in courses:
        first, count = summary.get(course.id, (None, 0))
        # min() over a UTCDateTime column comes back untyped on SQLite.
        course.next_session_at = _as_datetime(first)
        course.upcoming_sessions = count


def _as_datetime(value):
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def course_detail(course_id: int) -> Course:
    course = get_course(course_id)
    course.upcoming = list(db.session.scalars(
        select(CourseSession).options(joinedload(CourseSession.venue))
        .where(CourseSession.course_id == course.id, _upcoming(utcnow()))
        .order_by(CourseSession.starts_at, CourseSession.id)))
    return course


# --- sessions ---------------------------------------------------------------------------------

def list_sessions(args: dict) -> dict:
    now = utcnow()
    stmt = (select(CourseSession).join(Course).join(Venue)
            .options(joinedload(CourseSession.course), joinedload(CourseSession.venue))
            .where(CourseSession.status == "scheduled", Course.status == "published"))
    start = _local_midnight(args["from_"]) if "from_" in args else now
    stmt = stmt.where(CourseSession.starts_at >= start)
    if "to" in args:
        stmt = stmt.where(CourseSession.starts_at < _local_midnight(args["to"], days=1))
    for name, column in (("district", Venue.district), ("course_id", CourseSession.course_id),
                         ("venue_id", CourseSession.venue_id)):
        if args.get(name) is not None:
            stmt = stmt.where(column == args[name])
    city = list_city(args)
    if city:
        stmt = stmt.where(Venue.district.startswith(city[:4]))
    if "available" in args:
        has_seat = CourseSession.seats_taken < CourseSession.capacity
        stmt = stmt.where(has_seat if args["available"] else ~has_seat)
    if "lat" in args:
        return _by_distance(stmt, args)
    return paginate(stmt.order_by(CourseSession.starts_at, CourseSession.id),
                    args["page"], args["per_page"])


def _by_distance(stmt: Select, args: dict) -> dict:
    """Nearest first (sessions at venues without coordinates, e.g. online, last).

    Every matching session is ranked from four light columns; only the page is loaded as
    objects (hydrating all of them with course and venue was most of this endpoint's time)."""
    light = stmt.with_only_columns(CourseSession.id, CourseSession.starts_at, Venue.lat,
                                   Venue.lng).options()
    ranked = []
    for session_id, starts_at, lat, lng in db.session.execute(light):
        distance = haversine_m(args["lat"], args["lng"], lat, lng) if lat is not None else None
        ranked.append((distance is None, distance or 0, starts_at, session_id, distance))
    ranked.sort()
    page = page_from_list(ranked, args["page"], args["per_page"])
    ids = [row[3] for row in page["items"]]
    loaded = {s.id: s for s in db.session.scalars(
        select(CourseSession).where(CourseSession.id.in_(ids))
        .options(joinedload(CourseSession.course), joinedload(CourseSession.venue)))}
    for row in page["items"]:
        loaded[row[3]].distance_m = row[4]
    page["items"] = [loaded[i] for i in ids]
    return page


def _local_midnight(day, days: int = 0) -> datetime:
    return datetime.combine(day + timedelta(days=days), time.min, tzinfo=SHANGHAI)


# --- venues and my bookings -------------------------------------------------------------------

def list_venues(args: dict) -> dict:
    stmt = select(Venue).where(Venue.is_active.is_(True))
    for name in ("district", "kind"):
        if args.get(name):
            stmt = stmt.where(getattr(Venue, name) == args[name])
    city = list_city(args)
    if city:
        stmt = stmt.where(Venue.district.startswith(city[:4]))
    return paginate(stmt.order_by(Venue.district, Venue.id), args["page"], args["per_page"])


def my_bookings(parent, when: str, page: int, per_page: int) -> dict:
    now = utcnow()
    stmt = (select(Booking).join(CourseSession)
            .options(joinedload(Booking.session).joinedload(CourseSession.course),
                     joinedload(Booking.session).joinedload(CourseSession.venue))
            .where(Booking.parent_id == parent.id))
    upcoming = and_(CourseSession.starts_at > now, Booking.status.in_(ACTIVE_STATUSES))
    if when == "upcoming":
        stmt = stmt.where(upcoming).order_by(CourseSession.starts_at, Booking.id)
    else:
        stmt = stmt.where(~upcoming).order_by(CourseSession.starts_at.desc(),
                                                   Booking.id.desc())
    return paginate(stmt, page, per_page)
