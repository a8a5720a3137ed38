"""Sender processes as they run in production (`flask notifications work`, several at once,
one killed mid-batch) against the WeChat stub: nothing lost, nothing sent twice without a crash,
and after a crash no more duplicates than the lost batch."""
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from app.extensions import db
from app.notifications import service
from app.notifications.models import Notification, Subscription
from tests.notifications.conftest import reminder_payload
from tests.wechat_stub import APPID, SECRET, TEMPLATE_IDS

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")


def _queue_many(app, parents: list[int], per_parent: int) -> None:
    with app.app_context():
        for user_id in parents:
            db.session.add(Subscription(user_id=user_id, template="class_reminder",
                                        remaining=per_parent, last_choice="accept"))
            for n in range(per_parent):
                service.notify(user_id, "reminder_24h", f"booking:{n}", reminder_payload())
        db.session.commit()


def _sender(app, stub_url: str, *args, **env) -> subprocess.Popen:
    environment = dict(
        os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        INSTANCE_PATH=app.instance_path, SECRET_KEY=app.config["SECRET_KEY"],
        WECHAT_API_BASE=stub_url, WECHAT_APPID=APPID, WECHAT_SECRET=SECRET,
        WECHAT_TEMPLATE_IDS=",".join(f"{k}={v}" for k, v in TEMPLATE_IDS.items()),
        CONTENT_DIR=app.config["CONTENT_DIR"], **{k: str(v) for k, v in env.items()})
    return subprocess.Popen([FLASK, "--app", "wsgi.py", "notifications", "work", *args],
                            cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _sent_ids(stub) -> Counter:
    return Counter(parse_qs(urlsplit(m["page"]).query)["nid"][0] for m in stub.sent)


def _statuses(app) -> dict:
    with app.app_context():
        return dict(db.session.execute(select(Notification.status, func.count())
                                       .group_by(Notification.status)).all())


def test_two_senders_at_once_never_send_a_notification_twice(app, parent, stub, wechat_stub):
    parents = [parent()["id"] for _ in range(6)]
    _queue_many(app, parents, 50)
    stub.delay = 0.002
    # More than one sender's two threads in flight: the second has started sending, however
    # slowly it started on a loaded machine (the client's timeout outlasts the hold).
    stub.hold_until(3, timeout=30)
    senders = [_sender(app, wechat_stub.base_url, "--once", NOTIFY_BATCH_SIZE=20,
                       NOTIFY_SEND_THREADS=2, WECHAT_TIMEOUT_SECONDS=60) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in senders]
    assert all(process.returncode == 0 for process in senders), outputs
    sent = _sent_ids(stub)
    assert len(sent) == 300
    assert max(sent.values()) == 1
    assert _statuses(app) == {"sent": 300}
    # both took a share: the rows were really contended for
    assert all("sent=" in out for out, _ in outputs), outputs


def test_a_sender_killed_mid_batch_loses_nothing_and_repeats_at_most_its_batch(
        app, parent, stub, wechat_stub, sender):
    parents = [parent()["id"] for _ in range(2)]
    _queue_many(app, parents, 40)
    stub.delay = 0.03
    victim = _sender(app, wechat_stub.base_url, NOTIFY_BATCH_SIZE=20, NOTIFY_SEND_THREADS=1,
                     NOTIFY_LEASE_SECONDS=1)
    deadline = time.time() + 60
    while stub.send_calls < 30 and time.time() < deadline:
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)  # no chance to record its batch
    victim.communicate(timeout=30)
    assert 0 < len(stub.sent) < 80
    time.sleep(1.2)  # the dead sender's lease runs out
    survivor = sender.make(NOTIFY_LEASE_SECONDS=1)
    with app.app_context():
        while survivor.drain_once().claimed:
            pass
    sent = _sent_ids(stub)
    assert len(sent) == 80  # none lost
    duplicates = sum(sent.values()) - len(sent)
    assert duplicates <= 20  # at most the batch in flight
    assert _statuses(app) == {"sent": 80}
