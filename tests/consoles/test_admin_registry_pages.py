"""The facility registry and the audit log pages of the admin console, through the real login,
CSRF tokens and multipart uploads: the dry run on the page, the import on confirmation (all or
nothing, with the CLI's code), a district admin kept to their district, one record edited, and
every write in the audit log with its author and before/after."""
import csv
import io
import re

import pytest
from sqlalchemy import select

from app.common.audit import AuditEntry
from app.extensions import db
from app.facilities.models import Facility
from tests.consoles.conftest import csrf_of, make_admin, post_form, sign_in
from tests.facilities.helpers import credit_code, row, to_csv

LIST = "/admin/facilities"


def _admin_client(app, client, username, nickname, scope=None):
    make_admin(app, username, nickname, scope=scope)
    assert sign_in(client, username, console="admin").status_code == 302
    return client


@pytest.fixture
def city_admin(app, client):
    return _admin_client(app, client, "admin-city", "市卫健委李科长")


@pytest.fixture
def wuzhong_admin(app, client):
    return _admin_client(app, client, "admin-wz", "吴中区卫健委王科员", scope="吴中区")


def _upload(client, data: bytes, name="facilities.csv"):
    token = csrf_of(client.get(LIST).get_data(as_text=True))
    return client.post(f"{LIST}/upload", data={"csrf_token": token,
                                               "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _report_url(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    url = response.headers["Location"]
    assert re.fullmatch(r"/admin/facilities/uploads/\d+", url), url
    return url


def _confirm(client, report_url):
    return post_form(client, report_url, f"{report_url}/confirm")


def _stored(app) -> dict:
    with app.app_context():
        db.session.expire_all()
        return {f.name: f for f in db.session.scalars(select(Facility))}


def _entries(app, **where) -> list:
    with app.app_context():
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditEntry, key) == value)
        return list(db.session.scalars(stmt))


def test_upload_shows_the_dry_run_then_confirm_imports_all(app, city_admin):
    data = to_csv([row("红星托育所", 1), row("蓝天托育园", 2, 区县="吴中区")]).encode()
    report_url = _report_url(_upload(city_admin, data))
    page = city_admin.get(report_url).get_data(as_text=True)
    assert "检查通过（试运行，尚未写入）" in page and "将新增 2 条，将更新 0 条" in page
    assert _stored(app) == {}, "the dry run writes nothing"

    done = _confirm(city_admin, report_url).get_data(as_text=True)
    assert "导入完成：新增 2 条，更新 0 条" in done
    assert "红星托育所" in done and "蓝天托育园" in done  # back on the list
    stored = _stored(app)
    assert stored["蓝天托育园"].district == "320506" and stored["红星托育所"].source == "district_office"
    # searchable by parents at once, as after the CLI's import
    assert city_admin.get("/api/v1/facilities?q=蓝天").get_json()["total"] == 1

    again = _confirm(city_admin, report_url).get_data(as_text=True)
    assert "上传的文件不存在或已过期" in again
    assert len(_stored(app)) == 2


def test_a_bad_row_in_a_gbk_file_is_named_and_nothing_is_written(app, city_admin):
    rows = [row("苏州市姑苏区平江托育中心", 1), row("空位太多托育园", 2, 托位数="20", 空余托位="25"),
            row("未知服务托育园", 3, 服务类型="全日托、寄宿托")]
    report_url = _report_url(_upload(city_admin, to_csv(rows).encode("gbk")))
    page = city_admin.get(report_url).get_data(as_text=True)
    assert "发现 2 处错误，未写入任何数据" in page
    assert "<td class=\"num\">第 3 行</td><td>空余托位</td><td>空余托位（25）不能多于托位数（20）</td>" in page
    assert "第 4 行</td><td>服务类型</td><td>未知的服务类型“寄宿托”" in page
    assert "确认导入" not in page
    # the confirmation is refused even when posted by hand
    refused = _confirm(city_admin, report_url).get_data(as_text=True)
    assert "导入未完成" in refused
    assert _stored(app) == {}


def test_an_unreadable_file_is_reported_not_a_traceback(city_admin):
    report_url = _report_url(_upload(city_admin, b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.png"))
    page = city_admin.get(report_url).get_data(as_text=True)
    assert "第 1 行" in page and "错误" in page


def test_a_file_over_the_body_limit_gets_a_chinese_page(app, city_admin):
    big = to_csv([row("大文件托育园", 1)]).encode() + b"#" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = _upload(city_admin, big)
    assert response.status_code == 413
    assert "文件过大" in response.get_data(as_text=True)


def test_no_file_chosen_is_said(city_admin):
    token = csrf_of(city_admin.get(LIST).get_data(as_text=True))
    done = city_admin.post(f"{LIST}/upload", data={"csrf_token": token}, follow_redirects=True)
    assert "请选择要上传的 CSV 文件" in done.get_data(as_text=True)


def test_upload_without_csrf_token_is_refused(app, city_admin):
    response = city_admin.post(f"{LIST}/upload", data={
        "file": (io.BytesIO(to_csv([row("无令牌托育园", 1)]).encode()), "f.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and _stored(app) == {}


def test_another_admin_cannot_see_or_confirm_my_upload(app, client, city_admin):
    report_url = _report_url(_upload(city_admin, to_csv([row("红星托育所", 1)]).encode()))
    post_form(city_admin, LIST, "/admin/logout")
    _admin_client(app, client, "admin-city-2", "市卫健委张科长")
    assert client.get(report_url).status_code == 404
    token = csrf_of(client.get(LIST).get_data(as_text=True))
    assert client.post(f"{report_url}/confirm", data={"csrf_token": token},
                       follow_redirects=True).status_code == 200
    assert _stored(app) == {}


def test_a_district_admin_imports_only_their_district(app, wuzhong_admin):
    mixed = to_csv([row("吴中托育园", 1, 区县="吴中区"), row("姑苏托育园", 2, 区县="姑苏区")]).encode()
    page = wuzhong_admin.get(_report_url(_upload(wuzhong_admin, mixed))).get_data(as_text=True)
    assert "第 3 行</td><td>区县</td><td>您只能管理吴中区范围内的数据" in page
    assert "第 2 行" not in page and "确认导入" not in page

    own = to_csv([row("吴中托育园", 1, 区县="吴中"), row("木渎托育园", 2, 区县="吴中区")]).encode()
    done = _confirm(wuzhong_admin, _report_url(_upload(wuzhong_admin, own)))
    assert "导入完成：新增 2 条" in done.get_data(as_text=True)
    assert set(_stored(app)) == {"吴中托育园", "木渎托育园"}


def test_a_district_admin_cannot_take_over_another_districts_facility(app, client, city_admin):
    _confirm(city_admin, _report_url(_upload(city_admin, to_csv([row("姑苏老店", 1)]).encode())))
    post_form(city_admin, LIST, "/admin/logout")
    _admin_client(app, client, "admin-wz", "吴中区卫健委", scope="吴中区")
    # the same credit code, now claimed for 吴中区: it would move 姑苏区's record
    page = client.get(_report_url(_upload(client, to_csv([row("姑苏老店", 1, 区县="吴中区")]).encode())))
    assert "该机构登记在其他区县，不在您的管理范围内" in page.get_data(as_text=True)
    assert _stored(app)["姑苏老店"].district == "320508"


def _import(client, rows):
    done = _confirm(client, _report_url(_upload(client, to_csv(rows).encode())))
    assert "导入完成" in done.get_data(as_text=True)


def test_list_filters_by_district_inclusive_status_and_text(app, city_admin):
    _import(city_admin, [
        row("红星托育所", 1, 普惠="是", 普惠托位数="30"), row("金色摇篮托育中心", 2, 区县="园区"),
        row("停业的红星分园", 3, 状态="暂停"), row("吴中普惠园", 4, 区县="吴中区", 普惠="是")])

    def names(query):
        html = city_admin.get(f"{LIST}?{query}").get_data(as_text=True)
        table = html[html.index('data-test="facilities"'):]
        return {n for n in ("红星托育所", "金色摇篮托育中心", "停业的红星分园", "吴中普惠园") if n in table}

    assert names("") == {"红星托育所", "金色摇篮托育中心", "停业的红星分园", "吴中普惠园"}
    assert names("district=320506") == {"吴中普惠园"}
    assert names("inclusive=yes") == {"红星托育所", "吴中普惠园"}
    assert names("status=suspended") == {"停业的红星分园"}
    assert names("q=红星") == {"红星托育所", "停业的红星分园"}
    assert names(f"q={credit_code(2)}") == {"金色摇篮托育中心"}
    assert names("q=苏托备00004") == {"吴中普惠园"}
    assert names("district=nowhere") == names("")  # an unknown choice is ignored, not a 500


def test_a_district_admin_lists_and_edits_only_their_district(app, client, city_admin):
    _import(city_admin, [row("姑苏托育园", 1), row("吴中托育园", 2, 区县="吴中区")])
    gusu = _stored(app)["姑苏托育园"].id
    post_form(city_admin, LIST, "/admin/logout")
    _admin_client(app, client, "admin-wz", "吴中区卫健委", scope="吴中区")
    listed = client.get(LIST).get_data(as_text=True)
    assert "吴中托育园" in listed and "姑苏托育园" not in listed
    assert client.get(f"{LIST}/{gusu}").status_code == 404
    token = csrf_of(client.get(LIST).get_data(as_text=True))
    assert client.post(f"{LIST}/{gusu}", data={"csrf_token": token, "name": "改名"}).status_code == 404
    assert _stored(app)["姑苏托育园"].name == "姑苏托育园"


def _edit_form(client, facility_id) -> dict:
    """The edit form's current values, as the browser would post them back."""
    html = client.get(f"{LIST}/{facility_id}").get_data(as_text=True)
    values = {"csrf_token": csrf_of(html), "care_types": []}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="(\w+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or name.group(1) == "csrf_token":
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                (values["care_types"].append(value.group(1)) if name.group(1) == "care_types"
                 else values.__setitem__(name.group(1), "y"))
        else:
            values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|'
                           r'<option[^>]*value="([^"]*)"[^>]*selected', body)
        values[name] = (chosen.group(1) or chosen.group(2) or "") if chosen else ""
    return values


def test_edit_one_record_with_its_public_notice_and_see_it_in_the_audit_log(app, city_admin):
    _import(city_admin, [row("红星托育所", 1)])
    facility = _stored(app)["红星托育所"]
    values = _edit_form(city_admin, facility.id)
    assert values["name"] == "红星托育所" and values["places"] == "60"
    values.update(open_places="8", quality_grade="A级", quality_assessed_on="2025-06-30",
                  filing_no="苏托备99999", filed_on="2025-01-15")
    saved = city_admin.post(f"{LIST}/{facility.id}", data=values, follow_redirects=True)
    assert "已保存：红星托育所" in saved.get_data(as_text=True)
    stored = _stored(app)["红星托育所"]
    assert (stored.open_places, stored.quality_grade, str(stored.quality_assessed_on),
            stored.filing_no, str(stored.filed_on)) == (8, "A级", "2025-06-30", "苏托备99999",
                                                         "2025-01-15")
    assert stored.care_types == ["full_day"] and stored.meals is True, "untouched fields kept"
    # the public notice parents read shows it
    notice = city_admin.get(f"/api/v1/facilities/{facility.id}").get_json()
    assert notice["quality_grade"] == "A级" and notice["filing_no"] == "苏托备99999"

    updates = _entries(app, object_type="facility", action="update")
    assert len(updates) == 1
    before, after = updates[0].before, updates[0].after
    assert {k: before[k] for k in ("open_places", "quality_grade", "quality_assessed_on",
                                   "filing_no", "filed_on")} == {
        "open_places": 5, "quality_grade": None, "quality_assessed_on": None,
        "filing_no": "苏托备00001", "filed_on": "2024-03-01"}
    assert "name" not in after and "places" not in after, "only what changed is recorded"
    assert after["quality_grade"] == "A级" and after["open_places"] == 8

    log = city_admin.get(f"/admin/audit?object_type=facility&action=update").get_data(as_text=True)
    entry = log[log.index(f'data-test="entry-{updates[0].id}"'):]
    entry = entry[:entry.index("</tr>")]
    assert "市卫健委李科长" in entry and "修改" in entry and "托育机构" in entry
    assert '<span title="quality_grade">质量评估等级</span>：（空） → A级' in entry
    assert '<span title="open_places">空余托位</span>：5 → 8' in entry


def test_an_invalid_edit_names_the_field_and_changes_nothing(app, city_admin):
    _import(city_admin, [row("红星托育所", 1)])
    facility = _stored(app)["红星托育所"]
    values = _edit_form(city_admin, facility.id) | {"open_places": "80", "filed_on": "2025-02-30"}
    refused = city_admin.post(f"{LIST}/{facility.id}", data=values)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "2025年2月30日不存在" in html
    values["filed_on"] = "2025-02-28"
    html = city_admin.post(f"{LIST}/{facility.id}", data=values).get_data(as_text=True)
    assert "空余托位（80）不能多于托位数（60）" in html
    assert _stored(app)["红星托育所"].open_places == 5
    assert _entries(app, action="update") == []


def test_the_import_is_in_the_audit_log_with_its_author(app, city_admin):
    _import(city_admin, [row("红星托育所", 1), row("蓝天托育园", 2)])
    created = _entries(app, object_type="facility", action="create")
    assert len(created) == 2 and {e.after["name"] for e in created} == {"红星托育所", "蓝天托育园"}
    log = city_admin.get("/admin/audit?action=create").get_data(as_text=True)
    assert log.count("市卫健委李科长") >= 3  # the header and both entries
    assert "共 2 条" in log


def test_audit_filters_period_and_csv_export(app, city_admin):
    _import(city_admin, [row("红星托育所", 1)])
    assert "共 1 条" in city_admin.get("/admin/audit?object_type=facility").get_data(as_text=True)
    assert "共 0 条" in city_admin.get("/admin/audit?object_type=venue").get_data(as_text=True)
    assert "共 0 条" in city_admin.get("/admin/audit?until=2020-01-01").get_data(as_text=True)
    bad = city_admin.get("/admin/audit?since=2026-13-01").get_data(as_text=True)
    assert "开始日期：" in bad and "共 1 条" in bad  # said, and the log still shown

    exported = city_admin.get("/admin/audit?object_type=facility&format=csv")
    assert exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["编号", "时间", "操作人ID", "操作"]
    assert len(rows) == 2 and rows[1][3] == "新增" and "红星托育所" in rows[1][7]


def test_a_district_admin_reads_only_their_offices_writes(app, client, city_admin):
    _import(city_admin, [row("姑苏托育园", 1)])
    post_form(city_admin, LIST, "/admin/logout")
    _admin_client(app, client, "admin-wz", "吴中区卫健委", scope="吴中区")
    assert "共 0 条" in client.get("/admin/audit").get_data(as_text=True)
    _import(client, [row("吴中托育园", 2, 区县="吴中区")])
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "共 1 条" in log and "吴中托育园" in log and "姑苏托育园" not in log
    exported = client.get("/admin/audit?format=csv").get_data(as_text=True)
    assert "吴中托育园" in exported and "姑苏托育园" not in exported


def test_saving_an_unchanged_record_writes_nothing(app, city_admin):
    _import(city_admin, [row("红星托育所", 1, 服务类型="全日托、计时托", 示范等级="市级")])
    facility = _stored(app)["红星托育所"]
    same = city_admin.post(f"{LIST}/{facility.id}", data=_edit_form(city_admin, facility.id),
                           follow_redirects=True)
    assert "没有需要保存的修改" in same.get_data(as_text=True)
    assert _entries(app, action="update") == []
    assert _stored(app)["红星托育所"].updated_at == facility.updated_at


def test_the_list_and_the_log_are_paginated_keeping_their_filters(app, city_admin):
    _import(city_admin, [row(f"托育园{n:02d}", n) for n in range(1, 33)])
    first = city_admin.get(f"{LIST}?status=active").get_data(as_text=True)
    assert "共 32 家" in first and "第 1/2 页" in first
    assert 'href="/admin/facilities?page=2&amp;status=active"' in first
    second = city_admin.get(f"{LIST}?page=2&status=active").get_data(as_text=True)
    assert second.count('data-test="facility-') == 2 and "上一页" in second
    log = city_admin.get("/admin/audit?action=create").get_data(as_text=True)
    assert "共 32 条" in log and 'href="/admin/audit?page=2&amp;action=create"' in log


def test_an_upload_left_too_long_must_be_sent_again(app, city_admin):
    from datetime import timedelta

    from app.consoles.admin.uploads import UPLOAD_LIFETIME, RegistryUpload

    report_url = _report_url(_upload(city_admin, to_csv([row("红星托育所", 1)]).encode()))
    with app.app_context():
        upload = db.session.scalars(select(RegistryUpload)).one()
        upload.created_at -= UPLOAD_LIFETIME + timedelta(minutes=1)
        db.session.commit()
    assert city_admin.get(report_url).status_code == 404
    assert "上传的文件不存在或已过期" in _confirm(city_admin, report_url).get_data(as_text=True)
    assert _stored(app) == {}


def test_a_city_scoped_admin_manages_every_district_of_the_city(app, client, city_admin):
    _import(city_admin, [row("姑苏托育园", 1), row("吴中托育园", 2, 区县="吴中区")])
    post_form(city_admin, LIST, "/admin/logout")
    _admin_client(app, client, "admin-sz", "苏州市卫健委", scope="苏州市")
    listed = client.get(LIST).get_data(as_text=True)
    assert "姑苏托育园" in listed and "吴中托育园" in listed
    assert '<option value="320506">吴中区</option>' in listed
    done = _confirm(client, _report_url(_upload(client, to_csv([row("园区托育园", 3, 区县="园区")]).encode())))
    assert "导入完成：新增 1 条" in done.get_data(as_text=True)
