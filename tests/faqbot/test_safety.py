"""The red-flag layer, through the real API: every red flag urgent before any catalogue entry,
with the first aid facts.md supports; look-alikes answered or declined, never sent to 120."""
from tests.faqbot.conftest import ROOT
from tests.faqbot.test_eval import _run

SAFETY = ROOT / "tests" / "faqbot" / "eval" / "safety.jsonl"


def test_safety_set_every_red_flag_is_urgent_and_no_look_alike_is(ask):
    summary = _run(SAFETY, ask)
    assert summary["red_flags"] >= 60 and summary["cases"] >= 80
    assert summary["urgent_rate"] == 1.0
    assert summary["false_alarms"] == 0
    assert summary["wrong_confident"] == 0
    assert summary["accuracy"] == 1.0


def test_waters_breaking_goes_to_the_obstetric_emergency_not_a_vaccine_entry(ask):
    _, body = ask("破水了怎么办")
    assert body["urgent"] is True and body["faq_id"] is None and body["matched"] is False
    assert "产科急诊" in body["answer"] and "百白破" not in body["answer"]
    assert any("卫办妇社函〔2012〕31号" == s["number"] for s in body["sources"])


def test_fever_depends_on_the_age(ask):
    _, infant = ask("两个月宝宝发烧38度")
    assert infant["urgent"] is True and "急诊" in infant["answer"]
    _, toddler = ask("2岁宝宝发烧39度怎么办")
    assert toddler["urgent"] is False and toddler["matched"] is False
    assert "儿科" in toddler["answer"] and "阿司匹林" in toddler["answer"]
    first = toddler["answer"].split("\n\n")[0]
    assert "3个月以下" in first and "120" in first     # when it would be an emergency


def test_a_logged_in_parents_young_baby_makes_a_plain_fever_question_urgent(ask, family):
    fam = family(months=1)
    _, body = ask("宝宝发烧了怎么办", headers=fam["headers"])
    assert body["urgent"] is True and "3个月以下" in body["answer"]
    _, anonymous = ask("宝宝发烧了怎么办")
    assert anonymous["urgent"] is False


def test_choking_first_aid_follows_the_childs_age(ask):
    _, infant = ask("8个月宝宝吃东西噎住了")
    assert infant["urgent"] is True and "拍背5次" in infant["answer"]
    assert "海姆立克" not in infant["answer"] and "单一来源" in infant["answer"]
    _, child = ask("3岁孩子吃花生噎住了")
    assert "海姆立克" in child["answer"] and "拍背5次" not in child["answer"]
    assert child["answer"].split("\n\n")[0].startswith("立即拨打120")


def test_burns_get_cool_running_water_first(ask):
    _, body = ask("宝宝被开水烫了")
    assert body["urgent"] is True
    assert "流动冷水" in body["answer"].split("\n\n")[0] and "不要涂牙膏" in body["answer"]
    assert body["sources"][0]["title"] == "《中国公民健康素养——基本知识与技能（2024年版）》"


def test_prevention_is_not_first_aid(ask):
    _, body = ask("怎么预防宝宝烫伤")
    assert body["urgent"] is False and body["faq_id"] != "safety-burn-first-aid"


def test_honey_before_one_is_a_no(ask):
    _, body = ask("1岁以内能吃蜂蜜吗")
    assert body["faq_id"] == "feeding-honey" and "不要吃蜂蜜" in body["answer"]
    assert body["sources"][0]["issuer"] == "原国家食品药品监督管理总局"


def test_waters_breaking_in_the_parents_own_words_is_urgent_and_drooling_is_not(ask):
    for question in ("孕晚期下面流了一股水", "怀孕34周裤子上流了好多水"):
        _, body = ask(question)
        assert body["urgent"] is True and "产科急诊" in body["answer"], question
    _, body = ask("怀孕了总流口水正常吗")
    assert body["urgent"] is False
