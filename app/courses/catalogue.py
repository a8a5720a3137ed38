"""The read side: the course catalogue, sessions near a parent, venues, a parent's bookings."""
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import Select, and_, case, false, func, select
from sqlalchemy.orm import joinedload

from app.accounts import service as accounts
from app.accounts.models import Child
from app.common.errors import NotFound, Unauthorized
from app.common.geo import bounding_box, haversine_m
from app.common.pagination import page_from_list, paginate
from app.common.timeutil import SHANGHAI, to_local, utcnow
from app.courses import qr
from app.courses.models import ACTIVE_STATUSES, Booking, Course, CourseSession, Venue
from app.courses.search import course_scores
from app.courses.stage import fits, stage_months
from app.courses.lookup import get_course
from app.extensions import db
from app.vouchers.models import Voucher
from app.courses import course_city
from app.places.service import list_city


def _upcoming(now: datetime, city: str | None = None):
    """Scheduled sessions still ahead; with a city, only those at its venues (a whole-city venue,
    such as an online classroom, has the city itself as its district)."""
    clause = and_(CourseSession.status == "scheduled", CourseSession.starts_at > now)
    if city:
        clause = and_(clause, CourseSession.venue_id.in_(
            select(Venue.id).where(Venue.district.startswith(city[:4]))))
    return clause


def _in_district(column, value: str):
    """The one place a `district` filter of the catalogue is read (a division code: the query
    schema resolved the name, alias or code the parent typed)."""
    return column == value


def _bookable(now: datetime):
    """Booking open now and a seat left: what the 预约 button needs."""
    return and_(CourseSession.status == "scheduled", CourseSession.starts_at > now,
                CourseSession.booking_opens_at <= now, CourseSession.booking_closes_at > now,
                CourseSession.seats_taken < CourseSession.capacity)


# --- courses ----------------------------------------------------------------------------------

def list_courses(args: dict, parent) -> dict:
    now, city = utcnow(), list_city(args, parent)
    stmt = select(Course).where(Course.status == "published")
    if (listed := course_city.listed_in(city)) is not None:
        stmt = stmt.where(listed)
    order = [Course.id]
    if args.get("q"):
        stmt, order = _match_text(stmt, args["q"])
    for name in ("domain", "format"):
        if args.get(name):
            stmt = stmt.where(getattr(Course, name) == args[name])
    if "age_months" in args:
        stmt = stmt.where(Course.age_min_months <= args["age_months"],
                          Course.age_max_months >= args["age_months"])
    if "child_id" in args:
        stmt = stmt.where(Course.id.in_(_courses_fitting_child(args["child_id"], parent, now,
                                                               city)))
    if args.get("district"):
        stmt = stmt.where(Course.id.in_(
            select(CourseSession.course_id).join(Venue)
            .where(_upcoming(now), _in_district(Venue.district, args["district"]))))
    if "has_upcoming" in args:
        upcoming = Course.id.in_(select(CourseSession.course_id).where(_upcoming(now, city)))
        stmt = stmt.where(upcoming if args["has_upcoming"] else ~upcoming)
    page = paginate(stmt.order_by(*order), args["page"], args["per_page"])
    _attach_next_sessions(page["items"], now, city)
    return page


def _match_text(stmt: Select, q: str) -> tuple[Select, list]:
    """Courses the words (their synonyms, pinyin, typos) match; the best matches first."""
    rows = db.session.execute(
        select(Course.id, Course.updated_at, Course.title, Course.summary, Course.tags,
               Course.domain).where(Course.status == "published")).tuples()
    scores = course_scores(q, rows, current_app.config["CONTENT_DIR"])
    if not scores:
        return stmt.where(false()), [Course.id]
    # Scores are few distinct values: rank by them in SQL so pagination stays in the query.
    rank = case(*((Course.id.in_([i for i, v in scores.items() if v == value]), n)
                  for n, value in enumerate(sorted(set(scores.values()), reverse=True))),
                else_=len(scores))
    return stmt.where(Course.id.in_(list(scores))), [rank, Course.id]


def _courses_fitting_child(child_id: int, parent, now: datetime, city: str | None) -> list[int]:
    """Courses with an upcoming session on whose date the child's stage is in the range."""
    return sorted({course_id for _, course_id in _sessions_fitting_child(
        child_id, parent, now, city=city)})


def _sessions_fitting_child(child_id: int, parent, now: datetime, what: str = "课程",
                            city: str | None = None) -> list[tuple[int, int]]:
    """(session id, course id) of upcoming sessions on whose date the child's stage fits."""
    if parent is None or parent.role != "parent":
        raise Unauthorized("unauthorized", f"按孩子筛选{what}需要先登录家长账号")
    child = accounts.get_child(parent, child_id)
    rows = db.session.execute(
        select(CourseSession.id, CourseSession.course_id, CourseSession.starts_at,
               Course.age_min_months, Course.age_max_months).join(Course)
        .where(_upcoming(now, city))).all()
    return [(session_id, course_id) for session_id, course_id, starts_at, lo, hi in rows
            if fits(lo, hi, stage_months(child.birth_date, child.due_date,
                                         to_local(starts_at).date()))]


def _attach_next_sessions(courses: list[Course], now: datetime, city: str | None) -> None:
    ids = [course.id for course in courses]
    summary = {row[0]: row[1:] for row in db.session.execute(
        select(CourseSession.course_id, func.min(CourseSession.starts_at), func.count())
        .where(CourseSession.course_id.in_(ids), _upcoming(now, city))
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
    """A course and its upcoming sessions in the parent's city (the deployment's first)."""
    course = get_course(course_id)
    course.upcoming = list(db.session.scalars(
        select(CourseSession).options(joinedload(CourseSession.venue))
        .where(CourseSession.course_id == course.id, _upcoming(utcnow(), list_city({})))
        .order_by(CourseSession.starts_at, CourseSession.id)))
    return course


# --- sessions ---------------------------------------------------------------------------------

def list_sessions(args: dict, parent=None) -> dict:
    now = utcnow()
    stmt = (select(CourseSession).join(Course).join(Venue)
            .options(joinedload(CourseSession.course), joinedload(CourseSession.venue))
            .where(CourseSession.status == "scheduled", Course.status == "published"))
    start = _local_midnight(args["from_"]) if "from_" in args else now
    stmt = stmt.where(CourseSession.starts_at >= start)
    if "to" in args:
        stmt = stmt.where(CourseSession.starts_at < _local_midnight(args["to"], days=1))
    if args.get("district"):
        stmt = stmt.where(_in_district(Venue.district, args["district"]))
    for name, column in (("course_id", CourseSession.course_id),
                         ("venue_id", CourseSession.venue_id)):
        if args.get(name) is not None:
            stmt = stmt.where(column == args[name])
    city = list_city(args)
    if city:
        stmt = stmt.where(Venue.district.startswith(city[:4]))
    if "available" in args:
        has_seat = CourseSession.seats_taken < CourseSession.capacity
        stmt = stmt.where(has_seat if args["available"] else ~has_seat)
    if "bookable" in args:
        stmt = stmt.where(_bookable(now) if args["bookable"] else ~_bookable(now))
    if "age_months" in args:
        stmt = stmt.where(Course.age_min_months <= args["age_months"],
                          Course.age_max_months >= args["age_months"])
    if "child_id" in args:
        fitting = _sessions_fitting_child(args["child_id"], parent, now, "场次")
        stmt = stmt.where(CourseSession.id.in_([session_id for session_id, _ in fitting]))
    if "radius_km" in args:
        min_lat, max_lat, min_lng, max_lng = bounding_box(args["lat"], args["lng"],
                                                          args["radius_km"] * 1000)
        stmt = stmt.where(Venue.lat.between(min_lat, max_lat),
                          Venue.lng.between(min_lng, max_lng))
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
    radius_m = args["radius_km"] * 1000 if "radius_km" in args else None
    for session_id, starts_at, lat, lng in db.session.execute(light):
        distance = haversine_m(args["lat"], args["lng"], lat, lng) if lat is not None else None
        if radius_m is not None and (distance is None or distance > radius_m):
            continue
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
    if args.get("district"):
        stmt = stmt.where(_in_district(Venue.district, args["district"]))
    if args.get("kind"):
        stmt = stmt.where(Venue.kind == args["kind"])
    city = list_city(args)
    if city:
        stmt = stmt.where(Venue.district.startswith(city[:4]))
    return paginate(stmt.order_by(Venue.district, Venue.id), args["page"], args["per_page"])


def venue_detail(venue_id: int) -> Venue:
    venue = db.session.get(Venue, venue_id)
    if venue is None or not venue.is_active:
        raise NotFound("venue_not_found", "没有找到该场地，或该场地已停止开放")
    return venue


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
    result = paginate(stmt, page, per_page)
    _attach_door_details(result["items"], now)
    return result


def _attach_door_details(bookings: list[Booking], now: datetime) -> None:
    """Child's nickname, voucher used, cancel deadline, check-in QR and join link, per booking."""
    ids = [b.id for b in bookings]
    child_ids = {b.child_id for b in bookings if b.child_id is not None}
    nicknames = dict(db.session.execute(select(Child.id, Child.nickname).where(
        Child.id.in_(child_ids))).tuples().all()) if child_ids else {}
    vouchers = {v.booking_id: v for v in db.session.scalars(
        select(Voucher).options(joinedload(Voucher.batch))
        .where(Voucher.booking_id.in_(ids)))} if ids else {}
    for booking in bookings:
        session = booking.session
        live = booking.status in ACTIVE_STATUSES and session.starts_at > now
        confirmed = booking.status == "confirmed" and session.status == "scheduled"
        booking.child_nickname = nicknames.get(booking.child_id)
        booking.voucher = vouchers.get(booking.id)
        booking.cancel_until = session.starts_at if live else None
        booking.checkin_qr = None
        if confirmed:
            token, ttl = qr.issue(booking.id, booking.session_id)
            booking.checkin_qr = {"token": token, "expires_in": ttl}
        booking.online_url = session.online_url if confirmed else None
