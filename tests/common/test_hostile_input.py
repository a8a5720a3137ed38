"""Hostile input is answered in the error shape, naming the field, never with a 500: JSON nested
hundreds deep, lone surrogates, NUL bytes, years 1 / 9999 / before 1900, enormous numbers. And
a client's error logs no traceback, while a 500 logs exactly one, with the request id."""
import logging

import pytest

from tests.common.test_api_contract import assert_error_shape


def post_raw(client, path, raw: str, headers=None):
    return client.post(path, data=raw.encode("utf-8", "surrogatepass"),
                       content_type="application/json", headers=headers or {})


@pytest.mark.parametrize("raw", ["[" * 500 + "]" * 500, '{"a":' * 300 + "1" + "}" * 300,
                                 '{"nickname": ' + "[" * 100_000])
def test_json_nested_hundreds_deep_is_400(client, parent_with_consent, raw):
    response = post_raw(client, "/api/v1/me/children", raw, parent_with_consent)
    body = assert_error_shape(response, 400, "invalid_json")
    assert "嵌套" in body["message"]


@pytest.mark.parametrize("raw,field,reason", [
    ('{"nickname": "\\ud800", "birth_date": "2025-01-01"}', "nickname", "不成对的 UTF-16 代理项"),
    ('{"nickname": "乐\\u0000乐", "birth_date": "2025-01-01"}', "nickname", "不能包含空字符"),
    ('{"nickname": "乐乐", "birth_date": "2025-01-01", "x": 1' + "0" * 5000 + "}", "x", "数值过大"),
    ('{"nickname": "乐乐", "birth_date": "2025-01-01", "n": NaN}', "n", "不能是 NaN"),
    ('{"nickname": "乐乐", "birth_date": "2025-01-01", "n": -Infinity}', "n", "不能是 -Infinity"),
    ('{"nickname": "乐乐", "birth_date": "0001-01-01"}', "birth_date", "年份应在 1900 到 2199 之间"),
    ('{"nickname": "乐乐", "birth_date": "1899-12-31"}', "birth_date", "年份应在 1900 到 2199 之间"),
    ('{"nickname": "乐乐", "due_date": "9999-12-31"}', "due_date", "年份应在 1900 到 2199 之间"),
])
def test_hostile_values_in_a_body_are_422_naming_the_field(client, parent_with_consent, raw,
                                                             field, reason):
    response = post_raw(client, "/api/v1/me/children", raw, parent_with_consent)
    body = assert_error_shape(response, 422)
    assert any(reason in message for message in body["errors"][field]), body
    assert client.get("/api/v1/me/children", headers=parent_with_consent).get_json() == []


def test_a_lone_surrogate_reaching_the_bot_is_422(client):
    response = post_raw(client, "/api/v1/bot/ask", '{"question": "\\udfff产假多少天"}')
    assert assert_error_shape(response, 422)["errors"]["question"]


@pytest.mark.parametrize("query,field", [
    ("/api/v1/sessions?from=0001-01-01", "from"),
    ("/api/v1/sessions?from=9999-12-31", "from"),
    ("/api/v1/sessions?to=1800-06-01", "to"),
    ("/api/v1/facilities?q=%E6%89%98%00", "q"),
    ("/api/v1/facilities?lat=1e400&lng=120.6", "lat"),
    ("/api/v1/facilities?lat=nan&lng=120.6", "lat"),
    ("/api/v1/facilities?age_months=" + "9" * 5000, "age_months"),
    ("/api/v1/facilities?page=99999999999999999999999", "page"),
])
def test_hostile_query_values_are_422_naming_the_parameter(client, query, field):
    body = assert_error_shape(client.get(query), 422)
    assert field in body["errors"], body


def test_enormous_dates_in_an_admin_batch_are_422(client, login):
    response = client.post("/api/v1/admin/voucher-batches", headers=login("admin"), json={
        "name": "批次", "issuer": "市卫健委", "total": 10,
        "valid_from": "0001-01-01T00:00:00+08:00", "valid_until": "9999-12-31T23:59:59-08:00"})
    body = assert_error_shape(response, 422, "validation_error")
    assert set(body["errors"]) >= {"valid_from", "valid_until"}


def test_client_errors_log_no_traceback(client, login, caplog):
    caplog.set_level(logging.INFO)
    client.get("/api/v1/no-such-thing")
    client.delete("/api/v1/health")
    client.post("/api/v1/auth/dev-login", data='{"openid": ', content_type="application/json")
    client.post("/api/v1/auth/dev-login", json={"role": "king"})
    client.get("/api/v1/me")
    post_raw(client, "/api/v1/bot/ask", "[" * 1000)
    client.get("/api/v1/facilities?q=" + "x" * 9000)
    assert caplog.records, "requests were logged"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_500_logs_one_traceback_with_the_request_id(app, caplog):
    from app import create_app

    fresh = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "INSTANCE_PATH": app.instance_path, "FAQ_WARM_START": False})

    @fresh.get("/api/v1/_boom")
    def _boom():
        raise RuntimeError("internals")

    response = fresh.test_client().get("/api/v1/_boom", headers={"X-Request-Id": "req42abc"})
    assert_error_shape(response, 500, "internal_error")
    with_trace = [r for r in caplog.records if r.exc_info]
    assert len(with_trace) == 1
    assert "req42abc" in with_trace[0].getMessage()
