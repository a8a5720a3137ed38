"""Nursing rooms (母婴室): import, search by name, equipment and distance."""
from tests.common.test_api_contract import assert_error_shape
from tests.facilities.helpers import import_file, write_csv

HEADER = ["名称", "编号", "场所名称", "场所类型", "楼层位置", "区县", "地址", "经度", "纬度", "坐标系", "面积",
          "尿布台", "婴儿床", "哺乳椅", "洗手台", "热水", "可上锁", "开放时间", "对外开放", "状态"]


def room(name, code, **values):
    base = {"名称": name, "编号": code, "场所名称": "苏州中心商场", "场所类型": "商场", "楼层位置": "B1 东侧",
            "区县": "园区", "地址": "苏绣路58号", "经度": "120.6790", "纬度": "31.3180", "面积": "12",
            "尿布台": "是", "婴儿床": "否", "哺乳椅": "是", "洗手台": "是", "热水": "是", "可上锁": "是",
            "开放时间": "10:00-22:00", "对外开放": "是", "状态": "开放"}
    base.update(values)
    return base


ROOMS = [
    room("苏州中心母婴室", "MYS-001"),
    room("苏州站母婴室", "MYS-002", 场所名称="苏州火车站", 场所类型="交通枢纽", 区县="姑苏区",
         经度="120.6100", 纬度="31.3300", 婴儿床="是", 可上锁="否"),
    room("市立医院北区母婴室", "MYS-003", 场所名称="苏州市立医院北区", 场所类型="医院", 区县="姑苏区",
         经度="120.6250", 纬度="31.3250", 热水="否"),
]


def load(runner, tmp_path, rows=ROOMS, name="rooms.csv"):
    return import_file(runner, write_csv(tmp_path, rows, name=name, header=HEADER),
                       command="nursing-rooms")


def test_import_then_search_by_name_equipment_and_distance(runner, client, tmp_path):
    result = load(runner, tmp_path)
    assert result.exit_code == 0 and "新增 3 条" in result.output, result.output
    by_q = client.get("/api/v1/nursing-rooms?q=火车站").get_json()
    assert [i["name"] for i in by_q["items"]] == ["苏州站母婴室"]
    assert by_q["items"][0]["venue_type"] == "transport_hub"
    cribs = client.get("/api/v1/nursing-rooms?crib=true").get_json()
    assert [i["name"] for i in cribs["items"]] == ["苏州站母婴室"]
    both = client.get("/api/v1/nursing-rooms?hot_water=true&lockable=true").get_json()
    assert [i["name"] for i in both["items"]] == ["苏州中心母婴室"]
    near = client.get("/api/v1/nursing-rooms?lat=31.329&lng=120.611&radius_km=3").get_json()
    assert [i["name"] for i in near["items"]] == ["苏州站母婴室", "市立医院北区母婴室"]
    assert near["items"][0]["distance_m"] < 200


def test_reimport_updates_and_a_bad_row_writes_nothing(runner, client, tmp_path):
    load(runner, tmp_path)
    result = load(runner, tmp_path, [room("苏州中心母婴室（新）", "MYS-001", 婴儿床="是"),
                                     room("坏的母婴室", "MYS-009", 场所类型="加油站")], name="v2.csv")
    assert result.exit_code == 1
    assert "第 3 行 [场所类型] 未知的场所类型“加油站”" in result.output
    assert client.get("/api/v1/nursing-rooms").get_json()["total"] == 3
    result = load(runner, tmp_path, [room("苏州中心母婴室（新）", "MYS-001", 婴儿床="是")], name="v3.csv")
    assert "新增 0 条，更新 1 条" in result.output, result.output
    assert [i["name"] for i in client.get("/api/v1/nursing-rooms?crib=true").get_json()["items"]] \
        == ["苏州中心母婴室（新）", "苏州站母婴室"]


def test_admin_creates_and_closes_a_room(client, login):
    admin = login("admin")
    response = client.post("/api/v1/admin/nursing-rooms", headers=admin, json={
        "name": "市民中心母婴室", "venue_type": "government_center", "district": "吴中",
        "lat": 31.26, "lng": 120.63, "changing_table": True})
    assert response.status_code == 201, response.get_json()
    room_id = response.get_json()["id"]
    assert response.get_json()["district"] == "吴中区"
    assert client.get("/api/v1/nursing-rooms?q=市民中心").get_json()["total"] == 1
    client.patch(f"/api/v1/admin/nursing-rooms/{room_id}", json={"status": "closed"}, headers=admin)
    assert client.get("/api/v1/nursing-rooms?q=市民中心").get_json()["total"] == 0
    assert_error_shape(client.post("/api/v1/admin/nursing-rooms", json={"name": "x"},
                                   headers=login("parent")), 403)


def test_bad_parameters_get_422(client):
    body = assert_error_shape(client.get("/api/v1/nursing-rooms?lat=31.3"), 422)
    assert "lng" in body["errors"]
    response = client.get("/api/v1/nursing-rooms?lat=31.3&lng=120.6&radius_km=80")
    body = assert_error_shape(response, 422)
    assert "radius_km" in body["errors"]
