"""The staff session: login, lock-out, logout that really ends the cookie, password change,
CSRF on every form, cookie flags, CSP without inline scripts, another venue's page a 404."""
import re

import pytest

from app import create_app
from tests.consoles.conftest import PASSWORD, csrf_of, make_clerk, post_form, sign_in


def test_signed_out_visitor_is_sent_to_login_and_back(client, venue_setup):
    response = client.get("/venue/schedule")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/venue/login?next=/venue/schedule")
    page = client.get(response.headers["Location"])
    token = csrf_of(page.get_data(as_text=True))
    back = client.post("/venue/login", data={"username": "clerk-x", "password": PASSWORD,
                                             "csrf_token": token, "next": "/venue/schedule"})
    assert back.headers["Location"] == "/venue/schedule"


def test_login_never_redirects_to_another_site(client, venue_setup):
    page = client.get("/venue/login")
    response = client.post("/venue/login", data={
        "username": "clerk-x", "password": PASSWORD, "next": "//evil.example/venue/",
        "csrf_token": csrf_of(page.get_data(as_text=True))})
    assert response.headers["Location"] == "/venue/"


def test_every_page_shows_the_signed_in_name_and_logout(clerk, venue_setup):
    sid = venue_setup["soon"]["session_id"]
    for url in ("/venue/", f"/venue/sessions/{sid}", "/venue/schedule", f"/venue/schedule/{sid}",
                "/venue/password"):
        html = clerk.get(url).get_data(as_text=True)
        assert "王老师" in html and "退出登录" in html, url


def test_wrong_password_then_lock_out_even_for_the_right_one(client, venue_setup):
    for attempt in range(1, 6):
        response = sign_in(client, "clerk-x", "wrong-password")
        assert response.status_code == 401
        html = response.get_data(as_text=True)
        assert "用户名或密码错误" in html
    assert "已锁定" in html
    locked = sign_in(client, "clerk-x")
    assert locked.status_code == 429
    assert "请 15 分钟后再试" in locked.get_data(as_text=True)
    assert client.get("/venue/").status_code == 302


def test_unknown_user_and_other_roles_cannot_sign_in(app, client, venue_setup):
    assert sign_in(client, "nobody").status_code == 401
    make_clerk(app, None, username="city-admin", role="admin")
    refused = sign_in(client, "city-admin")
    assert refused.status_code == 403
    assert "不能登录此管理台" in refused.get_data(as_text=True)


def test_bearer_token_does_not_open_console_pages(client, login, venue_setup):
    headers = login("venue_staff", venue_id=venue_setup["x"]["venue_id"])
    assert client.get("/venue/", headers=headers).status_code == 302


def test_logged_out_cookie_no_longer_works(clerk, venue_setup):
    assert clerk.get("/venue/").status_code == 200
    stolen = clerk.get_cookie("yuer_console").value
    response = post_form(clerk, "/venue/", "/venue/logout", follow=False)
    assert response.headers["Location"] == "/venue/login"
    assert clerk.get("/venue/").status_code == 302
    clerk.set_cookie("yuer_console", stolen)
    replay = clerk.get("/venue/")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/venue/login")


def test_change_password(app, clerk, venue_setup):
    other_device = app.test_client()
    assert sign_in(other_device, "clerk-x").status_code == 302
    wrong = post_form(clerk, "/venue/password", "/venue/password", {
        "current_password": "not-it", "new_password": "a-new-secret", "repeat_password": "a-new-secret"})
    assert wrong.status_code == 422 and "当前密码不正确" in wrong.get_data(as_text=True)
    short = post_form(clerk, "/venue/password", "/venue/password", {
        "current_password": PASSWORD, "new_password": "short", "repeat_password": "short"})
    assert short.status_code == 422 and "至少 8 位" in short.get_data(as_text=True)
    done = post_form(clerk, "/venue/password", "/venue/password", {
        "current_password": PASSWORD, "new_password": "a-new-secret",
        "repeat_password": "a-new-secret"})
    assert done.status_code == 200 and "密码已修改" in done.get_data(as_text=True)
    assert clerk.get("/venue/").status_code == 200  # this device stays signed in
    assert other_device.get("/venue/").status_code == 302  # the other one is signed out
    fresh = app.test_client()
    assert sign_in(fresh, "clerk-x").status_code == 401
    assert sign_in(fresh, "clerk-x", "a-new-secret").status_code == 302
    api = fresh.post("/api/v1/auth/staff-login", json={"username": "clerk-x",
                                                       "password": "a-new-secret"})
    assert api.status_code == 200


def test_forms_without_csrf_token_are_refused(app, clerk, client, venue_setup, family):
    sid = venue_setup["soon"]["session_id"]
    fam = family()
    booking = client.post(f"/api/v1/sessions/{sid}/bookings", headers=fam["headers"],
                          json={"child_id": fam["child_id"]}).get_json()
    refused = clerk.post(f"/venue/sessions/{sid}/checkin", data={"booking_id": booking["id"]})
    assert refused.status_code == 400
    assert "表单已失效" in refused.get_data(as_text=True)
    mine = client.get("/api/v1/me/bookings", headers=fam["headers"]).get_json()["items"]
    assert mine[0]["status"] == "confirmed"
    assert clerk.post("/venue/logout").status_code == 400
    assert clerk.get("/venue/").status_code == 200  # still signed in
    anonymous = app.test_client()
    assert anonymous.post("/venue/login", data={"username": "clerk-x",
                                                "password": PASSWORD}).status_code == 400


def test_session_cookie_flags(clerk):
    cookie = clerk.get_cookie("yuer_console")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure


def test_session_cookie_is_secure_in_production(app, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-of-sufficient-length-000000")
    production = create_app({"APP_ENV": "production", "DEV_LOGIN": False,
                             "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                             "INSTANCE_PATH": app.instance_path})
    response = production.test_client().get("/venue/login")
    set_cookie = response.headers["Set-Cookie"]
    assert "yuer_console=" in set_cookie
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_pages_send_csp_without_inline_scripts(clerk, venue_setup):
    sid = venue_setup["soon"]["session_id"]
    for url in ("/venue/login", "/venue/", f"/venue/sessions/{sid}", "/venue/schedule"):
        response = clerk.get(url)
        policy = response.headers["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert script_src.strip() == "'self'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        html = response.get_data(as_text=True)
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html)), url
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers either


@pytest.mark.parametrize("path", ["/venue/sessions/{y}", "/venue/schedule/{y}",
                                  "/venue/sessions/{y}/attendance.csv"])
def test_another_venues_pages_are_not_found(clerk, venue_setup, path):
    url = path.format(y=venue_setup["y"]["session_id"])
    response = clerk.get(url)
    assert response.status_code == 404
    assert "不属于本场地" in response.get_data(as_text=True)


def test_another_venues_session_cannot_be_changed(clerk, venue_setup):
    y = venue_setup["y"]["session_id"]
    page = f"/venue/sessions/{venue_setup['soon']['session_id']}"
    for action, data in ((f"/venue/sessions/{y}/checkin", {"booking_id": 1}),
                         (f"/venue/sessions/{y}/redeem", {"code": "ABCD-EFGH-JKL"}),
                         (f"/venue/sessions/{y}/no-shows", {}),
                         (f"/venue/sessions/{y}/checkins/1/undo", {}),
                         (f"/venue/sessions/{y}/redemptions/1/undo", {}),
                         (f"/venue/schedule/{y}", {"day": "2030-01-01", "start": "09:00",
                                                   "capacity": 5}),
                         (f"/venue/schedule/{y}/cancel", {"reason": "x"})):
        assert post_form(clerk, page, action, data, follow=False).status_code == 404, action


def test_login_attempts_are_rate_limited_per_address(client, venue_setup):
    statuses = [sign_in(client, f"guess-{n}", "wrong").status_code for n in range(21)]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == 429

