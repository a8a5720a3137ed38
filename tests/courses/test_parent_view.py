"""Finding a class the way a parent looks: session filters by child, age, place and whether it
can be booked now; what `me/bookings` shows at the door; one venue; unknown parameters."""
from datetime import timedelta

from tests.common.test_api_contract import assert_error_shape
from tests.courses.conftest import shift_session


def session_ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_sessions_fit_the_child_on_the_session_date(cat, client):
    venue = cat.venue()
    toddler = cat.course(title="12–24月龄走路游戏", domain="动作", age_min_months=12,
                         age_max_months=24)
    baby = cat.course(title="0–6月龄抚触", domain="身体发育", age_min_months=0, age_max_months=6)
    walk = cat.session(course=toddler, venue=venue)
    touch = cat.session(course=baby, venue=venue)
    headers, child_id = cat.parent_with_child(months=14)
    assert session_ids(client.get(f"/api/v1/sessions?child_id={child_id}",
                                  headers=headers)) == [walk["id"]]
    assert session_ids(client.get("/api/v1/sessions?age_months=3")) == [touch["id"]]
    assert assert_error_shape(client.get(f"/api/v1/sessions?child_id={child_id}"), 401,
                              "unauthorized")["message"].startswith("按孩子筛选场次")
    other, _ = cat.parent_with_child(months=14, openid="another-parent")
    assert_error_shape(client.get(f"/api/v1/sessions?child_id={child_id}", headers=other), 404,
                       "child_not_found")


def test_sessions_within_a_radius_nearest_first(cat, client):
    near = cat.venue(name="双塔社区优育课堂", lat=31.2990, lng=120.6330)
    farther = cat.venue(name="金鸡湖社区优育课堂", lat=31.3150, lng=120.6700)   # ~3.9 km
    far = cat.venue(name="吴江社区优育课堂", district="吴江区", lat=31.1387, lng=120.6452)
    course = cat.course()
    ids = {v["name"]: cat.session(course=course, venue=v)["id"] for v in (near, farther, far)}
    body = client.get("/api/v1/sessions?lat=31.2995&lng=120.6335&radius_km=5").get_json()
    assert [i["id"] for i in body["items"]] == [ids["双塔社区优育课堂"], ids["金鸡湖社区优育课堂"]]
    assert body["total"] == 2 and body["items"][0]["distance_m"] < 100
    assert session_ids(client.get("/api/v1/sessions?lat=31.2995&lng=120.6335&radius_km=1")) == [
        ids["双塔社区优育课堂"]]
    assert session_ids(client.get("/api/v1/sessions?district=吴江区")) == [ids["吴江社区优育课堂"]]
    assert_error_shape(client.get("/api/v1/sessions?radius_km=3"), 422, "validation_error")


def test_bookable_means_open_now_with_a_seat_left(app, cat, client):
    venue, course = cat.venue(), cat.course()
    open_now = cat.session(course=course, venue=venue, capacity=1)
    full = cat.session(course=course, venue=venue, capacity=1)
    not_yet = cat.session(course=course, venue=venue, starts_in=timedelta(days=20))
    headers, child_id = cat.parent_with_child(months=12)
    assert cat.book(full["id"], headers, child_id).status_code == 201
    shift_session(app, not_yet["id"], booking_opens_at=timedelta(days=2))
    assert session_ids(client.get("/api/v1/sessions?bookable=true")) == [open_now["id"]]
    assert set(session_ids(client.get("/api/v1/sessions?bookable=false"))) == {
        full["id"], not_yet["id"]}
    # `available` only asks for a seat: the not-yet-open session has one.
    assert set(session_ids(client.get("/api/v1/sessions?available=true"))) == {
        open_now["id"], not_yet["id"]}


def test_every_list_answers_an_unknown_parameter_with_its_name(client, login):
    admin, parent = login("admin"), login("parent")
    for url, headers in (("/api/v1/sessions?chlid_id=3", None), ("/api/v1/courses?qq=辅食", None),
                         ("/api/v1/venues?distrct=姑苏区", None),
                         ("/api/v1/facilities?q=托育&inclusve=true", None),
                         ("/api/v1/nursing-rooms?wifi=true", None),
                         ("/api/v1/me/bookings?status=confirmed", parent),
                         ("/api/v1/me/vouchers?when=past", parent),
                         ("/api/v1/admin/bot/unanswered?day=7", admin),
                         ("/api/v1/admin/voucher-batches?state=active", admin)):
        body = assert_error_shape(client.get(url, headers=headers), 422, "validation_error")
        name = url.split("&")[-1].split("?")[-1].split("=")[0]
        assert list(body["errors"]) == [name], (url, body)
        assert name in body["errors"][name][0]


def test_my_bookings_carry_what_a_parent_needs_at_the_door(client, holding, make_session, app,
                                                          login):
    from app.courses.models import CourseSession, Venue
    from app.extensions import db

    where = make_session()
    with app.app_context():
        venue = db.session.get(Venue, where["venue_id"])
        venue.address, venue.contact = "苏州市姑苏区十全街 100 号", "0512-65000000"
        db.session.commit()
    voucher_id = holding["vouchers"][0]["id"]
    booked = client.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                         headers=holding["headers"],
                         json={"child_id": holding["child_id"], "voucher_id": voucher_id})
    assert booked.status_code == 201, booked.get_json()
    item = client.get("/api/v1/me/bookings", headers=holding["headers"]).get_json()["items"][0]
    with app.app_context():
        session = db.session.get(CourseSession, where["session_id"])
        title, starts = session.course.title, session.starts_at
    assert item["course_title"] == title
    assert item["venue"]["address"] == "苏州市姑苏区十全街 100 号"
    assert item["venue"]["contact"] == "0512-65000000" and item["venue"]["name"].startswith("社区")
    assert item["starts_at"].endswith("+08:00") and item["ends_at"] > item["starts_at"]
    assert item["cancel_until"] == item["starts_at"]
    assert item["child_nickname"] == "乐乐"
    assert item["voucher"]["id"] == voucher_id and item["voucher"]["status"] == "reserved"
    assert item["voucher"]["batch_name"] == holding["batch"]["name"]
    assert item["online_url"] is None   # not an online session
    # The QR is the real check-in token: the venue's staff check the booking in with it.
    staff = login("venue_staff", venue_id=where["venue_id"])
    shift_session(app, where["session_id"], starts_at=timedelta(minutes=20),
                  booking_closes_at=timedelta(minutes=10), ends_at=timedelta(minutes=80))
    checked = client.post(f"/api/v1/sessions/{where['session_id']}/checkins", headers=staff,
                          json={"qr_token": item["checkin_qr"]["token"]})
    assert checked.status_code == 200, checked.get_json()
    assert checked.get_json()["booking"]["id"] == item["id"]
    # After check-in there is nothing left to cancel (and the booking is no longer upcoming).
    item = client.get("/api/v1/me/bookings?when=past",
                      headers=holding["headers"]).get_json()["items"][0]
    assert item["status"] == "attended" and item["cancel_until"] is None


def test_an_online_session_gives_its_link_to_confirmed_bookings_only(cat, client):
    online = cat.venue(name="线上课堂", kind="线上", lat=None, lng=None, address=None)
    course = cat.course(title="线上孕妇学校", format="线上课程")
    session = cat.session(course=course, venue=online, capacity=1)
    link = "https://meeting.tencent.com/dm/abc123"
    patched = client.patch(f"/api/v1/admin/sessions/{session['id']}", headers=cat.admin,
                           json={"online_url": link})
    assert patched.status_code == 200 and patched.get_json()["online_url"] == link
    bad = client.patch(f"/api/v1/admin/sessions/{session['id']}", headers=cat.admin,
                       json={"online_url": "ftp://x"})
    assert "online_url" in assert_error_shape(bad, 422, "validation_error")["errors"]
    public = client.get(f"/api/v1/sessions/{session['id']}").get_json()
    assert "online_url" not in public and link not in str(client.get("/api/v1/sessions").data)
    first, first_child = cat.parent_with_child(months=12)
    second, second_child = cat.parent_with_child(months=12, openid="second-parent")
    assert cat.book(session["id"], first, first_child).get_json()["status"] == "confirmed"
    assert cat.book(session["id"], second, second_child).get_json()["status"] == "waitlisted"
    mine = client.get("/api/v1/me/bookings", headers=first).get_json()["items"][0]
    waiting = client.get("/api/v1/me/bookings", headers=second).get_json()["items"][0]
    assert mine["online_url"] == link and mine["checkin_qr"] is not None
    assert waiting["online_url"] is None and waiting["checkin_qr"] is None
    assert waiting["cancel_until"] == waiting["starts_at"]


def test_one_venue(cat, client):
    venue = cat.venue(accessibility="一楼有母婴室，可停婴儿车")
    body = client.get(f"/api/v1/venues/{venue['id']}").get_json()
    assert body["name"] == venue["name"] and body["contact"] == "0512-65000000"
    assert body["accessibility"] == "一楼有母婴室，可停婴儿车"
    client.post(f"/api/v1/admin/venues/{venue['id']}/cancel", headers=cat.admin, json={})
    assert_error_shape(client.get(f"/api/v1/venues/{venue['id']}"), 404, "venue_not_found")
    assert_error_shape(client.get("/api/v1/venues/999999"), 404, "venue_not_found")
