"""The API contract every domain shares: error shape, health, OpenAPI and docs, request log."""
import logging

import pytest


def assert_error_shape(response, status: int, code: str | None = None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json, response.get_data(as_text=True)[:200]
    body = response.get_json()
    assert set(body) == {"code", "message", "errors"}
    assert isinstance(body["errors"], dict)
    assert body["message"] and not body["message"].isascii(), "message must be Chinese"
    if code:
        assert body["code"] == code
    return body


def test_health_reports_database_and_content_version(client):
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "ok"
    assert body["database"] is True
    assert "content_version" in body


def test_unknown_path_is_json_404(client):
    assert_error_shape(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_is_json_405(client):
    assert_error_shape(client.delete("/api/v1/health"), 405, "method_not_allowed")


def test_malformed_json_is_400_not_500(client):
    response = client.post("/api/v1/auth/dev-login", data='{"openid": ',
                           content_type="application/json")
    assert_error_shape(response, 400, "invalid_json")


def test_wrong_content_type_is_415(client):
    response = client.post("/api/v1/auth/dev-login", data="openid=x",
                           content_type="application/x-www-form-urlencoded")
    assert_error_shape(response, 415, "unsupported_media_type")


def test_oversized_body_is_413(client):
    big = '{"openid": "' + "x" * (2 * 1024 * 1024) + '"}'
    response = client.post("/api/v1/auth/dev-login", data=big, content_type="application/json")
    assert_error_shape(response, 413, "payload_too_large")


def test_validation_error_names_the_field_in_chinese(client):
    response = client.post("/api/v1/auth/dev-login", json={"role": "king"})
    body = assert_error_shape(response, 422, "validation_error")
    assert body["errors"]["openid"] == ["必填"]
    assert "parent" in body["errors"]["role"][0]


def test_unexpected_exception_is_json_500_without_trace(app):
    from app import create_app

    fresh = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "INSTANCE_PATH": app.instance_path})

    @fresh.get("/api/v1/_boom")
    def _boom():
        raise RuntimeError("secret internals")

    response = fresh.test_client().get("/api/v1/_boom")
    body = assert_error_shape(response, 500, "internal_error")
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in body["message"]


def test_a_dropped_database_connection_fails_one_request_with_503_then_recovers(app, client):
    """Connections are not pinged before use; when the database drops them (restart, failover)
    the next request gets a retryable 503, the pool is refreshed, and the one after succeeds."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from app.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs PostgreSQL: terminates the server side of pooled connections")
    assert client.get("/api/v1/courses").status_code == 200  # a pooled connection now exists
    outside = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    with outside.connect() as admin:  # not from the app's pool
        admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        admin.commit()
    dropped = client.get("/api/v1/courses")
    assert_error_shape(dropped, 503, "service_unavailable")
    assert dropped.headers["Retry-After"] == "1"
    assert client.get("/api/v1/courses").status_code == 200


def test_openapi_spec_lists_paths_and_bearer_auth(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/me/children" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"bearerAuth": []}]


def test_docs_page_uses_local_assets_only(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    asset = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000


def test_request_log_line_has_id_method_path_status_but_no_secrets(client, caplog):
    caplog.set_level(logging.INFO, logger="app.request")
    response = client.post("/api/v1/auth/wechat-login?phone=13812345678",
                           json={"code": "ok:openid-secret-123"})
    assert response.status_code == 200
    token = response.get_json()["token"]
    client.patch("/api/v1/me", json={"nickname": "小明妈妈", "phone": "13812345678"},
                 headers={"Authorization": f"Bearer {token}"})
    lines = [r.getMessage() for r in caplog.records if r.name == "app.request"]
    assert any(" POST /api/v1/auth/wechat-login 200 " in line for line in lines)
    request_id = response.headers["X-Request-Id"]
    assert any(line.startswith(request_id) for line in lines)
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("13812345678", "openid-secret-123", token, "小明妈妈"):
        assert secret not in everything


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Basic abc"])
def test_bad_tokens_get_401(client, header):
    assert_error_shape(client.get("/api/v1/me", headers={"Authorization": header}), 401)


@pytest.mark.parametrize("path", ["/api/v1/me/children/99999999999999999999",
                                  "/api/v1/me/children/0"])
def test_ids_beyond_a_database_integer_are_404_not_500(client, login, path):
    assert_error_shape(client.get(path, headers=login("parent")), 404)
