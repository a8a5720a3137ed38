"""The rules a parent runs into when booking and cancelling, each with its own code."""
from datetime import timedelta

from sqlalchemy import select

from app.courses.models import Booking, CourseSession
from app.extensions import db
from tests.common.test_api_contract import assert_error_shape
from tests.courses.conftest import shift_session


def seats(app, session_id):
    with app.app_context():
        row = db.session.get(CourseSession, session_id)
        return row.seats_taken, row.waitlist_issued


def test_book_confirms_then_waitlists_when_full(app, cat):
    session = cat.session(capacity=2)
    results = []
    for months in (6, 12, 18, 24):
        headers, child = cat.parent_with_child(months)
        response = cat.book(session["id"], headers, child)
        assert response.status_code == 201, response.get_json()
        results.append(response.get_json())
    assert [r["status"] for r in results] == ["confirmed", "confirmed", "waitlisted",
                                               "waitlisted"]
    assert [r["waitlist_position"] for r in results] == [None, None, 1, 2]
    assert seats(app, session["id"]) == (2, 2)
    listed = cat.client.get(f"/api/v1/courses/{session['course']['id']}").get_json()
    assert listed["sessions"][0]["seats_left"] == 0
    assert listed["sessions"][0]["booking_state"] == "full"


def test_cancel_offers_the_seat_to_the_first_waitlisted_in_the_same_transaction(app, cat,
                                                                               client):
    session = cat.session(capacity=1)
    first, first_child = cat.parent_with_child(10)
    second, second_child = cat.parent_with_child(11)
    third, third_child = cat.parent_with_child(12)
    booked = cat.book(session["id"], first, first_child).get_json()
    queued = cat.book(session["id"], second, second_child).get_json()
    last = cat.book(session["id"], third, third_child).get_json()
    assert (queued["waitlist_position"], last["waitlist_position"]) == (1, 2)

    cancelled = client.delete(f"/api/v1/bookings/{booked['id']}", headers=first)
    assert cancelled.status_code == 200
    assert cancelled.get_json()["status"] == "cancelled"
    mine = client.get("/api/v1/me/bookings", headers=second).get_json()["items"]
    assert [(b["id"], b["status"]) for b in mine] == [(queued["id"], "waitlisted")]
    assert mine[0]["offer_expires_at"] is not None   # the seat is held for them
    assert seats(app, session["id"])[0] == 1
    theirs = client.get("/api/v1/me/bookings", headers=third).get_json()["items"]
    assert theirs[0]["offer_expires_at"] is None     # no second offer for one seat
    assert cat.accept_offer(second)["id"] == queued["id"]
    theirs = client.get("/api/v1/me/bookings", headers=third).get_json()["items"]
    assert theirs[0]["waitlist_position"] == 1  # moved up
    assert seats(app, session["id"])[0] == 1

    # Cancelling the only confirmed booking with nobody waiting gives the seat back.
    client.delete(f"/api/v1/bookings/{last['id']}", headers=third)
    client.delete(f"/api/v1/bookings/{queued['id']}", headers=second)
    assert seats(app, session["id"])[0] == 0


def test_a_new_booking_is_told_its_place_among_those_still_waiting(app, cat, client):
    """Places count only who is still waiting: after a cancellation from the middle of the queue,
    a promotion and an account deletion, a newcomer's place in the booking response is the same
    the parent then sees in their list."""
    session = cat.session(capacity=1)
    parents = [cat.parent_with_child(months) for months in (10, 11, 12, 13)]
    first, second, third, fourth = [cat.book(session["id"], headers, child).get_json()
                                    for headers, child in parents]
    assert [b["waitlist_position"] for b in (second, third, fourth)] == [1, 2, 3]

    client.delete(f"/api/v1/bookings/{third['id']}", headers=parents[2][0])   # leaves the queue
    client.delete(f"/api/v1/bookings/{first['id']}", headers=parents[0][0])   # second offered
    cat.accept_offer(parents[1][0])                                            # and takes it
    newcomer, newcomer_child = cat.parent_with_child(14)
    queued = cat.book(session["id"], newcomer, newcomer_child).get_json()
    assert queued["waitlist_position"] == 2   # behind the fourth parent only

    assert client.delete("/api/v1/me", headers=parents[3][0]).status_code == 204
    mine = client.get("/api/v1/me/bookings", headers=newcomer).get_json()["items"]
    assert mine[0]["waitlist_position"] == 1
    last, last_child = cat.parent_with_child(15)
    assert cat.book(session["id"], last, last_child).get_json()["waitlist_position"] == 2
    with app.app_context():
        assert db.session.get(CourseSession, session["id"]).waitlist_length == 2


def test_cancelled_booking_can_be_booked_again(cat, client):
    session = cat.session(capacity=5)
    headers, child = cat.parent_with_child(12)
    first = cat.book(session["id"], headers, child).get_json()
    assert client.delete(f"/api/v1/bookings/{first['id']}", headers=headers).status_code == 200
    again = client.delete(f"/api/v1/bookings/{first['id']}", headers=headers)
    assert again.status_code == 200 and again.get_json()["status"] == "cancelled"
    rebooked = cat.book(session["id"], headers, child)
    assert rebooked.status_code == 201 and rebooked.get_json()["id"] != first["id"]


def test_same_child_twice_is_refused(cat):
    session = cat.session(capacity=1)
    headers, child = cat.parent_with_child(12)
    assert cat.book(session["id"], headers, child).status_code == 201
    body = assert_error_shape(cat.book(session["id"], headers, child), 409, "already_booked")
    assert "我的预约" in body["message"]

    other, other_child = cat.parent_with_child(12)
    assert cat.book(session["id"], other, other_child).get_json()["status"] == "waitlisted"
    body = assert_error_shape(cat.book(session["id"], other, other_child), 409,
                              "already_waitlisted")
    assert "第 1 位" in body["message"]


def test_idempotency_key_returns_the_first_result(app, cat):
    session = cat.session(capacity=3)
    headers, child = cat.parent_with_child(12)
    key = {"Idempotency-Key": "tap-1"}
    first = cat.book(session["id"], headers, child, **key)
    second = cat.book(session["id"], headers, child, **key)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    with app.app_context():
        count = len(db.session.scalars(select(Booking)).all())
    assert count == 1 and seats(app, session["id"])[0] == 1


def test_another_parents_child_is_not_found(cat):
    session = cat.session()
    _, child = cat.parent_with_child(12)
    stranger, _ = cat.parent_with_child(12)
    assert_error_shape(cat.book(session["id"], stranger, child), 404, "child_not_found")


def test_age_outside_the_range_names_the_range(cat):
    course = cat.course(title="6–12月龄辅食添加", domain="营养喂养", format="父母培训",
                        age_min_months=6, age_max_months=12)
    session = cat.session(course=course)
    headers, child = cat.parent_with_child(months=20)
    body = assert_error_shape(cat.book(session["id"], headers, child), 409, "age_out_of_range")
    assert "6–12月龄" in body["message"] and "20月龄" in body["message"]


def test_pregnancy_course_books_without_a_child_once_per_parent(cat):
    course = cat.course(title="孕期营养与体重管理", domain="孕期保健", format="孕妇学校",
                        age_min_months=-10, age_max_months=-1)
    session = cat.session(course=course)
    headers = cat.login("parent")
    assert cat.book(session["id"], headers).get_json()["status"] == "confirmed"
    assert_error_shape(cat.book(session["id"], headers), 409, "already_booked")
    # An expected baby fits a pregnancy course; a 1-year-old does not.
    expecting, baby = cat.parent_with_child(due_in_days=120)
    assert cat.book(session["id"], expecting, baby).status_code == 201
    toddler_parent, toddler = cat.parent_with_child(months=12)
    body = assert_error_shape(cat.book(session["id"], toddler_parent, toddler), 409,
                              "age_out_of_range")
    assert "孕期" in body["message"]


def test_child_course_needs_a_child(cat):
    session = cat.session()
    body = assert_error_shape(cat.book(session["id"], cat.login("parent")), 422,
                              "child_required")
    assert "child_id" in body["errors"]


def test_booking_window_not_open_and_closed(app, cat):
    later = cat.session(starts_in=timedelta(days=20))
    headers, child = cat.parent_with_child(12)
    body = assert_error_shape(cat.book(later["id"], headers, child), 409, "booking_not_open")
    assert "开放预约" in body["message"]
    soon = cat.session(starts_in=timedelta(hours=3))  # closes 2 h before the start by default
    shift_session(app, soon["id"], booking_closes_at=-timedelta(minutes=1))
    assert_error_shape(cat.book(soon["id"], headers, child), 409, "booking_closed")


def test_started_and_cancelled_sessions(app, cat, client):
    session = cat.session()
    headers, child = cat.parent_with_child(12)
    booking = cat.book(session["id"], headers, child).get_json()
    shift_session(app, session["id"], booking_opens_at=-timedelta(days=2),
                  booking_closes_at=-timedelta(hours=1), starts_at=-timedelta(minutes=5),
                  ends_at=timedelta(minutes=55))
    other, other_child = cat.parent_with_child(12)
    assert_error_shape(cat.book(session["id"], other, other_child), 409, "session_started")
    body = assert_error_shape(client.delete(f"/api/v1/bookings/{booking['id']}",
                                            headers=headers), 409, "cancel_after_start")
    assert "联系场地" in body["message"]

    fresh = cat.session()
    cancel = client.post(f"/api/v1/admin/sessions/{fresh['id']}/cancel",
                         json={"reason": "场地检修"}, headers=cat.admin)
    assert cancel.status_code == 200
    assert_error_shape(cat.book(fresh["id"], other, other_child), 409, "session_cancelled")


def test_active_booking_limit(app, cat):
    app.config["MAX_ACTIVE_BOOKINGS"] = 2
    try:
        course, venue = cat.course(), cat.venue()
        sessions = [cat.session(course=course, venue=venue, capacity=1) for _ in range(3)]
        headers, child = cat.parent_with_child(12)
        assert cat.book(sessions[0]["id"], headers, child).status_code == 201
        assert cat.book(sessions[1]["id"], headers, child).status_code == 201
        body = assert_error_shape(cat.book(sessions[2]["id"], headers, child), 409,
                                  "too_many_bookings")
        assert "2" in body["message"]
    finally:
        app.config["MAX_ACTIVE_BOOKINGS"] = 5


def test_someone_elses_booking_is_not_found(cat, client):
    session = cat.session()
    headers, child = cat.parent_with_child(12)
    booking = cat.book(session["id"], headers, child).get_json()
    stranger = cat.login("parent")
    assert_error_shape(client.delete(f"/api/v1/bookings/{booking['id']}", headers=stranger),
                       404, "booking_not_found")
    assert_error_shape(client.get(f"/api/v1/bookings/{booking['id']}/qr", headers=stranger),
                       404, "booking_not_found")


def test_staff_and_admin_cannot_book(cat):
    session = cat.session()
    assert_error_shape(cat.book(session["id"], cat.admin), 403, "forbidden_role")


def test_my_bookings_upcoming_and_past(app, cat, client):
    course, venue = cat.course(), cat.venue()
    early = cat.session(course=course, venue=venue, starts_in=timedelta(days=2))
    late = cat.session(course=course, venue=venue, starts_in=timedelta(days=4))
    gone = cat.session(course=course, venue=venue, starts_in=timedelta(days=3))
    headers, child = cat.parent_with_child(12)
    ids = {s["id"]: cat.book(s["id"], headers, child).get_json()["id"]
           for s in (late, early, gone)}
    client.delete(f"/api/v1/bookings/{ids[gone['id']]}", headers=headers)
    upcoming = client.get("/api/v1/me/bookings", headers=headers).get_json()
    assert [b["session"]["id"] for b in upcoming["items"]] == [early["id"], late["id"]]
    assert upcoming["total"] == 2
    assert upcoming["items"][0]["session"]["course"]["title"] == course["title"]
    assert upcoming["items"][0]["session"]["starts_at"].endswith("+08:00")
    past = client.get("/api/v1/me/bookings?when=past", headers=headers).get_json()
    assert [(b["session"]["id"], b["status"]) for b in past["items"]] == [
        (gone["id"], "cancelled")]
