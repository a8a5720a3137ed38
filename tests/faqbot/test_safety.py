"""The red-flag layer, through the real API: every red flag urgent before any catalogue entry,
with the first aid facts.md supports; look-alikes answered or declined, never sent to 120."""
import pytest

from tests.faqbot.conftest import ROOT
from tests.faqbot.test_eval import _run

SAFETY = ROOT / "tests" / "faqbot" / "eval" / "safety.jsonl"
SAFETY2 = ROOT / "tests" / "faqbot" / "eval" / "safety2.jsonl"


def test_safety_set_every_red_flag_is_urgent_and_no_look_alike_is(ask):
    summary = _run(SAFETY, ask)
    assert summary["red_flags"] >= 60 and summary["cases"] >= 80
    assert summary["urgent_rate"] == 1.0
    assert summary["false_alarms"] == 0
    assert summary["wrong_confident"] == 0
    assert summary["accuracy"] == 1.0


def test_safety2_red_flags_in_a_parents_own_words_are_all_urgent(ask):
    """safety2.jsonl was written before the fourth pass changed the matching: 15 of its 49 red
    flags were urgent then (docs/benchmarks.md). Its three other misses are retrieval answering a
    look-alike with a near entry, not safety."""
    summary = _run(SAFETY2, ask)
    assert summary["red_flags"] >= 49
    assert summary["urgent_rate"] == 1.0
    assert summary["false_alarms"] == 0
    assert summary["accuracy"] >= 0.95


@pytest.mark.parametrize("question, kind", [
    # each family by its parts: negation, degree, span, colloquial subject and verb
    ("孕28周，今天一整天都没怎么感觉到胎动", "pregnancy"),
    ("34周了，从早上到现在小家伙都不怎么动", "pregnancy"),
    ("怀孕30周宝宝动得少了", "pregnancy"),
    ("孕36周，头特别疼，眼睛看东西模模糊糊的", "pregnancy"),
    ("孕妇眼前发黑", "pregnancy"),
    ("怀孕了头疼得厉害", "pregnancy"),
    ("孕晚期下面一直有水流出来", "pregnancy"),
    ("怀孕10周下面流了好多血", "pregnancy"),
    ("宝宝手脚一抽一抽的", "danger_signs"),
    ("孩子喘气特别费劲", "danger_signs"),
    ("娃嘴巴周围发紫了", "danger_signs"),
    ("宝宝软软的叫他没反应", "danger_signs"),
    ("孩子怎么摇都摇不醒", "danger_signs"),
    ("孩子被鱼刺卡了喉咙", "choking"),
    ("宝宝吃苹果块噎得说不出话", "choking"),
    ("孩子打翻了热粥浇到胳膊上了", "burn"),
    ("宝宝碰到暖气片手上起泡了", "burn"),
    ("娃偷吃了好几片奶奶的药", "general"),
    ("宝宝把磁力珠吃下去了", "general"),
    ("一岁宝宝后脑着地摔了一跤", "general"),
    ("宝宝从沙发上掉下来磕到了额头", "general"),
    ("宝宝才50天，摸着很烫，量了38度4", "infant_fever"),
    ("孩子刚满1月龄，体温三十八度", "infant_fever"),
    # look-alikes: what a sign is, how to count it, how to prevent, an ordinary ache
    ("胎动什么时候开始", None),
    ("怎么数胎动", None),
    ("胎动怎么算才正常", None),
    ("孕期见红和破水有什么区别", None),
    ("孕妇头疼可以吃什么药", None),
    ("孕期视力会下降吗", None),
    ("家里药品怎么放才不会被孩子误吃", None),
    ("开水瓶放哪里能防止宝宝烫伤", None),
    ("宝宝叫名字没反应", None),
    ("几个月的宝宝可以吃苹果块不怕噎", None),
    ("宝宝睡觉呼吸很快正常吗", None),
    # Honey eaten, then the signs facts.md F4 says need a doctor at once; not a risk asked about.
    ("十个月宝宝昨天舔了一口蜂蜜 今天有点蔫 不爱吃奶", "general"),
    ("宝宝吃了蜂蜜会不会便秘", None),
    ("奶奶都给宝宝喂蜂蜜水通便 可以吗", None),
])
def test_red_flag_families_cover_a_parents_words_and_leave_look_alikes(question, kind):
    from app.faqbot import safety
    from app.faqbot.slots import age_months
    from app.faqbot.text import normalize
    norm = normalize(question)
    assert safety.classify(norm, age_months(norm)) == kind


@pytest.mark.parametrize("question, degrees", [
    ("量了38度4", 38.4), ("体温38.5", 38.5), ("烧到39度", 39.0), ("体温三十八度", 38.0),
    ("三十七点五", 37.5), ("三十九度五", 39.5), ("孕38周", None)])
def test_temperature_is_read_in_the_ways_parents_write_it(question, degrees):
    from app.faqbot import safety
    from app.faqbot.text import normalize
    assert safety.temperature(normalize(question)) == degrees


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


@pytest.mark.parametrize("question, kind", [
    # heldout6's classes in other words: dialect negation, late pregnancy without a week, 把…吃了
    ("孕35周 从昨晚到现在娃都不咋动", "pregnancy"),
    ("怀孕32周了 今天莫得胎动", "pregnancy"),
    ("马上要生了 头痛得快裂开 眼前发黑", "pregnancy"),
    ("待产中 突然下面流了好多水", "pregnancy"),
    ("预产期就这几天 头疼得要命 看东西有重影", "pregnancy"),
    ("爷爷没注意 孩子把洗衣凝珠咬破吃了", "general"),
    ("小孙子把半瓶消毒水喝了", "general"),
    ("外婆一转身娃把她的药片吞了两片", "general"),
    ("奶奶给娃把降压药吃了", "general"),
    # the look-alike rules must not swallow an event: something swallowed, a sign, a 了, a today
    ("宝宝喝了蜂蜜水 会不会中毒", "general"),
    ("孩子吐了 是不是中毒", "general"),
    ("宝宝是不是中毒了", "general"),
    ("昨天摔了头 去医院查了没事 今天又吐了", "general"),
    ("前几天从床上摔下来 检查了没事 这两天老吐", "general"),
    ("两个月宝宝昨天没发烧 今天烧到38度", "infant_fever"),
    ("两个月宝宝一直没退烧", "infant_fever"),
    ("50天宝宝烧还没退", "infant_fever"),
    # look-alikes: a risk asked about, a past event a doctor checked, a negated sign
    ("一岁半 吃发芽的土豆会不会中毒", None),
    ("听人说隔夜菜会中毒 孩子能吃吗", None),
    ("前两天孩子磕到额头 去医院拍片没问题 几岁能坐儿童座椅", None),
    ("昨天见了一点红 去医院看了没事 孕晚期能坐飞机吗", None),
    ("宝宝四个月 不发烧也不咳嗽 能打疫苗吗", None),
    ("娃一个半月 也没有发热 就是鼻子有点堵", None),
    ("怎么让宝宝把药吃了", None),
    ("快生了 待产包要准备啥", None),
])
def test_dialect_late_pregnancy_and_look_alikes_after_heldout6(question, kind):
    from app.faqbot import safety
    from app.faqbot.slots import age_months
    from app.faqbot.text import normalize
    norm = normalize(question)
    assert safety.classify(norm, age_months(norm)) == kind


def test_a_look_alike_after_heldout6_gets_its_answer_not_120(ask):
    _, body = ask("一岁以内的娃能不能喝点蜂蜜水 据说会中毒")
    assert body["urgent"] is False and body["faq_id"] == "feeding-honey"
    _, body = ask("八个月娃能吃点蜂蜜不 怕会中毒")     # a dialect yes/no ask ending in 不
    assert body["urgent"] is False and body["faq_id"] == "feeding-honey"
    _, body = ask("快到预产期了 今天一直没咋觉得宝宝在动")
    assert body["urgent"] is True and "产科急诊" in body["answer"]
