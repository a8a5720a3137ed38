"""Admins create and edit records through the API; an edit is searchable the moment it commits."""
from app import create_app
from tests.common.test_api_contract import assert_error_shape
from tests.facilities.helpers import credit_code

NEW = {"name": "向日葵托育中心", "district": "园区", "credit_code": credit_code(41),
       "street": "斜塘街道", "address": "星港街1号", "lat": 31.30, "lng": 120.70,
       "care_types": ["全日托", "hourly"], "age_min_months": 12, "age_max_months": 36,
       "places": 50, "open_places": 10, "inclusive": True, "fee_min": 2600, "fee_max": 3200,
       "fee_items": [{"item": "保育费", "amount": 2600}, {"item": "膳食费", "amount": 20, "unit": "日"}]}


def found(client, q):
    return [i["name"] for i in client.get("/api/v1/facilities", query_string={"q": q})
            .get_json()["items"]]


def test_created_facility_is_searchable_at_once(client, login):
    admin = login("admin")
    assert found(client, "向日葵") == []            # the index is built before the create
    response = client.post("/api/v1/admin/facilities", json=NEW, headers=admin)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["district"] == "苏州工业园区" and body["care_types"] == ["full_day", "hourly"]
    assert body["source"] == "admin" and body["open_places_updated_at"]
    assert found(client, "向日葵") == ["向日葵托育中心"]
    assert found(client, "xrk") == ["向日葵托育中心"]


def test_edit_is_searchable_from_every_worker(client, login, app):
    admin = login("admin")
    facility_id = client.post("/api/v1/admin/facilities", json=NEW, headers=admin).get_json()["id"]
    # A second app on the same database stands in for another gunicorn worker with its own index.
    other_worker = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                               "INSTANCE_PATH": app.instance_path}).test_client()
    assert found(other_worker, "向日葵") == ["向日葵托育中心"]
    response = client.patch(f"/api/v1/admin/facilities/{facility_id}",
                            json={"name": "太阳花托育中心", "open_places": 0}, headers=admin)
    assert response.status_code == 200, response.get_json()
    for worker in (client, other_worker):
        assert found(worker, "向日葵") == []
        assert found(worker, "太阳花") == ["太阳花托育中心"]
        has_places = worker.get("/api/v1/facilities?has_places=true").get_json()
        assert has_places["total"] == 0
    client.patch(f"/api/v1/admin/facilities/{facility_id}", json={"status": "deregistered"},
                 headers=admin)
    assert found(other_worker, "太阳花") == []


def test_invalid_edit_changes_nothing(client, login):
    admin = login("admin")
    facility_id = client.post("/api/v1/admin/facilities", json=NEW, headers=admin).get_json()["id"]
    response = client.patch(f"/api/v1/admin/facilities/{facility_id}",
                            json={"name": "改了名字", "open_places": 80}, headers=admin)
    body = assert_error_shape(response, 422, "validation_error")
    assert body["errors"] == {"open_places": ["空余托位（80）不能多于托位数（50）"]}
    assert found(client, "改了名字") == [] and found(client, "向日葵") == ["向日葵托育中心"]


def test_create_rejects_bad_credit_code_reversed_ages_and_duplicates(client, login):
    admin = login("admin")
    bad = {**NEW, "credit_code": NEW["credit_code"][:-1] + "0", "age_min_months": 30,
           "age_max_months": 6}
    if bad["credit_code"] == NEW["credit_code"]:
        bad["credit_code"] = NEW["credit_code"][:-1] + "1"
    body = assert_error_shape(client.post("/api/v1/admin/facilities", json=bad, headers=admin), 422)
    assert body["errors"]["credit_code"] == ["统一社会信用代码校验位不正确"]
    assert body["errors"]["age_max_months"] == ["收托月龄上限不能小于下限"]
    assert client.post("/api/v1/admin/facilities", json=NEW, headers=admin).status_code == 201
    body = assert_error_shape(client.post("/api/v1/admin/facilities",
                                          json={**NEW, "name": "另一家"}, headers=admin), 422)
    assert "已属于另一家机构" in body["errors"]["credit_code"][0]
    body = assert_error_shape(client.post("/api/v1/admin/facilities",
                                          json={**NEW, "care_types": ["寄宿"]}, headers=admin), 422)
    assert "寄宿" in body["errors"]["care_types"][0]


def test_only_admins_write(client, login):
    assert_error_shape(client.post("/api/v1/admin/facilities", json=NEW), 401)
    assert_error_shape(client.post("/api/v1/admin/facilities", json=NEW,
                                   headers=login("parent")), 403)
    assert_error_shape(client.patch("/api/v1/admin/facilities/999", json={"name": "x"},
                                    headers=login("admin")), 404, "facility_not_found")


def test_aliases_are_searchable(client, login):
    admin = login("admin")
    created = client.post("/api/v1/admin/facilities", headers=admin,
                          json={**NEW, "aliases": ["小葵花", "SIP葵园"]}).get_json()
    hits = client.get("/api/v1/facilities?q=小葵花").get_json()["items"]
    assert [(h["id"], h["match"]) for h in hits] == [(created["id"], "alias")]
