"""Staff schedule at their own venue over JSON (/api/v1/venue/sessions), under the admin's rules."""
from datetime import timedelta

from app.common.timeutil import utcnow


def _start(days=3):
    return (utcnow() + timedelta(days=days)).replace(microsecond=0).isoformat()


def test_staff_list_their_venue_with_counts(client, login, make_session, family):
    x = make_session(starts_in=timedelta(hours=3), capacity=1)
    make_session()  # another venue's
    staff = login("venue_staff", venue_id=x["venue_id"])
    first, second = family(), family()
    for fam in (first, second):
        client.post(f"/api/v1/sessions/{x['session_id']}/bookings", headers=fam["headers"],
                    json={"child_id": fam["child_id"]})
    listed = client.get("/api/v1/venue/sessions", headers=staff).get_json()
    assert listed["total"] == 1
    item = listed["items"][0]
    assert (item["id"], item["booked"], item["waiting"], item["checked_in"]) == \
        (x["session_id"], 1, 1, 0)


def test_staff_create_edit_cancel_and_parents_see_it(client, login, make_session, family):
    x = make_session()
    staff = login("venue_staff", venue_id=x["venue_id"])
    created = client.post("/api/v1/venue/sessions", headers=staff, json={
        "course_id": x["course_id"], "starts_at": _start(), "capacity": 2})
    assert created.status_code == 201, created.get_json()
    session = created.get_json()
    assert session["venue"]["id"] == x["venue_id"] and session["booking_state"] == "open"
    fam = family()
    booked = client.post(f"/api/v1/sessions/{session['id']}/bookings", headers=fam["headers"],
                         json={"child_id": fam["child_id"]})
    assert booked.status_code == 201
    smaller = client.patch(f"/api/v1/venue/sessions/{session['id']}", headers=staff,
                           json={"capacity": 1})
    assert smaller.status_code == 200 and smaller.get_json()["booked"] == 1
    cancelled = client.post(f"/api/v1/venue/sessions/{session['id']}/cancel", headers=staff,
                            json={"reason": "讲师临时有事"})
    assert cancelled.get_json()["status"] == "cancelled"
    mine = client.get("/api/v1/me/bookings?when=past", headers=fam["headers"]).get_json()
    assert mine["items"][0]["status"] == "cancelled"


def test_staff_cannot_choose_another_venue_or_break_the_rules(client, login, make_session):
    x, y = make_session(), make_session()
    staff = login("venue_staff", venue_id=x["venue_id"])
    other = client.post("/api/v1/venue/sessions", headers=staff, json={
        "course_id": x["course_id"], "venue_id": y["venue_id"], "starts_at": _start(),
        "capacity": 5})
    assert other.status_code == 422 and "venue_id" in other.get_json()["errors"]
    past = client.post("/api/v1/venue/sessions", headers=staff, json={
        "course_id": x["course_id"], "starts_at": _start(days=-1), "capacity": 5})
    assert past.status_code == 422
    assert past.get_json()["errors"] == {"starts_at": ["开始时间应晚于现在"]}
    assert client.patch(f"/api/v1/venue/sessions/{y['session_id']}", headers=staff,
                        json={"capacity": 3}).status_code == 404
    assert client.get("/api/v1/venue/sessions", headers=staff).get_json()["total"] == 1
