"""Rows built straight through the ORM for tests that need many of them at once (races, faults);
added to the session, not committed."""
from datetime import date, datetime, timedelta, timezone

from app.accounts.models import Child, User
from app.courses.models import Course, CourseSession, Venue
from app.extensions import db


def open_sessions(count: int, capacity: int) -> list[CourseSession]:
    """Sessions of one course for 6–24 months, open for booking, starting in two days an hour
    apart (added, not committed)."""
    now = datetime.now(timezone.utc)
    venue = Venue(name="吴中区长桥街道科学育儿项目点", kind="科学育儿项目点", district="320506",  # 吴中区
                  lat=31.27, lng=120.62)
    course = Course(title="1岁宝宝大运动游戏", summary="爬、站、走的亲子游戏", domain="动作",
                    format="亲子游戏", age_min_months=6, age_max_months=24,
                    duration_minutes=60, tags=[])
    sessions = [CourseSession(course=course, venue=venue, capacity=capacity,
                              starts_at=now + timedelta(days=2, hours=i),
                              ends_at=now + timedelta(days=2, hours=i, minutes=50),
                              booking_opens_at=now - timedelta(hours=1),
                              booking_closes_at=now + timedelta(days=1))
                for i in range(count)]
    db.session.add_all(sessions)
    return sessions


def parents_with_children(count: int, prefix: str) -> list[User]:
    """Parents with consent, each with a 1-year-old (added, not committed)."""
    now, birth = datetime.now(timezone.utc), date.today() - timedelta(days=365)
    users = [User(role="parent", openid=f"{prefix}-{i}", nickname=f"家长{i}", consent_at=now,
                  children=[Child(nickname=f"宝宝{i}", birth_date=birth)])
             for i in range(count)]
    db.session.add_all(users)
    return users
