"""Notifications fixtures: parents with an openid, notifications queued as an event would queue
them (in a committed transaction), and the real sender pointed at the WeChat stub."""
import threading
from datetime import timedelta

import pytest

from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications import service
from app.notifications.sender import Sender
from tests.wechat_stub import APPID, TEMPLATE_IDS


@pytest.fixture
def parent(client, login):
    """parent(openid=None) -> {"headers", "id", "openid"}."""
    counter = {"n": 0}

    def _make(openid=None):
        counter["n"] += 1
        openid = openid or f"o-parent-{counter['n']}"
        headers = login("parent", openid=openid)
        me = client.get("/api/v1/me", headers=headers).get_json()
        return {"headers": headers, "id": me["id"], "openid": openid}

    return _make


def reminder_payload(course="婴幼儿睡眠与安抚：建立规律作息", starts_in=timedelta(days=1)):
    return {"course": course, "starts_at": utcnow() + starts_in, "venue": "双塔街道社区优育课堂",
            "booking_id": 7}


@pytest.fixture
def queue(app):
    """queue(user_id, kind="reminder_24h", ref="booking:7", payload=None, **when) -> id."""

    def _queue(user_id, kind="reminder_24h", ref="booking:7", payload=None, **when):
        with app.app_context():
            nid = service.notify(user_id, kind, ref, payload or reminder_payload(), **when)
            db.session.commit()
            return nid

    return _queue


@pytest.fixture
def subscribe(client):
    def _subscribe(who, *accepted, rejected=()):
        response = client.post("/api/v1/me/subscriptions", headers=who["headers"],
                               json={"accepted": list(accepted), "rejected": list(rejected)})
        assert response.status_code == 200, response.get_json()
        return {row["template"]: row["remaining"] for row in response.get_json()}

    return _subscribe


@pytest.fixture
def stub(app, wechat_stub):
    wechat_stub.subscribe.reset()
    if app.config["REDIS_URL"]:  # the token the last test's stub issued is unknown to this one
        import redis

        redis.Redis.from_url(app.config["REDIS_URL"]).delete(f"yuer:wechat_token:{APPID}")
    yield wechat_stub.subscribe
    wechat_stub.subscribe.reset()


@pytest.fixture
def sender(app, stub):
    """The real sender against the stub; send() drains one batch and returns its outcomes."""
    app.config.update(WECHAT_TEMPLATE_IDS=dict(TEMPLATE_IDS), NOTIFY_RETRY_SECONDS=30,
                      NOTIFY_MAX_ATTEMPTS=3, NOTIFY_BATCH_SIZE=50, NOTIFY_LEASE_SECONDS=120)
    made = []

    def _make(**config):
        saved = {key: app.config[key] for key in config}
        app.config.update(config)
        try:
            instance = Sender(app)
        finally:
            app.config.update(saved)
        made.append(instance)
        return instance

    instance = _make()
    instance.make = _make
    yield instance
    for one in made:
        one.close()


def drain(app, sender):
    with app.app_context():
        return sender.drain_once().outcomes


def row(app, nid):
    from app.notifications.models import Notification

    with app.app_context():
        found = db.session.get(Notification, nid)
        db.session.expunge_all()
        return found


def book(client, fam, session_id):
    """The family books its child into the session through the API; returns the booking."""
    response = client.post(f"/api/v1/sessions/{session_id}/bookings", headers=fam["headers"],
                           json={"child_id": fam["child_id"]})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def race(app, jobs) -> list[str]:
    """Run the jobs in threads at the same moment (PostgreSQL only: SQLite serialises writers);
    returns the failures of any of them."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("the race needs PostgreSQL's row locks (SQLite serialises writers)")
    errors: list[str] = []

    def run(fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - a thread's failure fails the caller's test
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
