"""`flask bot crossval`: the entries' own phrasings asked with their fold out of the index."""
import re

from app.faqbot.crossval import fold_of, without_fold
from app.faqbot.kb import load_kb
from tests.faqbot.conftest import ROOT


def test_a_fold_is_out_of_the_index_and_every_entry_keeps_its_title():
    kb = load_kb(ROOT / "content" / "faq")
    held = {q for e in kb.entries for q in e.questions if fold_of(q, 5) == 0}
    left = without_fold(kb, 0, 5)
    assert held and not held & {q for e in left.entries for q in e.questions}
    assert [e.title for e in left.entries] == [e.title for e in kb.entries]
    # every other phrasing stays where it was
    assert sum(len(e.questions) for e in left.entries) == sum(
        len(e.questions) for e in kb.entries) - len(held)


def test_crossval_reports_unseen_phrasings_answered_and_off_topic_kept_declined(app, kb):
    result = app.test_cli_runner().invoke(args=[
        "bot", "crossval", "--folds", "2", "--weakest", "3",
        str(ROOT / "tests" / "faqbot" / "eval" / "offtopic.jsonl")])
    assert result.exit_code == 0, result.output
    figures = re.search(r"(\d+) phrasings.*first ([\d.]+)%.*right ([\d.]+)%, wrong ([\d.]+)%.*"
                        r"off-topic answered (\d+) of (\d+)", result.output)
    assert figures, result.output
    phrasings, first, right, wrong, off, off_all = figures.groups()
    assert int(phrasings) > 1000
    # An unseen phrasing finds its own entry more often than another one, and off-topic
    # questions stay declined whichever half of the phrasings is missing.
    assert float(right) > float(wrong) and float(first) > 40
    assert int(off_all) > 0 and int(off) <= int(off_all) // 50
    # and the three entries parents' unseen words miss most, for the next phrasings
    weakest = re.findall(r"^  ([a-z0-9-]+): (\d+) of (\d+) right", result.output, re.M)
    assert len(weakest) == 3 and all(int(r) <= int(n) for _, r, n in weakest)
