"""The evaluation sets, asked through the real API: the dev set (a copy of the team's shared set,
kept in the repository so a clone anywhere can run it) must stay at or above 95%;
the parents' set (written independently by the content author) has a floor we actually reach."""
from pathlib import Path

import pytest

from app.faqbot import evaluate
from tests.faqbot.conftest import ROOT

DEV = ROOT / "tests" / "faqbot" / "eval" / "dev.jsonl"
PARENTS = ROOT / "tests" / "faqbot" / "eval" / "parents.jsonl"
LEAVE = ROOT / "tests" / "faqbot" / "eval" / "leave.jsonl"
OFF_TOPIC = ROOT / "tests" / "faqbot" / "eval" / "offtopic.jsonl"


# Outcomes per set file, asked once per test session: the all-sets floor reads the same sets as
# the per-set floors, and the answers depend only on the content and the code, not on the test.
_ASKED: dict[tuple[Path, float], list[evaluate.Outcome]] = {}


def _outcomes(path: Path, ask) -> list[evaluate.Outcome]:
    key = (path, path.stat().st_mtime)
    if key not in _ASKED:
        _ASKED[key] = _ask_all(path, ask)
    return _ASKED[key]


def _ask_all(path: Path, ask) -> list[evaluate.Outcome]:
    def via_api(question, province, session_id):
        fields = {k: v for k, v in (("province", province), ("session_id", session_id)) if v}
        status, body = ask(question, **fields)
        assert status == 200, body
        return body

    outcomes = evaluate.run(evaluate.read_cases(path), via_api)
    print(f"\n{path.name}\n" + evaluate.report(outcomes))
    return outcomes


def _run(path: Path, ask) -> dict:
    return evaluate.summary(_outcomes(path, ask))


def test_dev_set_accuracy_is_at_least_95_percent(ask):
    summary = _run(DEV, ask)
    assert summary["accuracy"] >= 0.95
    assert summary["decline_rate"] == 1.0


def test_leave_cases_accuracy(ask):
    summary = _run(LEAVE, ask)
    assert summary["accuracy"] >= 0.98
    assert summary["precision"] >= 0.98


def test_near_domain_off_topic_questions_are_mostly_declined(ask):
    # Questions a parent might ask that the knowledge base does not cover (户口, 医保, 月嫂 …):
    # a known weakness, measured so that it can only get better (0.80 before the referrals to
    # other offices, 0.92 after, 1.0 once 月嫂 and the choice of a hospital were referred too).
    summary = _run(OFF_TOPIC, ask)
    assert summary["decline_rate"] >= 0.96


@pytest.mark.skipif(not PARENTS.exists(), reason="parents.jsonl not written yet")
def test_parents_set_accuracy(ask):
    summary = _run(PARENTS, ask)
    assert summary["accuracy"] >= 0.96
    assert summary["precision"] >= 0.97
    assert summary["decline_rate"] >= 0.95


def test_flask_bot_eval_prints_misses_and_figures(runner, kb, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id":"a","q":"浙江二孩产假多少天","expect":["188"]}\n'
        '{"id":"b","q":"浙江一孩产假","expect":["188"]}\n'
        '{"id":"c","q":"今天股市行情如何","kind":"unknown"}\n'
        '{"id":"d","q":"江苏产假多少天","then":"那男方呢","expect":["15"],"expect_not":["158"]}\n',
        encoding="utf-8")
    result = runner.invoke(args=["bot", "eval", str(cases)])
    assert result.exit_code == 0, result.output
    assert "MISS b" in result.output and "missing /188/" in result.output
    assert "MISS a" not in result.output and "MISS d" not in result.output
    assert "accuracy 75.0%" in result.output and "off-topic declined 100.0%" in result.output
    assert "coverage" in result.output and "precision when answering" in result.output
    assert "p95" in result.output
    failing = runner.invoke(args=["bot", "eval", "--min-accuracy", "0.9", str(cases)])
    assert failing.exit_code == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"q": "没有期望"}\n', encoding="utf-8")
    result = runner.invoke(args=["bot", "eval", str(bad)])
    assert result.exit_code != 0 and "bad.jsonl:1" in result.output


def test_earlier_held_out_sets_and_follow_ups_together(ask):
    """heldout, heldout2, heldout3 and the follow-ups, development sets now (99.0% / 98.8% at the
    end of the third pass): a floor over all of them, so that a fix for one cannot quietly cost
    another."""
    outcomes = [o for name in ("heldout", "heldout2", "heldout3", "followup")
                for o in _outcomes(ROOT / "tests" / "faqbot" / "eval" / f"{name}.jsonl", ask)]
    summary = evaluate.summary(outcomes)
    assert summary["accuracy"] >= 0.97 and summary["precision"] >= 0.97


# Each blind set's floor since its one run (first run -> after its misses were read; the figures
# and the runs are in docs/benchmarks.md). Development sets now: a floor guards against
# regressions, it is not the goal. Every one also keeps every red flag urgent, no false alarm and
# every off-topic question declined.
HELD_OUT_FLOORS = {     # set: (accuracy, precision)
    "heldout4": (0.97, 0.97),    # 90.3 / 98.3 on its run; 98.6 after the third pass
    "dev2": (0.97, 0.97),        # 87.9 / 95.6 before the third pass; 96.4 / 99.2 after
    "heldout5": (0.95, 0.98),    # 87.2 / 93.3, 5 of 7 red flags; 95.7 / 98.9, 7 of 7
    "heldout6": (0.93, 0.94),    # 81.8 / 90.3, 13 of 16, 3 false alarms; 93.6 / 94.9
    "dev3": (0.94, 0.99),        # 82.8 / 97.4 (180 cases written blind); 94.4 / 99.2
    "heldout7": (0.95, 0.98),    # 92.5 / 97.6, 15 of 16; 95.0 / 98.8, 16 of 16
    "heldout8": (0.88, 0.97),    # 83.2 / 95.8; 88.2 / 97.4 after the everyday phrasings
    "heldout9": (0.96, 0.98),    # 95.0 / 98.9, 2 false alarms; 96.6, none
    "heldout10": (0.90, 0.98),   # 90.6 / 98.7, 1 false alarm; mended
    "heldout11": (0.94, 0.96),   # 89.0 / 92.9, 14 of 15, 2 false alarms; 94.1 / 96.5
    "heldout12": (0.94, 0.99),   # 94.2 / 100, 16 of 16, no false alarm
    "heldout13": (0.93, 0.97),   # 90.7 / 96.4, 15 of 16; 93.2 / 97.6 (洗洁精, 陪产 as a verb, 苏洲)
    "heldout14": (0.96, 0.99),   # 91.5 / 98.7, 16 of 17, 1 false alarm; 97.4 / 100
    "heldout15": (0.96, 0.99),   # 95.0 / 100, 15 of 15, none: the goal on its first run; 97.5
    "heldout16": (0.95, 0.97),   # 95.0 / 96.6, 15 of 15, none; 95.8 / 97.8
    "heldout17": (0.94, 0.98),   # 90.7 / 96.3, 15 of 16, 1 false alarm; 94.1 / 98.8
    "heldout18": (0.96, 0.98),   # 96.2 / 99.0, 16 of 16, 0 false alarms (first run, unread)
    "heldout19": (0.94, 0.94),   # 94.4 / 94.5, 15 of 15, 0 false alarms (first run)
    "heldout20": (0.94, 0.97),   # 94.4 / 97.8, 16 of 16, 0 (first run, on d5064ef)
    "heldout21": (0.78, 0.90),   # 78.0 / 90.3, 15 of 16, 2 (grandparents in dialect)
    "heldout22": (0.94, 0.96),   # 94.1 / 96.5, 16 of 16, 0 (first run, on 4b67d7c)
    "heldout23": (0.89, 0.96),   # 89.3 / 96.3, 16 of 16, 0
    "heldout24": (0.99, 0.98),   # 99.2 / 98.9, 15 of 15, 0 (first run, on 95c94c0)
    "heldout25": (0.93, 0.99),   # 93.5 / 100, 16 of 17, 1
    "heldout26": (0.98, 0.98),   # 98.3 / 98.9, 15 of 15, 0 (first run, on 8d6ec09)
    "heldout27": (0.94, 0.99),   # 94.6 / 100, 17 of 17, 0
    "heldout28": (0.96, 0.97),   # 96.7 / 97.8, 16 of 16, 0 (first run, on 0d950be)
    "heldout29": (0.91, 0.97),   # 91.6 / 97.9, 14 of 16, 1
    "heldout30": (0.98, 0.98),   # 98.4 / 98.9, 16 of 16, 0 (first run, on 15392eb)
    "heldout31": (0.86, 0.96),   # 86.1 / 96.3, 14 of 15, 1
    "heldout32": (0.91, 0.98),   # 91.9 / 98.8, 16 of 16, 1 (东北话, 四川话)
    "heldout34": (0.95, 0.98),   # 95.9 / 98.9, 15 of 15, 0 (first run, on 6cea861)
    "heldout35": (0.79, 0.96),   # 79.7 / 96.3, 7 of 8, 0 (Cantonese-flavoured, on 673428b)
    "heldout36": (0.95, 0.97),   # 95.3 / 97.1, 8 of 8, 0 (first run, on 673428b)
    "heldout37": (0.92, 0.97),   # 92.2 / 97.0, 8 of 8, 1 (second children and twins, 79dc800)
    "heldout38": (0.43, 0.97),   # 43.7 / 97.1, 4 of 8, 1 (pinyin inside Chinese, on 43dc7db)
    "heldout39": (0.96, 0.98),   # 96.0 / 98.0, 8 of 8, 0 (first run, on 06406a3; H39-082's
                                 # label read 「3、6、8、12…月龄」 as no 8 months, loosened)
    "heldout40": (0.92, 0.94),   # 92.6 / 94.8, 7 of 8, 1, 3 of 10 off-topic answered (fathers
                                 # and grandparents at work, two asks in one line, on 71cac82)
    "heldout41": (0.93, 0.95),   # 93.1 / 95.4, 8 of 8, 1, 1 of 10 off-topic answered (toddlers
                                 # and babies born early, on 8ee0f02; H41-131 as H40-131)
    "heldout42": (0.96, 0.97),   # 96.0 / 97.1, 8 of 8, 1 (an ordinary month, on 66c525a)
    "heldout43": (0.90, 0.98),   # 90.1 / 99.0, 8 of 8, 0 (a hotline operator retyping, 0a85880)
    "heldout44": (0.96, 0.98),   # 96.9 / 98.1, 8 of 8, 0 (an ordinary month, on 88cefda)
    "heldout45": (0.95, 0.97),   # 95.2 / 97.1, 8 of 8, 0 (evenings after work, on 27c4dd3;
                                 # H45-106/107 as H40-116/117)
    "heldout46": (0.96, 0.96),   # 96.4 / 96.5, 9 of 9, 0 (an evening's mix, on 1c53c38)
    "heldout47": (0.96, 0.99),   # 96.8 / 99.0, 8 of 8, 0 (the months before the birth, 2645aef)
    "heldout48": (0.98, 0.99),   # 96.3 / 98.2, 8 of 8, 0, 9 of 10 off-topic declined (the first
                                 # year after the birth, on 5a22841; H48-118, a nursery's price,
                                 # relabelled: the catalogue's fee entry points to the search)
    "heldout49": (0.95, 0.97),   # 87.6 / 92.9, 8 of 8, 0 (claims to check, on 5a22841)
    "heldout50": (0.97, 0.97),   # 89.5 / 93.9, 8 of 8, 2 (families across provinces, on 145edf9)
    "heldout51": (0.97, 0.99),   # 90.8 / 97.0, 8 of 8, 1 (back to work, on 4fb9ac1)
    "heldout52": (0.93, 0.98),   # 78.5 / 90.0, 8 of 8, 2, 9 of 10 off-topic declined (someone
                                 # else holding the baby, on 99255dd)
    "heldout53": (0.93, 0.95),   # 78.5 / 92.2, 8 of 8, 0 (the second and third child, on 90fbd76)
    "heldout54": (0.94, 0.97),   # 76.2 / 89.3, 8 of 8, 2 (the first six weeks at home, on fab8e95)
    "heldout55": (0.94, 0.94),   # 83.1 / 87.9, 8 of 8, 0 (the toddler years, on f6f2d56)
}


@pytest.mark.parametrize("name, accuracy, precision",
                         [(name, *floor) for name, floor in HELD_OUT_FLOORS.items()])
def test_a_blind_set_stays_at_its_floor_since_its_one_run(ask, name, accuracy, precision):
    summary = _run(ROOT / "tests" / "faqbot" / "eval" / f"{name}.jsonl", ask)
    assert summary["accuracy"] >= accuracy and summary["precision"] >= precision
    assert summary["urgent_rate"] == 1.0 and summary["false_alarms"] == 0
    assert summary["decline_rate"] == 1.0


def test_all_sets_together_keep_precision_at_97_percent(ask):
    """Precision when answering over every set (the goal of issue 18), not set by set. A new
    blind held-out set stays out of this glob until its one run is recorded."""
    outcomes = [o for path in sorted((ROOT / "tests" / "faqbot" / "eval").glob("*.jsonl"))
                if not path.name.startswith("heldout6")
                for o in _outcomes(path, ask)]
    summary = evaluate.summary(outcomes)
    assert summary["precision"] >= 0.97 and summary["urgent_rate"] == 1.0
