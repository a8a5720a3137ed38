"""The audit log: every admin write to the audited objects is recorded with who, when, what,
before and after, in the same transaction as the write; nobody else's writes are; entries can
be read, filtered and downloaded, and neither the ORM nor the database lets one be changed."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from app.common.audit import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db


def _entries(client, admin, **query):
    response = client.get("/api/v1/admin/audit", headers=admin, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _me(client, headers):
    return client.get("/api/v1/me", headers=headers).get_json()["id"]


def test_creating_and_editing_a_venue_is_recorded_with_before_and_after(client, admin):
    created = client.post("/api/v1/admin/venues", headers=admin,
                          json={"name": "金鸡湖社区优育课堂", "kind": "社区优育课堂",
                                "district": "苏州工业园区"})
    assert created.status_code == 201
    venue_id = created.get_json()["id"]
    patched = client.patch(f"/api/v1/admin/venues/{venue_id}", headers=admin,
                           json={"contact": "0512-66668888", "name": "金鸡湖优育课堂"})
    assert patched.status_code == 200

    page = _entries(client, admin, object_type="venue", object_id=str(venue_id))
    assert page["total"] == 2
    update, create = page["items"]  # newest first
    assert create["action"] == "create" and create["before"] is None
    assert create["after"]["name"] == "金鸡湖社区优育课堂"
    assert create["after"]["district"] == "320576"  # stored as its division code
    assert update["action"] == "update"
    assert update["before"] == {"name": "金鸡湖社区优育课堂", "contact": None}
    assert update["after"] == {"name": "金鸡湖优育课堂", "contact": "0512-66668888"}
    admin_id = _me(client, admin)
    assert {create["actor_id"], update["actor_id"]} == {admin_id}
    assert update["at"].endswith("+08:00")


def test_cancelling_a_course_records_the_course_and_every_session_it_cancelled(
        client, admin, make_session):
    made = make_session()
    cancelled = client.post(f"/api/v1/admin/courses/{made['course_id']}/cancel", headers=admin,
                            json={"reason": "讲师调整"})
    assert cancelled.status_code == 200
    items = _entries(client, admin, action="update")["items"]
    by_type = {(e["object_type"], e["object_id"]): e for e in items}
    course = by_type[("course", str(made["course_id"]))]
    assert course["before"]["status"] == "published" and course["after"]["status"] == "cancelled"
    session = by_type[("course_session", str(made["session_id"]))]
    assert session["after"]["status"] == "cancelled"
    assert session["after"]["cancel_reason"] == "讲师调整"
    # one request, one request id on both entries
    assert course["request_id"] and course["request_id"] == session["request_id"]


def test_a_staff_account_is_recorded_without_its_password(client, admin, make_session):
    venue_id = make_session()["venue_id"]
    response = client.post("/api/v1/admin/staff", headers=admin, json={
        "username": "clerk-gusu", "password": "long enough secret", "venue_id": venue_id})
    assert response.status_code == 201
    [entry] = _entries(client, admin, object_type="user_account")["items"]
    assert entry["action"] == "create"
    assert entry["after"]["username"] == "clerk-gusu"
    assert entry["after"]["role"] == "venue_staff"
    assert "password_hash" not in entry["after"]
    assert "long enough secret" not in str(entry)


def test_a_facility_entry_leaves_out_its_search_keys(client, admin):
    response = client.post("/api/v1/admin/facilities", headers=admin,
                           json={"name": "蓝天托育园", "district": "吴中区", "filing_no": "苏托备-9"})
    assert response.status_code == 201
    [entry] = _entries(client, admin, object_type="facility")["items"]
    assert entry["after"]["name"] == "蓝天托育园"
    assert not {"search_words", "name_pinyin", "search_seq"} & set(entry["after"])


def test_deleting_a_draft_batch_keeps_what_it_was(client, admin, make_batch):
    draft = make_batch(name="待删除的草稿", activate=False)
    assert client.delete(f"/api/v1/admin/voucher-batches/{draft['id']}",
                         headers=admin).status_code == 204
    [entry] = _entries(client, admin, object_type="voucher_batch", action="delete")["items"]
    assert entry["object_id"] == str(draft["id"])
    assert entry["before"]["name"] == "待删除的草稿" and entry["after"] is None


def test_a_write_that_fails_after_its_flush_leaves_neither_the_change_nor_its_entry(
        app, client, admin, monkeypatch):
    from app.courses import admin as course_admin
    from app.courses.models import Venue

    real = course_admin.create_venue

    def fails_after_the_flush(data):
        real(data)  # the venue row and its audit entry are flushed
        raise RuntimeError("connection lost while answering")

    monkeypatch.setattr(course_admin, "create_venue", fails_after_the_flush)
    response = client.post("/api/v1/admin/venues", headers=admin,
                           json={"name": "半途而废的场地", "kind": "社区优育课堂",
                                 "district": "吴中区"})
    assert response.status_code == 500
    with app.app_context():
        assert db.session.scalars(select(Venue)).all() == []
        assert db.session.scalars(select(AuditEntry)).all() == []


def test_writes_by_parents_and_staff_are_not_admin_writes(client, login, world):
    before = _entries(client, world["headers"]["admin"])["total"]
    parent = world["headers"]["parent_b"]
    assert client.patch("/api/v1/me", headers=parent, json={"nickname": "豆豆妈"}).status_code == 200
    checkin = client.post(f"/api/v1/sessions/{world['session']}/checkins",
                          headers=world["headers"]["staff_x"], json={"booking_id": world["booking"]})
    assert checkin.status_code == 200
    assert _entries(client, world["headers"]["admin"])["total"] == before


def test_filters_are_validated_in_chinese(client, admin):
    response = client.get("/api/v1/admin/audit", headers=admin,
                          query_string={"object_type": "booking"})
    assert response.status_code == 422
    assert "object_type" in response.get_json()["errors"]
    response = client.get("/api/v1/admin/audit", headers=admin,
                          query_string={"since": "2026-12-02", "until": "2026-12-01"})
    assert response.status_code == 422
    assert response.get_json()["errors"]["since"] == ["起始时间不能晚于截止时间"]


def test_time_filters_bound_the_entries(client, admin):
    client.post("/api/v1/admin/venues", headers=admin,
                json={"name": "今天的场地", "kind": "社区优育课堂", "district": "吴中区"})
    today = utcnow() + timedelta(hours=8)
    assert _entries(client, admin, since="2020-01-01")["total"] == 1
    assert _entries(client, admin, until=(today - timedelta(days=1)).date().isoformat())["total"] == 0
    assert _entries(client, admin, since=(today + timedelta(days=1)).date().isoformat())["total"] == 0
    assert _entries(client, admin, until=today.date().isoformat())["total"] == 1


def test_the_csv_opens_in_excel_with_its_chinese(client, admin):
    client.post("/api/v1/admin/venues", headers=admin,
                json={"name": "相城区优育课堂", "kind": "社区优育课堂", "district": "相城区"})
    response = client.get("/api/v1/admin/audit?format=csv", headers=admin)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:6] == ["编号", "时间", "操作人ID", "操作", "对象类型", "对象ID"]
    assert rows[1][3] == "新增" and rows[1][4] == "venue"
    assert "相城区优育课堂" in rows[1][7]


def _one_entry(client, admin, app):
    client.post("/api/v1/admin/venues", headers=admin,
                json={"name": "不可改的记录", "kind": "社区优育课堂", "district": "姑苏区"})
    return db.session.scalars(select(AuditEntry)).one()


def test_the_orm_refuses_to_change_or_delete_an_entry(client, admin, app):
    with app.app_context():
        entry = _one_entry(client, admin, app)
        entry.object_id = "999"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditEntry)).one())
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("statement", ["UPDATE audit_entry SET object_id = '999'",
                                       "DELETE FROM audit_entry"])
def test_the_database_refuses_to_change_or_delete_an_entry(client, admin, app, statement):
    with app.app_context():
        _one_entry(client, admin, app)
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert db.session.scalars(select(AuditEntry.object_id)).one() != "999"
