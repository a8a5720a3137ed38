"""Every route, called as anonymous, parent A, parent B, staff of venue X, staff of venue Y and
admin, gets the status that role must get. A parent never reaches another parent's children,
bookings or vouchers (404); staff act only at their venue; admin endpoints refuse everyone else.
Two district admins (属地管理) act as the admin does, except where SCOPED says otherwise: the
姑苏区 admin manages the world's venues, sessions, facility and room (all in 姑苏区) and the 姑苏区
batch; the 吴中区 admin gets a 404 for them, and neither touches city-wide batches or courses.

A route missing from MATRIX fails test_every_route_is_in_the_matrix: add it with its statuses.
"""

import pytest


ROLES = ("anon", "parent_a", "parent_b", "staff_x", "staff_y", "admin", "gusu_admin",
         "wuzhong_admin")


def expect(anon, parent_a, parent_b, staff_x, staff_y, admin):
    """District admins get what the admin gets unless SCOPED says otherwise."""
    return dict(zip(ROLES, (anon, parent_a, parent_b, staff_x, staff_y, admin, admin, admin)))


PUBLIC = expect(200, 200, 200, 200, 200, 200)
ADMIN_ONLY = expect(401, 403, 403, 403, 403, 200)
ADMIN_CREATE = expect(401, 403, 403, 403, 403, 201)
ANY_USER = expect(401, 200, 200, 200, 200, 200)
PARENTS = expect(401, 200, 200, 403, 403, 403)
A_ONLY = expect(401, 200, 404, 403, 403, 403)
STAFF_ONLY = expect(401, 403, 403, 200, 200, 403)
STAFF_X = expect(401, 403, 403, 200, 404, 403)
A_ONLY_CREATE = expect(401, 201, 404, 403, 403, 403)

# (method, rule) -> (path with {placeholders}, body (dict, or fn(world, role) -> dict), statuses)
MATRIX = {
    ("GET", "/api/v1/health"): ("/api/v1/health", None, PUBLIC),
    ("POST", "/api/v1/auth/dev-login"): ("/api/v1/auth/dev-login", {"openid": "someone"}, PUBLIC),
    ("POST", "/api/v1/auth/wechat-login"): ("/api/v1/auth/wechat-login", {"code": "ok:w1"}, PUBLIC),
    ("POST", "/api/v1/auth/staff-login"): (
        "/api/v1/auth/staff-login", {"username": "nobody", "password": "wrong"},
        expect(401, 401, 401, 401, 401, 401)),
    ("POST", "/api/v1/auth/logout"): ("/api/v1/auth/logout", {}, expect(401, 204, 204, 204, 204, 204)),
    ("GET", "/api/v1/me"): ("/api/v1/me", None, ANY_USER),
    ("PATCH", "/api/v1/me"): ("/api/v1/me", {"nickname": "新昵称"}, ANY_USER),
    ("DELETE", "/api/v1/me"): ("/api/v1/me", None, expect(401, 204, 204, 403, 403, 403)),
    ("GET", "/api/v1/me/export"): ("/api/v1/me/export", None, ANY_USER),
    ("GET", "/api/v1/me/children"): ("/api/v1/me/children", None, PARENTS),
    ("POST", "/api/v1/me/children"): (
        "/api/v1/me/children", {"nickname": "三宝", "birth_date": "2025-09-01"},
        expect(401, 201, 201, 403, 403, 403)),
    ("GET", "/api/v1/me/children/<int:child_id>"): ("/api/v1/me/children/{child}", None, A_ONLY),
    ("PATCH", "/api/v1/me/children/<int:child_id>"): (
        "/api/v1/me/children/{child}", {"nickname": "改名"}, A_ONLY),
    ("DELETE", "/api/v1/me/children/<int:child_id>"): (
        "/api/v1/me/children/{child}", None, expect(401, 200, 404, 403, 403, 403)),
    ("GET", "/api/v1/me/bookings"): ("/api/v1/me/bookings", None, PARENTS),
    ("GET", "/api/v1/me/vouchers"): ("/api/v1/me/vouchers", None, PARENTS),
    ("GET", "/api/v1/me/vouchers/<int:voucher_id>"): ("/api/v1/me/vouchers/{voucher}", None, A_ONLY),
    ("GET", "/api/v1/me/vouchers/<int:voucher_id>/qr"): (
        "/api/v1/me/vouchers/{voucher}/qr", None, A_ONLY),
    ("GET", "/api/v1/courses"): ("/api/v1/courses", None, PUBLIC),
    ("GET", "/api/v1/courses/<int:course_id>"): ("/api/v1/courses/{course}", None, PUBLIC),
    ("GET", "/api/v1/sessions"): ("/api/v1/sessions", None, PUBLIC),
    ("GET", "/api/v1/sessions/<int:session_id>"): ("/api/v1/sessions/{session}", None, PUBLIC),
    ("GET", "/api/v1/venues"): ("/api/v1/venues", None, PUBLIC),
    ("GET", "/api/v1/venues/<int:venue_id>"): ("/api/v1/venues/{venue_y}", None, PUBLIC),
    ("POST", "/api/v1/sessions/<int:session_id>/bookings"): (
        "/api/v1/sessions/{session}/bookings", lambda w, role: {"child_id": w["own_child"][role]},
        # A already holds a seat for this child; B books one.
        expect(401, 409, 201, 403, 403, 403)),
    ("DELETE", "/api/v1/bookings/<int:booking_id>"): ("/api/v1/bookings/{booking}", None, A_ONLY),
    ("POST", "/api/v1/bookings/<int:booking_id>/accept-offer"): (
        "/api/v1/bookings/{booking}/accept-offer", {}, A_ONLY),
    ("GET", "/api/v1/bookings/<int:booking_id>/qr"): ("/api/v1/bookings/{booking}/qr", None, A_ONLY),
    ("POST", "/api/v1/sessions/<int:session_id>/checkins"): (
        "/api/v1/sessions/{session}/checkins", lambda w, role: {"booking_id": w["booking"]},
        expect(401, 403, 403, 200, 403, 200)),
    ("GET", "/api/v1/sessions/<int:session_id>/roster"): (
        "/api/v1/sessions/{session}/roster", None, expect(401, 403, 403, 200, 403, 200)),
    ("GET", "/api/v1/voucher-batches"): ("/api/v1/voucher-batches", None, PARENTS),
    ("POST", "/api/v1/voucher-batches/<int:batch_id>/claim"): (
        "/api/v1/voucher-batches/{batch}/claim", lambda w, role: {"child_id": w["own_child"][role]},
        # A's child already holds this batch's vouchers; B's child claims them.
        expect(401, 409, 201, 403, 403, 403)),
    ("POST", "/api/v1/vouchers/redeem"): (
        "/api/v1/vouchers/redeem", lambda w, role: {"code": w["spare_code"], "session_id": w["door"],
                                                    "walk_in": True},
        expect(401, 403, 403, 201, 403, 403)),
    ("GET", "/api/v1/vouchers/redemptions"): (
        "/api/v1/vouchers/redemptions", None, expect(401, 403, 403, 200, 200, 200)),
    # Staff of another venue see no such redemption; an admin must give a reason.
    ("POST", "/api/v1/vouchers/redemptions/<int:redemption_id>/reverse"): (
        "/api/v1/vouchers/redemptions/{redemption}/reverse", {}, expect(401, 403, 403, 201, 404, 422)),
    # venue staff schedule at their own venue; another venue's session is not found
    ("GET", "/api/v1/venue/sessions"): ("/api/v1/venue/sessions", None, STAFF_ONLY),
    ("POST", "/api/v1/venue/sessions"): (
        "/api/v1/venue/sessions", lambda w, role: {"course_id": w["course"],
                                                   "starts_at": w["next_week"], "capacity": 20},
        expect(401, 403, 403, 201, 201, 403)),
    ("GET", "/api/v1/venue/sessions/<int:session_id>"): (
        "/api/v1/venue/sessions/{session}", None, STAFF_X),
    ("PATCH", "/api/v1/venue/sessions/<int:session_id>"): (
        "/api/v1/venue/sessions/{session}", {"capacity": 30}, STAFF_X),
    ("POST", "/api/v1/venue/sessions/<int:session_id>/cancel"): (
        "/api/v1/venue/sessions/{session}/cancel", {}, STAFF_X),
    ("GET", "/api/v1/facilities"): ("/api/v1/facilities", None, PUBLIC),
    ("GET", "/api/v1/facilities/<int:facility_id>"): ("/api/v1/facilities/{facility}", None, PUBLIC),
    ("GET", "/api/v1/nursing-rooms"): ("/api/v1/nursing-rooms", None, PUBLIC),
    ("GET", "/api/v1/places/cities"): ("/api/v1/places/cities", None, PUBLIC),
    ("POST", "/api/v1/bot/ask"): ("/api/v1/bot/ask", {"question": "产假多少天"}, PUBLIC),
    ("POST", "/api/v1/bot/feedback"): (
        "/api/v1/bot/feedback", lambda w, role: {"answer_id": w["answer"], "helpful": True}, PUBLIC),
    ("GET", "/api/v1/me/notifications"): ("/api/v1/me/notifications", None, PARENTS),
    ("POST", "/api/v1/me/notifications/<int:notification_id>/read"): (
        "/api/v1/me/notifications/{notification}/read", {}, A_ONLY),
    ("GET", "/api/v1/me/subscriptions"): ("/api/v1/me/subscriptions", None, PARENTS),
    ("POST", "/api/v1/me/subscriptions"): (
        "/api/v1/me/subscriptions", {"accepted": ["class_reminder"]}, PARENTS),
    # admin
    ("GET", "/api/v1/admin/notifications/stats"): (
        "/api/v1/admin/notifications/stats", None, ADMIN_ONLY),
    ("GET", "/api/v1/admin/notifications/failed"): (
        "/api/v1/admin/notifications/failed", None, ADMIN_ONLY),
    ("POST", "/api/v1/admin/staff"): (
        "/api/v1/admin/staff", lambda w, role: {"username": f"clerk-{role}", "password": "long enough",
                                               "venue_id": w["venue_x"]}, ADMIN_CREATE),
    ("GET", "/api/v1/admin/staff"): ("/api/v1/admin/staff?status=active", None, ADMIN_ONLY),
    # staff Y's account (venue Y, 姑苏区): stopping it again is no error
    ("POST", "/api/v1/admin/staff/<int:user_id>/deactivate"): (
        "/api/v1/admin/staff/{staff_y_user}/deactivate", None, ADMIN_ONLY),
    ("POST", "/api/v1/admin/venues"): (
        "/api/v1/admin/venues", {"name": "新场地", "kind": "社区优育课堂", "district": "吴中区"},
        ADMIN_CREATE),
    ("PATCH", "/api/v1/admin/venues/<int:venue_id>"): (
        "/api/v1/admin/venues/{venue_y}", {"contact": "0512-00000000"}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/venues/<int:venue_id>/cancel"): (
        "/api/v1/admin/venues/{venue_y}/cancel", {}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/courses"): (
        "/api/v1/admin/courses", {"title": "新课程", "summary": "简介", "domain": "语言",
                                  "format": "专题讲座", "age_min_months": 0, "age_max_months": 12,
                                  "duration_minutes": 60}, ADMIN_CREATE),
    ("PATCH", "/api/v1/admin/courses/<int:course_id>"): (
        "/api/v1/admin/courses/{course}", {"speaker": "王老师"}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/courses/<int:course_id>/cancel"): (
        "/api/v1/admin/courses/{course}/cancel", {}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/sessions"): (
        "/api/v1/admin/sessions", lambda w, role: {"course_id": w["course"], "venue_id": w["venue_x"],
                                                   "starts_at": w["next_week_for"][role],
                                                   "capacity": 20},
        ADMIN_CREATE),
    ("PATCH", "/api/v1/admin/sessions/<int:session_id>"): (
        "/api/v1/admin/sessions/{session}", {"capacity": 30}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/sessions/<int:session_id>/cancel"): (
        "/api/v1/admin/sessions/{session}/cancel", {}, ADMIN_ONLY),
    ("GET", "/api/v1/admin/voucher-batches"): ("/api/v1/admin/voucher-batches", None, ADMIN_ONLY),
    ("POST", "/api/v1/admin/voucher-batches"): (
        "/api/v1/admin/voucher-batches", lambda w, role: {
            "name": "新批次", "issuer": "吴中区卫生健康委员会", "total": 100, "min_age_months": 0,
            "max_age_months": 36, "valid_from": w["now"], "valid_until": w["next_week"]},
        ADMIN_CREATE),
    ("GET", "/api/v1/admin/voucher-batches/<int:batch_id>"): (
        "/api/v1/admin/voucher-batches/{gusu_batch}", None, ADMIN_ONLY),
    ("PATCH", "/api/v1/admin/voucher-batches/<int:batch_id>"): (
        "/api/v1/admin/voucher-batches/{draft_batch}", {"name": "改名的草稿"}, ADMIN_ONLY),
    ("DELETE", "/api/v1/admin/voucher-batches/<int:batch_id>"): (
        "/api/v1/admin/voucher-batches/{draft_batch}", None, expect(401, 403, 403, 403, 403, 204)),
    ("POST", "/api/v1/admin/voucher-batches/<int:batch_id>/activate"): (
        "/api/v1/admin/voucher-batches/{draft_batch}/activate", {}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/voucher-batches/<int:batch_id>/close"): (
        "/api/v1/admin/voucher-batches/{batch}/close", {}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/voucher-batches/<int:batch_id>/issue"): (
        "/api/v1/admin/voucher-batches/{batch}/issue", {}, ADMIN_ONLY),
    ("GET", "/api/v1/admin/voucher-batches/<int:batch_id>/stats"): (
        "/api/v1/admin/voucher-batches/{gusu_batch}/stats", None, ADMIN_ONLY),
    ("POST", "/api/v1/admin/facilities"): (
        "/api/v1/admin/facilities", lambda w, role: {"name": f"新开托育中心{role}", "district": "吴中区",
                                                     "filing_no": f"苏托备-{role}"}, ADMIN_CREATE),
    ("PATCH", "/api/v1/admin/facilities/<int:facility_id>"): (
        "/api/v1/admin/facilities/{facility}", {"phone": "0512-11111111"}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/nursing-rooms"): (
        "/api/v1/admin/nursing-rooms", {"name": "新母婴室", "district": "吴中区"}, ADMIN_CREATE),
    ("PATCH", "/api/v1/admin/nursing-rooms/<int:room_id>"): (
        "/api/v1/admin/nursing-rooms/{room}", {"name": "观前街母婴室（二楼）"}, ADMIN_ONLY),
    # the health record: only the child's guardian, never staff or admins
    ("GET", "/api/v1/me/children/<int:child_id>/measurements"): (
        "/api/v1/me/children/{child}/measurements", None, A_ONLY),
    ("POST", "/api/v1/me/children/<int:child_id>/measurements"): (
        "/api/v1/me/children/{child}/measurements",
        lambda w, role: {"measured_on": w["born"], "weight_kg": 3.3}, A_ONLY_CREATE),
    ("GET", "/api/v1/me/children/<int:child_id>/measurements/<int:measurement_id>"): (
        "/api/v1/me/children/{child}/measurements/{measurement}", None, A_ONLY),
    ("PATCH", "/api/v1/me/children/<int:child_id>/measurements/<int:measurement_id>"): (
        "/api/v1/me/children/{child}/measurements/{measurement}", {"weight_kg": 3.4}, A_ONLY),
    ("DELETE", "/api/v1/me/children/<int:child_id>/measurements/<int:measurement_id>"): (
        "/api/v1/me/children/{child}/measurements/{measurement}", None,
        expect(401, 204, 404, 403, 403, 403)),
    ("GET", "/api/v1/me/children/<int:child_id>/growth"): (
        "/api/v1/me/children/{child}/growth", None, A_ONLY),
    ("GET", "/api/v1/me/children/<int:child_id>/growth/chart"): (
        "/api/v1/me/children/{child}/growth/chart?indicator=wfa&format=json", None, A_ONLY),
    ("GET", "/api/v1/me/children/<int:child_id>/vaccinations"): (
        "/api/v1/me/children/{child}/vaccinations", None, A_ONLY),
    ("POST", "/api/v1/me/children/<int:child_id>/vaccinations"): (
        "/api/v1/me/children/{child}/vaccinations",
        lambda w, role: {"vaccine": "hepb", "dose": 1, "given_on": w["born"]}, A_ONLY_CREATE),
    ("GET", "/api/v1/me/children/<int:child_id>/checkups"): (
        "/api/v1/me/children/{child}/checkups", None, A_ONLY),
    ("POST", "/api/v1/me/children/<int:child_id>/checkups"): (
        "/api/v1/me/children/{child}/checkups",
        lambda w, role: {"visit": "newborn_visit", "done_on": w["born"]}, A_ONLY_CREATE),
    ("GET", "/api/v1/me/children/<int:child_id>/development"): (
        "/api/v1/me/children/{child}/development", None, A_ONLY),
    ("POST", "/api/v1/me/children/<int:child_id>/development"): (
        "/api/v1/me/children/{child}/development",
        {"band": 8, "answers": {"m8_1": False, "m8_2": False, "m8_3": False, "m8_4": False}},
        A_ONLY),
    ("GET", "/api/v1/admin/audit"): ("/api/v1/admin/audit?object_type=venue", None, ADMIN_ONLY),
    ("GET", "/api/v1/admin/stats/overview"): (
        "/api/v1/admin/stats/overview?district=姑苏区", None, ADMIN_ONLY),
    ("GET", "/api/v1/admin/bot/unanswered"): ("/api/v1/admin/bot/unanswered", None, ADMIN_ONLY),
    ("GET", "/api/v1/admin/bot/status"): ("/api/v1/admin/bot/status", None, ADMIN_ONLY),
    ("POST", "/api/v1/admin/bot/entries/<string:faq_id>/questions"): (
        "/api/v1/admin/bot/entries/{faq}/questions", lambda w, role: {"question": {
            "gusu_admin": "媳妇生娃我能歇几天", "wuzhong_admin": "老婆生孩子我能歇几天"}.get(
                role, "老婆生娃我能歇几天")},
        ADMIN_CREATE),
}


def _scoped(gusu, wuzhong):
    return {"gusu_admin": gusu, "wuzhong_admin": wuzhong}


_IN_GUSU = _scoped(200, 404)             # an object in 姑苏区
_CITY_WIDE = _scoped(404, 404)           # a city-wide batch: the city's, not a district's
_CITY_ONLY = _scoped(403, 403)           # the course catalogue
_CREATE_IN_WUZHONG = _scoped(422, 201)   # a new object placed in 吴中区
SCOPED = {
    ("POST", "/api/v1/admin/staff"): _scoped(201, 422),   # staff for a 姑苏区 venue
    ("GET", "/api/v1/admin/staff"): _scoped(200, 200),   # each its own district's
    ("POST", "/api/v1/admin/staff/<int:user_id>/deactivate"): _IN_GUSU,
    ("POST", "/api/v1/admin/venues"): _CREATE_IN_WUZHONG,
    ("PATCH", "/api/v1/admin/venues/<int:venue_id>"): _IN_GUSU,
    ("POST", "/api/v1/admin/venues/<int:venue_id>/cancel"): _IN_GUSU,
    ("POST", "/api/v1/admin/courses"): _CITY_ONLY,
    ("PATCH", "/api/v1/admin/courses/<int:course_id>"): _CITY_ONLY,
    ("POST", "/api/v1/admin/courses/<int:course_id>/cancel"): _CITY_ONLY,
    ("POST", "/api/v1/admin/sessions"): _scoped(201, 404),   # at a 姑苏区 venue
    ("PATCH", "/api/v1/admin/sessions/<int:session_id>"): _IN_GUSU,
    ("POST", "/api/v1/admin/sessions/<int:session_id>/cancel"): _IN_GUSU,
    ("GET", "/api/v1/admin/voucher-batches/<int:batch_id>"): _IN_GUSU,
    ("GET", "/api/v1/admin/voucher-batches/<int:batch_id>/stats"): _IN_GUSU,
    ("PATCH", "/api/v1/admin/voucher-batches/<int:batch_id>"): _CITY_WIDE,
    ("DELETE", "/api/v1/admin/voucher-batches/<int:batch_id>"): _CITY_WIDE,
    ("POST", "/api/v1/admin/voucher-batches/<int:batch_id>/activate"): _CITY_WIDE,
    ("POST", "/api/v1/admin/voucher-batches/<int:batch_id>/close"): _CITY_WIDE,
    ("POST", "/api/v1/admin/voucher-batches/<int:batch_id>/issue"): _CITY_WIDE,
    ("POST", "/api/v1/admin/facilities"): _CREATE_IN_WUZHONG,
    ("PATCH", "/api/v1/admin/facilities/<int:facility_id>"): _IN_GUSU,
    ("POST", "/api/v1/admin/nursing-rooms"): _CREATE_IN_WUZHONG,
    ("PATCH", "/api/v1/admin/nursing-rooms/<int:room_id>"): _IN_GUSU,
    ("GET", "/api/v1/admin/stats/overview"): _IN_GUSU,   # 姑苏区's figures
}
@pytest.fixture
def world(world, client, app):
    """The shared world, plus A's child on the health record: sex given, A's health consent, the
    schedules loaded and one measurement."""
    from pathlib import Path

    from app.common.content import load_all
    from app.extensions import db

    with app.app_context():
        load_all(Path(app.config["CONTENT_DIR"]), ["health"])
        db.session.remove()
    a = world["headers"]["parent_a"]
    child = client.patch(f"/api/v1/me/children/{world['child']}", headers=a, json={"sex": "female"})
    assert client.patch("/api/v1/me", headers=a, json={"health_consent": True}).status_code == 200
    born = child.get_json()["birth_date"]
    made = client.post(f"/api/v1/me/children/{world['child']}/measurements", headers=a,
                       json={"measured_on": born, "weight_kg": 3.2})
    assert made.status_code == 201, made.get_json()
    staff_y = client.get("/api/v1/me", headers=world["headers"]["staff_y"]).get_json()["id"]
    return {**world, "born": born, "measurement": made.get_json()["id"], "staff_y_user": staff_y}


def _api_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule.startswith("/api/v1/docs") \
                or rule.rule == "/api/v1/openapi.json":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule.rule


def test_every_route_is_in_the_matrix(app):
    routes = set(_api_routes(app))
    assert routes - set(MATRIX) == set(), "add these routes to MATRIX with their statuses"
    assert set(MATRIX) - routes == set(), "these MATRIX rows name routes that no longer exist"


# The allowed role goes last, so a refused call cannot hide behind a state the allowed one changed.
_ORDER = ("anon", "parent_b", "staff_y", "staff_x", "wuzhong_admin", "gusu_admin", "admin",
          "parent_a")


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_route_answers_each_role_as_it_must(client, world, route):
    method, _ = route
    path, body, statuses = MATRIX[route]
    statuses = statuses | SCOPED.get(route, {})
    url = path.format(**{k: v for k, v in world.items() if not isinstance(v, dict)})
    got = {}
    for role in _ORDER:
        payload = body(world, role) if callable(body) else body
        kwargs = {"headers": world["headers"][role]}
        if payload is not None:
            kwargs["json"] = payload
        got[role] = client.open(url, method=method, **kwargs).status_code
    assert got == statuses
