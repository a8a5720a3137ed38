"""Facilities and nursing rooms: districts by name, alias or code; lists keep to one city."""


def _facility(client, admin, name, district, filing):
    response = client.post("/api/v1/admin/facilities", headers=admin,
                           json={"name": name, "district": district, "filing_no": filing})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_facility_saved_as_an_alias_is_found_under_every_name(client, admin):
    created = _facility(client, admin, "金鸡湖畔托育园", "工业园区", "苏托备-P1")
    assert (created["district"], created["district_code"]) == ("苏州工业园区", "320576")
    for typed in ("苏州工业园区", "园区", "320576", "苏州市苏州工业园区"):
        found = client.get("/api/v1/facilities", query_string={"district": typed}).get_json()
        assert [f["name"] for f in found["items"]] == ["金鸡湖畔托育园"], typed
        assert found["facets"]["district"] == {"苏州工业园区": 1}
    # The district's words still find it in a search box.
    assert client.get("/api/v1/facilities?q=园区").get_json()["total"] == 1


def test_an_unknown_district_filter_is_a_422_with_suggestions(client):
    response = client.get("/api/v1/facilities", query_string={"district": "吴中去"})
    assert response.status_code == 422
    assert "吴中区" in response.get_json()["errors"]["district"][0]
    rooms = client.get("/api/v1/nursing-rooms", query_string={"district": "Mars"})
    assert rooms.status_code == 422 and "district" in rooms.get_json()["errors"]


def test_an_admin_cannot_file_a_facility_in_an_unknown_district(client, admin):
    response = client.post("/api/v1/admin/facilities", headers=admin,
                           json={"name": "某托育", "district": "火星区", "filing_no": "x-1"})
    assert response.status_code == 422 and "district" in response.get_json()["errors"]


def test_lists_show_the_parents_city_unless_asked_otherwise(client, admin, login, two_cities):
    _facility(client, admin, "姑苏托育", "姑苏区", "苏托备-S1")
    _facility(client, admin, "利州托育", "利州区", "川托备-G1")
    for name, district in (("观前母婴室", "姑苏区"), ("嘉陵母婴室", "利州区")):
        assert client.post("/api/v1/admin/nursing-rooms", headers=admin,
                           json={"name": name, "district": district}).status_code == 201

    def names(path, headers=None, **params):
        body = client.get(path, headers=headers or {}, query_string=params).get_json()
        return [item["name"] for item in body["items"]]

    assert names("/api/v1/facilities") == ["姑苏托育"]            # anonymous: the first city
    assert names("/api/v1/facilities", city="广元") == ["利州托育"]
    assert names("/api/v1/nursing-rooms", city="广元市") == ["嘉陵母婴室"]
    guangyuan = login("parent")
    client.patch("/api/v1/me", headers=guangyuan, json={"district": "利州区"})
    assert names("/api/v1/facilities", guangyuan) == ["利州托育"]
    assert names("/api/v1/nursing-rooms", guangyuan) == ["嘉陵母婴室"]
    assert names("/api/v1/facilities", guangyuan, city="苏州") == ["姑苏托育"]
    # A word from the other city's name finds nothing here: nothing leaks across cities.
    assert names("/api/v1/facilities", guangyuan, q="姑苏") == []
