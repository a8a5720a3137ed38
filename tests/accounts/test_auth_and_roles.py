"""Tokens, roles, dev-login, staff accounts and logout."""
from app.accounts.models import User
from app.courses.models import Venue
from app.extensions import db
from tests.common.test_api_contract import assert_error_shape


def make_venue(app, name="姑苏区社区优育课堂") -> int:
    with app.app_context():
        venue = Venue(name=name, kind="社区优育课堂", district="320508")  # 姑苏区
        db.session.add(venue)
        db.session.commit()
        return venue.id


def test_no_token_is_401(client):
    assert_error_shape(client.get("/api/v1/me"), 401, "unauthorized")


def test_parent_cannot_call_admin_endpoint(client, login):
    response = client.post("/api/v1/admin/staff", headers=login("parent"),
                           json={"username": "clerk", "password": "longenough", "venue_id": 1})
    assert_error_shape(response, 403, "forbidden_role")


def test_dev_login_is_off_unless_enabled(app, client):
    app.config["DEV_LOGIN"] = False
    try:
        response = client.post("/api/v1/auth/dev-login", json={"openid": "x"})
    finally:
        app.config["DEV_LOGIN"] = True
    assert_error_shape(response, 404)


def test_dev_login_staff_needs_an_existing_venue(client, app):
    body = assert_error_shape(client.post("/api/v1/auth/dev-login",
                                          json={"openid": "s", "role": "venue_staff"}), 422)
    assert "venue_id" in body["errors"]
    body = assert_error_shape(client.post("/api/v1/auth/dev-login", json={
        "openid": "s", "role": "venue_staff", "venue_id": 999}), 422)
    assert body["errors"]["venue_id"] == ["场地不存在"]
    venue_id = make_venue(app)
    ok = client.post("/api/v1/auth/dev-login",
                     json={"openid": "s", "role": "venue_staff", "venue_id": venue_id})
    assert ok.status_code == 200 and ok.get_json()["user"]["venue_id"] == venue_id


def test_admin_creates_staff_who_logs_in_with_password(client, login, app):
    venue_id = make_venue(app)
    admin = login("admin")
    created = client.post("/api/v1/admin/staff", headers=admin, json={
        "username": "clerk-wang", "password": "correct horse", "venue_id": venue_id})
    assert created.status_code == 201
    assert "password" not in created.get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalars(db.select(User).filter_by(username="clerk-wang")).one()
        assert stored.password_hash and "correct horse" not in stored.password_hash
    bad = client.post("/api/v1/auth/staff-login",
                      json={"username": "clerk-wang", "password": "wrong"})
    assert_error_shape(bad, 401, "login_failed")
    good = client.post("/api/v1/auth/staff-login",
                       json={"username": "clerk-wang", "password": "correct horse"})
    assert good.status_code == 200
    assert good.get_json()["user"] == {**good.get_json()["user"], "role": "venue_staff",
                                       "venue_id": venue_id}
    again = client.post("/api/v1/admin/staff", headers=admin, json={
        "username": "clerk-wang", "password": "another one", "venue_id": venue_id})
    assert_error_shape(again, 409, "username_taken")


def test_create_admin_cli(runner, client):
    result = runner.invoke(args=["users", "create-admin", "--username", "root-admin",
                                 "--password", "s3cret-pass"])
    assert result.exit_code == 0, result.output
    login = client.post("/api/v1/auth/staff-login",
                        json={"username": "root-admin", "password": "s3cret-pass"})
    assert login.get_json()["user"]["role"] == "admin"


def test_logout_revokes_the_token(client, login):
    headers = login("parent", openid="leaving")
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert_error_shape(client.get("/api/v1/me", headers=headers), 401, "token_invalid")
    fresh = login("parent", openid="leaving")
    assert client.get("/api/v1/me", headers=fresh).status_code == 200


def test_expired_token_is_401(app, client, login):
    app.config["TOKEN_TTL_SECONDS"] = -1
    try:
        headers = login("parent")
    finally:
        app.config["TOKEN_TTL_SECONDS"] = 3600
    assert_error_shape(client.get("/api/v1/me", headers=headers), 401, "token_invalid")
