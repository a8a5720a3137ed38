"""A thin client for WeChat's mini-program login API (code2Session).

Only the server calls WeChat; the mini-program never sees our secret or WeChat's session_key.
The base URL is configurable so tests point the real client at a local stub.
"""
from dataclasses import dataclass

import httpx

from app.common.errors import DomainError


@dataclass(frozen=True)
class WeChatSession:
    openid: str
    session_key: str
    unionid: str | None


# errcode -> (HTTP status, our code, Chinese message)
_ERRORS = {
    40029: (400, "wechat_code_invalid", "微信登录凭证无效，请重新进入小程序"),
    40163: (400, "wechat_code_used", "微信登录凭证已使用，请重新进入小程序"),
    45011: (429, "wechat_rate_limited", "登录太频繁，请一分钟后再试"),
    40226: (403, "wechat_user_blocked", "该微信账号存在风险，暂时无法登录"),
}
_UNAVAILABLE = (503, "wechat_unavailable", "微信服务暂时不可用，请稍后再试")


class WeChatClient:
    def __init__(self, base_url: str, appid: str, secret: str, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self.appid, self.secret, self.timeout = appid, secret, timeout

    def code_to_session(self, code: str) -> WeChatSession:
        params = {"appid": self.appid, "secret": self.secret, "js_code": code,
                  "grant_type": "authorization_code"}
        try:
            response = httpx.get(f"{self.base_url}/sns/jscode2session", params=params,
                                 timeout=self.timeout)
        except httpx.HTTPError:
            raise _error(_UNAVAILABLE)
        if response.status_code >= 400:
            raise _error(_UNAVAILABLE)
        try:
            # WeChat answers JSON, sometimes labelled text/plain.
            payload = response.json()
        except ValueError:
            raise _error(_UNAVAILABLE)
        errcode = payload.get("errcode") or 0
        if errcode != 0:
            raise _error(_ERRORS.get(errcode, _UNAVAILABLE))
        if not payload.get("openid"):
            raise _error(_UNAVAILABLE)
        return WeChatSession(payload["openid"], payload.get("session_key", ""),
                             payload.get("unionid"))


def _error(entry: tuple[int, str, str]) -> DomainError:
    status, code, message = entry
    headers = {"Retry-After": "60"} if status in (429, 503) else None
    return DomainError(code, message, status=status, headers=headers)
