"""What a parent notices when searching for a nursery (golden behaviours)."""
import pytest

from tests.common.test_api_contract import assert_error_shape


def names(client, **params):
    body = client.get("/api/v1/facilities", query_string=params).get_json()
    return [item["name"] for item in body["items"]]


def search(client, **params):
    response = client.get("/api/v1/facilities", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("q, expected", [
    ("红星", "红星托育所"),             # two characters of a name are enough
    ("摇篮", "金色摇篮东环托育中心"),     # a substring from the middle
    ("摇篮托育", "金色摇篮东环托育中心"),  # words typed without a space
    ("东环路", "金色摇篮东环托育中心"),   # the address
    ("长桥", "贝乐长桥托育中心"),        # the street
    ("hongxing", "红星托育所"),         # full pinyin
    ("hxtys", "红星托育所"),            # pinyin initials
    ("hxt", "红星托育所"),              # a prefix of the initials
    ("changqiao", "贝乐长桥托育中心"),    # local reading 长桥 = chang qiao, not zhang qiao
    ("qidu", "七都小天使托育园"),        # 七都 = qi du, not qi dou
    ("ＨＸＴＹＳ", "红星托育所"),          # full-width letters from a Chinese keyboard
])
def test_a_parent_finds_the_nursery_they_mean(client, registry, q, expected):
    found = names(client, q=q)
    assert found and found[0] == expected, found


def test_suspended_facilities_are_not_found(client, registry):
    assert "停业的红星分园" not in names(client, q="红星")
    response = client.get(f"/api/v1/facilities/{registry['停业的红星分园']}")
    assert_error_shape(response, 404, "facility_not_found")


def test_a_typo_finds_the_name_and_says_it_was_corrected(client, registry):
    body = search(client, q="红心托育")
    assert [i["name"] for i in body["items"]] == ["红星托育所"]
    assert body["mode"] == "fuzzy" and body["items"][0]["match"] == "fuzzy"


def test_a_chinese_query_is_never_matched_by_its_pinyin(client, registry):
    # 经典 and 景点 are both "jingdian"; a parent typing 经典 must not get 景点亲子托育园.
    assert names(client, q="经典") == []
    assert names(client, q="景点") == ["景点亲子托育园"]


def test_district_alias_works_as_query_and_as_filter(client, registry):
    expected = {"金色摇篮东环托育中心", "小橡树婴幼儿照护中心"}
    assert set(names(client, q="园区")) == expected
    assert set(names(client, district="园区")) == expected
    assert set(names(client, district="苏州工业园区")) == expected


def test_filters_narrow_the_list(client, registry):
    assert set(names(client, age_months=8)) == {"贝乐长桥托育中心"}
    assert set(names(client, care_type="hourly")) == {"金色摇篮东环托育中心", "七都小天使托育园"}
    assert set(names(client, care_type=["临时托", "hourly"])) == {
        "金色摇篮东环托育中心", "七都小天使托育园", "景点亲子托育园"}
    assert set(names(client, inclusive="true")) == {"红星托育所", "景点亲子托育园", "小橡树婴幼儿照护中心"}
    assert names(client, demonstration_level="province") == ["贝乐长桥托育中心"]
    assert "金色摇篮东环托育中心" not in names(client, has_places="true")
    assert set(names(client, fee_max=2800)) == {"红星托育所", "小橡树婴幼儿照护中心"}
    assert "贝乐长桥托育中心" not in names(client, meals="true")


def test_facets_count_the_whole_filtered_result(client, registry):
    body = search(client, inclusive="true", per_page=1)
    assert body["total"] == 3 and len(body["items"]) == 1
    facets = body["facets"]
    # 普惠 ignores its own selection so the parent can see how many are not 普惠.
    assert facets["inclusive"] == {"true": 3, "false": 4}
    assert facets["district"] == {"姑苏区": 1, "吴中区": 1, "苏州工业园区": 1}
    assert facets["care_type"] == {"full_day": 2, "half_day": 2, "temporary": 1}
    assert facets["demonstration_level"] == {"city": 1, "none": 2}


def test_near_me_sorts_by_distance_and_reports_it(client, registry):
    near_red_star = {"lat": 31.321, "lng": 120.631}
    body = search(client, **near_red_star, sort="distance", radius_km=10)
    distances = [i["distance_m"] for i in body["items"]]
    assert body["items"][0]["name"] == "红星托育所" and distances[0] < 200
    assert distances == sorted(distances)
    assert all(d <= 10_000 for d in distances)
    assert "星星幼儿园托班" not in [i["name"] for i in body["items"]]   # Kunshan, ~35 km away
    wide = search(client, **near_red_star, sort="distance")
    assert wide["total"] == 7 and wide["items"][-1]["name"] == "七都小天使托育园"


def test_wgs84_location_is_converted_before_measuring(client, registry):
    from app.common.geo import wgs84_to_gcj02

    # The GPS position whose GCJ-02 equivalent is the red star's door.
    lat, lng = 31.3200 + 0.0020, 120.6300 - 0.0044
    assert abs(wgs84_to_gcj02(lat, lng)[0] - 31.32) < 0.0005
    gps = search(client, lat=lat, lng=lng, coord="wgs84", q="红星")["items"][0]["distance_m"]
    raw = search(client, lat=lat, lng=lng, q="红星")["items"][0]["distance_m"]
    assert gps < 60 and raw > 400


def test_pages_are_stable_and_complete(client, registry):
    for sort, extra in (("relevance", {}), ("fee", {}), ("distance", {"lat": 31.3, "lng": 120.6})):
        full = [i["id"] for i in search(client, sort=sort, per_page=50, **extra)["items"]]
        paged = []
        for page in range(1, 5):
            paged += [i["id"] for i in search(client, sort=sort, per_page=2, page=page,
                                              **extra)["items"]]
        assert paged == full and len(full) == 7, sort


def test_fee_sort_is_cheapest_first(client, registry):
    fees = [i["fee_min"] for i in search(client, sort="fee")["items"]]
    assert fees == sorted(fees) and fees[0] == 2000


def test_detail_is_the_public_notice(client, registry):
    body = client.get(f"/api/v1/facilities/{registry['红星托育所']}").get_json()
    assert body["credit_code"].startswith("52320508MJ")
    assert body["care_type_labels"] == ["全日托"]
    assert body["class_types"] == ["toddler", "preschool"]
    assert body["inclusive"] is True and body["inclusive_places"] == 30
    assert body["demonstration_level"] == "city"
    assert body["coord"] == "gcj02" and body["source"] == "district_office"
    assert body["updated_at"].endswith("+08:00")


@pytest.mark.parametrize("params, field", [
    ({"lat": 31.3}, "lng"),
    ({"lng": 120.6}, "lat"),
    ({"lat": 31.3, "lng": 120.6, "radius_km": 60}, "radius_km"),
    ({"radius_km": 3}, "radius_km"),
    ({"care_type": "boarding"}, "care_type"),
    ({"per_page": 51}, "per_page"),
    ({"sort": "distance"}, "sort"),
    ({"sort": "rating"}, "sort"),
    ({"district": "浦东新区"}, "district"),
    ({"age_months": 48}, "age_months"),
    ({"lat": 120.6, "lng": 31.3}, "lat"),
    ({"coord": "bd09", "lat": 31.3, "lng": 120.6}, "coord"),
])
def test_bad_parameters_get_a_422_naming_the_parameter(client, params, field):
    body = assert_error_shape(client.get("/api/v1/facilities", query_string=params), 422)
    assert field in body["errors"], body
    message = body["errors"][field][0]
    assert not message.isascii() and " to " not in message, message


def test_words_typed_together_must_all_be_there(client, registry):
    assert names(client, q="小橡树照护") == ["小橡树婴幼儿照护中心"]   # 小 / 橡树 / 照护
    assert names(client, q="橡树东环") == []                          # no name has both


def test_filter_words_in_the_search_box_become_filters(client, registry):
    body = search(client, q="园区 普惠")
    assert [i["name"] for i in body["items"]] == ["小橡树婴幼儿照护中心"]
    assert body["understood"] == {"inclusive": True}
    body = search(client, q="计时托 示范")
    assert body["understood"] == {"care_type": ["hourly"], "demonstration_level": "any"}
    assert body["total"] == 0          # the two hourly nurseries are not 示范
    assert set(names(client, q="示范")) == {"红星托育所", "贝乐长桥托育中心"}


def test_filter_words_typed_without_spaces_become_filters_too(client, registry):
    together, apart = search(client, q="园区普惠"), search(client, q="园区 普惠")
    assert together["understood"] == {"inclusive": True}
    assert [i["id"] for i in together["items"]] == [i["id"] for i in apart["items"]] != []
    body = search(client, q="园区普惠全日托")
    assert body["understood"] == {"inclusive": True, "care_type": ["full_day"]}
    assert [i["name"] for i in body["items"]] == ["小橡树婴幼儿照护中心"]
    # A filter word inside a name that leaves a single character stays part of the name.
    assert search(client, q="红星示范")["understood"] == {"demonstration_level": "any"}
    assert search(client, q="普惠园")["understood"] == {"inclusive": True}
    assert search(client, q="爱普惠")["understood"] == {}


def test_a_facility_without_coordinates_comes_last_by_distance(client, registry, login):
    from tests.facilities.helpers import credit_code

    created = client.post("/api/v1/admin/facilities", headers=login("admin"), json={
        "name": "待定位托育点", "district": "姑苏区", "credit_code": credit_code(99)})
    assert created.status_code == 201, created.get_json()
    body = search(client, lat=31.3, lng=120.6, sort="distance", per_page=50)
    assert body["total"] == 8
    assert body["items"][-1]["name"] == "待定位托育点" and body["items"][-1]["distance_m"] is None
    assert all(i["distance_m"] is not None for i in body["items"][:-1])
    only = search(client, lat=31.3, lng=120.6, q="待定位", sort="distance")
    assert [i["distance_m"] for i in only["items"]] == [None]
