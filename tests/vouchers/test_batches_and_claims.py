"""Admins issue batches; parents see what their children can claim, and claim within the rules."""
import csv
import io
from datetime import timedelta

from app.common.timeutil import utcnow
from tests.common.test_api_contract import assert_error_shape


def test_parent_sees_active_batch_with_each_childs_standing(client, make_batch, family):
    make_batch(name="草稿批次", activate=False)
    batch = make_batch()
    fam = family(months=10)
    offers = client.get("/api/v1/voucher-batches", headers=fam["headers"]).get_json()
    assert [o["batch"]["id"] for o in offers] == [batch["id"]]
    assert offers[0]["children"] == [{"child_id": fam["child_id"], "nickname": "乐乐",
                                      "eligible": True, "claimed": False, "reason": None}]
    assert offers[0]["batch"]["covers"] == "亲子游戏、父母培训"


def test_claim_gives_per_child_vouchers_with_typable_codes(client, make_batch, family):
    batch = make_batch(per_child=4)
    fam = family()
    response = client.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                           headers=fam["headers"], json={"child_id": fam["child_id"]})
    assert response.status_code == 201
    vouchers = response.get_json()
    assert len(vouchers) == 4
    assert all(v["status"] == "issued" and v["child_id"] == fam["child_id"] for v in vouchers)
    assert all(len(v["code"]) == 13 and v["code"].count("-") == 2 for v in vouchers)
    mine = client.get("/api/v1/me/vouchers", headers=fam["headers"]).get_json()
    assert {v["id"] for v in mine} == {v["id"] for v in vouchers}
    assert mine[0]["covers"] == "亲子游戏、父母培训" and mine[0]["valid_until"].endswith("+08:00")
    again = client.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                        headers=fam["headers"], json={"child_id": fam["child_id"]})
    assert_error_shape(again, 409, "already_claimed")
    assert len(client.get("/api/v1/me/vouchers", headers=fam["headers"]).get_json()) == 4


def test_child_too_old_is_told_why(client, make_batch, family):
    batch = make_batch(min_age_months=0, max_age_months=12)
    fam = family(months=20)
    body = assert_error_shape(client.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                                          headers=fam["headers"],
                                          json={"child_id": fam["child_id"]}),
                              409, "child_not_eligible")
    assert "0–12月龄" in body["message"] and "20月龄" in body["message"]


def test_district_restriction_names_the_districts(client, make_batch, family):
    batch = make_batch(districts=["吴中区"])
    fam = family(district="姑苏区")
    body = assert_error_shape(client.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                                          headers=fam["headers"],
                                          json={"child_id": fam["child_id"]}),
                              409, "child_not_eligible")
    assert "吴中区" in body["message"] and "姑苏区" in body["message"]
    assert client.get("/api/v1/voucher-batches", headers=fam["headers"]).get_json() == []


def test_expected_baby_only_for_pregnancy_batches(client, make_batch, family):
    plain = make_batch()
    pregnancy = make_batch(name="孕期服务券", min_age_months=None, max_age_months=None,
                           includes_pregnancy=True, covers_formats=["孕妇学校"])
    fam = family(expected=True)
    assert_error_shape(client.post(f"/api/v1/voucher-batches/{plain['id']}/claim",
                                   headers=fam["headers"], json={"child_id": fam["child_id"]}),
                       409, "child_not_eligible")
    ok = client.post(f"/api/v1/voucher-batches/{pregnancy['id']}/claim", headers=fam["headers"],
                     json={"child_id": fam["child_id"]})
    assert ok.status_code == 201


def test_inactive_and_exhausted_batches(client, make_batch, family, admin):
    draft = make_batch(activate=False)
    fam = family()
    assert_error_shape(client.post(f"/api/v1/voucher-batches/{draft['id']}/claim",
                                   headers=fam["headers"], json={"child_id": fam["child_id"]}),
                       409, "batch_not_active")
    small = make_batch(per_child=2, total=2)
    assert client.post(f"/api/v1/voucher-batches/{small['id']}/claim", headers=fam["headers"],
                       json={"child_id": fam["child_id"]}).status_code == 201
    other = family()
    assert_error_shape(client.post(f"/api/v1/voucher-batches/{small['id']}/claim",
                                   headers=other["headers"], json={"child_id": other["child_id"]}),
                       409, "batch_exhausted")
    closed = client.post(f"/api/v1/admin/voucher-batches/{small['id']}/close", headers=admin)
    assert closed.get_json()["status"] == "closed"
    assert_error_shape(client.post(f"/api/v1/admin/voucher-batches/{small['id']}/activate",
                                   headers=admin), 409, "batch_status_invalid")


def test_claiming_for_someone_elses_child_is_404(client, make_batch, family):
    batch = make_batch()
    mine, theirs = family(), family()
    assert_error_shape(client.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                                   headers=mine["headers"], json={"child_id": theirs["child_id"]}),
                       404, "child_not_found")


def test_batch_validation_errors_name_fields(client, admin):
    now = utcnow()
    response = client.post("/api/v1/admin/voucher-batches", headers=admin, json={
        "name": "x", "issuer": "y", "total": 10, "per_child": 1, "min_age_months": 0,
        "valid_from": now.isoformat(), "valid_until": (now - timedelta(days=1)).isoformat()})
    assert "valid_until" in assert_error_shape(response, 422)["errors"]
    response = client.post("/api/v1/admin/voucher-batches", headers=admin, json={
        "name": "x", "issuer": "y", "total": 10, "covers_formats": ["吃饭"]})
    errors = assert_error_shape(response, 422)["errors"]
    assert {"valid_from", "valid_until", "covers_formats"} <= set(errors)


def test_issue_to_all_eligible_is_idempotent(client, make_batch, family, admin):
    batch = make_batch(per_child=4, min_age_months=0, max_age_months=12)
    young = [family(months=3) for _ in range(3)]
    family(months=30)  # too old
    first = client.post(f"/api/v1/admin/voucher-batches/{batch['id']}/issue", headers=admin)
    assert first.get_json() == {"children_issued": 3, "vouchers_issued": 12, "not_eligible": 1,
                                "missing_id_number": 0, "exhausted": False,
                                "remaining": 1000 - 12}
    second = client.post(f"/api/v1/admin/voucher-batches/{batch['id']}/issue", headers=admin)
    assert second.get_json()["children_issued"] == 0
    for fam in young:
        assert len(client.get("/api/v1/me/vouchers", headers=fam["headers"]).get_json()) == 4


def test_issue_stops_when_the_batch_runs_out(client, make_batch, family, admin):
    batch = make_batch(per_child=2, total=4)
    for _ in range(3):
        family()
    result = client.post(f"/api/v1/admin/voucher-batches/{batch['id']}/issue",
                         headers=admin).get_json()
    assert result["children_issued"] == 2 and result["exhausted"] is True
    assert result["remaining"] == 0


def test_stats_json_and_excel_friendly_csv(client, holding, admin, make_session, login):
    batch_id = holding["batch"]["id"]
    where = make_session(starts_in=timedelta(minutes=30))
    staff = login("venue_staff", venue_id=where["venue_id"])
    code = holding["vouchers"][0]["code"]
    assert client.post("/api/v1/vouchers/redeem", headers=staff, json={
        "code": code, "session_id": where["session_id"], "walk_in": True}).status_code == 201
    stats = client.get(f"/api/v1/admin/voucher-batches/{batch_id}/stats", headers=admin).get_json()
    assert (stats["issued_total"], stats["issued"], stats["redeemed"]) == (4, 3, 1)
    assert stats["redemption_rate"] == 0.25
    assert stats["by_district"][0]["district"] == "姑苏区"
    assert stats["by_venue"][0]["venue_id"] == where["venue_id"]
    assert stats["by_venue"][0]["redeemed"] == 1
    response = client.get(f"/api/v1/admin/voucher-batches/{batch_id}/stats?format=csv",
                          headers=admin)
    assert response.mimetype == "text/csv"
    raw = response.data
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["范围", "名称", "发放总数"]
    assert rows[1][:6] == ["批次", "2026年苏州市科学育儿公共指导服务券", "4", "3", "0", "1"]
    assert any(row[0] == "场地" and row[-1] == "1" for row in rows)


def test_parents_and_staff_cannot_see_admin_stats(client, holding, login):
    url = f"/api/v1/admin/voucher-batches/{holding['batch']['id']}/stats"
    assert_error_shape(client.get(url, headers=holding["headers"]), 403)
