#!/usr/bin/env python3
"""FAQ bot latency, in process, with the real knowledge base and a 10x synthetic one.

    .venv/bin/python bench/faq_bench.py                 # dev set questions, 20 rounds
    .venv/bin/python bench/faq_bench.py --repeat 50 --cases tests/faqbot/eval/parents.jsonl

Printed: the cold start of the retrieval core (imports, jieba with the domain dictionary, index
build from content/faq/), resident memory after it, then p50/p95/max of one answer (engine.ask:
normalise, slots, retrieval, re-rank, decision, rendering; follow-ups asked with the state of
their first question) over every question of the case files repeated, for the real knowledge base
and for one with every entry copied ten times (distinct ids and a distinct word per copy, so the
index really holds ten times the phrasings). No Flask, no database: the per-request database
work (session row, log row, version check) is measured by the API, not here.
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

SHARED_DEV = ROOT.parent / "shared" / "faq-dev-set.jsonl"
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
              userdict=kb.userdict)


def questions(paths: list[Path]) -> list[tuple[str, str | None, str | None]]:
    out = []
    for path in paths:
        for case in evaluate.read_cases(path):
            out.append((case.q, case.province, case.then))
    return out


def timings(engine: Engine, asked, repeat: int) -> list[float]:
    province_of = engine.gazetteer.province_of
    samples = []
    for _ in range(repeat):
        for question, province, then in asked:
            hint = province_of(province) if province else None
            started = time.perf_counter()
            reply = engine.ask(question, {}, request_province=hint, default_province="江苏")
            samples.append((time.perf_counter() - started) * 1000)
            if then:
                started = time.perf_counter()
                engine.ask(then, reply.state, request_province=hint, default_province="江苏")
                samples.append((time.perf_counter() - started) * 1000)
    return samples


def line(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return (f"{label:<28} n={len(samples):>6}  p50 {pick(0.50):6.2f} ms  p95 {pick(0.95):6.2f} ms"
            f"  max {max(ordered):6.2f} ms  mean {statistics.fmean(ordered):5.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cases", nargs="*", type=Path, default=None,
                        help="JSONL case files (default: ../shared/faq-dev-set.jsonl)")
    args = parser.parse_args()

    build_started = time.perf_counter()
    kb = load_kb(ROOT / "content" / "faq")
    engine = Engine(kb)
    cold = time.perf_counter() - STARTED
    print(f"cold start (imports + jieba + domain dictionary + index): {cold:.2f} s "
          f"(of which loading content and building {time.perf_counter() - build_started:.2f} s)")
    print(f"knowledge base: {len(engine.entries)} entries, {len(engine.doc_entry)} phrasings; "
          f"RSS {rss_mb():.0f} MB")

    asked = questions(args.cases or [SHARED_DEV])
    timings(engine, asked, 1)                                    # warm caches once
    print(line("real KB", timings(engine, asked, args.repeat)))

    started = time.perf_counter()
    big = Engine(tenfold(kb), tokenizer=engine.tokenizer)
    print(f"10x KB: {len(big.entries)} entries, {len(big.doc_entry)} phrasings, "
          f"index build {time.perf_counter() - started:.2f} s; RSS {rss_mb():.0f} MB")
    timings(big, asked, 1)
    print(line("10x synthetic KB", timings(big, asked, args.repeat)))
    print(f"peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
