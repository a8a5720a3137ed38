"""Venue staff check families in (booking id or QR) and see the roster of their own venue only."""
from datetime import datetime, timedelta, timezone

import jwt

from tests.common.test_api_contract import assert_error_shape
from tests.courses.conftest import shift_session


def starting_soon(app, session):
    """The session starts in 30 minutes: check-in is open."""
    shift_session(app, session["id"], booking_opens_at=-timedelta(days=2),
                  booking_closes_at=timedelta(minutes=10), starts_at=timedelta(minutes=30),
                  ends_at=timedelta(minutes=90))


def booked_session(app, cat, capacity=1):
    session = cat.session(capacity=capacity)
    parent, child = cat.parent_with_child(12)
    booking = cat.book(session["id"], parent, child).get_json()
    return session, parent, booking


def test_staff_checks_in_by_booking_id_and_a_repeat_is_harmless(app, cat, client):
    session, _, booking = booked_session(app, cat)
    starting_soon(app, session)
    staff = cat.login("venue_staff", venue_id=session["venue"]["id"])
    url = f"/api/v1/sessions/{session['id']}/checkins"
    first = client.post(url, json={"booking_id": booking["id"]}, headers=staff)
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["booking"]["status"] == "attended" and body["already_checked_in"] is False
    assert body["booking"]["checked_in_at"].endswith("+08:00")
    again = client.post(url, json={"booking_id": booking["id"]}, headers=staff).get_json()
    assert again["already_checked_in"] is True and "已签到" in again["message"]
    assert again["booking"]["checked_in_at"] == body["booking"]["checked_in_at"]


def test_qr_token_from_the_parent_checks_in(app, cat, client):
    session, parent, booking = booked_session(app, cat)
    starting_soon(app, session)
    qr = client.get(f"/api/v1/bookings/{booking['id']}/qr", headers=parent)
    assert qr.status_code == 200 and 0 < qr.get_json()["expires_in"] <= 900
    staff = cat.login("venue_staff", venue_id=session["venue"]["id"])
    scanned = client.post(f"/api/v1/sessions/{session['id']}/checkins",
                          json={"qr_token": qr.get_json()["token"]}, headers=staff)
    assert scanned.status_code == 200
    assert scanned.get_json()["booking"]["id"] == booking["id"]
    assert scanned.get_json()["booking"]["status"] == "attended"


def test_expired_or_forged_qr_is_refused_with_a_reason(app, cat, client):
    session, _, booking = booked_session(app, cat)
    starting_soon(app, session)
    staff = cat.login("venue_staff", venue_id=session["venue"]["id"])
    url = f"/api/v1/sessions/{session['id']}/checkins"
    old = jwt.encode({"bid": booking["id"], "sid": session["id"], "aud": "booking-checkin",
                      "exp": datetime.now(timezone.utc) - timedelta(minutes=1)},
                     app.config["SECRET_KEY"], algorithm="HS256")
    body = assert_error_shape(client.post(url, json={"qr_token": old}, headers=staff), 400,
                              "qr_token_expired")
    assert "刷新" in body["message"]
    forged = jwt.encode({"bid": booking["id"], "aud": "booking-checkin",
                         "exp": datetime.now(timezone.utc) + timedelta(minutes=5)},
                        "not-our-secret-but-long-enough-for-hs256-0123456789", algorithm="HS256")
    assert_error_shape(client.post(url, json={"qr_token": forged}, headers=staff), 400,
                       "qr_token_invalid")
    # A login token is not a check-in token.
    login_token = staff["Authorization"].split()[1]
    assert_error_shape(client.post(url, json={"qr_token": login_token}, headers=staff), 400,
                       "qr_token_invalid")


def test_only_staff_of_that_venue(app, cat, client):
    session, parent, booking = booked_session(app, cat)
    starting_soon(app, session)
    elsewhere = cat.venue(name="相城区元和街道社区优育课堂", district="相城区")
    other_staff = cat.login("venue_staff", venue_id=elsewhere["id"])
    url = f"/api/v1/sessions/{session['id']}/checkins"
    assert_error_shape(client.post(url, json={"booking_id": booking["id"]},
                                   headers=other_staff), 403, "not_your_venue")
    assert_error_shape(client.get(f"/api/v1/sessions/{session['id']}/roster",
                                  headers=other_staff), 403, "not_your_venue")
    assert_error_shape(client.post(url, json={"booking_id": booking["id"]}, headers=parent),
                       403, "forbidden_role")


def test_waitlisted_cancelled_and_other_session_bookings_are_refused(app, cat, client):
    session, parent, booking = booked_session(app, cat, capacity=1)
    waiting_parent, waiting_child = cat.parent_with_child(12)
    waiting = cat.book(session["id"], waiting_parent, waiting_child).get_json()
    other = cat.session(course=session["course"], venue=session["venue"])
    other_parent, other_child = cat.parent_with_child(12)
    elsewhere = cat.book(other["id"], other_parent, other_child).get_json()
    starting_soon(app, session)
    staff = cat.login("venue_staff", venue_id=session["venue"]["id"])
    url = f"/api/v1/sessions/{session['id']}/checkins"
    assert_error_shape(client.post(url, json={"booking_id": waiting["id"]}, headers=staff),
                       409, "booking_waitlisted")
    body = assert_error_shape(client.post(url, json={"booking_id": elsewhere["id"]},
                                          headers=staff), 409, "booking_for_other_session")
    assert session["course"]["title"] in body["message"]
    assert_error_shape(client.post(url, json={"booking_id": 999999}, headers=staff), 404,
                       "booking_not_found")
    assert_error_shape(client.post(url, json={}, headers=staff), 422, "validation_error")
    assert_error_shape(client.get(f"/api/v1/bookings/{waiting['id']}/qr",
                                  headers=waiting_parent), 409, "booking_not_confirmed")


def test_checkin_opens_an_hour_before_the_start(app, cat, client):
    session, _, booking = booked_session(app, cat)
    staff = cat.login("venue_staff", venue_id=session["venue"]["id"])
    body = assert_error_shape(client.post(f"/api/v1/sessions/{session['id']}/checkins",
                                          json={"booking_id": booking["id"]}, headers=staff),
                              409, "checkin_not_open")
    assert "60 分钟" in body["message"]


def test_roster_shows_nicknames_and_positions_never_phones(app, cat, client):
    session = cat.session(capacity=1)
    parents = []
    for phone in ("13812345678", "13912345678", "13712345678"):
        headers, child = cat.parent_with_child(14)
        client.patch("/api/v1/me", json={"phone": phone}, headers=headers)
        parents.append(cat.book(session["id"], headers, child).get_json())
    staff = cat.login("venue_staff", venue_id=session["venue"]["id"])
    response = client.get(f"/api/v1/sessions/{session['id']}/roster", headers=staff)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "1381234" not in text and "5678" not in text
    body = response.get_json()
    assert body["total"] == 3
    assert [(e["status"], e["waitlist_position"]) for e in body["items"]] == [
        ("confirmed", None), ("waitlisted", 1), ("waitlisted", 2)]
    assert body["items"][0]["parent_nickname"] == "小雨妈妈"
    assert body["items"][0]["child_nickname"] == "小雨"
    assert body["items"][0]["child_stage"].endswith("月龄")
    assert set(body["items"][0]) == {"booking_id", "status", "waitlist_position",
                                     "parent_nickname", "child_nickname", "child_stage",
                                     "checked_in_at"}


def test_finish_sessions_marks_no_shows_and_releases_the_queue(app, cat, client, runner):
    session, parent, booking = booked_session(app, cat, capacity=1)
    waiting_parent, waiting_child = cat.parent_with_child(12)
    waiting = cat.book(session["id"], waiting_parent, waiting_child).get_json()
    shift_session(app, session["id"], booking_opens_at=-timedelta(days=3),
                  booking_closes_at=-timedelta(hours=4), starts_at=-timedelta(hours=3),
                  ends_at=-timedelta(hours=2))
    result = runner.invoke(args=["courses", "finish-sessions"])
    assert result.exit_code == 0, result.output
    assert "no_show=1" in result.output and "waitlist_released=1" in result.output
    past = client.get("/api/v1/me/bookings?when=past", headers=parent).get_json()["items"]
    assert past[0]["status"] == "no_show"
    past = client.get("/api/v1/me/bookings?when=past", headers=waiting_parent).get_json()
    assert past["items"][0]["id"] == waiting["id"]
    assert past["items"][0]["status"] == "cancelled"
    assert runner.invoke(args=["courses", "finish-sessions"]).output.startswith("sessions=0")
