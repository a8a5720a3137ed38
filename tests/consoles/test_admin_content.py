"""The admin console's content pages: venues, courses, sessions and staff accounts, listed with
filters in the admin's scope, created, edited and cancelled through the API's own rules; what is
refused is shown next to its field and nothing is written."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.common.audit import AuditEntry
from app.common.timeutil import to_local, utcnow
from app.courses.models import Course, CourseSession, Venue
from app.extensions import db
from tests.consoles.conftest import make_admin, make_clerk, post_form, sign_in

GUSU, WUZHONG = "320508", "320506"


def _venue(app, name, district=GUSU, active=True) -> int:
    with app.app_context():
        venue = Venue(name=name, kind="社区优育课堂", district=district, lat=31.3, lng=120.6,
                      address="人民路1号", is_active=active)
        db.session.add(venue)
        db.session.commit()
        return venue.id


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _field_error(html: str, field_id: str) -> list[str]:
    """The messages shown inside the label of the input `field_id`."""
    label = re.search(r'<label class="field">((?:(?!</label>).)*?id="%s"(?:(?!</label>).)*)</label>'
                      % field_id, html, re.S)
    assert label, f"no field {field_id} on the page"
    return re.findall(r'<em class="error">([^<]+)</em>', label.group(1))


def _local_minute(delta: timedelta) -> str:
    return to_local(utcnow() + delta).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def city(app, client):
    make_admin(app, "admin-city", "市卫健委李科长")
    assert sign_in(client, "admin-city", console="admin").status_code == 302
    return client


@pytest.fixture
def wuzhong(app):
    """A client signed in as the 吴中区 admin (a second client beside `city`)."""
    make_admin(app, "admin-wz", "吴中区卫健委", scope="吴中区")
    other = app.test_client()
    assert sign_in(other, "admin-wz", console="admin").status_code == 302
    return other


# --- venues -----------------------------------------------------------------------------------

def test_venue_list_filters_by_district_status_and_text_and_pages(app, city):
    for n in range(22):
        _venue(app, f"姑苏优育课堂{n:02d}")
    _venue(app, "吴中儿童早期发展基地", WUZHONG)
    _venue(app, "停用的吴中课堂", WUZHONG, active=False)

    first = _text(city.get("/admin/venues"))
    assert "共 24 条 · 第 1/2 页" in first and "下一页" in first
    assert "姑苏优育课堂00" in first
    second = _text(city.get("/admin/venues?page=2"))
    assert "第 2/2 页" in second and "姑苏优育课堂00" not in second

    wz = _text(city.get(f"/admin/venues?district={WUZHONG}"))
    assert "吴中儿童早期发展基地" in wz and "停用的吴中课堂" in wz and "姑苏优育课堂" not in wz
    closed = _text(city.get("/admin/venues?status=closed"))
    assert "停用的吴中课堂" in closed and "吴中儿童早期发展基地" not in closed
    assert "共 1 条" in _text(city.get("/admin/venues?q=基地"))


def test_a_district_admin_sees_and_changes_their_district_only(app, city, wuzhong):
    gusu = _venue(app, "姑苏优育课堂")
    own = _venue(app, "吴中儿童早期发展基地", WUZHONG)

    listed = _text(wuzhong.get(f"/admin/venues?district={GUSU}"))
    assert "吴中儿童早期发展基地" in listed and "姑苏优育课堂" not in listed
    assert wuzhong.get(f"/admin/venues/{gusu}").status_code == 404
    refused = post_form(wuzhong, f"/admin/venues/{own}", f"/admin/venues/{gusu}/close",
                        {"reason": "试图停用"}, follow=False)
    assert refused.status_code == 404
    assert _count(app, Venue, Venue.id == gusu, Venue.is_active.is_(True)) == 1

    # The district select offers only 吴中区; a crafted post naming 姑苏区 is refused on the field.
    page = _text(wuzhong.get("/admin/venues/new"))
    assert f'value="{GUSU}"' not in page
    crafted = post_form(wuzhong, "/admin/venues/new", "/admin/venues/new",
                        {"name": "越界场地", "kind": "社区优育课堂", "district": GUSU})
    assert crafted.status_code == 422
    assert _field_error(_text(crafted), "district") == ["您只能管理吴中区范围内的数据"]
    assert _count(app, Venue, Venue.name == "越界场地") == 0
    # The city admin sees both.
    assert "姑苏优育课堂" in _text(city.get("/admin/venues"))


def test_creating_a_venue_shows_the_schemas_message_next_to_the_field(app, city):
    bad = post_form(city, "/admin/venues/new", "/admin/venues/new",
                    {"name": "新场地", "kind": "社区优育课堂", "district": GUSU, "lat": "31.3"})
    assert bad.status_code == 422
    assert _field_error(_text(bad), "lat") == ["经纬度需同时填写"]
    assert 'value="新场地"' in _text(bad)  # what was typed stays
    missing = post_form(city, "/admin/venues/new", "/admin/venues/new",
                        {"name": "", "kind": "社区优育课堂", "district": GUSU})
    assert _field_error(_text(missing), "name") == ["必填"]
    assert _count(app, Venue) == 0

    made = post_form(city, "/admin/venues/new", "/admin/venues/new", {
        "name": "沧浪街道优育课堂", "kind": "社区优育课堂", "district": GUSU,
        "address": "书院巷 8 号", "lat": "31.29", "lng": "120.62", "contact": "0512-65000000"})
    assert "已新增场地：沧浪街道优育课堂" in _text(made)
    with app.app_context():
        venue = db.session.scalars(select(Venue).where(Venue.name == "沧浪街道优育课堂")).one()
        assert (venue.district, venue.lat, venue.address) == (GUSU, 31.29, "书院巷 8 号")
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "venue", AuditEntry.object_id == str(venue.id))).one()
        assert entry.action == "create"
        assert entry.actor_id == db.session.scalars(
            select(User.id).where(User.username == "admin-city")).one()


def test_closing_a_venue_cancels_its_bookings_and_reopening_lets_it_schedule(
        app, city, client, make_session, family):
    made = make_session()
    fam = family()
    booked = client.post(f"/api/v1/sessions/{made['session_id']}/bookings",
                         headers=fam["headers"], json={"child_id": fam["child_id"]})
    assert booked.status_code == 201
    url = f"/admin/venues/{made['venue_id']}"

    edited = post_form(city, url, url, {"name": "改名后的课堂", "kind": "社区优育课堂",
                                        "district": GUSU, "lat": "31.3", "lng": "120.6",
                                        "contact": "0512-66666666"})
    assert "场地信息已保存" in _text(edited)
    with app.app_context():
        assert db.session.get(Venue, made["venue_id"]).contact == "0512-66666666"

    closed = post_form(city, url, f"{url}/close", {"reason": "场地装修"})
    assert "场地已停用" in _text(closed) and "重新开放该场地" in _text(closed)
    mine = client.get("/api/v1/me/bookings?when=past", headers=fam["headers"]).get_json()
    assert [b["status"] for b in mine["items"]] == ["cancelled"]
    with app.app_context():
        assert db.session.get(CourseSession, made["session_id"]).cancel_reason == "场地装修"
    refused = post_form(city, "/admin/sessions/new", "/admin/sessions/new", {
        "course_id": str(made["course_id"]), "venue_id": str(made["venue_id"]),
        "starts_at": _local_minute(timedelta(days=5)), "capacity": "20"})
    assert _count(app, CourseSession) == 1
    assert refused.status_code == 422

    reopened = post_form(city, url, f"{url}/reopen")
    assert "场地已重新开放" in _text(reopened)
    scheduled = post_form(city, "/admin/sessions/new", "/admin/sessions/new", {
        "course_id": str(made["course_id"]), "venue_id": str(made["venue_id"]),
        "starts_at": _local_minute(timedelta(days=5)), "capacity": "20"})
    assert "已新增场次" in _text(scheduled)
    assert _count(app, CourseSession, CourseSession.status == "scheduled") == 1


# --- courses ----------------------------------------------------------------------------------

_COURSE = {"title": "宝宝睡眠指导", "summary": "建立规律作息", "domain": "健康保健",
           "format": "家长课堂", "age_min_months": "0", "age_max_months": "12",
           "duration_minutes": "60", "tags": "睡眠，作息", "accepts_vouchers": "y"}


def test_courses_are_created_edited_and_withdrawn_by_the_city(app, city, client, make_session,
                                                              family):
    bad = post_form(city, "/admin/courses/new", "/admin/courses/new",
                    {**_COURSE, "age_min_months": "24"})
    assert bad.status_code == 422
    assert _field_error(_text(bad), "age_min_months") == ["最小月龄不能大于最大月龄"]
    assert _count(app, Course) == 0

    made = post_form(city, "/admin/courses/new", "/admin/courses/new", _COURSE)
    assert "已新增课程：宝宝睡眠指导" in _text(made)
    with app.app_context():
        course = db.session.scalars(select(Course)).one()
        assert (course.tags, course.accepts_vouchers, course.format) == (["睡眠", "作息"], True,
                                                                         "家长课堂")
        course_id = course.id
    url = f"/admin/courses/{course_id}"
    edited = post_form(city, url, url, {**_COURSE, "speaker": "张医生", "age_max_months": "18"})
    assert "课程信息已保存" in _text(edited)
    detail = client.get(f"/api/v1/courses/{course_id}").get_json()
    assert (detail["speaker"], detail["age_max_months"]) == ("张医生", 18)

    listed = _text(city.get("/admin/courses?q=睡眠&status=published"))
    assert "宝宝睡眠指导" in listed
    withdrawn = post_form(city, url, f"{url}/cancel", {"reason": "课程调整"})
    assert "课程已下线" in _text(withdrawn)
    assert "宝宝睡眠指导" not in _text(city.get("/admin/courses?status=published"))
    assert "宝宝睡眠指导" in _text(city.get("/admin/courses?status=cancelled"))


def test_a_district_admin_reads_the_catalogue_but_cannot_change_it(app, wuzhong, make_session):
    made = make_session()
    listed = _text(wuzhong.get("/admin/courses"))
    assert "课程目录由市级管理员维护" in listed and "新增课程" not in listed
    assert wuzhong.get("/admin/courses/new").status_code == 403
    page = _text(wuzhong.get(f"/admin/courses/{made['course_id']}"))
    assert "disabled" in page and "保存修改" not in page
    refused = post_form(wuzhong, f"/admin/courses/{made['course_id']}",
                        f"/admin/courses/{made['course_id']}", {**_COURSE}, follow=False)
    assert refused.status_code == 403
    with app.app_context():
        assert db.session.get(Course, made["course_id"]).title != "宝宝睡眠指导"


# --- sessions ---------------------------------------------------------------------------------

def test_sessions_are_scheduled_edited_and_cancelled_with_the_services_rules(app, city,
                                                                           make_session):
    made = make_session()
    base = {"course_id": str(made["course_id"]), "venue_id": str(made["venue_id"]),
            "capacity": "20"}
    past = post_form(city, "/admin/sessions/new", "/admin/sessions/new",
                     {**base, "starts_at": _local_minute(-timedelta(hours=1))})
    assert past.status_code == 422
    assert _field_error(_text(past), "starts_at") == ["开始时间应晚于现在"]
    no_room = post_form(city, "/admin/sessions/new", "/admin/sessions/new",
                        {**base, "starts_at": _local_minute(timedelta(days=3)), "capacity": "0"})
    assert _field_error(_text(no_room), "capacity") == ["应在 1 到 1000 之间"]
    assert _count(app, CourseSession) == 1

    starts = _local_minute(timedelta(days=3))
    made_page = post_form(city, "/admin/sessions/new", "/admin/sessions/new",
                          {**base, "starts_at": starts})
    assert "已新增场次" in _text(made_page)
    twice = post_form(city, "/admin/sessions/new", "/admin/sessions/new",
                      {**base, "starts_at": starts})
    assert "请勿重复创建" in _text(twice) and _count(app, CourseSession) == 2

    with app.app_context():
        new_id = db.session.scalars(select(CourseSession.id).order_by(
            CourseSession.id.desc())).first()
    url = f"/admin/sessions/{new_id}"
    page = _text(city.get(url))
    assert f'value="{starts}"' in page
    form = {"venue_id": base["venue_id"], "starts_at": starts, "capacity": "30"}
    edited = post_form(city, url, url, form)
    assert "场次已修改" in _text(edited)
    with app.app_context():
        assert db.session.get(CourseSession, new_id).capacity == 30

    listed = _text(city.get(f"/admin/sessions?district={GUSU}&status=scheduled"))
    assert listed.count("/admin/sessions/") >= 3  # two rows and the 'new' link
    cancelled = post_form(city, url, f"{url}/cancel", {"reason": "讲师临时有事"})
    assert "场次已取消" in _text(cancelled)
    assert "讲师临时有事" in _text(cancelled)
    assert "共 1 条" in _text(city.get("/admin/sessions?status=cancelled"))


def test_another_districts_session_is_a_404_page_for_a_district_admin(app, wuzhong,
                                                                     make_session):
    gusu = make_session()
    assert wuzhong.get(f"/admin/sessions/{gusu['session_id']}").status_code == 404
    assert "共 0 条" in _text(wuzhong.get("/admin/sessions"))
    own_venue = _venue(app, "吴中课堂", WUZHONG)
    crafted = post_form(wuzhong, "/admin/sessions/new", "/admin/sessions/new", {
        "course_id": str(gusu["course_id"]), "venue_id": str(gusu["venue_id"]),
        "starts_at": _local_minute(timedelta(days=3)), "capacity": "20"})
    assert crafted.status_code == 404   # the venue outside the scope is not found
    assert _count(app, CourseSession) == 1
    made = post_form(wuzhong, "/admin/sessions/new", "/admin/sessions/new", {
        "course_id": str(gusu["course_id"]), "venue_id": str(own_venue),
        "starts_at": _local_minute(timedelta(days=3)), "capacity": "20"})
    assert "已新增场次" in _text(made)
    assert "吴中课堂" in _text(wuzhong.get("/admin/sessions"))


# --- staff ------------------------------------------------------------------------------------

def test_staff_accounts_are_created_in_scope_and_deactivated(app, city, wuzhong, client):
    gusu, own = _venue(app, "姑苏优育课堂"), _venue(app, "吴中课堂", WUZHONG)

    short = post_form(city, "/admin/staff/new", "/admin/staff/new", {
        "role": "venue_staff", "username": "clerk-gs", "password": "short", "venue_id": str(gusu)})
    assert _field_error(_text(short), "password") == ["长度应在 8 到 128 之间"]
    made = post_form(city, "/admin/staff/new", "/admin/staff/new", {
        "role": "venue_staff", "username": "clerk-gs", "password": "door-tablet-2026",
        "nickname": "王老师", "venue_id": str(gusu)})
    assert "已创建场地工作人员账号：clerk-gs" in _text(made)
    taken = post_form(city, "/admin/staff/new", "/admin/staff/new", {
        "role": "venue_staff", "username": "clerk-gs", "password": "door-tablet-2026",
        "venue_id": str(gusu)})
    assert _field_error(_text(taken), "username") == ["已被使用"]
    district_admin = post_form(city, "/admin/staff/new", "/admin/staff/new", {
        "role": "admin", "username": "admin-gs", "password": "health-office-1",
        "nickname": "姑苏区卫健委", "district": GUSU})
    assert "已创建管理员账号：admin-gs" in _text(district_admin)
    with app.app_context():
        assert db.session.scalars(select(User.scope).where(User.username == "admin-gs")).one() \
            == GUSU

    # The 吴中区 office: its own venue's staff only, and no admin accounts.
    out_of_scope = post_form(wuzhong, "/admin/staff/new", "/admin/staff/new", {
        "role": "venue_staff", "username": "clerk-wz", "password": "door-tablet-2026",
        "venue_id": str(gusu)})
    assert _field_error(_text(out_of_scope), "venue_id") == ["场地不存在"]
    no_admins = post_form(wuzhong, "/admin/staff/new", "/admin/staff/new", {
        "role": "admin", "username": "admin-x", "password": "health-office-1"})
    assert "区级管理员不能执行此操作" in _text(no_admins)
    assert post_form(wuzhong, "/admin/staff/new", "/admin/staff/new", {
        "role": "venue_staff", "username": "clerk-wz", "password": "door-tablet-2026",
        "venue_id": str(own)}).status_code == 200
    wz_list = _text(wuzhong.get("/admin/staff"))
    assert "clerk-wz" in wz_list and "clerk-gs" not in wz_list and "admin-gs" not in wz_list
    with app.app_context():
        gs_id = db.session.scalars(select(User.id).where(User.username == "clerk-gs")).one()
    assert post_form(wuzhong, "/admin/staff", f"/admin/staff/{gs_id}/deactivate",
                     follow=False).status_code == 404

    # The clerk works at the door until the city deactivates the account.
    door = app.test_client()
    assert sign_in(door, "clerk-gs").status_code == 302
    listed = _text(city.get("/admin/staff?role=venue_staff"))
    assert "clerk-gs" in listed and "clerk-wz" in listed and "admin-gs" not in listed
    stopped = post_form(city, "/admin/staff", f"/admin/staff/{gs_id}/deactivate")
    assert "已停用账号：clerk-gs" in _text(stopped)
    assert door.get("/venue/").status_code == 302          # signed out at once
    again = sign_in(app.test_client(), "clerk-gs")
    assert again.status_code == 403 and "该账号已停用" in _text(again)
    assert "clerk-gs" in _text(city.get("/admin/staff?status=inactive"))
    assert "clerk-gs" not in _text(city.get("/admin/staff?status=active"))


def test_an_admin_cannot_deactivate_themselves(app, city):
    with app.app_context():
        me = db.session.scalars(select(User.id).where(User.username == "admin-city")).one()
    refused = post_form(city, "/admin/staff", f"/admin/staff/{me}/deactivate")
    assert "不能停用自己的账号" in _text(refused)
    assert city.get("/admin/staff").status_code == 200


def test_a_clerk_is_no_staff_of_the_admin_pages(app, client, make_session):
    made = make_session()
    make_clerk(app, made["venue_id"], "clerk-door")
    sign_in(client, "clerk-door")
    for url in ("/admin/venues", "/admin/courses", "/admin/sessions", "/admin/staff"):
        assert client.get(url).status_code == 403
