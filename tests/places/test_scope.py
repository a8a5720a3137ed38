"""属地管理: admins scoped to a city or a district."""
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db


def _dev_login(client, **body):
    return client.post("/api/v1/auth/dev-login", json={"openid": "office", **body})


def test_dev_login_makes_a_district_admin_from_a_name_alias_or_code(client):
    user = _dev_login(client, role="admin", district="园区").get_json()["user"]
    assert (user["scope"], user["scope_code"]) == ("苏州工业园区", "320576")
    city = _dev_login(client, openid="city", role="admin", district="苏州市").get_json()["user"]
    assert city["scope_code"] == "320500"
    refused = _dev_login(client, openid="p", role="parent", district="姑苏区")
    assert refused.status_code == 422 and "district" in refused.get_json()["errors"]
    unknown = _dev_login(client, openid="q", role="admin", district="火星")
    assert unknown.status_code == 422


def test_the_city_admin_creates_district_admins_who_cannot_create_admins(client, login):
    city = login("admin", district="苏州市")
    created = client.post("/api/v1/admin/staff", headers=city, json={
        "username": "wuzhong-office", "password": "long enough", "role": "admin",
        "district": "吴中"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["scope"] == "吴中区"
    district = login("admin", district="吴中区")
    refused = client.post("/api/v1/admin/staff", headers=district, json={
        "username": "another", "password": "long enough", "role": "admin", "district": "吴中区"})
    assert refused.status_code == 403


def test_create_admin_on_the_command_line_takes_a_district(runner, app):
    result = runner.invoke(args=["users", "create-admin", "--username", "sip-office",
                                 "--district", "园区", "--password", "long enough"])
    assert result.exit_code == 0, result.output
    assert "苏州工业园区 320576" in result.output
    with app.app_context():
        assert db.session.scalars(select(User.scope).where(
            User.username == "sip-office")).one() == "320576"
    bad = runner.invoke(args=["users", "create-admin", "--username", "x-office",
                              "--district", "火星区", "--password", "long enough"])
    assert bad.exit_code != 0 and "火星区" in bad.output


def test_a_district_admin_lists_and_issues_only_their_districts_batches(client, login,
                                                                         make_batch):
    gusu = make_batch(name="姑苏批次", districts=["姑苏区"])
    make_batch(name="吴中批次", districts=["吴中区"])
    make_batch(name="全市批次")
    office = login("admin", district="姑苏区")
    listed = client.get("/api/v1/admin/voucher-batches", headers=office).get_json()
    assert [b["name"] for b in listed["items"]] == ["姑苏批次"]
    own = client.post("/api/v1/admin/voucher-batches", headers=office, json={
        "name": "姑苏新批次", "issuer": "姑苏区卫生健康委员会", "total": 10, "min_age_months": 0,
        "max_age_months": 36, "valid_from": "2026-01-01", "valid_until": "2027-12-31"})
    assert own.status_code == 201 and own.get_json()["districts"] == ["姑苏区"]
    other = client.post("/api/v1/admin/voucher-batches", headers=office, json={
        "name": "越界", "issuer": "姑苏区卫生健康委员会", "total": 10, "min_age_months": 0,
        "max_age_months": 36, "valid_from": "2026-01-01", "valid_until": "2027-12-31",
        "districts": ["吴中区"]})
    assert other.status_code == 422 and "districts" in other.get_json()["errors"]
    stats = client.get(f"/api/v1/admin/voucher-batches/{gusu['id']}/stats", headers=office)
    assert stats.status_code == 200
    wuzhong = login("admin", district="吴中区")
    assert client.get(f"/api/v1/admin/voucher-batches/{gusu['id']}/stats",
                      headers=wuzhong).status_code == 404
