"""Home visits (入户指导): the family's address is taken at booking time, required there and
refused elsewhere, shown only to the visiting venue's staff (their session API and the console's
session page), never in any other list or log, and erased once the visit no longer needs it."""
import json
from datetime import timedelta

import pytest

from app.courses.models import Booking
from app.extensions import db
from tests.consoles.conftest import make_clerk, sign_in
from tests.courses.conftest import shift_session
from tests.runlog import RunLog

ADDRESS = "利州区东坝街道桂花巷演示小区 3 栋 2 单元 501"


@pytest.fixture
def visit(cat, login):
    """A home-visit session at venue A, a lecture at the same venue, staff at A and at B."""
    venue = cat.venue(name="东坝街道社区卫生服务中心")
    course = cat.course(title="入户指导：新生儿家庭访视", format="入户指导", domain="身体发育",
                        age_min_months=0, age_max_months=12)
    session = cat.session(course=course, venue=venue, capacity=1)
    lecture = cat.session(course=cat.course(), venue=venue)
    other_venue = cat.venue(name="另一个场地")
    return {"session": session, "lecture": lecture, "venue": venue,
            "staff": login("venue_staff", venue_id=venue["id"]),
            "other_staff": login("venue_staff", venue_id=other_venue["id"])}


def _stored_address(app, booking_id):
    with app.app_context():
        return db.session.get(Booking, booking_id).visit_address


def _staff_visits(client, visit):
    sid = visit["session"]["id"]
    one = client.get(f"/api/v1/venue/sessions/{sid}", headers=visit["staff"])
    assert one.status_code == 200, one.get_json()
    listed = client.get("/api/v1/venue/sessions", headers=visit["staff"]).get_json()["items"]
    assert [s["home_visits"] for s in listed if s["id"] == sid] == [one.get_json()["home_visits"]]
    return one.get_json()["home_visits"]


def test_the_address_is_required_for_a_home_visit_and_refused_elsewhere(cat, client, visit):
    headers, child = cat.parent_with_child(2)
    url = f"/api/v1/sessions/{visit['session']['id']}/bookings"
    for body in ({"child_id": child}, {"child_id": child, "address": "   "}):
        missing = client.post(url, json=body, headers=headers)
        assert missing.status_code == 422
        assert "上门地址" in missing.get_json()["errors"]["address"][0]
    short = client.post(url, json={"child_id": child, "address": "3栋"}, headers=headers)
    assert short.status_code == 422 and "address" in short.get_json()["errors"]
    lecture = client.post(f"/api/v1/sessions/{visit['lecture']['id']}/bookings",
                          json={"child_id": child, "address": ADDRESS}, headers=headers)
    assert lecture.status_code == 422
    assert "不是入户指导" in lecture.get_json()["errors"]["address"][0]
    # Nothing was booked by the refusals.
    assert client.get("/api/v1/me/bookings", headers=headers).get_json()["total"] == 0


def test_only_the_visiting_venues_staff_see_the_address(app, cat, client, login, visit):
    headers, child = cat.parent_with_child(2)
    booked = client.post(f"/api/v1/sessions/{visit['session']['id']}/bookings",
                         json={"child_id": child, "address": f"  {ADDRESS}  "}, headers=headers)
    assert booked.status_code == 201, booked.get_json()
    assert ADDRESS not in booked.get_data(as_text=True)
    # The second family waits: the staff see both homes, in the queue's order.
    second, second_child = cat.parent_with_child(3)
    queued = client.post(f"/api/v1/sessions/{visit['session']['id']}/bookings",
                         json={"child_id": second_child, "address": "朝天区朝天镇演示路 8 号"},
                         headers=second).get_json()
    assert [(v["booking_id"], v["status"], v["address"]) for v in _staff_visits(client, visit)] \
        == [(booked.get_json()["id"], "confirmed", ADDRESS),
            (queued["id"], "waitlisted", "朝天区朝天镇演示路 8 号")]
    lecture = client.get(f"/api/v1/venue/sessions/{visit['lecture']['id']}",
                         headers=visit["staff"]).get_json()
    assert lecture["home_visits"] is None
    assert client.get(f"/api/v1/venue/sessions/{visit['session']['id']}",
                      headers=visit["other_staff"]).status_code == 404

    sid, course_id = visit["session"]["id"], visit["session"]["course"]["id"]
    admin = login("admin")
    elsewhere = [
        client.get("/api/v1/me/bookings", headers=headers),
        client.get("/api/v1/sessions", headers=headers),
        client.get(f"/api/v1/courses/{course_id}", headers=headers),
        client.get(f"/api/v1/sessions/{sid}/roster", headers=visit["staff"]),
        client.get(f"/api/v1/sessions/{sid}/roster", headers=admin),
        client.get(f"/api/v1/venues/{visit['venue']['id']}", headers=headers),
    ]
    for response in elsewhere:
        assert response.status_code == 200, response.request.path
        assert "桂花巷" not in response.get_data(as_text=True), response.request.path
    assert not [line for line in RunLog.lines if "桂花巷" in line]
    # The parent's own export (PIPL) holds what they gave.
    exported = client.get("/api/v1/me/export", headers=headers).get_json()["courses"]
    assert [b["visit_address"] for b in exported] == [ADDRESS]


def test_the_console_session_page_shows_the_address_line(app, cat, client, visit):
    headers, child = cat.parent_with_child(2)
    client.post(f"/api/v1/sessions/{visit['session']['id']}/bookings",
                json={"child_id": child, "address": ADDRESS}, headers=headers)
    make_clerk(app, visit["venue"]["id"], username="visit-clerk")
    assert sign_in(client, "visit-clerk").status_code == 302
    page = client.get(f"/venue/sessions/{visit['session']['id']}").get_data(as_text=True)
    assert f"上门地址：{ADDRESS}" in page
    lecture = client.get(f"/venue/sessions/{visit['lecture']['id']}").get_data(as_text=True)
    assert "上门地址" not in lecture
    csv = client.get(f"/venue/sessions/{visit['session']['id']}/attendance.csv")
    assert "桂花巷" not in csv.get_data().decode("utf-8-sig")


def test_the_address_goes_with_the_cancelled_booking_and_the_deleted_child(app, cat, client,
                                                                          visit):
    headers, child = cat.parent_with_child(2)
    url = f"/api/v1/sessions/{visit['session']['id']}/bookings"
    first = client.post(url, json={"child_id": child, "address": ADDRESS},
                        headers=headers).get_json()
    assert _stored_address(app, first["id"]) == ADDRESS
    assert client.delete(f"/api/v1/bookings/{first['id']}", headers=headers).status_code == 200
    assert _stored_address(app, first["id"]) is None
    assert _staff_visits(client, visit) == []

    again = client.post(url, json={"child_id": child, "address": ADDRESS},
                        headers=headers).get_json()
    assert client.delete(f"/api/v1/me/children/{child}", headers=headers).status_code in (200,
                                                                                           204)
    assert _stored_address(app, again["id"]) is None
    with app.app_context():
        kept = db.session.scalars(db.select(Booking.visit_address).where(
            Booking.parent_id == db.session.get(Booking, again["id"]).parent_id)).all()
    assert kept and not any(kept)
    assert "桂花巷" not in json.dumps(
        client.get("/api/v1/me/export", headers=headers).get_json(), ensure_ascii=False)


def test_a_finished_visit_forgets_the_address(app, cat, client, runner, visit):
    headers, child = cat.parent_with_child(2)
    sid = visit["session"]["id"]
    booking = client.post(f"/api/v1/sessions/{sid}/bookings",
                          json={"child_id": child, "address": ADDRESS},
                          headers=headers).get_json()
    shift_session(app, sid, starts_at=timedelta(minutes=30), ends_at=timedelta(hours=2),
                  booking_opens_at=-timedelta(days=3), booking_closes_at=timedelta(minutes=10))
    arrived = client.post(f"/api/v1/sessions/{sid}/checkins", json={"booking_id": booking["id"]},
                          headers=visit["staff"])
    assert arrived.status_code == 200, arrived.get_json()
    assert _stored_address(app, booking["id"]) == ADDRESS   # the visit is still on
    shift_session(app, sid, starts_at=-timedelta(hours=3), ends_at=-timedelta(hours=1),
                  booking_opens_at=-timedelta(days=3), booking_closes_at=-timedelta(hours=5))
    result = runner.invoke(args=["courses", "finish-sessions"])
    assert result.exit_code == 0, result.output
    assert "visit_addresses_erased=1" in result.output
    assert _stored_address(app, booking["id"]) is None
