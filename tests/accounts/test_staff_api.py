"""The staff accounts a district or city office keeps, through the JSON API: the list with its
filters, kept to the office's districts, and deactivation, which stops the account at once."""
from tests.accounts.test_auth_and_roles import make_venue
from tests.common.test_api_contract import assert_error_shape


def _staff(client, admin, username, venue_id=None, **extra):
    body = {"username": username, "password": "correct horse", **extra}
    if venue_id is not None:
        body["venue_id"] = venue_id
    created = client.post("/api/v1/admin/staff", headers=admin, json=body)
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def test_a_district_office_lists_and_stops_only_its_own_venue_staff(app, client, login):
    gusu_venue = make_venue(app)
    from app.courses.models import Venue
    from app.extensions import db

    with app.app_context():
        wuzhong = Venue(name="吴中区社区优育课堂", kind="社区优育课堂", district="320506")
        db.session.add(wuzhong)
        db.session.commit()
        wuzhong_venue = wuzhong.id
    city = login("admin")
    clerk = _staff(client, city, "clerk-gusu", gusu_venue, nickname="王老师")
    other = _staff(client, city, "clerk-wuzhong", wuzhong_venue)
    _staff(client, city, "office-gusu", role="admin", district="姑苏区")

    everyone = client.get("/api/v1/admin/staff", headers=city).get_json()
    assert {row["username"] for row in everyone["items"]} >= {
        "clerk-gusu", "clerk-wuzhong", "office-gusu"}
    row = next(r for r in everyone["items"] if r["username"] == "clerk-gusu")
    assert row == {**row, "role": "venue_staff", "venue_name": "姑苏区社区优育课堂",
                   "district": "姑苏区", "nickname": "王老师", "is_active": True}
    assert "password" not in str(everyone) and "password_hash" not in str(everyone)
    admins = client.get("/api/v1/admin/staff?role=admin&district=姑苏", headers=city).get_json()
    assert [r["username"] for r in admins["items"]] == ["office-gusu"]

    gusu = login("admin", district="姑苏区")
    mine = client.get("/api/v1/admin/staff", headers=gusu).get_json()
    assert [r["username"] for r in mine["items"]] == ["clerk-gusu"]
    assert_error_shape(client.post(f"/api/v1/admin/staff/{other}/deactivate", headers=gusu), 404,
                       "staff_not_found")

    token = client.post("/api/v1/auth/staff-login", json={
        "username": "clerk-gusu", "password": "correct horse"}).get_json()["token"]
    stopped = client.post(f"/api/v1/admin/staff/{clerk}/deactivate", headers=gusu)
    assert stopped.status_code == 200 and stopped.get_json()["is_active"] is False
    assert client.get("/api/v1/venue/sessions",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 401
    inactive = client.get("/api/v1/admin/staff?status=inactive", headers=gusu).get_json()
    assert [r["username"] for r in inactive["items"]] == ["clerk-gusu"]
    assert client.get("/api/v1/admin/staff?status=active", headers=gusu).get_json()["total"] == 0


def test_the_list_refuses_filters_it_does_not_know_and_staff_who_are_not_admins(app, client,
                                                                                 login):
    body = assert_error_shape(client.get("/api/v1/admin/staff?role=parent",
                                         headers=login("admin")), 422)
    assert "role" in body["errors"]
    clerk = login("venue_staff", venue_id=make_venue(app))
    assert_error_shape(client.get("/api/v1/admin/staff", headers=clerk), 403, "forbidden_role")
