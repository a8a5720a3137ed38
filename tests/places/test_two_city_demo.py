"""The demo content of two cities in two provinces (苏州市, 江苏; 广元市, 四川), loaded from
content/ as `make run` loads it: each city's parents see their own city's sessions, venues, course
dates, voucher batch, nurseries and nursing rooms and nothing of the other's; a deployment serving one city
loads only that city's part."""
from datetime import date

import pytest

from app.extensions import db
from app.courses.models import Venue
from app.facilities.models import Facility
from app.vouchers.models import VoucherBatch

SUZHOU, GUANGYUAN = "3205", "5108"
GUANGYUAN_DISTRICTS = {"510802": "利州区", "510811": "昭化区", "510812": "朝天区",
                       "510821": "旺苍县", "510822": "青川县", "510823": "剑阁县",
                       "510824": "苍溪县"}


def _load(runner):
    result = runner.invoke(args=["content", "load", "--only", "courses", "--only", "vouchers",
                                 "--only", "facilities"])
    assert result.exit_code == 0, result.output
    return result.output


def _family(client, login, district: str) -> dict:
    headers = login("parent")
    assert client.patch("/api/v1/me", headers=headers,
                        json={"consent": True, "district": district}).status_code == 200
    toddler = date.today().replace(year=date.today().year - 1).isoformat()
    response = client.post("/api/v1/me/children", headers=headers,
                           json={"nickname": "小满", "birth_date": toddler, "sex": "female"})
    assert response.status_code == 201, response.get_json()
    return headers


def _all(client, path, headers, key=lambda item: item, **params):
    """Every item of a paginated list, page by page."""
    items, page = [], 1
    while True:
        response = client.get(path, headers=headers,
                              query_string={**params, "page": page, "per_page": 50})
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        items += [key(item) for item in body["items"]]
        if page * 50 >= body["total"]:
            return items
        page += 1


def test_each_citys_parents_see_only_their_citys_demo_content(client, login, runner,
                                                             two_cities):
    _load(runner)
    suzhou, guangyuan = _family(client, login, "姑苏区"), _family(client, login, "利州区")
    for headers, own, other in ((suzhou, SUZHOU, GUANGYUAN), (guangyuan, GUANGYUAN, SUZHOU)):
        sessions = _all(client, "/api/v1/sessions", headers,
                        key=lambda s: s["venue"]["district_code"])
        venues = _all(client, "/api/v1/venues", headers, key=lambda v: v["district_code"])
        nurseries = _all(client, "/api/v1/facilities", headers,
                         key=lambda f: f["district_code"])
        rooms = _all(client, "/api/v1/nursing-rooms", headers, key=lambda r: r["district_code"])
        for codes in (sessions, venues, nurseries, rooms):
            assert codes and all(code.startswith(own) for code in codes), own
        batches = client.get("/api/v1/voucher-batches", headers=headers).get_json()
        assert [b["batch"]["issuer"][:2] for b in batches] == [
            {SUZHOU: "苏州", GUANGYUAN: "广元"}[own]]
        # The shared catalogue counts and lists only this city's dates of a course held in both.
        course = next(c for c in _all(client, "/api/v1/courses", headers)
                      if c["title"].startswith("居家安全防护"))
        detail = client.get(f"/api/v1/courses/{course['id']}", headers=headers).get_json()
        assert detail["sessions"] and len(detail["sessions"]) == course["upcoming_sessions"]
        assert all(s["venue"]["district_code"].startswith(own) for s in detail["sessions"])
        assert not any(s["venue"]["district_code"].startswith(other) for s in detail["sessions"])

    guangyuan_venues = _all(client, "/api/v1/venues", guangyuan)
    assert {v["district_code"] for v in guangyuan_venues} == set(GUANGYUAN_DISTRICTS)
    assert {v["district"] for v in guangyuan_venues} == set(GUANGYUAN_DISTRICTS.values())
    nurseries = _all(client, "/api/v1/facilities", guangyuan)
    assert len(nurseries) == 100
    near_seat = _all(client, "/api/v1/nursing-rooms", guangyuan, lat=32.4262, lng=105.8440)
    assert near_seat and near_seat[0]["district"] == "利州区"
    with client.application.app_context():
        marked = db.session.scalars(db.select(Facility.source).where(
            Facility.district.startswith(GUANGYUAN))).all()
    assert marked and set(marked) == {"synthetic"}


def test_a_guangyuan_parent_is_answered_with_sichuans_maternity_leave(client, login, kb,
                                                                     two_cities):
    guangyuan, suzhou = _family(client, login, "苍溪县"), _family(client, login, "吴江区")
    answers = {}
    for name, headers in (("广元", guangyuan), ("苏州", suzhou)):
        response = client.post("/api/v1/bot/ask", json={"question": "产假多少天"},
                               headers=headers)
        assert response.status_code == 200
        answers[name] = response.get_json()
    assert answers["广元"]["province"] == "四川" and "188" in answers["广元"]["answer"]
    assert answers["苏州"]["province"] == "江苏" and "188" not in answers["苏州"]["answer"]


def test_a_deployment_serving_one_city_loads_only_that_citys_part(client, login, runner, app):
    assert app.config["CITIES"] == ("苏州市",)
    output = _load(runner)
    assert "venues_skipped=8" in output and "batches_skipped=1" in output
    assert "files_skipped=2" in output   # 广元's nurseries and its nursing rooms
    with app.app_context():
        for model, column in ((Venue, Venue.district), (Facility, Facility.district)):
            assert not db.session.scalars(db.select(model).where(
                column.startswith(GUANGYUAN))).first()
        assert db.session.scalars(db.select(VoucherBatch.key)).all() == ["suzhou-2026-guidance"]
    refused = client.get("/api/v1/sessions", query_string={"city": "广元"})
    assert refused.status_code == 422 and "city" in refused.get_json()["errors"]


@pytest.mark.parametrize("district", ["利州区", "苍溪"])
def test_the_guangyuan_batch_is_claimable_in_guangyuan_only(client, login, runner, two_cities,
                                                            district):
    _load(runner)
    headers = _family(client, login, district)
    offers = client.get("/api/v1/voucher-batches", headers=headers).get_json()
    assert [o["batch"]["name"] for o in offers] == ["2026年广元市科学育儿公共指导服务券"]
    assert offers[0]["children"][0]["eligible"] is True
