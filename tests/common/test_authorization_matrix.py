"""Every route, called as anonymous, parent A, parent B, staff of venue X, staff of venue Y and
admin, gets the status that role must get. A parent never reaches another parent's children,
bookings or vouchers (404); staff act only at their venue; admin endpoints refuse everyone else.

A route missing from MATRIX fails test_every_route_is_in_the_matrix: add it with its statuses.
"""

import pytest


ROLES = ("anon", "parent_a", "parent_b", "staff_x", "staff_y", "admin")


def expect(anon, parent_a, parent_b, staff_x, staff_y, admin):
    return dict(zip(ROLES, (anon, parent_a, parent_b, staff_x, staff_y, admin)))


PUBLIC = expect(200, 200, 200, 200, 200, 200)
ADMIN_ONLY = expect(401, 403, 403, 403, 403, 200)
ADMIN_CREATE = expect(401, 403, 403, 403, 403, 201)
ANY_USER = expect(401, 200, 200, 200, 200, 200)
PARENTS = expect(401, 200, 200, 403, 403, 403)
A_ONLY = expect(401, 200, 404, 403, 403, 403)

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
    ("POST", "/api/v1/sessions/<int:session_id>/bookings"): (
        "/api/v1/sessions/{session}/bookings", lambda w, role: {"child_id": w["own_child"][role]},
        # A already holds a seat for this child; B books one.
        expect(401, 409, 201, 403, 403, 403)),
    ("DELETE", "/api/v1/bookings/<int:booking_id>"): ("/api/v1/bookings/{booking}", None, A_ONLY),
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
    ("GET", "/api/v1/facilities"): ("/api/v1/facilities", None, PUBLIC),
    ("GET", "/api/v1/facilities/<int:facility_id>"): ("/api/v1/facilities/{facility}", None, PUBLIC),
    ("GET", "/api/v1/nursing-rooms"): ("/api/v1/nursing-rooms", None, PUBLIC),
    ("POST", "/api/v1/bot/ask"): ("/api/v1/bot/ask", {"question": "产假多少天"}, PUBLIC),
    ("POST", "/api/v1/bot/feedback"): (
        "/api/v1/bot/feedback", lambda w, role: {"answer_id": w["answer"], "helpful": True}, PUBLIC),
    # admin
    ("POST", "/api/v1/admin/staff"): (
        "/api/v1/admin/staff", lambda w, role: {"username": f"clerk-{role}", "password": "long enough",
                                               "venue_id": w["venue_x"]}, ADMIN_CREATE),
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
                                                   "starts_at": w["next_week"], "capacity": 20},
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
        "/api/v1/admin/voucher-batches/{batch}", None, ADMIN_ONLY),
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
        "/api/v1/admin/voucher-batches/{batch}/stats", None, ADMIN_ONLY),
    ("POST", "/api/v1/admin/facilities"): (
        "/api/v1/admin/facilities", lambda w, role: {"name": f"新开托育中心{role}", "district": "吴中区",
                                                     "filing_no": f"苏托备-{role}"}, ADMIN_CREATE),
    ("PATCH", "/api/v1/admin/facilities/<int:facility_id>"): (
        "/api/v1/admin/facilities/{facility}", {"phone": "0512-11111111"}, ADMIN_ONLY),
    ("POST", "/api/v1/admin/nursing-rooms"): (
        "/api/v1/admin/nursing-rooms", {"name": "新母婴室", "district": "吴中区"}, ADMIN_CREATE),
    ("PATCH", "/api/v1/admin/nursing-rooms/<int:room_id>"): (
        "/api/v1/admin/nursing-rooms/{room}", {"name": "观前街母婴室（二楼）"}, ADMIN_ONLY),
    ("GET", "/api/v1/admin/audit"): ("/api/v1/admin/audit?object_type=venue", None, ADMIN_ONLY),
    ("GET", "/api/v1/admin/stats/overview"): (
        "/api/v1/admin/stats/overview?district=姑苏区", None, ADMIN_ONLY),
    ("GET", "/api/v1/admin/bot/unanswered"): ("/api/v1/admin/bot/unanswered", None, ADMIN_ONLY),
    ("GET", "/api/v1/admin/bot/status"): ("/api/v1/admin/bot/status", None, ADMIN_ONLY),
    ("POST", "/api/v1/admin/bot/entries/<string:faq_id>/questions"): (
        "/api/v1/admin/bot/entries/{faq}/questions", {"question": "老婆生娃我能歇几天"},
        ADMIN_CREATE),
}


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
_ORDER = ("anon", "parent_b", "staff_y", "staff_x", "admin", "parent_a")


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_route_answers_each_role_as_it_must(client, world, route):
    method, _ = route
    path, body, statuses = MATRIX[route]
    url = path.format(**{k: v for k, v in world.items() if not isinstance(v, dict)})
    got = {}
    for role in _ORDER:
        payload = body(world, role) if callable(body) else body
        kwargs = {"headers": world["headers"][role]}
        if payload is not None:
            kwargs["json"] = payload
        got[role] = client.open(url, method=method, **kwargs).status_code
    assert got == statuses
