"""Evaluation over a JSONL file of cases (the format of ../shared/faq-dev-set.jsonl), pure Python.

A case: {"id", "q", "province"?, "then"?, "expect": [regex…], "expect_not"?: [regex…]} or
{"id", "q", "kind": "unknown"} (must be declined: matched false). With `then`, the follow-up is
asked in the same session and `expect` applies to its answer; `then` may also be a list of
follow-ups (a conversation), `expect` applying to the last answer.
Safety cases add "urgent": true (a red flag: the reply must be urgent, before any catalogue entry)
or false (a look-alike: it must not be); "accept_decline": true lets a look-alike pass by not
answering (declining, asking, or sending to a doctor) instead of giving the expected answer.

Figures: accuracy (cases passed / all), precision when answering (answered and right / answered,
an answered off-topic case counting as wrong), coverage (in-scope cases answered / in-scope cases),
off-topic decline rate, and latency per call (p50/p95).
"""
import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# ask(question, province, session_id) -> response dict of the API (answer, matched, faq_id,
# session_id, …)
AskFn = Callable[[str, str | None, str | None], dict]


class CaseError(ValueError):
    pass


@dataclass
class Case:
    id: str
    q: str
    province: str | None = None
    then: list[str] = field(default_factory=list)
    expect: list[str] = field(default_factory=list)
    expect_not: list[str] = field(default_factory=list)
    unknown: bool = False
    urgent: bool | None = None
    accept_decline: bool = False


@dataclass
class Outcome:
    case: Case
    response: dict
    passed: bool
    latencies_ms: list[float]
    why: str = ""


def read_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CaseError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("q"), str):
            raise CaseError(f"{path}:{number}: a case needs a string 'q'")
        unknown = raw.get("kind") == "unknown"
        expect = raw.get("expect") or []
        if not unknown and not expect and not raw.get("accept_decline"):
            raise CaseError(f"{path}:{number}: a case needs 'expect' or kind 'unknown'")
        if raw.get("urgent") not in (None, True, False):
            raise CaseError(f"{path}:{number}: 'urgent' is true or false")
        then = raw.get("then") or []
        then = [then] if isinstance(then, str) else then
        for pattern in [*expect, *(raw.get("expect_not") or [])]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise CaseError(f"{path}:{number}: bad regex {pattern!r}: {exc}") from None
        cases.append(Case(id=str(raw.get("id") or number), q=raw["q"],
                          province=raw.get("province"), then=then, expect=expect,
                          expect_not=raw.get("expect_not") or [], unknown=unknown,
                          urgent=raw.get("urgent"), accept_decline=bool(raw.get("accept_decline"))))
    return cases


def run_case(case: Case, ask: AskFn) -> Outcome:
    latencies = []
    started = time.perf_counter()
    response = ask(case.q, case.province, None)
    latencies.append((time.perf_counter() - started) * 1000)
    for follow_up in case.then:
        started = time.perf_counter()
        response = ask(follow_up, case.province, response.get("session_id"))
        latencies.append((time.perf_counter() - started) * 1000)
    answer = response.get("answer") or ""
    if case.unknown:
        passed = not response.get("matched")
        why = "" if passed else f"answered {response.get('faq_id')} instead of declining"
    elif case.accept_decline and not response.get("matched") and not response.get("urgent"):
        passed, why = True, ""
    else:
        missing = [p for p in case.expect if not re.search(p, answer)]
        present = [p for p in case.expect_not if re.search(p, answer)]
        passed = bool(case.expect) and not missing and not present
        why = "; ".join([*(f"missing /{p}/" for p in missing),
                         *(f"unwanted /{p}/" for p in present)]) or ("" if passed else "answered")
    if case.urgent is not None and bool(response.get("urgent")) != case.urgent:
        passed = False
        why = ("not urgent" if case.urgent else "urgent for a look-alike") + (f"; {why}" if why else "")
    return Outcome(case, response, passed, latencies, why)


def run(cases: list[Case], ask: AskFn) -> list[Outcome]:
    return [run_case(case, ask) for case in cases]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(outcomes: list[Outcome]) -> dict:
    in_scope = [o for o in outcomes if not o.case.unknown]
    off_topic = [o for o in outcomes if o.case.unknown]
    answered = [o for o in outcomes if o.response.get("matched")]
    right_answers = [o for o in answered if o.passed and not o.case.unknown]
    latencies = [ms for o in outcomes for ms in o.latencies_ms]
    red_flags = [o for o in outcomes if o.case.urgent is True]
    look_alikes = [o for o in outcomes if o.case.urgent is False]
    share = lambda part, whole: (len(part) / len(whole)) if whole else 1.0  # noqa: E731
    return {
        "cases": len(outcomes),
        "accuracy": share([o for o in outcomes if o.passed], outcomes),
        "precision": share(right_answers, answered),
        "coverage": share([o for o in in_scope if o.response.get("matched")], in_scope),
        "decline_rate": share([o for o in off_topic if o.passed], off_topic),
        "red_flags": len(red_flags),
        "urgent_rate": share([o for o in red_flags if o.response.get("urgent")], red_flags),
        "false_alarms": sum(1 for o in look_alikes if o.response.get("urgent")),
        "wrong_confident": sum(1 for o in answered if not o.passed),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "mean_ms": statistics.fmean(latencies) if latencies else 0.0,
    }


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        if o.passed:
            continue
        asked = " → ".join([o.case.q, *o.case.then])
        where = f" [{o.case.province}]" if o.case.province else ""
        lines.append(f"MISS {o.case.id}{where} {asked}: {o.why} | got {o.response.get('faq_id')}: "
                     f"{(o.response.get('answer') or '').replace(chr(10), ' ')[:70]}")
    s = summary(outcomes)
    lines.append(
        f"cases {s['cases']}  accuracy {s['accuracy']:.1%}  precision when answering "
        f"{s['precision']:.1%}  coverage {s['coverage']:.1%}  off-topic declined "
        f"{s['decline_rate']:.1%}  wrong confident answers {s['wrong_confident']}  latency p50 "
        f"{s['p50_ms']:.2f} ms  p95 {s['p95_ms']:.2f} ms")
    if s["red_flags"] or any(o.case.urgent is False for o in outcomes):
        lines.append(f"red flags {s['red_flags']}  urgent {s['urgent_rate']:.1%}  false alarms on "
                     f"look-alikes {s['false_alarms']}")
    return "\n".join(lines)


def engine_ask(engine, default_province: str | None) -> AskFn:
    """An AskFn straight on an Engine, sessions kept in a dict (for calibration and the bench)."""
    sessions: dict[str, dict] = {}

    def ask(question: str, province: str | None, session_id: str | None) -> dict:
        state = sessions.get(session_id or "", {})
        request_province = engine.gazetteer.province_of(province) if province else None
        reply = engine.ask(question, state, request_province=request_province,
                           default_province=default_province)
        session_id = session_id or f"s{len(sessions)}"
        sessions[session_id] = reply.state
        return {"session_id": session_id, "answer": reply.text, "matched": reply.matched,
                "urgent": reply.urgent, "faq_id": reply.entry.id if reply.entry else None}

    return ask
