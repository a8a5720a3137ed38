"""The outbox is written in the caller's transaction, once per event, recipient and object; the
parent reads it as an inbox, unread first."""
from datetime import timedelta

import pytest

from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications import service
from tests.notifications.conftest import reminder_payload


def test_a_rolled_back_change_leaves_no_notification(app, client, parent):
    who = parent()
    with app.app_context():
        service.notify(who["id"], "booking_confirmed", "booking:1", {
            "child": "乐乐", "course": "辅食添加", "starts_at": utcnow() + timedelta(days=1),
            "venue": "双塔社区", "booking_id": 1})
        db.session.rollback()
        service.notify(who["id"], "waitlisted", "booking:2", {
            "child": "乐乐", "course": "辅食添加", "starts_at": utcnow() + timedelta(days=1),
            "venue": "双塔社区", "booking_id": 2})
        db.session.commit()
    inbox = client.get("/api/v1/me/notifications", headers=who["headers"]).get_json()
    assert [item["kind"] for item in inbox["items"]] == ["waitlisted"]
    assert inbox["items"][0]["title"] == "已加入候补"
    assert "乐乐已加入「辅食添加」" in inbox["items"][0]["body"]


def test_the_same_event_for_the_same_parent_and_object_is_written_once(app, client, parent,
                                                                        queue):
    who = parent()
    first = queue(who["id"], ref="booking:7")
    assert first is not None
    assert queue(who["id"], ref="booking:7") is None
    assert queue(who["id"], ref="booking:8") is not None
    assert queue(who["id"], kind="reminder_2h", ref="booking:7") is not None
    inbox = client.get("/api/v1/me/notifications", headers=who["headers"]).get_json()
    assert inbox["total"] == 3


def test_an_event_must_supply_exactly_the_values_its_kind_needs(app, parent):
    who = parent()
    with app.app_context():
        with pytest.raises(ValueError):
            service.notify(who["id"], "reminder_24h", "booking:1",
                           {**reminder_payload(), "phone": "13912345678"})
        with pytest.raises(ValueError):
            service.notify(who["id"], "reminder_24h", "booking:1", {"course": "辅食"})


def test_inbox_is_unread_first_newest_first_paginated_and_read_marks_it(app, client, parent,
                                                                         queue):
    who = parent()
    ids = [queue(who["id"], ref=f"booking:{n}") for n in range(1, 6)]
    # read the newest: it drops below the four unread ones
    read = client.post(f"/api/v1/me/notifications/{ids[-1]}/read", headers=who["headers"])
    assert read.status_code == 200 and read.get_json()["read"] is True
    page1 = client.get("/api/v1/me/notifications?per_page=2",
                       headers=who["headers"]).get_json()
    assert page1["total"] == 5 and page1["unread"] == 4
    assert [item["id"] for item in page1["items"]] == [ids[3], ids[2]]
    page3 = client.get("/api/v1/me/notifications?per_page=2&page=3",
                       headers=who["headers"]).get_json()
    assert [item["id"] for item in page3["items"]] == [ids[4]]
    unread = client.get("/api/v1/me/notifications?unread=true",
                        headers=who["headers"]).get_json()
    assert unread["total"] == 4
    again = client.post(f"/api/v1/me/notifications/{ids[-1]}/read", headers=who["headers"])
    assert again.get_json()["read_at"] == read.get_json()["read_at"]


def test_another_parents_notification_is_not_found(client, parent, queue):
    owner, other = parent(), parent()
    nid = queue(owner["id"])
    response = client.post(f"/api/v1/me/notifications/{nid}/read", headers=other["headers"])
    assert response.status_code == 404
    assert response.get_json()["code"] == "notification_not_found"
    assert client.get("/api/v1/me/notifications",
                      headers=other["headers"]).get_json()["total"] == 0


def test_a_reminder_is_in_the_inbox_only_once_it_is_due(client, parent, queue):
    who = parent()
    queue(who["id"], ref="booking:1", not_before=utcnow() + timedelta(hours=3))
    queue(who["id"], ref="booking:2")
    inbox = client.get("/api/v1/me/notifications", headers=who["headers"]).get_json()
    assert inbox["total"] == 1


def test_the_inbox_needs_a_parent(client, login):
    assert client.get("/api/v1/me/notifications").status_code == 401
    assert client.get("/api/v1/me/notifications", headers=login("admin")).status_code == 403


def test_subscriptions_count_one_message_per_accept(client, parent, subscribe):
    who = parent()
    counts = subscribe(who, "booking_result", "class_reminder", rejected=["voucher_notice"])
    assert counts["booking_result"] == 1 and counts["class_reminder"] == 1
    assert counts["voucher_notice"] == 0
    counts = subscribe(who, "class_reminder")
    assert counts["class_reminder"] == 2
    # a later reject leaves what was accepted before (WeChat keeps it too)
    counts = subscribe(who, rejected=["class_reminder"])
    assert counts["class_reminder"] == 2
    listed = client.get("/api/v1/me/subscriptions", headers=who["headers"]).get_json()
    assert {row["template"]: row["last_choice"] for row in listed}["class_reminder"] == "reject"


@pytest.mark.parametrize("body, field", [
    ({"accepted": ["no_such_template"]}, "accepted"),
    ({"accepted": ["booking_result"], "rejected": ["booking_result"]}, "rejected"),
    ({"accepted": ["booking_result", "booking_result"]}, "accepted"),
])
def test_a_bad_subscription_report_names_the_field_and_changes_nothing(client, parent, body,
                                                                       field):
    who = parent()
    response = client.post("/api/v1/me/subscriptions", headers=who["headers"], json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    listed = client.get("/api/v1/me/subscriptions", headers=who["headers"]).get_json()
    assert all(row["remaining"] == 0 for row in listed)


def test_admins_see_counts_by_day_kind_and_status(app, client, parent, queue, login):
    from app.notifications.models import Notification

    who = parent()
    queue(who["id"], ref="booking:1")
    queue(who["id"], ref="booking:2")
    failed = queue(who["id"], kind="reminder_2h", ref="booking:1")
    with app.app_context():
        db.session.get(Notification, failed).status = "failed"
        db.session.get(Notification, failed).last_error = "data.thing1: 47003 invalid"
        db.session.commit()
    admin = login("admin")
    stats = client.get("/api/v1/admin/notifications/stats?days=7", headers=admin).get_json()
    from app.common.timeutil import today_local
    today = today_local().isoformat()
    assert {"day": today, "kind": "reminder_24h", "status": "pending", "count": 2} in stats["days"]
    assert {"day": today, "kind": "reminder_2h", "status": "failed", "count": 1} in stats["days"]
    assert stats["by_status"] == {"pending": 2, "failed": 1}
    assert stats["by_kind"] == {"reminder_24h": 2, "reminder_2h": 1}
    listed = client.get("/api/v1/admin/notifications/failed", headers=admin).get_json()
    assert [(item["id"], item["last_error"]) for item in listed["items"]] == [
        (failed, "data.thing1: 47003 invalid")]
    assert client.get("/api/v1/admin/notifications/stats?days=0",
                      headers=admin).status_code == 422


def test_a_parents_notifications_are_in_their_export_and_go_with_the_account(app, client,
                                                                             parent, queue,
                                                                             subscribe):
    who = parent()
    queue(who["id"])
    subscribe(who, "class_reminder")
    exported = client.get("/api/v1/me/export", headers=who["headers"]).get_json()
    assert [n["kind"] for n in exported["notifications"]["notifications"]] == ["reminder_24h"]
    assert exported["notifications"]["subscriptions"][0]["template"] == "class_reminder"
    assert client.delete("/api/v1/me", headers=who["headers"]).status_code == 204
    with app.app_context():
        from app.notifications.models import Notification, Subscription

        assert db.session.query(Notification).count() == 0
        assert db.session.query(Subscription).count() == 0
