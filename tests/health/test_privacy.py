"""PIPL: the health record has its own consent; withdrawing it deletes the record once the parent
has been told; export includes it; deleting the child or the account removes it; none of it is
logged."""
import logging

from sqlalchemy import func, select

from app.extensions import db
from app.health.models import CheckupRecord, DevelopmentCheck, DoseRecord, Measurement
from app.common.timeutil import today_local
from app.health.schedule import add_months
from tests.health.conftest import on


def _fill(client, child):
    h, url = child["headers"], child["url"]
    assert client.post(f"{url}/measurements", headers=h, json={
        "measured_on": on(child["born"], 30), "weight_kg": 4.47, "length_cm": 54.73}).status_code == 201
    assert client.post(f"{url}/vaccinations", headers=h, json={
        "vaccine": "bcg", "dose": 1, "given_on": on(child["born"], 0)}).status_code == 201
    assert client.post(f"{url}/checkups", headers=h, json={
        "visit": "full_month", "done_on": on(child["born"], 29)}).status_code == 201
    assert client.post(f"{url}/development", headers=h, json={
        "band": 3, "answers": {f"m3_{i}": i == 4 for i in range(1, 5)}}).status_code == 200


def _rows(app) -> int:
    with app.app_context():
        return sum(db.session.scalar(select(func.count()).select_from(t))
                   for t in (Measurement, DoseRecord, CheckupRecord, DevelopmentCheck))


def test_the_consent_is_separate_and_shown_on_the_profile(client, kid):
    child = kid(health_consent=False)
    me = client.get("/api/v1/me", headers=child["headers"]).get_json()
    assert me["consent_at"] and me["health_consent_at"] is None
    me = client.patch("/api/v1/me", headers=child["headers"], json={"health_consent": True}).get_json()
    assert me["health_consent_at"]


def test_health_consent_needs_the_guardian_consent_first(client, login):
    headers = login("parent")
    response = client.patch("/api/v1/me", headers=headers, json={"health_consent": True})
    assert response.status_code == 403 and response.get_json()["code"] == "consent_required"


def test_withdrawing_says_what_will_be_deleted_then_deletes_it(app, client, kid):
    child = kid(born=add_months(today_local(), -4))
    _fill(client, child)
    asked = client.patch("/api/v1/me", headers=child["headers"], json={"health_consent": False})
    assert asked.status_code == 409
    assert asked.get_json()["code"] == "health_record_will_be_deleted"
    assert "4 条记录" in asked.get_json()["message"] and "删除" in asked.get_json()["message"]
    assert _rows(app) == 4
    done = client.patch("/api/v1/me", headers=child["headers"],
                        json={"health_consent": False, "confirm_health_record_deletion": True})
    assert done.status_code == 200 and done.get_json()["health_consent_at"] is None
    assert _rows(app) == 0
    refused = client.post(f"{child['url']}/measurements", headers=child["headers"],
                          json={"measured_on": on(child["born"], 30), "weight_kg": 4.5})
    assert refused.status_code == 403


def test_export_includes_the_record(client, kid):
    child = kid(born=add_months(today_local(), -4))
    _fill(client, child)
    body = client.get("/api/v1/me/export", headers=child["headers"]).get_json()
    health = body["health"]
    assert health["health_consent_at"]
    record = health["children"][0]
    assert record["child_id"] == child["id"]
    assert record["measurements"][0]["weight_kg"] == 4.47
    assert record["vaccinations"][0]["vaccine"] == "bcg"
    assert record["checkups"][0]["visit"] == "full_month"
    assert record["development"][0]["answers"]["m3_4"] is True
    assert body["accounts"]["children"][0]["sex"] == "male"


def test_deleting_a_child_removes_their_record_only(app, client, kid):
    first = kid(born=add_months(today_local(), -4))
    second = kid(born=add_months(today_local(), -4), headers=first["headers"])
    _fill(client, first)
    _fill(client, second)
    assert client.delete(first["url"], headers=first["headers"]).status_code == 200
    assert _rows(app) == 4
    assert len(client.get(f"{second['url']}/measurements", headers=second["headers"]).get_json()) == 1


def test_deleting_the_account_removes_the_record(app, client, kid):
    child = kid(born=add_months(today_local(), -4))
    _fill(client, child)
    assert client.delete("/api/v1/me", headers=child["headers"]).status_code == 204
    assert _rows(app) == 0


def test_nothing_of_the_record_reaches_the_logs(client, kid, caplog):
    caplog.set_level(logging.DEBUG)
    child = kid(born=add_months(today_local(), -4))
    _fill(client, child)
    client.get(f"{child['url']}/growth", headers=child["headers"])
    client.get(f"{child['url']}/growth/chart", headers=child["headers"],
               query_string={"indicator": "wfa"})
    client.post(f"{child['url']}/measurements", headers=child["headers"],
                json={"measured_on": on(child["born"], 60), "weight_kg": 49.01})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/growth" in logged                       # the requests were logged ...
    # Two decimals: the access log prints durations with one ("54.7ms").
    for secret in ("4.47", "54.73", "49.01", "bcg", "full_month", "m3_4", "豆豆", "不会"):
        assert secret not in logged                  # ... but not what they carried
