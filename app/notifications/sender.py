"""The sender: claims due notifications and delivers them as WeChat subscribe messages.

One batch is three short transactions and no lock held while WeChat is called:
  1. claim: one UPDATE marks up to `batch` due rows `sending` with this batch's token. On
     PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED, so senders on several machines
     never claim the same row; SQLite runs the single statement atomically.
  2. send, outside any transaction (a few threads share one HTTP pool and one access token).
  3. record every outcome, and use up one accepted subscription per message sent.
A sender killed between 1 and 3 leaves its rows `sending`; once their lease runs out another
sender claims them again, so nothing is lost and at most that one batch goes out twice. A slow
sender stops sending its batch at half the lease, so a live sender's rows are never sent by two.
WeChat failing or slow: the row that met it is retried with exponential back-off, the rest of
the batch goes back to the queue untouched, and the sender pauses before its next claim.
"""
import logging
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from sqlalchemy import and_, bindparam, func, or_, select, update

from app.accounts.models import User
from app.extensions import db
from app.common.timeutil import utcnow
from app.notifications import service, templates
from app.notifications.models import Notification, Subscription
from app.notifications.wechat import (DatabaseTokenStore, RedisTokenStore, SubscribeClient,
                                      TokenError, TransportError)

log = logging.getLogger("app.notifications.sender")

REFUSED = 43101
# errcode -> the request field it names (47003 names the data field in errmsg)
BAD_FIELD = {47003: "data", 41030: "page", 40003: "touser", 40037: "template_id"}
RETRYABLE = {45009, -1}
_DATA_FIELD = re.compile(r"data\.([a-z_]+\d+)")


@dataclass
class Outcome:
    status: str  # sent, refused, failed, retry, no_subscription, inbox_only, expired, released
    error: str | None = None


@dataclass
class BatchReport:
    claimed: int = 0
    reclaimed: int = 0
    outcomes: dict = field(default_factory=dict)

    def count(self, status: str) -> None:
        self.outcomes[status] = self.outcomes.get(status, 0) + 1


OFFER_CHECK_SECONDS = 10


def lapse_offers() -> int:
    """Waiting-list offers past their time pass to the next in line (this loop is the one
    process `make run` starts beside the web server, so it keeps that clock too)."""
    from app.common.uow import transaction
    from app.courses import offers

    now = utcnow()
    lapsed = 0
    for booking_id in offers.due(now):
        with transaction():  # one offer a transaction: no lock held across two parents
            lapsed += offers.lapse(booking_id, now)
    db.session.remove()
    return lapsed


def schedule_health_reminders() -> int:
    """Vaccine doses and check-ups coming due become reminders (app.health.reminders): kept by
    the same loop, since time passing, not a request, is what makes them due."""
    from app.health import reminders

    return reminders.schedule()


class Sender:
    def __init__(self, app: Flask, name: str | None = None):
        self.app = app
        self.name = name or uuid.uuid4().hex[:8]
        config = app.config
        self.batch_size = config["NOTIFY_BATCH_SIZE"]
        self.lease = timedelta(seconds=config["NOTIFY_LEASE_SECONDS"])
        self.max_attempts = config["NOTIFY_MAX_ATTEMPTS"]
        self.retry_seconds = config["NOTIFY_RETRY_SECONDS"]
        self.template_ids = config["WECHAT_TEMPLATE_IDS"]
        self.state = config["WECHAT_MINIPROGRAM_STATE"]
        self.pool = ThreadPoolExecutor(max(1, config["NOTIFY_SEND_THREADS"]))
        self.client = None
        self.pause = 0.0  # seconds to wait before the next claim while WeChat is in trouble
        with app.app_context():
            if config["WECHAT_APPID"] and config["WECHAT_SECRET"]:
                store = (RedisTokenStore(config["REDIS_URL"]) if config["REDIS_URL"]
                         else DatabaseTokenStore(db.engine))
                self.client = SubscribeClient(config["WECHAT_API_BASE"], config["WECHAT_APPID"],
                                              config["WECHAT_SECRET"], store,
                                              timeout=config["WECHAT_TIMEOUT_SECONDS"])
            else:
                log.warning("no WeChat credentials (WECHAT_APPID, WECHAT_SECRET): notifications "
                            "stay in the in-app inbox only")

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        if self.client:
            self.client.close()

    # --- the loop ------------------------------------------------------------------------

    def run(self, stop: threading.Event, idle_seconds: float = 1.0) -> None:
        lapsed_at = health_at = -float("inf")
        health_every = self.app.config["HEALTH_REMINDER_CHECK_SECONDS"]
        while not stop.is_set():
            try:
                with self.app.app_context():
                    if time.monotonic() - lapsed_at >= OFFER_CHECK_SECONDS:
                        lapse_offers()
                        lapsed_at = time.monotonic()
                    if time.monotonic() - health_at >= health_every:
                        health_at = time.monotonic()  # a failing scan waits its turn too
                        schedule_health_reminders()
                    report = self.drain_once()
            except Exception as exc:  # the database away, say: wait and try again
                # the type only: a message could quote SQL parameters
                log.error("sender %s: %s; retrying in 5 s", self.name, type(exc).__name__)
                stop.wait(5)
                continue
            if self.pause:
                stop.wait(self.pause)
            elif not report.claimed:
                stop.wait(idle_seconds)

    def drain_once(self) -> BatchReport:
        """Claim one batch, send it, record it (needs an app context)."""
        report = BatchReport()
        try:
            rows = self._claim(report)
            if rows:
                outcomes = self._deliver(rows)
                self._record(rows, outcomes, report)
        finally:
            db.session.remove()
        return report

    # --- 1. claim ------------------------------------------------------------------------

    def _claim(self, report: BatchReport) -> list[Notification]:
        now = utcnow()
        token = uuid.uuid4().hex
        stale = now - self.lease
        lost = db.session.scalar(select(func.count()).where(
            Notification.status == "sending", Notification.claimed_at < stale))
        if lost:
            log.warning("%s notifications were claimed by a sender that stopped; sending them "
                        "again (some may have gone out already)", lost)
        due = (select(Notification.id).where(or_(
            and_(Notification.status == "pending", Notification.not_before <= now),
            and_(Notification.status == "sending", Notification.claimed_at < stale)))
            .order_by(Notification.not_before).limit(self.batch_size)
            .with_for_update(skip_locked=True).scalar_subquery())
        db.session.execute(update(Notification).where(Notification.id.in_(due)).where(or_(
            Notification.status == "pending", Notification.claimed_at < stale))
            .values(status="sending", claim_token=token, claimed_at=now)
            .execution_options(synchronize_session=False))
        db.session.commit()
        rows = db.session.scalars(select(Notification).where(Notification.claim_token == token)
                                  .order_by(Notification.id)).all()
        report.claimed = len(rows)
        report.reclaimed = min(lost, len(rows))
        return rows

    # --- 2. send -------------------------------------------------------------------------

    def _deliver(self, rows: list[Notification]) -> dict[int, Outcome]:
        now = utcnow()
        outcomes: dict[int, Outcome] = {}
        openids = dict(db.session.execute(select(User.id, User.openid).where(
            User.id.in_({row.user_id for row in rows}))).all())
        budget = self._subscriptions(rows)
        messages = {}
        catalogue = service.catalogue()
        for row in rows:
            if row.expires_at is not None and row.expires_at <= now:
                outcomes[row.id] = Outcome("expired")
            elif self.client is None:
                outcomes[row.id] = Outcome("inbox_only", "未配置微信凭据")
            elif not openids.get(row.user_id):
                outcomes[row.id] = Outcome("inbox_only", "用户没有微信 openid")
            elif not self.template_ids.get(row.template):
                outcomes[row.id] = Outcome("failed",
                                           f"template_id: 未配置模板 {row.template} 的模板 id")
            elif budget.get((row.user_id, row.template), 0) <= 0:
                outcomes[row.id] = Outcome("no_subscription")
            else:
                try:
                    messages[row.id] = self._message(catalogue, row, openids[row.user_id])
                    budget[(row.user_id, row.template)] -= 1
                except templates.ValueRejected as exc:
                    outcomes[row.id] = Outcome("failed", f"{exc.field}: {exc}"[:255])
        trouble = threading.Event()
        # Past half its lease a row may soon be claimed again by another sender: not sent here.
        deadline = rows[0].claimed_at + self.lease / 2
        sent = self.pool.map(lambda item: (item[0], self._send_one(item[1], trouble, deadline)),
                             messages.items())
        outcomes.update(dict(sent))
        self.pause = min(60.0, max(1.0, self.pause * 2)) if trouble.is_set() else 0.0
        return outcomes

    def _subscriptions(self, rows: list[Notification]) -> dict:
        pairs = {(row.user_id, row.template) for row in rows}
        held = db.session.execute(select(Subscription.user_id, Subscription.template,
                                         Subscription.remaining).where(
            Subscription.user_id.in_({user for user, _ in pairs}))).all()
        return {(user, template): remaining for user, template, remaining in held}

    def _message(self, catalogue, row: Notification, openid: str) -> dict:
        kind = catalogue.kind(row.kind)
        template = catalogue.templates[row.template]
        return {"touser": openid, "template_id": self.template_ids[row.template],
                "page": templates.page(kind, template, row.payload, row.id),
                "data": templates.message_data(kind, template, row.payload),
                "miniprogram_state": self.state, "lang": "zh_CN"}

    def _send_one(self, message: dict, trouble: threading.Event, deadline) -> Outcome:
        if trouble.is_set() or utcnow() > deadline:
            return Outcome("released")
        try:
            answer = self.client.send(message)
        except (TransportError, TokenError) as exc:
            trouble.set()
            code = f"errcode {exc.errcode}" if isinstance(exc, TokenError) else str(exc)
            return Outcome("retry", f"微信接口不可用：{code}")
        if answer.errcode == 0:
            return Outcome("sent")
        if answer.errcode == REFUSED:
            return Outcome("refused", f"43101 {answer.errmsg}"[:255])
        if answer.errcode in BAD_FIELD:
            named = BAD_FIELD[answer.errcode]
            match = _DATA_FIELD.search(answer.errmsg)
            if answer.errcode == 47003 and match:
                named = f"data.{match.group(1)}"
            return Outcome("failed", f"{named}: {answer.errcode} {answer.errmsg}"[:255])
        if answer.errcode in RETRYABLE or answer.errcode in (40001, 42001):
            trouble.set()
            return Outcome("retry", f"{answer.errcode} {answer.errmsg}"[:255])
        return Outcome("failed", f"errcode {answer.errcode}: {answer.errmsg}"[:255])

    # --- 3. record -----------------------------------------------------------------------

    def _record(self, rows: list[Notification], outcomes: dict[int, Outcome],
                report: BatchReport) -> None:
        now = utcnow()
        changes = []
        used: list[dict] = []
        refused: list[dict] = []
        for row in rows:
            outcome = outcomes.get(row.id, Outcome("released"))
            report.count(outcome.status)
            values = {"id_": row.id, "status_": outcome.status, "error_": outcome.error,
                      "attempts_": row.attempts + 1, "not_before_": row.not_before,
                      "sent_at_": None}
            if outcome.status == "sent":
                values["sent_at_"] = now
                used.append({"user_": row.user_id, "template_": row.template})
            elif outcome.status == "refused":
                refused.append({"user_": row.user_id, "template_": row.template})
            elif outcome.status == "released":
                values.update(status_="pending", attempts_=row.attempts, error_=row.last_error)
            elif outcome.status == "retry":
                if row.attempts + 1 >= self.max_attempts:
                    values["status_"] = "failed"
                else:
                    delay = self.retry_seconds * 2 ** row.attempts
                    values.update(status_="pending", not_before_=now + timedelta(seconds=delay))
            changes.append(values)
        table = Notification.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("id_"),
                                table.c.claim_token == rows[0].claim_token)
            .values(status=bindparam("status_"), last_error=bindparam("error_"),
                    attempts=bindparam("attempts_"), not_before=bindparam("not_before_"),
                    sent_at=bindparam("sent_at_"), claim_token=None),
            changes, execution_options={"synchronize_session": False})
        subs = Subscription.__table__
        if used:
            db.session.execute(
                update(subs).where(subs.c.user_id == bindparam("user_"),
                                   subs.c.template == bindparam("template_"),
                                   subs.c.remaining > 0)
                .values(remaining=subs.c.remaining - 1), used,
                execution_options={"synchronize_session": False})
        if refused:  # WeChat holds no subscription for it any more
            db.session.execute(
                update(subs).where(subs.c.user_id == bindparam("user_"),
                                   subs.c.template == bindparam("template_"))
                .values(remaining=0), refused, execution_options={"synchronize_session": False})
        db.session.commit()
