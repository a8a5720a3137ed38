"""WeChat login through the real client, pointed at a local server speaking WeChat's protocol."""
import pytest

from tests.common.test_api_contract import assert_error_shape
from tests.wechat_stub import APPID, SECRET


def test_first_login_creates_a_parent_and_returns_a_working_token(client, wechat_stub):
    response = client.post("/api/v1/auth/wechat-login", json={"code": "ok:o-abc:u-xyz"})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"token", "expires_in", "user"}
    assert body["user"]["role"] == "parent"
    assert body["expires_in"] > 0
    assert "session_key" not in response.get_data(as_text=True)
    assert "c2Vzc2lvbi1rZXk=" not in response.get_data(as_text=True)
    sent = wechat_stub.calls[-1]
    assert sent == {"appid": APPID, "secret": SECRET, "js_code": "ok:o-abc:u-xyz",
                    "grant_type": "authorization_code"}
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.get_json()["id"] == body["user"]["id"]


def test_second_login_with_same_openid_finds_the_same_parent(client, app):
    first = client.post("/api/v1/auth/wechat-login", json={"code": "ok:o-same"}).get_json()
    second = client.post("/api/v1/auth/wechat-login", json={"code": "ok:o-same:u-later"}).get_json()
    assert first["user"]["id"] == second["user"]["id"]
    from app.accounts.models import User
    from app.extensions import db

    with app.app_context():
        user = db.session.get(User, first["user"]["id"])
        assert user.unionid == "u-later"  # kept once WeChat reveals it
        assert user.session_key  # kept server-side only


@pytest.mark.parametrize("code, status, error_code", [
    ("invalid", 400, "wechat_code_invalid"),
    ("used", 400, "wechat_code_used"),
    ("ratelimit", 429, "wechat_rate_limited"),
    ("risky", 403, "wechat_user_blocked"),
    ("busy", 503, "wechat_unavailable"),
    ("http500", 503, "wechat_unavailable"),
    ("slow", 503, "wechat_unavailable"),
])
def test_wechat_errors_are_mapped(client, code, status, error_code):
    response = client.post("/api/v1/auth/wechat-login", json={"code": code})
    assert_error_shape(response, status, error_code)
    if status in (429, 503):
        assert int(response.headers["Retry-After"]) > 0


def test_unreachable_wechat_is_503(app, client):
    original = app.config["WECHAT_API_BASE"]
    app.config["WECHAT_API_BASE"] = "http://127.0.0.1:9"  # discard port: connection refused
    try:
        response = client.post("/api/v1/auth/wechat-login", json={"code": "ok:o-x"})
    finally:
        app.config["WECHAT_API_BASE"] = original
    assert_error_shape(response, 503, "wechat_unavailable")


def test_empty_code_is_422(client):
    assert_error_shape(client.post("/api/v1/auth/wechat-login", json={"code": ""}), 422)
