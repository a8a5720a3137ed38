"""Cross-validation over the knowledge base's own phrasings (pure Python).

How surely does the bot find an entry from a phrasing it has never seen? Each entry's phrasings
are split into folds by a hash of their text (the same split every run); each fold in turn is
taken out of the index and asked. Titles stay in, so every entry stays findable. A phrasing
answered with its own entry is right, with another entry wrong, and a choice or a decline is
declined (a red flag, answered before retrieval, is left out); the off-topic questions given must
stay declined with every fold out.

Phrasings are hard cases (many were added because a parent's question missed), so these figures
sit far below any evaluation set's: they compare two versions of the content or of the engine
on questions neither has seen, without spending a blind held-out set. Run:

    flask bot crossval tests/faqbot/eval/*.jsonl      (the files give the off-topic cases)
"""
import zlib
from dataclasses import replace

from app.faqbot import slots as slot_mod
from app.faqbot.engine import Engine
from app.faqbot.kb import KB
from app.faqbot.text import normalize


def fold_of(phrasing: str, folds: int) -> int:
    return zlib.crc32(phrasing.encode("utf-8")) % folds


def without_fold(kb: KB, fold: int, folds: int) -> KB:
    return replace(kb, entries=[replace(e, questions=[q for q in e.questions
                                                      if fold_of(q, folds) != fold])
                                for e in kb.entries])


def crossval(kb: KB, tokenizer, settings, off_topic: list[str], default_province: str | None,
             folds: int = 5) -> dict:
    right = wrong = declined = first = asked = off_answered = 0
    per_entry: dict[str, list[int]] = {}          # entry id -> [asked, right, wrong]
    for fold in range(folds):
        engine = Engine(without_fold(kb, fold, folds), settings=settings, tokenizer=tokenizer)
        for entry in kb.entries:
            for phrasing in entry.questions:
                if fold_of(phrasing, folds) != fold:
                    continue
                reply = engine.ask(phrasing, default_province=default_province)
                if reply.kind in ("emergency", "advice"):
                    continue
                asked += 1
                counts = per_entry.setdefault(entry.id, [0, 0, 0])
                counts[0] += 1
                found = slot_mod.extract(normalize(phrasing), engine.gazetteer)
                ranked = engine.rank(found.rest, limit=1, months=found.months)
                first += bool(ranked) and ranked[0].entry.id == entry.id
                if reply.matched and reply.entry.id == entry.id:
                    right += 1
                    counts[1] += 1
                elif reply.matched:
                    wrong += 1
                    counts[2] += 1
                else:
                    declined += 1
        off_answered += sum(engine.ask(q, default_province=default_province).matched
                            for q in off_topic)
    share = lambda part, whole: part / whole if whole else 0.0  # noqa: E731
    return {"phrasings": asked, "folds": folds, "ranked_first": share(first, asked),
            "right": share(right, asked), "wrong": share(wrong, asked),
            "declined": share(declined, asked), "precision": share(right, right + wrong),
            "off_topic": len(off_topic) * folds, "off_topic_answered": off_answered,
            "per_entry": per_entry}


def weakest(figures: dict, count: int) -> list[str]:
    """The entries whose unseen phrasings are answered right least often: where new phrasings
    (in parents' words) help most."""
    rows = sorted(figures["per_entry"].items(), key=lambda kv: (kv[1][1] / kv[1][0], -kv[1][2]))
    return [f"{entry_id}: {right} of {asked} right, {wrong} wrong"
            for entry_id, (asked, right, wrong) in rows[:count]]


def report(figures: dict) -> str:
    f = figures
    return (f"{f['phrasings']} phrasings, each asked with its fold ({f['folds']}) out of the index: "
            f"own entry ranked first {f['ranked_first']:.1%}; answered right {f['right']:.1%}, "
            f"wrong {f['wrong']:.1%}, declined or offered {f['declined']:.1%} (precision "
            f"{f['precision']:.1%}); off-topic answered {f['off_topic_answered']} of "
            f"{f['off_topic']}")
