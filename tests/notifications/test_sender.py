"""The real sender against the WeChat stub: what reaches the parent's phone, and what happens
with each of WeChat's answers."""
from datetime import timedelta

from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import WeChatToken
from tests.notifications.conftest import drain, reminder_payload, row


def test_a_due_reminder_reaches_wechat_with_its_fields_fitted(app, parent, queue, subscribe,
                                                               sender, stub):
    who = parent()
    subscribe(who, "class_reminder")
    long_title = "婴幼儿睡眠与安抚：建立规律作息的十个方法与常见误区"
    nid = queue(who["id"], payload=reminder_payload(course=long_title))
    assert drain(app, sender) == {"sent": 1}
    [message] = stub.sent
    assert message["touser"] == who["openid"]
    assert message["template_id"] == "tmpl-class-reminder"
    assert message["page"] == f"pages/bookings/detail?id=7&nid={nid}"
    assert message["miniprogram_state"] == "developer"
    thing = message["data"]["thing1"]["value"]
    assert len(thing) == 20 and thing.endswith("…") and long_title.startswith(thing[:-1])
    assert "年" in message["data"]["time2"]["value"]
    assert row(app, nid).status == "sent"
    # the accepted subscription is used up: the next reminder stays in the inbox only
    second = queue(who["id"], ref="booking:8")
    assert drain(app, sender) == {"no_subscription": 1}
    assert row(app, second).status == "no_subscription"
    assert len(stub.sent) == 1


def test_a_reminder_not_sent_before_its_class_starts_never_goes_out(app, parent, queue,
                                                                     subscribe, sender, stub):
    who = parent()
    subscribe(who, "class_reminder")
    late = queue(who["id"], expires_at=utcnow() - timedelta(minutes=1))
    later = queue(who["id"], ref="booking:8", not_before=utcnow() + timedelta(hours=1))
    assert drain(app, sender) == {"expired": 1}
    assert row(app, late).status == "expired" and row(app, later).status == "pending"
    assert stub.sent == []


def test_refused_is_final_and_clears_the_subscription(app, client, parent, queue, subscribe,
                                                      sender, stub):
    who = parent()
    subscribe(who, "class_reminder")
    subscribe(who, "class_reminder")
    stub.refusing.add(who["openid"])
    nid = queue(who["id"])
    assert drain(app, sender) == {"refused": 1}
    assert row(app, nid).status == "refused" and "43101" in row(app, nid).last_error
    listed = client.get("/api/v1/me/subscriptions", headers=who["headers"]).get_json()
    assert {r["template"]: r["remaining"] for r in listed}["class_reminder"] == 0
    assert drain(app, sender) == {}  # never retried


def test_bad_fields_page_openid_or_template_fail_with_the_field_named(app, client, parent,
                                                                       queue, subscribe, sender,
                                                                       stub, login):
    who = parent(openid="bad-openid")
    subscribe(who, "class_reminder", "booking_result", "voucher_notice")
    for errcode in (47003, 41030, 40037):
        stub.fail_next(errcode)
    first = queue(who["id"], ref="booking:1")
    drain(app, sender)
    assert row(app, first).last_error.startswith("data: 47003")
    second = queue(who["id"], ref="booking:2")
    drain(app, sender)
    assert row(app, second).last_error.startswith("page: 41030")
    third = queue(who["id"], ref="booking:3")
    drain(app, sender)
    assert row(app, third).last_error.startswith("template_id: 40037")
    fourth = queue(who["id"], kind="reminder_2h", ref="booking:4")
    drain(app, sender)
    assert row(app, fourth).status == "failed"
    assert row(app, fourth).last_error.startswith("touser: 40003")
    failed = client.get("/api/v1/admin/notifications/failed", headers=login("admin")).get_json()
    assert failed["total"] >= 4
    assert {item["last_error"].split(":")[0] for item in failed["items"]} >= {
        "data", "page", "template_id", "touser"}


def test_wechat_checks_what_the_field_mapping_sends(app, parent, queue, subscribe, sender, stub):
    """WeChat (the stub) knows each template's fields from its console; a field mapping that
    disagrees would be refused with 47003, so every kind is sent once through it."""
    who = parent()
    subscribe(who, "booking_result", "waitlist_offer", "session_change", "class_reminder",
              "voucher_notice")
    subscribe(who, "booking_result", "session_change", "voucher_notice")
    later = utcnow() + timedelta(days=1)
    events = {
        "booking_confirmed": {"child": "乐乐", "course": "辅食添加", "starts_at": later,
                              "venue": "双塔社区", "booking_id": 1},
        "offer_made": {"course": "辅食添加", "starts_at": later,
                       "offer_expires_at": utcnow() + timedelta(hours=2), "booking_id": 1},
        "session_cancelled": {"course": "辅食添加", "starts_at": later, "detail": "讲师生病"},
        "reminder_2h": {"course": "辅食添加", "starts_at": later, "venue": "双塔社区",
                        "booking_id": 1},
        "voucher_issued": {"voucher": "科学育儿公共指导服务券", "valid_until_on": "2027-03-31",
                           "voucher_id": 3},
        "offer_expired": {"course": "辅食添加", "starts_at": later, "venue": "双塔社区",
                          "booking_id": 1},
        "session_changed": {"course": "辅食添加", "starts_at": later, "detail": "改到三楼"},
        "voucher_redeemed": {"voucher": "科学育儿公共指导服务券", "valid_until_on": "2027-03-31",
                             "venue": "双塔社区", "voucher_id": 3},
    }
    for kind, payload in events.items():
        queue(who["id"], kind=kind, ref="x:1", payload=payload)
    assert drain(app, sender) == {"sent": len(events)}


def test_a_busy_wechat_is_retried_with_back_off_and_the_rest_of_the_batch_waits(
        app, parent, queue, subscribe, sender, stub):
    who = parent()
    for _ in range(3):
        subscribe(who, "class_reminder")
    ids = [queue(who["id"], ref=f"booking:{n}") for n in range(3)]
    stub.fail_next(-1, -1, -1)
    single = sender.make(NOTIFY_SEND_THREADS=1)
    outcomes = drain(app, single)
    assert outcomes == {"retry": 1, "released": 2}
    assert stub.send_calls == 1  # no pile-up of calls on a failing WeChat
    assert single.pause >= 1
    first = row(app, ids[0])
    assert first.status == "pending" and first.attempts == 1 and "-1" in first.last_error
    assert first.not_before > utcnow() + timedelta(seconds=25)
    assert [row(app, n).attempts for n in ids[1:]] == [0, 0]


def test_retries_run_out_into_failed(app, parent, queue, subscribe, sender, stub):
    who = parent()
    subscribe(who, "class_reminder")
    nid = queue(who["id"])
    stub.fail_next("http500", 45009, -1)
    for attempt in range(3):
        with app.app_context():
            db.session.execute(db.text("UPDATE notification SET not_before = :now"),
                               {"now": utcnow() - timedelta(seconds=1)})
            db.session.commit()
        drain(app, sender)
    failed = row(app, nid)
    assert failed.status == "failed" and failed.attempts == 3 and "-1" in failed.last_error
    assert stub.sent == []


def test_a_slow_wechat_times_out_and_is_retried_later(app, parent, queue, subscribe, sender,
                                                      stub):
    who = parent()
    subscribe(who, "class_reminder")
    nid = queue(who["id"])
    stub.fail_next("slow")
    assert drain(app, sender) == {"retry": 1}
    assert "ReadTimeout" in row(app, nid).last_error


def test_the_token_is_shared_refreshed_before_expiry_and_again_when_rejected(
        app, parent, queue, subscribe, sender, stub):
    who = parent()
    for _ in range(4):
        subscribe(who, "class_reminder")
    queue(who["id"], ref="booking:1")
    assert drain(app, sender) == {"sent": 1}
    calls = stub.token_calls
    # a second sender process (another machine) uses the stored token: no new fetch
    other = sender.make()
    queue(who["id"], ref="booking:2")
    assert drain(app, other) == {"sent": 1}
    assert stub.token_calls == calls
    # WeChat says the token expired (42001): fetched again once, the message retried once
    stub.expire_tokens()
    queue(who["id"], ref="booking:3")
    assert drain(app, sender) == {"sent": 1}
    assert stub.token_calls == calls + 1
    # a token with under five minutes left is replaced before it is used
    if not app.config["REDIS_URL"]:
        with app.app_context():
            db.session.execute(db.update(WeChatToken).values(
                expires_at=utcnow() + timedelta(minutes=4)))
            db.session.commit()
        third = sender.make()
        queue(who["id"], ref="booking:4")
        assert drain(app, third) == {"sent": 1}
        assert stub.token_calls == calls + 2


def test_without_credentials_notifications_stay_in_the_inbox_and_the_sender_says_so_once(
        app, client, parent, queue, subscribe, sender, stub, caplog):
    who = parent()
    subscribe(who, "class_reminder")
    nid = queue(who["id"])
    quiet = sender.make(WECHAT_APPID="", WECHAT_SECRET="")
    drain(app, quiet)
    queue(who["id"], ref="booking:8")
    drain(app, quiet)
    assert row(app, nid).status == "inbox_only"
    warnings = [r for r in caplog.records if "no WeChat credentials" in r.getMessage()]
    assert len(warnings) == 1
    inbox = client.get("/api/v1/me/notifications", headers=who["headers"]).get_json()
    assert inbox["total"] == 2
    assert stub.send_calls == 0


def test_a_sender_past_half_its_lease_leaves_the_rest_of_its_batch(app, parent, queue,
                                                                    subscribe, sender, stub):
    who = parent()
    for _ in range(4):
        subscribe(who, "class_reminder")
    ids = [queue(who["id"], ref=f"booking:{n}") for n in range(4)]
    stub.delay = 0.4  # under the client's timeout (0.5 s), over a quarter of the lease
    slow = sender.make(NOTIFY_LEASE_SECONDS=2, NOTIFY_SEND_THREADS=1)
    outcomes = drain(app, slow)
    assert set(outcomes) == {"sent", "released"} and sum(outcomes.values()) == 4
    assert len(stub.sent) == outcomes["sent"] <= 3
    statuses = [row(app, n).status for n in ids]
    assert statuses.count("pending") == outcomes["released"]
