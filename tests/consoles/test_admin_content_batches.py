"""Voucher batches in the admin console: a draft created and edited on the page, its eligibility
preview equal to what issuing then does, activate, issue, close, and the batch's figures equal to
the JSON API's (page and CSV); another district's batch is a 404 page."""
import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.common.timeutil import to_local, utcnow
from app.extensions import db
from app.vouchers.models import Voucher, VoucherBatch
from tests.consoles.conftest import make_admin, post_form, sign_in

GUSU, WUZHONG = "320508", "320506"


def _day(delta_days: int) -> str:
    return to_local(utcnow() + timedelta(days=delta_days)).strftime("%Y-%m-%d")


_BATCH = {"name": "姑苏区0-3岁服务券", "issuer": "姑苏区卫生健康委员会", "min_age_months": "0",
          "max_age_months": "36", "per_child": "2", "total": "100", "districts": [GUSU],
          "covers_formats": ["亲子游戏"]}


def _text(response) -> str:
    return response.get_data(as_text=True)


def _preview(html: str) -> int:
    found = re.search(r'data-test="preview-children">(\d+)<', html)
    assert found, "no preview on the page"
    return int(found.group(1))


def _field_errors(html: str) -> list[str]:
    return re.findall(r'<em class="error">([^<]+)</em>', html)


@pytest.fixture
def city(app, client):
    make_admin(app, "admin-city", "市卫健委李科长")
    assert sign_in(client, "admin-city", console="admin").status_code == 302
    return client


@pytest.fixture
def families(family, client, login):
    """Two eligible 姑苏 children, a 吴中 one, a 姑苏 child too old, and one without an id number."""
    family(months=10)
    family(months=30)
    family(months=10, district="吴中区")
    family(months=50)
    headers = login("parent")
    client.patch("/api/v1/me", headers=headers, json={"consent": True, "district": "姑苏区"})
    born = (to_local(utcnow()) - timedelta(days=200)).date().isoformat()
    assert client.post("/api/v1/me/children", headers=headers,
                       json={"nickname": "豆豆", "birth_date": born}).status_code == 201


def _new_batch(app, city, **changes) -> int:
    body = {**_BATCH, "valid_from": _day(-1), "valid_until": _day(60), **changes}
    made = post_form(city, "/admin/batches/new", "/admin/batches/new", body)
    assert "已保存为草稿" in _text(made), _field_errors(_text(made))
    with app.app_context():
        return db.session.scalars(select(VoucherBatch.id).order_by(VoucherBatch.id.desc())).first()


def test_a_draft_is_checked_like_the_api_and_edited_until_activated(app, city):
    bad = post_form(city, "/admin/batches/new", "/admin/batches/new",
                    {**_BATCH, "valid_from": _day(10), "valid_until": _day(1)})
    assert bad.status_code == 422
    assert _field_errors(_text(bad)) == ["截止时间必须晚于开始时间"]
    unknown = post_form(city, "/admin/batches/new", "/admin/batches/new",
                        {**_BATCH, "valid_from": _day(-1), "valid_until": _day(60),
                         "total": "1", "per_child": "2"})
    assert _field_errors(_text(unknown)) == ["发放总量不能少于每名儿童的张数"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VoucherBatch)) == 0

    batch_id = _new_batch(app, city)
    url = f"/admin/batches/{batch_id}"
    page = _text(city.get(url))
    assert "草稿" in page and "开始发放" in page and 'value="姑苏区0-3岁服务券"' in page
    edited = post_form(city, url, url, {**_BATCH, "valid_from": _day(-1), "valid_until": _day(60),
                                        "total": "300", "districts": [GUSU, WUZHONG]})
    assert "草稿已保存" in _text(edited)
    with app.app_context():
        batch = db.session.get(VoucherBatch, batch_id)
        assert (batch.total, sorted(batch.districts)) == (300, sorted([GUSU, WUZHONG]))

    post_form(city, url, f"{url}/activate")
    locked = post_form(city, url, url, {**_BATCH, "total": "999"})
    assert "只有草稿可以修改" in _text(locked)
    with app.app_context():
        assert db.session.get(VoucherBatch, batch_id).total == 300


def test_the_preview_is_what_issuing_then_does(app, city, client, login, families):
    batch_id = _new_batch(app, city)
    url = f"/admin/batches/{batch_id}"
    page = _text(city.get(url))
    assert _preview(page) == 2
    assert "共 <strong>4</strong> 张服务券" in page
    assert "不符合条件（区县、月龄）：2 名" in page
    assert "因未填写身份证号或出生医学证明编号而不会发放：1 名" in page

    assert "已开始发放" in _text(post_form(city, url, f"{url}/activate"))
    issued = _text(post_form(city, url, f"{url}/issue"))
    assert "已向 2 名儿童发放 4 张服务券" in issued
    with app.app_context():
        assert db.session.scalar(select(func.count(func.distinct(Voucher.child_key))).where(
            Voucher.batch_id == batch_id)) == 2
    # Issuing again reaches nobody, and the preview says so beforehand.
    assert _preview(_text(city.get(url))) == 0
    assert "已向 0 名儿童发放" in _text(post_form(city, url, f"{url}/issue"))


def test_the_preview_counts_only_what_the_total_allows(app, city, families):
    batch_id = _new_batch(app, city, total="2", districts=[])
    page = _text(city.get(f"/admin/batches/{batch_id}"))
    assert _preview(page) == 1
    assert "符合条件的儿童有 3 名，发放总量只够 1 名" in page
    url = f"/admin/batches/{batch_id}"
    post_form(city, url, f"{url}/activate")
    assert "已向 1 名儿童发放 2 张服务券" in _text(post_form(city, url, f"{url}/issue"))


def test_the_batch_figures_and_csv_are_the_apis(app, city, client, login, families):
    batch_id = _new_batch(app, city)
    url = f"/admin/batches/{batch_id}"
    post_form(city, url, f"{url}/activate")
    post_form(city, url, f"{url}/issue")
    admin = login("admin")
    api = client.get(f"/api/v1/admin/voucher-batches/{batch_id}/stats", headers=admin).get_json()
    page = _text(city.get(url))
    total_row = re.search(r'data-test="stats-total">(.*?)</tr>', page, re.S).group(1)
    shown = [int(n) for n in re.findall(r'class="num">(\d+)</td>', total_row)]
    assert shown == [api["issued_total"], api["issued"], api["reserved"], api["redeemed"],
                     api["expired"], api["revoked"], api["forfeited"]]
    assert api["issued_total"] == 4
    assert [row["district"] for row in api["by_district"]] == ["姑苏区"]
    assert page.count('data-test="stats-district"') == 1

    download = city.get(f"{url}/stats.csv")
    assert download.mimetype == "text/csv"
    api_csv = client.get(f"/api/v1/admin/voucher-batches/{batch_id}/stats?format=csv",
                         headers=admin)
    assert download.get_data() == api_csv.get_data()
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][:3] == ["批次", "姑苏区0-3岁服务券", "4"]

    closed = _text(post_form(city, url, f"{url}/close"))
    assert "已结束发放" in closed and "向符合条件的儿童发放" not in closed


def test_a_district_admin_keeps_their_districts_batches_only(app, city, client):
    wuzhong_batch = _new_batch(app, city, districts=[WUZHONG], name="吴中区服务券")
    make_admin(app, "admin-gs", "姑苏区卫健委", scope="姑苏区")
    gusu = app.test_client()
    sign_in(gusu, "admin-gs", console="admin")
    assert gusu.get(f"/admin/batches/{wuzhong_batch}").status_code == 404
    assert post_form(gusu, "/admin/batches", f"/admin/batches/{wuzhong_batch}/activate",
                     follow=False).status_code == 404
    assert post_form(gusu, "/admin/batches", f"/admin/batches/{wuzhong_batch}/issue",
                     follow=False).status_code == 404
    assert gusu.get(f"/admin/batches/{wuzhong_batch}/stats.csv").status_code == 404

    # Its own draft goes to its district whatever it leaves empty.
    made = post_form(gusu, "/admin/batches/new", "/admin/batches/new",
                     {**_BATCH, "districts": [], "valid_from": _day(-1), "valid_until": _day(60),
                      "name": "姑苏区专项"})
    assert "已保存为草稿" in _text(made)
    listed = _text(gusu.get("/admin/batches"))
    assert "姑苏区专项" in listed and "吴中区服务券" not in listed
    crafted = post_form(gusu, "/admin/batches/new", "/admin/batches/new",
                        {**_BATCH, "districts": [WUZHONG], "valid_from": _day(-1),
                         "valid_until": _day(60)})
    assert _field_errors(_text(crafted)) == ["只能向本管辖范围内的区县发放"]
    with app.app_context():
        assert db.session.get(VoucherBatch, wuzhong_batch).status == "draft"


def test_a_draft_is_deleted_only_when_confirmed_and_only_while_a_draft(app, city):
    from app.common.audit import AuditEntry

    draft = _new_batch(app, city, name="写错了的批次")
    url = f"/admin/batches/{draft}"
    unconfirmed = _text(post_form(city, url, f"{url}/delete"))
    assert "请先勾选「确认删除这个草稿」" in unconfirmed
    deleted = post_form(city, url, f"{url}/delete", {"confirm": "yes"})
    assert "草稿「写错了的批次」已删除" in _text(deleted)
    assert city.get(url).status_code == 404
    with app.app_context():
        assert db.session.get(VoucherBatch, draft) is None
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "voucher_batch", AuditEntry.object_id == str(draft),
            AuditEntry.action == "delete")).one()
        assert entry.before["name"] == "写错了的批次"

    active = _new_batch(app, city)
    url = f"/admin/batches/{active}"
    post_form(city, url, f"{url}/activate")
    refused = _text(post_form(city, url, f"{url}/delete", {"confirm": "yes"}))
    assert "只有草稿可以删除" in refused and "删除草稿" not in refused
    with app.app_context():
        assert db.session.get(VoucherBatch, active).status == "active"

    make_admin(app, "admin-gs2", "姑苏区卫健委", scope="姑苏区")
    gusu = app.test_client()
    sign_in(gusu, "admin-gs2", console="admin")
    other = _new_batch(app, city, districts=[WUZHONG], name="吴中区草稿")
    assert post_form(gusu, "/admin/batches", f"/admin/batches/{other}/delete",
                     {"confirm": "yes"}, follow=False).status_code == 404
    with app.app_context():
        assert db.session.get(VoucherBatch, other) is not None
