"""WeChat's server API for subscribe messages: the stable access token and subscribe/send.

The token is shared by every sender process: in Redis when REDIS_URL is set, else in the
database (table wechat_token). It is refreshed when less than five minutes remain (WeChat hands
out a new one five minutes early and both work meanwhile), in normal mode only: force_refresh
invalidates every other process's token and is limited to 20 a day, so it is never used here.
"""
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app.common.timeutil import utcnow
from app.notifications.models import WeChatToken

log = logging.getLogger("app.notifications.wechat")

REFRESH_MARGIN = timedelta(minutes=5)
TOKEN_ERRORS = (40001, 42001)  # invalid or expired access_token


class TransportError(Exception):
    """No usable answer: a timeout, a refused connection, an HTTP 5xx, a body that is not JSON."""


class TokenError(Exception):
    def __init__(self, errcode: int, errmsg: str):
        self.errcode, self.errmsg = errcode, errmsg
        super().__init__(f"stable_token errcode {errcode}")


@dataclass(frozen=True)
class Answer:
    errcode: int
    errmsg: str
    msgid: str | None = None


class DatabaseTokenStore:
    def __init__(self, engine):
        self.engine = engine

    def read(self, appid: str) -> tuple[str, datetime] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(WeChatToken.token, WeChatToken.expires_at)
                               .where(WeChatToken.appid == appid)).first()
        return (row.token, row.expires_at) if row else None

    def write(self, appid: str, token: str, expires_at: datetime) -> None:
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(WeChatToken.__table__).values(
            appid=appid, token=token, expires_at=expires_at)
        statement = statement.on_conflict_do_update(
            index_elements=["appid"], set_={"token": token, "expires_at": expires_at})
        with self.engine.begin() as conn:
            conn.execute(statement)


class RedisTokenStore:
    def __init__(self, url: str):
        import redis

        self.redis = redis.Redis.from_url(url)

    @staticmethod
    def _key(appid: str) -> str:
        return f"yuer:wechat_token:{appid}"

    def read(self, appid: str) -> tuple[str, datetime] | None:
        value = self.redis.get(self._key(appid))
        if not value:
            return None
        token, _, expires = value.decode().rpartition("|")
        return token, datetime.fromisoformat(expires)

    def write(self, appid: str, token: str, expires_at: datetime) -> None:
        seconds = max(1, int((expires_at - utcnow()).total_seconds()))
        self.redis.set(self._key(appid), f"{token}|{expires_at.isoformat()}", ex=seconds)


class SubscribeClient:
    """Thread-safe: the sender's threads share one client, one connection pool, one token."""

    def __init__(self, base_url: str, appid: str, secret: str, store, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self.appid, self.secret, self.store = appid, secret, store
        self.http = httpx.Client(timeout=timeout, limits=httpx.Limits(max_keepalive_connections=16))
        self._lock = threading.Lock()
        self._token: tuple[str, datetime] | None = None
        self.token_fetches = 0

    def close(self) -> None:
        self.http.close()

    def token(self, stale: str | None = None) -> str:
        """A token with five minutes to run; `stale` is one WeChat just rejected."""
        with self._lock:
            for source in ("memory", "store"):
                held = self._token if source == "memory" else self.store.read(self.appid)
                if held and held[0] != stale and held[1] - utcnow() > REFRESH_MARGIN:
                    self._token = held
                    return held[0]
            token, expires_at = self._fetch_token()
            self.store.write(self.appid, token, expires_at)
            self._token = (token, expires_at)
            return token

    def _fetch_token(self) -> tuple[str, datetime]:
        body = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret,
                "force_refresh": False}
        payload = self._post("/cgi-bin/stable_token", body)
        if payload.get("errcode"):
            raise TokenError(payload["errcode"], str(payload.get("errmsg", "")))
        if not payload.get("access_token"):
            raise TransportError("stable_token answered without a token")
        self.token_fetches += 1
        log.info("WeChat access token refreshed (expires in %ss)", payload.get("expires_in"))
        return payload["access_token"], utcnow() + timedelta(seconds=int(payload["expires_in"]))

    def send(self, message: dict) -> Answer:
        """POST subscribe/send; on 40001/42001 fetch the token again once and retry once."""
        token = self.token()
        answer = self._send(token, message)
        if answer.errcode in TOKEN_ERRORS:
            answer = self._send(self.token(stale=token), message)
        return answer

    def _send(self, token: str, message: dict) -> Answer:
        payload = self._post(f"/cgi-bin/message/subscribe/send?access_token={token}", message)
        return Answer(int(payload.get("errcode") or 0), str(payload.get("errmsg", "")),
                      payload.get("msgid"))

    def _post(self, path: str, body: dict) -> dict:
        try:
            response = self.http.post(self.base_url + path, json=body)
        except httpx.HTTPError as exc:
            raise TransportError(type(exc).__name__) from None
        if response.status_code >= 500:
            raise TransportError(f"HTTP {response.status_code}")
        try:
            payload = response.json()  # JSON, sometimes labelled text/plain
        except ValueError:
            raise TransportError(f"HTTP {response.status_code}, not JSON") from None
        if not isinstance(payload, dict):
            raise TransportError("not a JSON object")
        return payload
