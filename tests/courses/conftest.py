"""Courses fixtures: an admin builds venues, courses and sessions through the real admin API."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from app.courses.models import CourseSession
from app.extensions import db

SHANGHAI = timezone(timedelta(hours=8))


def local_iso(dt: datetime) -> str:
    return dt.astimezone(SHANGHAI).isoformat()


def months_ago(months: int, extra_days: int = 0) -> str:
    """A birth date that makes a child `months` old today (plus a few days' margin)."""
    today = date.today()
    year, month = divmod(today.month - 1 - months, 12)
    day = min(today.day, 28)
    return (date(today.year + year, month + 1, day) - timedelta(days=extra_days)).isoformat()


class Catalogue:
    """Build catalogue rows as an admin would, through the HTTP API."""

    def __init__(self, client, login):
        self.client, self.login = client, login
        self.admin = login("admin")

    def venue(self, **overrides) -> dict:
        body = {"name": "姑苏区双塔街道社区优育课堂", "kind": "社区优育课堂", "district": "姑苏区",
                "street": "双塔街道", "address": "苏州市姑苏区十全街 100 号", "lat": 31.2990,
                "lng": 120.6330, "contact": "0512-65000000"} | overrides
        response = self.client.post("/api/v1/admin/venues", json=body, headers=self.admin)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def course(self, **overrides) -> dict:
        body = {"title": "0–3岁宝宝语言启蒙", "summary": "用绘本和儿歌陪宝宝开口说话",
                "domain": "语言", "format": "亲子游戏", "age_min_months": 0,
                "age_max_months": 36, "duration_minutes": 60, "accepts_vouchers": True,
                "provider": "苏州市妇幼保健院", "tags": ["语言", "绘本"]} | overrides
        response = self.client.post("/api/v1/admin/courses", json=body, headers=self.admin)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def session(self, course=None, venue=None, starts_in=timedelta(days=3), **overrides) -> dict:
        course = course or self.course()
        venue = venue or self.venue()
        starts = datetime.now(timezone.utc) + starts_in
        body = {"course_id": course["id"], "venue_id": venue["id"], "starts_at": local_iso(starts),
                "capacity": 2, "booking_opens_at": local_iso(starts - timedelta(days=7))}
        body |= overrides
        response = self.client.post("/api/v1/admin/sessions", json=body, headers=self.admin)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def parent_with_child(self, months: int = 12, openid: str | None = None,
                          due_in_days: int | None = None) -> tuple[dict, int]:
        headers = self.login("parent", openid=openid)
        assert self.client.patch("/api/v1/me", json={"consent": True, "nickname": "小雨妈妈"},
                                 headers=headers).status_code == 200
        child = {"nickname": "小雨"}
        if due_in_days is not None:
            child["due_date"] = (date.today() + timedelta(days=due_in_days)).isoformat()
        else:
            child["birth_date"] = months_ago(months, extra_days=3)
        response = self.client.post("/api/v1/me/children", json=child, headers=headers)
        assert response.status_code == 201, response.get_json()
        return headers, response.get_json()["id"]

    def book(self, session_id: int, headers: dict, child_id=None, **extra):
        return self.client.post(f"/api/v1/sessions/{session_id}/bookings",
                                json={"child_id": child_id}, headers=headers | extra)

    def accept_offer(self, headers: dict) -> dict:
        """The parent sees the seat offered to them (waitlisted, with a deadline) and accepts
        it; returns the booking now confirmed."""
        offered = [b for b in self.client.get("/api/v1/me/bookings", headers=headers)
                   .get_json()["items"] if b["offer_expires_at"]]
        assert [b["status"] for b in offered] == ["waitlisted"], offered
        accepted = self.client.post(f"/api/v1/bookings/{offered[0]['id']}/accept-offer",
                                    headers=headers)
        assert accepted.status_code == 200, accepted.get_json()
        assert accepted.get_json()["status"] == "confirmed"
        return accepted.get_json()


@pytest.fixture
def cat(client, login):
    return Catalogue(client, login)


def shift_session(app, session_id: int, **times: timedelta) -> None:
    """Let time pass for a session: move its times by the given offsets from now."""
    now = datetime.now(timezone.utc)
    with app.app_context():
        db.session.execute(update(CourseSession).where(CourseSession.id == session_id)
                           .values({name: now + delta for name, delta in times.items()}))
        db.session.commit()
