"""A local HTTP server that speaks WeChat's code2Session protocol, for the real client to call.

It checks the parameters WeChat requires and answers the way WeChat does (JSON, errcode on
failure). The js_code decides the answer:
  ok:<openid>[:<unionid>]  success          invalid  -> 40029      used -> 40163
  ratelimit -> 45011       risky -> 40226   busy -> -1 (system busy)
  http500 -> an HTTP 500   slow -> sleeps longer than the client's timeout

It also speaks the subscribe-message API (POST /cgi-bin/stable_token and
/cgi-bin/message/subscribe/send), with WeChat's checks: the token (40001 unknown, 42001
expired), the template id (40037), the openid (40003), the page against the released pages
(41030), every field of the template against its type's limits (47003 naming the field), the
parent's refusal (43101). Tests script the rest through `stub.subscribe` (a SubscribeState):
`fail_next(*outcomes)` (an errcode, "http500" or "slow"), `delay` per send, `expire_tokens()`,
`hold_until(n)` (the first sends wait until n are in flight at once: two senders really overlap).
Run alone (for bench/notify.py): python -m tests.wechat_stub --port 8999
"""
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

APPID = "wx-test-appid"
SECRET = "test-secret"
SLOW_SECONDS = 1.5

# The templates as chosen in the WeChat admin console: id -> {field: type}. The configuration
# maps our template keys to these ids (TEMPLATE_IDS); content/notifications/templates.yaml must
# agree with the fields, or WeChat (this stub) answers 47003.
TEMPLATES = {
    "tmpl-booking-result": {"thing1": "thing", "time2": "time", "thing3": "thing",
                            "phrase4": "phrase", "thing5": "thing"},
    "tmpl-waitlist-offer": {"thing1": "thing", "time2": "time", "time3": "time",
                            "thing4": "thing"},
    "tmpl-session-change": {"thing1": "thing", "time2": "time", "phrase3": "phrase",
                            "thing4": "thing"},
    "tmpl-class-reminder": {"thing1": "thing", "time2": "time", "thing3": "thing",
                            "thing4": "thing"},
    "tmpl-voucher-notice": {"thing1": "thing", "phrase2": "phrase", "date3": "date",
                            "thing4": "thing"},
    "tmpl-health-reminder": {"thing1": "thing", "thing2": "thing", "date3": "date",
                             "thing4": "thing"},
}
TEMPLATE_IDS = {"booking_result": "tmpl-booking-result", "waitlist_offer": "tmpl-waitlist-offer",
                "session_change": "tmpl-session-change", "class_reminder": "tmpl-class-reminder",
                "voucher_notice": "tmpl-voucher-notice", "health_reminder": "tmpl-health-reminder"}
RELEASED_PAGES = {"pages/bookings/detail", "pages/inbox/index", "pages/vouchers/detail",
                  "pages/health/index"}
_TIME = r"(\d{4}年\d{1,2}月\d{1,2}日 ?)?(\d{1,2}:\d{2})?"
_DATE = r"\d{4}([年/.-])\d{1,2}([月/.-])\d{1,2}日?( \d{1,2}:\d{2})?"
_LIMITS = {
    "thing": lambda v: 0 < len(v) <= 20,
    "phrase": lambda v: 0 < len(v) <= 5 and all("\u4e00" <= c <= "\u9fff" for c in v),
    "time": lambda v: bool(v) and all(re.fullmatch(_TIME, part) and part for part in v.split("~")),
    "date": lambda v: all(re.fullmatch(_DATE, part) for part in v.split("~")),
    "number": lambda v: bool(re.fullmatch(r"\d+(\.\d+)?", v)) and len(v) <= 32,
    "character_string": lambda v: 0 < len(v) <= 32,
}


class SubscribeState:
    """What WeChat holds for the subscribe API, and the faults a test injects."""

    def __init__(self):
        self.lock = threading.Lock()
        self.flight = threading.Condition()
        self.reset()

    def reset(self):
        with self.lock:
            self.tokens: dict[str, float] = {}  # token -> expiry (monotonic)
            self.token_ttl = 7200
            self.token_calls = 0
            self.sent: list[dict] = []
            self.send_calls = 0
            self.script: list = []
            self.delay = 0.0
            self.refusing: set[str] = set()
        with self.flight:
            self.in_flight, self.hold = 0, 0

    def fail_next(self, *outcomes):
        """The next sends answer these, in order: an errcode, "http500" or "slow"."""
        with self.lock:
            self.script.extend(outcomes)

    def hold_until(self, in_flight: int, timeout: float = 60.0):
        """Sends wait (up to timeout) until this many are in flight at once; then none waits."""
        with self.flight:
            self.hold, self.hold_timeout = in_flight, timeout

    def _wait_for_company(self):
        with self.flight:
            self.in_flight += 1
            if self.hold and self.in_flight >= self.hold:
                self.hold = 0
                self.flight.notify_all()
            elif self.hold:
                self.flight.wait_for(lambda: not self.hold, timeout=self.hold_timeout)

    def expire_tokens(self):
        with self.lock:
            self.tokens = {token: 0.0 for token in self.tokens}

    def summary(self) -> dict:
        """Calls, messages accepted, and how many of them repeated a notification (its nid)."""
        with self.lock:
            pages = [m.get("page", "") for m in self.sent]
            calls, tokens = self.send_calls, self.token_calls
        unique = len(set(pages))
        return {"send_calls": calls, "sent": len(pages), "unique": unique,
                "duplicates": len(pages) - unique, "token_calls": tokens}

    def issue_token(self) -> tuple[str, int]:
        with self.lock:
            self.token_calls += 1
            now = time.monotonic()
            # Normal mode: the same token while it has more than 5 minutes left.
            for token, expiry in self.tokens.items():
                if expiry - now > 300:
                    return token, int(expiry - now)
            token = f"stub-token-{self.token_calls:04d}-" + "x" * 120
            self.tokens[token] = now + self.token_ttl
            return token, self.token_ttl

    def send(self, token: str, body: dict):
        """-> (HTTP status, answer); sleeps where the script or `delay` says."""
        with self.lock:
            self.send_calls += 1
            expiry = self.tokens.get(token)
            valid = expiry is not None and expiry > time.monotonic()
            scripted = self.script[0] if self.script else None
            # a transport fault strikes any call; an errcode only a call WeChat accepted
            if scripted in ("http500", "slow") or (scripted is not None and valid):
                self.script.pop(0)
            else:
                scripted = None
            delay = self.delay
        self._wait_for_company()
        try:
            if delay:
                time.sleep(delay)
        finally:
            with self.flight:
                self.in_flight -= 1
        if scripted == "http500":
            return 500, {"errmsg": "internal"}
        if scripted == "slow":
            time.sleep(SLOW_SECONDS)
            return 200, {"errcode": 0, "errmsg": "ok", "msgid": 1}
        if expiry is None:
            return 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}
        if not valid:
            return 200, {"errcode": 42001, "errmsg": "access_token expired"}
        if isinstance(scripted, int):
            return 200, {"errcode": scripted, "errmsg": f"scripted error {scripted}"}
        fields = TEMPLATES.get(body.get("template_id"))
        if fields is None:
            return 200, {"errcode": 40037, "errmsg": "invalid template_id"}
        touser = body.get("touser") or ""
        if not touser or touser.startswith("bad-"):
            return 200, {"errcode": 40003, "errmsg": "invalid openid"}
        page = body.get("page")
        if page is not None and page.split("?")[0] not in RELEASED_PAGES:
            return 200, {"errcode": 41030, "errmsg": "invalid page"}
        if body.get("miniprogram_state", "formal") not in ("developer", "trial", "formal"):
            return 200, {"errcode": 47003, "errmsg": "argument invalid! miniprogram_state"}
        data = body.get("data") or {}
        for name, kind in fields.items():
            value = (data.get(name) or {}).get("value")
            check = _LIMITS.get(kind, lambda v: bool(v))
            if not isinstance(value, str) or "\n" in value or not check(value):
                return 200, {"errcode": 47003,
                             "errmsg": f"argument invalid! data.{name}.value invalid"}
        if touser in self.refusing:
            return 200, {"errcode": 43101, "errmsg": "user refuse to accept the msg"}
        with self.lock:
            self.sent.append(body)
            msgid = len(self.sent)
        return 200, {"errcode": 0, "errmsg": "ok", "msgid": msgid}


SUBSCRIBE = SubscribeState()


class _Handler(BaseHTTPRequestHandler):
    calls: list[dict] = []
    protocol_version = "HTTP/1.1"  # keep-alive, as WeChat's servers do
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall between

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self._send(200, {"errcode": 47001, "errmsg": "data format error"})
        if url.path == "/cgi-bin/stable_token":
            if body.get("grant_type") != "client_credential":
                return self._send(200, {"errcode": 40002, "errmsg": "invalid grant_type"})
            if body.get("appid") != APPID or body.get("secret") != SECRET:
                return self._send(200, {"errcode": 40013, "errmsg": "invalid appid"})
            token, expires_in = SUBSCRIBE.issue_token()
            return self._send(200, {"access_token": token, "expires_in": expires_in})
        if url.path == "/cgi-bin/message/subscribe/send":
            token = parse_qs(url.query).get("access_token", [""])[0]
            status, answer = SUBSCRIBE.send(token, body)
            return self._send(status, answer)
        if url.path == "/stub/reset":  # for a stub run alone (bench/notify.py)
            SUBSCRIBE.reset()
            SUBSCRIBE.delay = float(body.get("delay", 0))
            return self._send(200, {"ok": True})
        if url.path == "/stub/summary":
            return self._send(200, SUBSCRIBE.summary())
        return self._send(404, {"errcode": 404, "errmsg": "not found"})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/sns/jscode2session":
            return self._send(404, {"errcode": 404, "errmsg": "not found"})
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        _Handler.calls.append(params)
        if params.get("appid") != APPID or params.get("secret") != SECRET:
            return self._send(200, {"errcode": 40013, "errmsg": "invalid appid"})
        if params.get("grant_type") != "authorization_code":
            return self._send(200, {"errcode": 40002, "errmsg": "invalid grant_type"})
        code = params.get("js_code", "")
        if code.startswith("ok:"):
            parts = code.split(":")
            body = {"openid": parts[1], "session_key": "c2Vzc2lvbi1rZXk="}
            if len(parts) > 2:
                body["unionid"] = parts[2]
            return self._send(200, body)
        if code == "http500":
            return self._send(500, {"errmsg": "internal"})
        if code == "slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, {"openid": "late", "session_key": "x"})
        errors = {"invalid": (40029, "invalid code"), "used": (40163, "code been used"),
                  "ratelimit": (45011, "api minute-quota reach limit"),
                  "risky": (40226, "high risk user"), "busy": (-1, "system error")}
        errcode, errmsg = errors.get(code, (40029, "invalid code"))
        return self._send(200, {"errcode": errcode, "errmsg": errmsg})

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        # WeChat labels its JSON text/plain; the client must cope.
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is fine
            super().handle_error(request, client_address)


class WeChatStub:
    def __init__(self):
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    @property
    def calls(self) -> list[dict]:
        return _Handler.calls

    @property
    def subscribe(self) -> SubscribeState:
        return SUBSCRIBE

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="WeChat stub (login and subscribe messages)")
    parser.add_argument("--port", type=int, default=8999)
    args = parser.parse_args()
    server = _Server(("127.0.0.1", args.port), _Handler)
    server.daemon_threads = True
    print(f"WeChat stub on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()
