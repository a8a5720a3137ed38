"""Bookings a family and a venue can trust: one seat per person, no silent late promotion,
sessions never born closed nor duplicated, and a deleted child's history kept anonymised."""
from datetime import datetime, timedelta, timezone

from app.courses.models import CourseSession
from app.extensions import db
from tests.common.test_api_contract import assert_error_shape
from tests.courses.conftest import local_iso, shift_session


def test_a_parents_own_seat_and_their_childs_seat_never_both(app, cat, client):
    pregnancy = cat.course(title="孕期与新生儿亲子课", age_min_months=-10, age_max_months=12)
    session = cat.session(course=pregnancy, capacity=10)
    headers, child = cat.parent_with_child(3)
    assert cat.book(session["id"], headers, None).status_code == 201
    body = assert_error_shape(cat.book(session["id"], headers, child), 409,
                              "already_booked_for_yourself")
    assert "取消本人的预约" in body["message"]
    other = cat.session(course=pregnancy, capacity=10)
    assert cat.book(other["id"], headers, child).status_code == 201
    assert_error_shape(cat.book(other["id"], headers, None), 409, "already_booked_for_child")


def test_twins_take_two_child_seats(app, cat, client):
    session = cat.session(capacity=5)
    headers, first = cat.parent_with_child(12)
    born = client.get(f"/api/v1/me/children/{first}", headers=headers).get_json()["birth_date"]
    second = client.post("/api/v1/me/children", headers=headers,
                         json={"nickname": "小雪", "birth_date": born})
    assert second.status_code == 201
    assert cat.book(session["id"], headers, first).status_code == 201
    assert cat.book(session["id"], headers, second.get_json()["id"]).status_code == 201
    assert_error_shape(cat.book(session["id"], headers, first), 409, "already_booked")
    seats = client.get(f"/api/v1/sessions/{session['id']}").get_json()["seats_left"]
    assert seats == 3


def test_no_silent_promotion_once_booking_has_closed(app, cat, client):
    session = cat.session(capacity=1)
    first, first_child = cat.parent_with_child(12)
    second, second_child = cat.parent_with_child(12)
    seat = cat.book(session["id"], first, first_child).get_json()
    queued = cat.book(session["id"], second, second_child).get_json()
    assert queued["status"] == "waitlisted"
    shift_session(app, session["id"], booking_closes_at=-timedelta(minutes=5))
    assert client.delete(f"/api/v1/bookings/{seat['id']}", headers=first).status_code == 200
    still = client.get("/api/v1/me/bookings", headers=second).get_json()["items"][0]
    assert still["status"] == "waitlisted"
    with app.app_context():
        assert db.session.get(CourseSession, session["id"]).seats_taken == 0


def test_an_offer_while_booking_is_open(app, cat, client):
    session = cat.session(capacity=1)
    first, first_child = cat.parent_with_child(12)
    second, second_child = cat.parent_with_child(12)
    seat = cat.book(session["id"], first, first_child).get_json()
    cat.book(session["id"], second, second_child)
    client.delete(f"/api/v1/bookings/{seat['id']}", headers=first)
    assert cat.accept_offer(second)["status"] == "confirmed"


def test_confirmed_at_once_only_when_an_offer_could_not_be_answered_before_booking_closes(
        app, cat, client):
    """Three minutes before booking closes an offer (at least five minutes) could not be
    answered in time: the first in line gets the seat at once, and is told so."""
    session = cat.session(capacity=1)
    first, first_child = cat.parent_with_child(12)
    second, second_child = cat.parent_with_child(12)
    seat = cat.book(session["id"], first, first_child).get_json()
    cat.book(session["id"], second, second_child)
    shift_session(app, session["id"], booking_closes_at=timedelta(minutes=3))
    client.delete(f"/api/v1/bookings/{seat['id']}", headers=first)
    promoted = client.get("/api/v1/me/bookings", headers=second).get_json()["items"][0]
    assert promoted["status"] == "confirmed" and promoted["offer_expires_at"] is None
    kinds = [n["kind"] for n in client.get("/api/v1/me/notifications", headers=second)
             .get_json()["items"]]
    assert kinds[0] == "booking_confirmed"


def test_a_session_is_never_born_closed_and_never_duplicated(app, cat, client):
    course, venue = cat.course(), cat.venue()
    soon = cat.session(course=course, venue=venue, starts_in=timedelta(hours=1))
    assert soon["booking_state"] == "open"
    assert soon["booking_closes_at"] == soon["starts_at"]  # clamped to the start
    duplicate = client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": course["id"], "venue_id": venue["id"], "starts_at": soon["starts_at"],
        "capacity": 5})
    body = assert_error_shape(duplicate, 409, "session_duplicate")
    assert f"场次 {soon['id']}" in body["message"]
    starts = datetime.now(timezone.utc) + timedelta(days=2)
    past_close = client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": course["id"], "venue_id": venue["id"], "starts_at": local_iso(starts),
        "capacity": 5, "booking_closes_at": local_iso(datetime.now(timezone.utc)
                                                      - timedelta(minutes=1))})
    assert "booking_closes_at" in assert_error_shape(past_close, 422)["errors"]
    cancelled = client.post(f"/api/v1/admin/sessions/{soon['id']}/cancel", headers=cat.admin,
                            json={"reason": "改期"})
    assert cancelled.status_code == 200
    again = client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": course["id"], "venue_id": venue["id"], "starts_at": soon["starts_at"],
        "capacity": 5})
    assert again.status_code == 201  # a cancelled slot may be scheduled again


def test_deleting_a_child_keeps_its_history_anonymised(app, cat, client, login):
    past, upcoming = cat.session(capacity=5), cat.session(capacity=1)
    headers, child = cat.parent_with_child(12)
    other, other_child = cat.parent_with_child(12)
    attended = cat.book(past["id"], headers, child).get_json()
    live = cat.book(upcoming["id"], headers, child).get_json()
    waiting = cat.book(upcoming["id"], other, other_child).get_json()
    assert waiting["status"] == "waitlisted"
    shift_session(app, past["id"], booking_opens_at=-timedelta(days=3),
                  booking_closes_at=-timedelta(hours=3), starts_at=-timedelta(minutes=30),
                  ends_at=timedelta(minutes=30))
    staff = login("venue_staff", venue_id=past["venue"]["id"])
    assert client.post(f"/api/v1/sessions/{past['id']}/checkins", headers=staff,
                       json={"booking_id": attended["id"]}).status_code == 200
    deleted = client.delete(f"/api/v1/me/children/{child}", headers=headers)
    assert deleted.status_code == 200
    assert deleted.get_json()["released_bookings"] == [live["id"]]
    assert cat.accept_offer(other)["id"] == waiting["id"]
    history = client.get("/api/v1/me/bookings?when=past", headers=headers).get_json()["items"]
    assert {b["id"]: b["status"] for b in history} == {attended["id"]: "attended",
                                                       live["id"]: "cancelled"}
    assert all(b["child_id"] is None for b in history)
    roster = client.get(f"/api/v1/sessions/{past['id']}/roster", headers=staff).get_json()
    entry = roster["items"][0]
    assert entry["status"] == "attended" and entry["child_nickname"] == "（已删除的孩子）"
