"""A course may be local: for one city's parents (a city's maternity hospital, its Red Cross).

Such a course is listed only to that city's parents, scheduled only at that city's venues, and
managed only by that city's admins; a course without a city is every served city's. A city admin's
new course is their city's unless they say otherwise.
"""
from sqlalchemy import or_

from app.common import scope
from app.common.errors import InvalidInput, NotFound
from app.courses.models import Course


def listed_in(city: str | None):
    """The catalogue's condition: the courses a parent in `city` may see (all without a city)."""
    if not city:
        return None
    return or_(Course.city.is_(None), Course.city == city)


def course_fits_venue(course: Course, venue_district: str | None) -> bool:
    from app.places.service import registry

    return course.city is None or registry().within(venue_district, (course.city,))


def check_session_place(course: Course, venue_district: str | None) -> None:
    if not course_fits_venue(course, venue_district):
        from app.places.service import district_name

        raise InvalidInput("venue_id", f"该课程只在{district_name(course.city)}开设，"
                                       "请选择该市的场地，或先修改课程的开设城市")


def check_city(admin, data: dict, new: bool) -> dict:
    """A city admin's courses are their city's: a new one is unless it says so, and none may be
    moved to another city or to every city; an admin of every city chooses."""
    own = scope.city_of_scope(admin)
    if not own or ("city" not in data and not new):
        return data
    if data.get("city", own) != own:
        from app.places.service import district_name

        raise InvalidInput("city", f"只能为{district_name(own)}开设课程")
    return {**data, "city": own}


def course_in_scope(admin, course: Course) -> Course:
    """Another city's local course is a 404 to a city admin, like another city's venue."""
    if course.city is not None and not scope.in_scope(admin, course.city):
        raise NotFound("course_not_found", "没有找到该课程")
    return course


def check_sessions_follow(course: Course, city: str | None) -> None:
    """A course made local keeps no upcoming session in another city."""
    if city is None:
        return
    from sqlalchemy import exists, select

    from app.common.timeutil import utcnow
    from app.courses.models import CourseSession, Venue
    from app.extensions import db
    from app.places.service import placed_in

    elsewhere = db.session.scalar(select(exists().where(
        CourseSession.course_id == course.id, CourseSession.status == "scheduled",
        CourseSession.starts_at > utcnow(), CourseSession.venue_id == Venue.id,
        ~placed_in(Venue.district, city))))
    if elsewhere:
        raise InvalidInput("city", "该课程在其他城市还有未开始的场次，请先取消这些场次再修改开设城市")
