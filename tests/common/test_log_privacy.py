"""PIPL: after the whole suite has run (this test is moved to the end), nothing any test logged
holds a phone number, a nickname, a token or a WeChat code."""
import re

from tests.runlog import RunLog

PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")  # not inside hex ids
TOKEN = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
# Nicknames and WeChat codes the suite sends (kept distinctive so a match means a leak).
SECRETS = ["乐乐妈", "小明妈妈", "小雨妈妈", "openid-secret-123", "c2Vzc2lvbi1rZXk="]


def test_no_personal_data_in_the_logs_of_the_whole_run():
    lines = RunLog.lines
    assert len(lines) > 100, "the run log should hold the suite's request lines"
    leaks = [line for line in lines
             if PHONE.search(line) or TOKEN.search(line) or any(s in line for s in SECRETS)]
    assert leaks == [], "\n".join(leaks[:20])
