"""Notification sending: 100,000 queued reminders drained by two sender processes against the
WeChat stub, on PostgreSQL.

    scripts/with-postgres.sh .venv/bin/python bench/notify.py [--reminders 100000]
        [--senders 2] [--threads 4] [--batch 100] [--baseline 20000] [--crash]

Starts the WeChat stub (tests/wechat_stub.py) in its own process, queues the reminders (500
parents, each with enough accepted subscriptions) in the database named by DATABASE_URL, then:
  baseline  the same number of processes and threads posting subscribe/send straight to the
            stub, no database: the ceiling the stub and this machine allow;
  senders   `flask notifications work` processes draining the queue: messages per second from
            the first message sent to the last, and duplicates (the stub counts every message
            by its notification id);
  --crash   one sender is killed (SIGKILL) a third of the way through and started again; the
            lost batch's rows go out again after their lease: duplicates stay within a batch.
Adds rows; never drops anything.
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx

import harness

sys.path.insert(0, str(harness.ROOT))

PARENTS = 500
LEASE_SECONDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="send threads per sender")
    parser.add_argument("--batch", type=int, default=100, help="NOTIFY_BATCH_SIZE")
    parser.add_argument("--baseline", type=int, default=20_000,
                        help="messages posted straight to the stub for the baseline")
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--raw", type=int, help=argparse.SUPPRESS)  # a baseline process
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw is not None:
        return _raw(args.port, args.raw, args.threads)
    harness.ensure_postgres()
    port = harness.free_port()
    stub = subprocess.Popen([sys.executable, "-m", "tests.wechat_stub", "--port", str(port)],
                            cwd=harness.ROOT, stdout=subprocess.DEVNULL)
    try:
        _wait_for(port)
        harness.migrate()
        app = _app(port)
        seeded = time.perf_counter()
        _seed(app, args.reminders)
        seeded = time.perf_counter() - seeded
        baseline = _baseline(port, args)
        _call(port, "/stub/reset")
        drained = _drain(app, port, args)
        summary = _call(port, "/stub/summary")
        _report(args, seeded, baseline, drained, summary, _statuses(app))
    finally:
        stub.terminate()
        stub.wait(timeout=10)


def _call(port: int, path: str, body: dict | None = None) -> dict:
    return httpx.post(f"http://127.0.0.1:{port}{path}", json=body or {}, timeout=30).json()


def _wait_for(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            _call(port, "/stub/summary")
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the WeChat stub did not start")


def _env(port: int) -> dict:
    from tests.wechat_stub import APPID, SECRET, TEMPLATE_IDS

    return {**harness.server_env(), "WECHAT_API_BASE": f"http://127.0.0.1:{port}",
            "WECHAT_APPID": APPID, "WECHAT_SECRET": SECRET,
            "WECHAT_TEMPLATE_IDS": ",".join(f"{k}={v}" for k, v in TEMPLATE_IDS.items()),
            "NOTIFY_LEASE_SECONDS": str(LEASE_SECONDS)}


def _app(port: int):
    os.environ.update(_env(port))
    from app import create_app

    return create_app()


def _seed(app, reminders: int) -> None:
    """Reminders due now, written in bulk (the row an event's notify() writes, many at once)."""
    from app.accounts.models import User
    from app.common.timeutil import utcnow
    from app.extensions import db
    from app.notifications import service, templates
    from app.notifications.models import Notification, Subscription

    run = uuid.uuid4().hex[:8]
    now = utcnow()
    payload = {"course": "婴幼儿睡眠与安抚：建立规律作息", "starts_at": (now + timedelta(days=1))
               .isoformat(), "venue": "双塔街道社区优育课堂", "booking_id": 1}
    with app.app_context():
        kind = service.catalogue().kind("reminder_24h")
        title, body = templates.inbox_text(kind, payload)
        users = [User(role="parent", openid=f"notify-{run}-{i}", consent_at=now)
                 for i in range(PARENTS)]
        db.session.add_all(users)
        db.session.flush()
        per_parent = -(-reminders // PARENTS)
        db.session.execute(Subscription.__table__.insert(), [
            {"user_id": u.id, "template": "class_reminder", "remaining": per_parent,
             "last_choice": "accept", "updated_at": now} for u in users])
        rows = [{"user_id": users[i % PARENTS].id, "kind": "reminder_24h",
                 "object_ref": f"booking:{run}:{i}", "template": "class_reminder",
                 "title": title, "body": body, "payload": {**payload, "booking_id": i},
                 "status": "pending", "not_before": now, "attempts": 0, "created_at": now}
                for i in range(reminders)]
        for start in range(0, len(rows), 5000):
            db.session.execute(Notification.__table__.insert(), rows[start:start + 5000])
        db.session.commit()


def _raw(port: int, count: int, threads: int) -> None:
    """A baseline process: `count` subscribe/send calls from `threads` threads, no database."""
    from tests.wechat_stub import APPID, SECRET

    client = httpx.Client(timeout=30)
    token = client.post(f"http://127.0.0.1:{port}/cgi-bin/stable_token", json={
        "grant_type": "client_credential", "appid": APPID, "secret": SECRET}).json()
    url = (f"http://127.0.0.1:{port}/cgi-bin/message/subscribe/send"
           f"?access_token={token['access_token']}")
    message = {"touser": "o-bench", "template_id": "tmpl-class-reminder",
               "page": "pages/bookings/detail?id=1", "miniprogram_state": "developer",
               "data": {"thing1": {"value": "婴幼儿睡眠与安抚"},
                        "time2": {"value": "2026年12月2日 15:00"},
                        "thing3": {"value": "双塔街道社区优育课堂"},
                        "thing4": {"value": "明天上课，请按时到场"}}}
    started = time.perf_counter()

    def work(n):
        for _ in range(n):
            client.post(url, json=message)

    pool = [threading.Thread(target=work, args=(count // threads,)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    print(f"{(count // threads) * threads} {time.perf_counter() - started:.3f}")


def _baseline(port: int, args) -> tuple[int, float]:
    share = args.baseline // args.senders
    runs = [subprocess.Popen([sys.executable, __file__, "--raw", str(share), "--port", str(port),
                              "--threads", str(args.threads)], stdout=subprocess.PIPE, text=True)
            for _ in range(args.senders)]
    results = [run.communicate(timeout=600)[0].split() for run in runs]
    sent = sum(int(count) for count, _ in results)
    return sent, max(float(seconds) for _, seconds in results)


def _sender(port: int, args) -> subprocess.Popen:
    env = {**_env(port), "NOTIFY_BATCH_SIZE": str(args.batch),
           "NOTIFY_SEND_THREADS": str(args.threads)}
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-sender-{uuid.uuid4().hex[:6]}.log",
               "w")
    return subprocess.Popen([str(harness.VENV_BIN / "flask"), "--app", "wsgi.py",
                             "notifications", "work", "--idle", "0.2"],
                            cwd=harness.ROOT, env=env, stdout=log, stderr=log)


def _drain(app, port: int, args) -> dict:
    senders = [_sender(port, args) for _ in range(args.senders)]
    started = time.perf_counter()
    killed = None
    try:
        while True:
            time.sleep(0.5)
            statuses = _statuses(app)
            waiting = statuses.get("pending", 0) + statuses.get("sending", 0)
            if args.crash and killed is None and statuses.get("sent", 0) >= args.reminders // 3:
                senders[0].send_signal(signal.SIGKILL)
                senders[0].wait()
                killed = statuses.get("sent", 0)
                senders[0] = _sender(port, args)
            if not waiting:
                break
            if time.perf_counter() - started > 3600:
                raise RuntimeError(f"not drained after an hour: {statuses}")
    finally:
        for sender in senders:
            sender.send_signal(signal.SIGTERM)
        for sender in senders:
            sender.wait(timeout=60)
    return {"wall": time.perf_counter() - started, "killed_at": killed, **_span(app)}


def _span(app) -> dict:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.notifications.models import Notification

    with app.app_context():
        first, last, count = db.session.execute(
            select(func.min(Notification.sent_at), func.max(Notification.sent_at), func.count())
            .where(Notification.status == "sent")).one()
    return {"seconds": (last - first).total_seconds() if count > 1 else 0.0, "sent": count}


def _statuses(app) -> dict:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.notifications.models import Notification

    with app.app_context():
        counts = dict(db.session.execute(select(Notification.status, func.count())
                                         .group_by(Notification.status)).all())
        db.session.remove()
        return counts


def _report(args, seeded, baseline, drained, summary, statuses) -> None:
    base_sent, base_seconds = baseline
    base_rate = base_sent / base_seconds if base_seconds else 0.0
    rate = drained["sent"] / drained["seconds"] if drained["seconds"] else 0.0
    print(f"notify: {args.reminders} reminders, {args.senders} senders x {args.threads} threads, "
          f"batch {args.batch}, PostgreSQL, {harness.machine()}"
          + (", one sender killed at " + str(drained["killed_at"]) + " sent"
             if drained["killed_at"] is not None else ""))
    print(f"queued in {seeded:.1f} s")
    print(f"{'run':34} {'messages':>9} {'msg/s':>8} {'vs base':>8}")
    print(f"{'baseline: straight to the stub':34} {base_sent:9d} {base_rate:8.0f} {1:8.2f}")
    print(f"{'senders: outbox -> stub':34} {drained['sent']:9d} {rate:8.0f} "
          f"{rate / base_rate if base_rate else 0:8.2f}")
    print(f"stub: {summary['send_calls']} send calls, {summary['sent']} accepted, "
          f"{summary['unique']} distinct notifications, {summary['duplicates']} duplicates, "
          f"{summary['token_calls']} token fetches; statuses {statuses}; "
          f"wall {drained['wall']:.1f} s")


if __name__ == "__main__":
    main()
