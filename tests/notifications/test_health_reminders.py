"""Health reminders through the outbox: a vaccine dose or a check-up coming due within 7 days is
in the guardian's inbox once, however often and in however many processes the scan runs; only
under the health consent; withdrawn consent, a deleted child or a recorded dose leaves none; the
payload carries the nickname and nothing else of the record; the real sender delivers it."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.common.timeutil import SHANGHAI, today_local
from app.extensions import db
from app.health import reminders
from app.health.schedule import add_months
from app.notifications.models import Notification
from tests.health.conftest import health_content, kid  # noqa: F401  (fixtures)
from tests.notifications.conftest import drain, race
from tests.wechat_stub import TEMPLATE_IDS


@pytest.fixture(autouse=True)
def all_day(app):
    """Reminders may go out at any hour here, so the inbox shows them whenever the suite runs."""
    saved = app.config["HEALTH_REMINDER_HOURS"]
    app.config["HEALTH_REMINDER_HOURS"] = (0, 24)
    yield
    app.config["HEALTH_REMINDER_HOURS"] = saved


def two_months_in(days: int):
    """A birth date whose 2-month birthday (脊灰 and 百白破 dose 1) comes in `days` days."""
    return add_months(today_local() + timedelta(days=days), -2)


def _scan(app, now=None):
    with app.app_context():
        return reminders.schedule(now)


def _health_rows(app, **where):
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(
            Notification.kind.in_(reminders.KINDS), *[getattr(Notification, k) == v
                                                      for k, v in where.items()])
            .order_by(Notification.id)).all()
        db.session.expunge_all()
        return rows


def _inbox(client, headers):
    return client.get("/api/v1/me/notifications", headers=headers).get_json()["items"]


def test_a_dose_coming_due_is_in_the_inbox_once_with_the_nickname_only(app, client, kid):
    child = kid(born=two_months_in(3))
    assert _scan(app) == 2  # 脊灰 1 and 百白破 1, at two months
    assert _scan(app) == 0  # once
    items = [n for n in _inbox(client, child["headers"]) if n["kind"] == "vaccine_due"]
    assert len(items) == 2
    due = two_months_in(3)
    assert any("豆豆的百白破疫苗第1剂" in n["body"] for n in items)
    assert all(f"{add_months(due, 2).month}月{add_months(due, 2).day}日起可以接种" in n["body"]
               for n in items)
    assert all("以预防接种证和接种门诊的安排为准" in n["body"] for n in items)
    rows = _health_rows(app)
    assert {r.object_ref for r in rows} == {f"child:{child['id']}:dose:polio:1",
                                            f"child:{child['id']}:dose:dtap:1"}
    for row in rows:  # nothing of the record but the nickname (and the id for the page)
        assert set(row.payload) == {"child", "child_id", "vaccine", "dose", "due_on"}
        assert row.payload["child"] == "豆豆"
        assert child["born"].isoformat() not in str(row.payload)


def test_a_checkup_coming_due_is_reminded_and_past_or_far_items_are_not(app, client, kid):
    born = add_months(today_local() + timedelta(days=5), -3)   # 3-month check-up in 5 days
    child = kid(born=born)
    _scan(app)
    kinds = {(n["kind"], n["title"]) for n in _inbox(client, child["headers"])}
    assert ("checkup_due", "儿童健康检查提醒") in kinds
    refs = {r.object_ref for r in _health_rows(app)}
    assert f"child:{child['id']}:checkup:m3" in refs
    # the 2-month doses are past (a month ago) and the 4-month ones a month away: not reminded
    assert not any(":dose:polio:1" in r or ":dose:dtap:2" in r for r in refs)
    body = next(n["body"] for n in _inbox(client, child["headers"]) if n["kind"] == "checkup_due")
    assert "3月龄健康检查" in body and "免费" in body


def test_no_reminder_without_the_health_consent(app, client, kid):
    kid(born=two_months_in(2), health_consent=False)
    assert _scan(app) == 0
    assert _health_rows(app) == []


def test_withdrawing_the_consent_removes_the_reminders_and_stops_new_ones(app, client, kid):
    child = kid(born=two_months_in(2))
    _scan(app)
    assert len(_health_rows(app)) == 2
    withdrawn = client.patch("/api/v1/me", headers=child["headers"], json={
        "health_consent": False, "confirm_health_record_deletion": True})
    assert withdrawn.status_code == 200, withdrawn.get_json()
    assert _health_rows(app) == []
    assert _scan(app) == 0
    assert not any(n["kind"] in reminders.KINDS for n in _inbox(client, child["headers"]))


def test_a_deleted_child_leaves_no_reminder_and_a_sibling_keeps_theirs(app, client, kid):
    child = kid(born=two_months_in(2))
    sibling = kid(born=two_months_in(4), headers=child["headers"])
    _scan(app)
    assert client.delete(child["url"], headers=child["headers"]).status_code == 200
    refs = {r.object_ref for r in _health_rows(app)}
    assert refs and all(ref.startswith(f"child:{sibling['id']}:") for ref in refs)
    assert _scan(app) == 0


def test_a_dose_recorded_before_its_reminder_went_out_withdraws_it(app, client, kid):
    child = kid(born=two_months_in(3))
    _scan(app)
    recorded = client.post(f"{child['url']}/vaccinations", headers=child["headers"], json={
        "vaccine": "dtap", "dose": 1, "given_on": today_local().isoformat(), "place": "社区"})
    assert recorded.status_code == 201, recorded.get_json()
    statuses = {r.object_ref.rsplit(":", 2)[1]: r.status for r in _health_rows(app)}
    assert statuses == {"dtap": "cancelled", "polio": "pending"}
    kinds = [n["body"] for n in _inbox(client, child["headers"]) if n["kind"] == "vaccine_due"]
    assert len(kinds) == 1 and "脊灰" in kinds[0]


def test_found_at_night_it_waits_for_the_morning(app, kid):
    app.config["HEALTH_REMINDER_HOURS"] = (9, 21)
    kid(born=two_months_in(7))
    night = datetime.combine(today_local(), datetime.min.time(), SHANGHAI).replace(hour=23)
    _scan(app, night)
    morning = night.replace(hour=9) + timedelta(days=1)
    assert {r.not_before for r in _health_rows(app)} == {morning}


def test_the_sender_delivers_it_as_a_wechat_message(app, client, kid, subscribe, sender, stub):
    child = kid(born=two_months_in(1))
    who = {"headers": child["headers"]}
    subscribe(who, "health_reminder")
    subscribe(who, "health_reminder")
    _scan(app)
    outcomes = drain(app, sender)
    assert outcomes == {"sent": 2}
    sent = [m for m in stub.sent if m["template_id"] == TEMPLATE_IDS["health_reminder"]]
    assert len(sent) == 2
    assert {m["data"]["thing1"]["value"] for m in sent} == {"豆豆"}
    assert {m["data"]["thing2"]["value"] for m in sent} == {"脊灰疫苗第1剂", "百白破疫苗第1剂"}
    assert all(m["page"].startswith(f"pages/health/index?child_id={child['id']}&nid=")
               for m in sent)


def test_several_senders_scanning_at_once_write_each_reminder_once_and_respect_a_withdrawal(
        app, client, kid):
    race(app, [])  # skips on SQLite before building the families
    kids = [kid(born=two_months_in(1 + i % 6)) for i in range(12)]
    leaving = kids[0]

    def withdraw():
        response = app.test_client().patch("/api/v1/me", headers=leaving["headers"], json={
            "health_consent": False, "confirm_health_record_deletion": True})
        assert response.status_code == 200, response.get_json()

    assert race(app, [lambda: _scan(app) for _ in range(4)] + [withdraw]) == []
    with app.app_context():
        per_ref = db.session.execute(select(Notification.object_ref, func.count())
                                     .where(Notification.kind == "vaccine_due")
                                     .group_by(Notification.object_ref)).all()
        db.session.remove()
    assert per_ref and all(count == 1 for _, count in per_ref)
    refs = {ref for ref, _ in per_ref}
    assert not any(ref.startswith(f"child:{leaving['id']}:") for ref in refs)
    assert len(refs) == 2 * (len(kids) - 1)
