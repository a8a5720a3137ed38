#!/usr/bin/env python3
"""FAQ bot latency, in process, with the real knowledge base and a 10x synthetic one.

    .venv/bin/python bench/faq_bench.py                 # dev set questions, 20 rounds
    .venv/bin/python bench/faq_bench.py --repeat 50 --cases tests/faqbot/eval/parents.jsonl
    .venv/bin/python bench/faq_bench.py --cases tests/faqbot/eval/safety.jsonl --child-months 4

Printed: the cold start of the retrieval core (imports, jieba with the domain dictionary, index
build from content/faq/), resident memory after it, then p50/p95/max of one answer (engine.ask:
normalise, slots, retrieval, re-rank, decision, rendering; follow-ups asked with the state of
their first question) over every question of the case files repeated, for the real knowledge base
and for one with every entry copied ten times (distinct ids and a distinct word per copy, so the
index really holds ten times the phrasings). No Flask, no database: the per-request database
work (session row, log row, version check) is measured by the API, not here.

Baselines measured in the same run, the in-process equivalents of the health endpoint: the
normalisation of each question alone (NFKC, OpenCC, numerals: the least possible work), and a
fixed piece of pure-Python work of about the engine's median CPU time, whose wall-clock tail
against its CPU time shows how much the other processes on the machine stretch a call of that
size at that moment. Every line gives wall clock and CPU time (thread_time) side by side.

The engine caches each question's words (and text.normalize its normal form), so a question asked
again is cheaper; "each question new" empties those caches before every conversation, the cost
of a question the process has not seen, and "repeated" keeps them, as for a popular question.
"""
import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.faqbot import evaluate  # noqa: E402
from app.faqbot.engine import Engine  # noqa: E402
from app.faqbot.kb import KB, Entry, load_kb  # noqa: E402
from app.faqbot.text import normalize  # noqa: E402

DEV_SET = ROOT / "tests" / "faqbot" / "eval" / "dev.jsonl"   # the shared dev set, kept here
_SYNTHETIC_WORDS = "甲乙丙丁戊己庚辛壬癸"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tenfold(kb: KB) -> KB:
    entries = []
    for copy in range(10):
        tag = "" if copy == 0 else f"{_SYNTHETIC_WORDS[copy]}类"
        for e in kb.entries:
            entries.append(Entry(
                id=e.id if copy == 0 else f"{e.id}-x{copy}", topic=e.topic,
                title=e.title + tag, questions=[q + tag for q in e.questions], answer=e.answer,
                sources=e.sources, confidence=e.confidence, leave=e.leave))
    return KB(entries=entries, leave=kb.leave, gazetteer=kb.gazetteer, synonyms=kb.synonyms,
              userdict=kb.userdict, personal=kb.personal, safety=kb.safety,
              colloquial=kb.colloquial)


def questions(paths: list[Path]) -> list[tuple[str, str | None, list[str]]]:
    out = []
    for path in paths:
        for case in evaluate.read_cases(path):
            out.append((case.q, case.province, case.then))
    return out


CPU: list[float] = []     # the CPU time of the last timings() call's answers (thread_time)


def forget(engine: Engine) -> None:
    normalize.cache_clear()
    engine.analyse.cache_clear()


def timings(engine: Engine, asked, repeat: int, child: dict | None = None,
            fresh: bool = False) -> list[float]:
    """Wall-clock ms per answer; the CPU ms of the same answers go to CPU (on a shared machine
    the wall clock also counts the time other processes hold the core). `fresh`: every
    conversation starts with empty caches."""
    province_of = engine.gazetteer.province_of
    samples = []
    CPU.clear()
    for _ in range(repeat):
        for question, province, then in asked:
            hint = province_of(province) if province else None
            state = {}
            if fresh:
                forget(engine)
            for text in [question, *then]:
                started, cpu = time.perf_counter(), time.thread_time()
                reply = engine.ask(text, state, request_province=hint, default_province="江苏",
                                   child=child)
                samples.append((time.perf_counter() - started) * 1000)
                CPU.append((time.thread_time() - cpu) * 1000)
                state = reply.state
    return samples


def baseline(asked, repeat: int) -> list[float]:
    samples = []
    CPU.clear()
    for _ in range(repeat):
        for question, _, then in asked:
            for text in [question, *then]:
                started, cpu = time.perf_counter(), time.thread_time()
                normalize.__wrapped__(text)
                samples.append((time.perf_counter() - started) * 1000)
                CPU.append((time.thread_time() - cpu) * 1000)
    return samples


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def fixed_work(ms: float, count: int) -> list[float]:
    """`count` runs of a pure-Python loop sized to take about `ms` of CPU on this machine."""
    started = time.thread_time()
    _spin(200_000)
    per_ms = 200_000 / max((time.thread_time() - started) * 1000, 1e-3)
    n = max(1, int(per_ms * ms))
    samples = []
    CPU.clear()
    for _ in range(count):
        started, cpu = time.perf_counter(), time.thread_time()
        _spin(n)
        samples.append((time.perf_counter() - started) * 1000)
        CPU.append((time.thread_time() - cpu) * 1000)
    return samples


def line(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return (f"{label:<32} n={len(samples):>6}  p50 {pick(0.50):6.2f} ms  p95 {pick(0.95):6.2f} ms"
            f"  max {max(ordered):6.2f} ms  mean {statistics.fmean(ordered):5.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cases", nargs="*", type=Path, default=None,
                        help="JSONL case files (default: tests/faqbot/eval/dev.jsonl)")
    parser.add_argument("--child-months", type=int, default=None,
                        help="ask as a logged-in parent whose child is this many months old")
    args = parser.parse_args()

    build_started = time.perf_counter()
    kb = load_kb(ROOT / "content" / "faq")
    engine = Engine(kb)
    cold = time.perf_counter() - STARTED
    print(f"cold start (imports + jieba + domain dictionary + index): {cold:.2f} s "
          f"(of which loading content and building {time.perf_counter() - build_started:.2f} s)")
    print(f"knowledge base: {len(engine.entries)} entries, {len(engine.doc_entry)} phrasings; "
          f"RSS {rss_mb():.0f} MB")

    asked = questions(args.cases or [DEV_SET])
    child = {"months": args.child_months} if args.child_months is not None else None
    timings(engine, asked, 1, child)                             # warm up once
    print(line("baseline (normalise only)", baseline(asked, args.repeat)))
    print(line("baseline, CPU time", CPU))
    fresh = timings(engine, asked, args.repeat, child, fresh=True)
    fresh_cpu = list(CPU)
    work = fixed_work(statistics.median(fresh_cpu), len(fresh))
    print(line(f"fixed work ({statistics.median(fresh_cpu):.2f} ms CPU)", work))
    print(line("fixed work, CPU time", CPU))
    print(line("real KB, each question new", fresh))
    print(line("real KB, new, CPU time", fresh_cpu))
    print(line("real KB, repeated", timings(engine, asked, args.repeat, child)))
    print(line("real KB, repeated, CPU time", CPU))

    started = time.perf_counter()
    big = Engine(tenfold(kb), tokenizer=engine.tokenizer)
    print(f"10x KB: {len(big.entries)} entries, {len(big.doc_entry)} phrasings, "
          f"index build {time.perf_counter() - started:.2f} s; RSS {rss_mb():.0f} MB")
    timings(big, asked, 1, child)
    print(line("10x synthetic KB, new", timings(big, asked, args.repeat, child, fresh=True)))
    print(line("10x synthetic KB, new, CPU", CPU))
    print(f"peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
