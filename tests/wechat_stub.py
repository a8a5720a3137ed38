"""A local HTTP server that speaks WeChat's code2Session protocol, for the real client to call.

It checks the parameters WeChat requires and answers the way WeChat does (JSON, errcode on
failure). The js_code decides the answer:
  ok:<openid>[:<unionid>]  success          invalid  -> 40029      used -> 40163
  ratelimit -> 45011       risky -> 40226   busy -> -1 (system busy)
  http500 -> an HTTP 500   slow -> sleeps longer than the client's timeout
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

APPID = "wx-test-appid"
SECRET = "test-secret"
SLOW_SECONDS = 1.5


class _Handler(BaseHTTPRequestHandler):
    calls: list[dict] = []

    def log_message(self, *args):  # keep test output quiet
        pass

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


class WeChatStub:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    @property
    def calls(self) -> list[dict]:
        return _Handler.calls

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
