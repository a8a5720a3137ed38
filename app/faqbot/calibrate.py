"""Calibrating the decision on development sets (pure Python).

The thresholds are not guessed: for each weighting of the retrieval signals and each
(answer_min, clarify_min, margin) on a grid, every development case is asked afresh and scored
with evaluate.summary. Precision comes first (a wrong confident answer costs more than a decline):
the best setting keeps every off-topic question declined and precision when answering at
PRECISION_GOAL or above, and among those maximises accuracy, then precision; the figures of the few best are printed so that a plateau (a setting
whose neighbours are as good) can be preferred to a lucky spike. Run:

    flask bot calibrate ../shared/faq-dev-set.jsonl tests/faqbot/eval/leave.jsonl \
        tests/faqbot/eval/parents.jsonl --every-other

--every-other keeps only the odd-numbered cases of each file for calibration, so that the even
ones stay unseen and measure how the calibrated bot does on questions it was not tuned on.
"""
import itertools
from dataclasses import replace

from app.faqbot import evaluate

WEIGHTS = [  # (word, bigram, entry, fuzz, pinyin)
    (0.30, 0.30, 0.10, 0.20, 0.10),
    (0.35, 0.25, 0.15, 0.15, 0.10),
]
ANSWER_MIN = [0.40, 0.42, 0.45, 0.48]
CLARIFY_MIN = [0.35, 0.38, 0.40]
MARGIN = [0.01, 0.02, 0.03]
LONE_MARGIN = [0.03, 0.05, 0.065, 0.08]
PRECISION_GOAL = 0.97


def _rank(s: dict) -> tuple:
    return (s["decline_rate"], s["precision"] >= PRECISION_GOAL, s["accuracy"], s["precision"])


def calibrate(engine, cases, default_province, top: int = 8):
    original = engine.settings
    results = []
    try:
        for (ww, wb, we, wf, wp), amin, cmin, margin, lone in itertools.product(
                WEIGHTS, ANSWER_MIN, CLARIFY_MIN, MARGIN, LONE_MARGIN):
            if cmin >= amin:
                continue
            engine.settings = replace(original, w_word=ww, w_bigram=wb, w_entry=we, w_fuzz=wf,
                                      w_pinyin=wp, answer_min=amin, clarify_min=cmin,
                                      margin=margin, lone_margin=lone)
            s = evaluate.summary(evaluate.run(cases, evaluate.engine_ask(engine,
                                                                         default_province)))
            results.append((_rank(s), engine.settings, s))
    finally:
        engine.settings = original
    results.sort(key=lambda item: item[0], reverse=True)
    yield f"{len(cases)} cases, {len(results)} settings tried; best first:"
    for _, settings, s in results[:top]:
        yield (f"accuracy {s['accuracy']:.1%} declined {s['decline_rate']:.1%} precision "
               f"{s['precision']:.1%} coverage {s['coverage']:.1%} | w=({settings.w_word}, "
               f"{settings.w_bigram}, {settings.w_entry}, {settings.w_fuzz}, {settings.w_pinyin}) "
               f"answer_min={settings.answer_min} clarify_min={settings.clarify_min} "
               f"margin={settings.margin} lone_margin={settings.lone_margin}")
    current = next((s for _, st, s in results if st == original), None)
    if current:
        yield f"current settings: accuracy {current['accuracy']:.1%}"
