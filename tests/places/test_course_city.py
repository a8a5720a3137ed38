"""A local course (a city's maternity hospital's) is its city's: listed to its parents only,
scheduled at its venues only, managed by its admins only; a course without a city is everyone's."""
from tests.common.test_api_contract import assert_error_shape
from tests.courses.conftest import Catalogue


def _titles(client, headers=None, **params):
    response = client.get("/api/v1/courses", headers=headers or {}, query_string=params)
    assert response.status_code == 200, response.get_json()
    return sorted(item["title"] for item in response.get_json()["items"])


def test_a_local_course_is_listed_and_scheduled_in_its_city_only(client, login, two_cities):
    cat = Catalogue(client, login)
    local = cat.course(title="苏州市妇幼保健院·孕妇学校", city="苏州市")
    cat.course(title="婴幼儿家庭安全")
    assert local["city"] == "苏州市"
    guangyuan = login("parent")
    client.patch("/api/v1/me", headers=guangyuan, json={"district": "利州区"})
    suzhou = login("parent")
    client.patch("/api/v1/me", headers=suzhou, json={"district": "姑苏区"})
    assert _titles(client, suzhou) == ["婴幼儿家庭安全", "苏州市妇幼保健院·孕妇学校"]
    assert _titles(client, guangyuan) == ["婴幼儿家庭安全"]
    assert _titles(client, city="广元") == ["婴幼儿家庭安全"]

    lizhou = cat.venue(name="利州课堂", district="利州区", lat=32.43, lng=105.84)
    refused = client.post("/api/v1/admin/sessions", headers=cat.admin, json={
        "course_id": local["id"], "venue_id": lizhou["id"],
        "starts_at": "2030-01-05T10:00:00+08:00", "capacity": 20})
    body = assert_error_shape(refused, 422)
    assert body["errors"]["venue_id"] == ["该课程只在苏州市开设，请选择该市的场地，或先修改课程的开设城市"]
    cat.session(course=local, venue=cat.venue(name="姑苏课堂", district="姑苏区"))
    moved = client.patch(f"/api/v1/admin/courses/{local['id']}", headers=cat.admin,
                         json={"city": "广元市"})
    assert "该课程在其他城市还有未开始的场次" in assert_error_shape(moved, 422)["errors"]["city"][0]


def test_a_city_office_keeps_to_its_own_citys_courses(app, client, login, two_cities):
    cat = Catalogue(client, login)
    suzhou_course = cat.course(title="苏州市红十字会·急救", city="苏州市")
    everyone = cat.course(title="婴幼儿家庭安全")
    guangyuan_office = login("admin", district="广元市")

    made = client.post("/api/v1/admin/courses", headers=guangyuan_office, json={
        "title": "广元市妇幼保健院·母乳喂养", "summary": "母乳喂养的姿势与常见问题", "domain": "营养喂养",
        "format": "专题讲座", "age_min_months": 0, "age_max_months": 6,
        "duration_minutes": 60})
    assert made.status_code == 201 and made.get_json()["city"] == "广元市"
    other = client.post("/api/v1/admin/courses", headers=guangyuan_office, json={
        "title": "x", "summary": "y", "domain": "营养喂养", "format": "专题讲座",
        "age_min_months": 0, "age_max_months": 6, "duration_minutes": 60, "city": "苏州市"})
    assert assert_error_shape(other, 422)["errors"]["city"] == ["只能为广元市开设课程"]

    assert_error_shape(client.patch(f"/api/v1/admin/courses/{suzhou_course['id']}",
                                    headers=guangyuan_office, json={"title": "改名"}), 404)
    assert_error_shape(client.post(f"/api/v1/admin/courses/{suzhou_course['id']}/cancel",
                                   headers=guangyuan_office, json={}), 404)
    edited = client.patch(f"/api/v1/admin/courses/{everyone['id']}", headers=guangyuan_office,
                          json={"speaker": "儿保科医生"})
    assert edited.status_code == 200 and edited.get_json()["city"] is None


def test_the_console_shows_a_city_office_its_citys_catalogue(app, client, login, two_cities):
    from tests.consoles.conftest import make_admin, post_form, sign_in

    cat = Catalogue(client, login)
    suzhou_course = cat.course(title="苏州市红十字会·急救", city="苏州市")
    cat.course(title="婴幼儿家庭安全")
    make_admin(app, "admin-gy", "广元市卫健委", scope="广元市")
    office = app.test_client()
    sign_in(office, "admin-gy", console="admin")
    listed = office.get("/admin/courses").get_data(as_text=True)
    assert "婴幼儿家庭安全" in listed and "苏州市红十字会" not in listed
    assert office.get(f"/admin/courses/{suzhou_course['id']}").status_code == 404
    form = office.get("/admin/courses/new").get_data(as_text=True)
    assert 'value="510800"' in form and "苏州市</option>" not in form
    made = post_form(office, "/admin/courses/new", "/admin/courses/new", {
        "title": "广元市妇幼保健院·母乳喂养", "summary": "母乳喂养的姿势与常见问题", "domain": "营养喂养",
        "format": "专题讲座", "age_min_months": "0", "age_max_months": "6",
        "duration_minutes": "60", "city": "510800"})
    assert "已新增课程" in made.get_data(as_text=True)
    from sqlalchemy import select

    from app.courses.models import Course
    from app.extensions import db

    with app.app_context():
        assert db.session.scalar(select(Course.city).where(
            Course.title == "广元市妇幼保健院·母乳喂养")) == "510800"
