"""Every log line the whole test run produces, and the PIPL check over them that runs when the
session finishes (tests/conftest.py): no phone number, nickname, token or WeChat code."""
import logging
import re

PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")  # not inside hex ids
TOKEN = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
# Nicknames and WeChat codes the suite sends (kept distinctive so a match means a leak).
SECRETS = ["乐乐妈", "小明妈妈", "小雨妈妈", "openid-secret-123", "c2Vzc2lvbi1rZXk=",
           "桂花巷演示小区"]   # the home-visit address tests/courses/test_home_visits.py books


class RunLog(logging.Handler):
    lines: list[str] = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        RunLog.lines.append(f"{record.name}: {text}")


def leaks(lines: list[str]) -> list[str]:
    return [line for line in lines
            if PHONE.search(line) or TOKEN.search(line) or any(s in line for s in SECRETS)]
