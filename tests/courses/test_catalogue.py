"""Browsing: the course catalogue with its filters, sessions near me, course detail."""
from datetime import date, timedelta

from tests.common.test_api_contract import assert_error_shape
from tests.courses.conftest import months_ago


def titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


def test_q_matches_chinese_words_in_title_and_summary(cat, client):
    cat.course(title="6月龄起辅食添加", summary="从强化铁米粉到手指食物，辅食添加的顺序与分量",
               domain="营养喂养", format="父母培训", age_min_months=5, age_max_months=12)
    cat.course(title="宝宝睡眠指导", summary="建立规律作息，减少夜醒；辅食期的睡眠变化",
               domain="健康保健", format="专题讲座")
    cat.course(title="家庭安全防护", summary="防跌落、防烫伤、防窒息", domain="安全防护",
               format="家长课堂")
    found = titles(client.get("/api/v1/courses", query_string={"q": "怎么给宝宝添加辅食"}))
    assert found[0] == "6月龄起辅食添加"  # more words, and in the title
    assert "家庭安全防护" not in found
    assert titles(client.get("/api/v1/courses", query_string={"q": "防烫伤"})) == ["家庭安全防护"]
    assert titles(client.get("/api/v1/courses", query_string={"q": "篮球训练"})) == []


def test_domain_format_age_and_pagination(cat, client):
    cat.course(title="孕期营养", domain="孕期保健", format="孕妇学校", age_min_months=-10,
               age_max_months=-1)
    cat.course(title="大运动游戏", domain="动作", format="亲子游戏", age_min_months=6,
               age_max_months=18)
    cat.course(title="入园准备", domain="情感与社会性", format="家长课堂", age_min_months=24,
               age_max_months=36)
    assert titles(client.get("/api/v1/courses?domain=动作")) == ["大运动游戏"]
    assert titles(client.get("/api/v1/courses?format=孕妇学校")) == ["孕期营养"]
    assert titles(client.get("/api/v1/courses?age_months=-3")) == ["孕期营养"]
    assert titles(client.get("/api/v1/courses?age_months=30")) == ["入园准备"]
    page = client.get("/api/v1/courses?per_page=2&page=2").get_json()
    assert page["total"] == 3 and len(page["items"]) == 1 and page["page"] == 2
    item = client.get("/api/v1/courses?domain=孕期保健").get_json()["items"][0]
    assert item["stage"] == "孕期" and item["upcoming_sessions"] == 0
    assert "body" not in item
    assert_error_shape(client.get("/api/v1/courses?domain=篮球"), 422, "validation_error")


def test_child_filter_uses_the_age_on_the_session_date(cat, client):
    venue = cat.venue()
    # 11 months old today, 12 by the time the sessions (in 40 days) take place.
    headers = cat.login("parent")
    client.patch("/api/v1/me", json={"consent": True}, headers=headers)
    child = client.post("/api/v1/me/children", headers=headers, json={
        "nickname": "豆豆", "birth_date": months_ago(11, extra_days=5)}).get_json()
    assert child["age_months"] == 11
    older = cat.course(title="12–18月龄走路游戏", domain="动作", age_min_months=12,
                       age_max_months=18)
    younger = cat.course(title="6–11月龄爬行游戏", domain="动作", age_min_months=6,
                         age_max_months=11)
    cat.session(course=older, venue=venue, starts_in=timedelta(days=40))
    cat.session(course=younger, venue=venue, starts_in=timedelta(days=40))
    fit = titles(client.get(f"/api/v1/courses?child_id={child['id']}", headers=headers))
    assert fit == ["12–18月龄走路游戏"]
    stranger = cat.login("parent")
    assert_error_shape(client.get(f"/api/v1/courses?child_id={child['id']}", headers=stranger),
                       404, "child_not_found")
    assert_error_shape(client.get(f"/api/v1/courses?child_id={child['id']}"), 401)


def test_district_and_has_upcoming(cat, client):
    gusu = cat.venue()
    wujiang = cat.venue(name="吴江区松陵街道儿童早期发展基地", kind="儿童早期发展基地",
                        district="吴江区", lat=31.16, lng=120.64)
    a = cat.course(title="绘本共读")
    b = cat.course(title="情绪管理")
    cat.course(title="还没有排课的课程")
    cat.session(course=a, venue=gusu)
    cat.session(course=b, venue=wujiang)
    assert titles(client.get("/api/v1/courses?district=吴江区")) == ["情绪管理"]
    assert titles(client.get("/api/v1/courses?has_upcoming=false")) == ["还没有排课的课程"]
    upcoming = client.get("/api/v1/courses?has_upcoming=true").get_json()["items"]
    assert [c["title"] for c in upcoming] == ["绘本共读", "情绪管理"]
    assert upcoming[0]["upcoming_sessions"] == 1
    assert upcoming[0]["next_session_at"].endswith("+08:00")


def test_course_detail_lists_upcoming_sessions_with_seats_left(cat, client):
    course = cat.course(body="课程详细介绍")
    venue = cat.venue()
    later = cat.session(course=course, venue=venue, starts_in=timedelta(days=5), capacity=3)
    sooner = cat.session(course=course, venue=venue, starts_in=timedelta(days=2), capacity=3)
    cat.book(sooner["id"], *cat.parent_with_child(12))
    detail = client.get(f"/api/v1/courses/{course['id']}").get_json()
    assert detail["body"] == "课程详细介绍" and detail["stage"] == "0–36月龄"
    assert [(s["id"], s["seats_left"]) for s in detail["sessions"]] == [
        (sooner["id"], 2), (later["id"], 3)]
    assert detail["sessions"][0]["venue"]["name"] == venue["name"]
    assert_error_shape(client.get("/api/v1/courses/99999"), 404, "course_not_found")


def test_sessions_sorted_by_distance_from_the_parent(cat, client):
    course = cat.course()
    # Near 观前街 (GCJ-02), then 金鸡湖, then 吴江, then an online venue with no coordinates.
    places = [("线上课堂", "线上", "苏州市", None, None),
              ("吴江区儿童早期发展基地", "儿童早期发展基地", "吴江区", 31.1604, 120.6455),
              ("工业园区金鸡湖社区优育课堂", "社区优育课堂", "工业园区", 31.3174, 120.6840),
              ("姑苏区观前社区优育课堂", "社区优育课堂", "姑苏区", 31.3123, 120.6290)]
    for name, kind, district, lat, lng in places:
        venue = cat.venue(name=name, kind=kind, district=district, lat=lat, lng=lng)
        cat.session(course=course, venue=venue)
    body = client.get("/api/v1/sessions", query_string={"lat": 31.3110, "lng": 120.6250}).get_json()
    assert [s["venue"]["name"] for s in body["items"]] == [p[0] for p in reversed(places)]
    distances = [s["distance_m"] for s in body["items"]]
    assert distances[0] < 1000 and 4000 < distances[1] < 7000 and distances[3] is None
    assert_error_shape(client.get("/api/v1/sessions?lat=31.3"), 422, "validation_error")


def test_session_filters(cat, client):
    course, other_course = cat.course(), cat.course(title="睡眠")
    gusu, wuzhong = cat.venue(), cat.venue(name="吴中区社区卫生服务中心", kind="社区卫生服务中心",
                                           district="吴中区", lat=31.26, lng=120.63)
    full = cat.session(course=course, venue=gusu, capacity=1, starts_in=timedelta(days=2))
    cat.book(full["id"], *cat.parent_with_child(12))
    open_one = cat.session(course=course, venue=wuzhong, starts_in=timedelta(days=9))
    other = cat.session(course=other_course, venue=gusu, starts_in=timedelta(days=20))

    def ids(**query):
        response = client.get("/api/v1/sessions", query_string=query)
        assert response.status_code == 200, response.get_json()
        return [s["id"] for s in response.get_json()["items"]]

    assert ids() == [full["id"], open_one["id"], other["id"]]
    assert ids(available="true") == [open_one["id"], other["id"]]
    assert ids(district="吴中区") == [open_one["id"]]
    assert ids(course_id=course["id"]) == [full["id"], open_one["id"]]
    assert ids(venue_id=gusu["id"]) == [full["id"], other["id"]]
    start = date.today() + timedelta(days=5)
    assert ids(**{"from": start.isoformat(), "to": (start + timedelta(days=10)).isoformat()}) \
        == [open_one["id"]]
    assert_error_shape(client.get("/api/v1/sessions?from=2026-02-10&to=2026-02-01"), 422)
    listed = client.get("/api/v1/sessions").get_json()["items"][0]
    assert listed["booking_state"] == "full" and listed["seats_left"] == 0


def test_one_session_says_whether_it_can_be_booked(cat, client):
    session = cat.session(capacity=1, starts_in=timedelta(days=2))
    shown = client.get(f"/api/v1/sessions/{session['id']}").get_json()
    assert (shown["booking_state"], shown["seats_left"]) == ("open", 1)
    assert shown["course"]["stage"] == "0–36月龄" and shown["venue"]["district"] == "姑苏区"
    cat.book(session["id"], *cat.parent_with_child(12))
    assert client.get(f"/api/v1/sessions/{session['id']}").get_json()["booking_state"] == "full"
    later = cat.session(starts_in=timedelta(days=20))
    assert client.get(f"/api/v1/sessions/{later['id']}").get_json()["booking_state"] == "not_open"
    assert_error_shape(client.get("/api/v1/sessions/99999"), 404, "session_not_found")
