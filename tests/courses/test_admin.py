"""The admin keeps venues, courses and sessions; cancelling one cancels the bookings under it."""
from datetime import datetime, timedelta, timezone

import pytest

from app.common.errors import DomainError
from app.courses import hooks
from tests.common.test_api_contract import assert_error_shape
from tests.courses.conftest import local_iso


class RecordingHook:
    """Stands in for a domain joined to bookings (vouchers): records, or refuses on demand."""

    def __init__(self, refuse: bool = False):
        self.refuse, self.reserved, self.released = refuse, [], []

    def reserve(self, booking, options):
        if self.refuse and options.get("child_id") is not None:
            raise DomainError("voucher_not_covering", "该服务券不适用于本课程，请更换或不使用服务券")
        self.reserved.append((booking.id, booking.status))

    def release(self, booking, reason):
        self.released.append((booking.id, reason))


@pytest.fixture
def hook():
    recording = RecordingHook()
    hooks.register(recording)
    yield recording
    hooks._HOOKS.remove(recording)


def test_cancelling_a_session_cancels_its_bookings_and_releases_hooks(app, cat, client, hook):
    session = cat.session(capacity=1)
    booked = [cat.book(session["id"], *cat.parent_with_child(12)).get_json() for _ in range(2)]
    assert [status for _, status in hook.reserved] == ["confirmed", "waitlisted"]
    response = client.post(f"/api/v1/admin/sessions/{session['id']}/cancel",
                           json={"reason": "讲师临时有事"}, headers=cat.admin)
    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    assert response.get_json()["cancel_reason"] == "讲师临时有事"
    assert sorted(hook.released) == sorted((b["id"], "session_cancelled") for b in booked)
    listed = client.get(f"/api/v1/sessions?course_id={session['course']['id']}").get_json()
    assert listed["total"] == 0
    again = client.post(f"/api/v1/admin/sessions/{session['id']}/cancel", headers=cat.admin)
    assert again.status_code == 200 and len(hook.released) == 2


def test_a_refusing_hook_rolls_the_whole_booking_back(app, cat, client):
    refusing = RecordingHook(refuse=True)
    hooks.register(refusing)
    try:
        session = cat.session(capacity=1)
        headers, child = cat.parent_with_child(12)
        assert_error_shape(cat.book(session["id"], headers, child), 409, "voucher_not_covering")
    finally:
        hooks._HOOKS.remove(refusing)
    detail = client.get(f"/api/v1/courses/{session['course']['id']}").get_json()
    assert detail["sessions"][0]["seats_left"] == 1
    assert client.get("/api/v1/me/bookings", headers=headers).get_json()["total"] == 0
    assert cat.book(session["id"], headers, child).get_json()["status"] == "confirmed"


def test_cancelling_a_course_or_closing_a_venue_cancels_upcoming_sessions(cat, client, hook):
    course, venue = cat.course(), cat.venue()
    first = cat.session(course=course, venue=venue)
    second = cat.session(course=cat.course(title="家庭安全防护", domain="安全防护"), venue=venue)
    headers, child = cat.parent_with_child(12)
    booking = cat.book(first["id"], headers, child).get_json()
    cancelled = client.post(f"/api/v1/admin/courses/{course['id']}/cancel", json={},
                            headers=cat.admin)
    assert cancelled.get_json()["status"] == "cancelled"
    assert hook.released == [(booking["id"], "course_cancelled")]
    assert client.get("/api/v1/courses").get_json()["total"] == 1

    closed = client.post(f"/api/v1/admin/venues/{venue['id']}/cancel",
                         json={"reason": "场地装修"}, headers=cat.admin)
    assert closed.status_code == 200 and closed.get_json()["is_active"] is False
    body = assert_error_shape(cat.book(second["id"], headers, child), 409, "session_cancelled")
    assert "其他场次" in body["message"]
    new = client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": second["course"]["id"], "venue_id": venue["id"], "capacity": 5,
        "starts_at": second["starts_at"]})
    assert_error_shape(new, 409, "venue_inactive")


def test_growing_capacity_offers_seats_to_the_queue_and_shrinking_below_taken_is_refused(
        cat, client):
    session = cat.session(capacity=1)
    parents = [cat.parent_with_child(12) for _ in range(3)]
    for headers, child in parents:
        cat.book(session["id"], headers, child)
    url = f"/api/v1/admin/sessions/{session['id']}"
    grown = client.patch(url, json={"capacity": 2}, headers=cat.admin)
    assert grown.status_code == 200 and grown.get_json()["seats_left"] == 0  # held for an offer
    last = client.get("/api/v1/me/bookings", headers=parents[2][0]).get_json()["items"]
    assert last[0]["offer_expires_at"] is None
    cat.accept_offer(parents[1][0])
    last = client.get("/api/v1/me/bookings", headers=parents[2][0]).get_json()["items"]
    assert last[0]["waitlist_position"] == 1
    body = assert_error_shape(client.patch(url, json={"capacity": 1}, headers=cat.admin), 409,
                              "capacity_below_taken")
    assert "2" in body["message"]


def test_admin_input_is_validated(cat, client):
    bad_course = client.post("/api/v1/admin/courses", headers=cat.admin, json={
        "title": "x", "summary": "y", "domain": "篮球", "format": "专题讲座",
        "age_min_months": 12, "age_max_months": 6, "duration_minutes": 60})
    assert "domain" in assert_error_shape(bad_course, 422, "validation_error")["errors"]
    bad_range = client.post("/api/v1/admin/courses", headers=cat.admin, json={
        "title": "x", "summary": "y", "domain": "动作", "format": "专题讲座",
        "age_min_months": 12, "age_max_months": 6, "duration_minutes": 60})
    body = assert_error_shape(bad_range, 422, "validation_error")
    assert body["errors"]["age_min_months"] == ["最小月龄不能大于最大月龄"]
    bad_venue = client.post("/api/v1/admin/venues", headers=cat.admin, json={
        "name": "坐标写反的场地", "kind": "社区优育课堂", "district": "姑苏区",
        "lat": 120.6, "lng": 31.3})
    assert "lat" in assert_error_shape(bad_venue, 422)["errors"]
    session = cat.session()
    starts = session["starts_at"]
    bad_session = client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": session["course"]["id"], "venue_id": session["venue"]["id"],
        "capacity": 5, "starts_at": starts, "ends_at": starts})
    assert "ends_at" in assert_error_shape(bad_session, 422)["errors"]
    assert_error_shape(client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": 9999, "venue_id": session["venue"]["id"], "capacity": 5,
        "starts_at": starts}), 404, "course_not_found")
    assert_error_shape(client.post("/api/v1/admin/venues", headers=cat.login("parent"),
                                   json={}), 403, "forbidden_role")


def test_session_defaults_close_booking_two_hours_before(cat, client):
    course, venue = cat.course(duration_minutes=90), cat.venue()
    starts = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=3)
    created = client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": course["id"], "venue_id": venue["id"], "capacity": 20,
        "starts_at": local_iso(starts)}).get_json()
    assert created["booking_closes_at"] == local_iso(starts - timedelta(hours=2))
    assert created["ends_at"] == local_iso(starts + timedelta(minutes=90))
    assert created["booking_opens_at"] == local_iso(starts - timedelta(days=7))
    assert created["booking_state"] == "open" and created["seats_left"] == 20
    edited = client.patch(f"/api/v1/admin/courses/{course['id']}", headers=cat.admin,
                          json={"title": "新标题", "tags": ["睡眠"]}).get_json()
    assert edited["title"] == "新标题" and edited["tags"] == ["睡眠"]
    assert client.patch(f"/api/v1/admin/venues/{venue['id']}", headers=cat.admin,
                        json={"contact": "0512-66666666"}).get_json()["contact"] == "0512-66666666"
