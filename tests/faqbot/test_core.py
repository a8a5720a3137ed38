"""The pure retrieval core on the real content files (no Flask): what the pitfalls measured in
the team's FAQ research notes (faq-anchors) would break."""

import pytest

from app.faqbot import safety
from app.faqbot.bm25 import BM25
from app.faqbot.engine import Engine
from app.faqbot.kb import load_kb
from app.faqbot.slots import extract
from app.faqbot.text import normalize
from tests.faqbot.conftest import ROOT

PREFECTURES = {
    "江苏": "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁",
    "四川": "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 "
            "阿坝 甘孜 凉山",
    "山东": "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
    "浙江": "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水",
    "广东": "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 "
            "潮州 揭阳 云浮",
}


@pytest.fixture(scope="module")
def engine():
    return Engine(load_kb(ROOT / "content" / "faq"))


def test_normalisation_of_width_script_numerals_and_ages():
    assert normalize("產假有幾天？") == "产假有几天"
    assert normalize("ＡＢＣ　１２３！") == "abc 123"
    assert normalize("九十八天产假，二胎呢") == "98天产假 2胎呢"
    assert normalize("宝宝八个月大") == "宝宝8月龄"
    assert normalize("一般统一") == "一般统一"          # 一 in ordinary words stays


def test_every_prefecture_and_short_form_maps_to_its_province(engine):
    for province, cities in PREFECTURES.items():
        for city in cities.split():
            place = extract(normalize(f"{city}产假多少天"), engine.gazetteer).province
            assert place is not None and place.province == province, city
    for short, province in {"苏": "江苏", "川": "四川", "浙": "浙江", "粤": "广东", "沪": "上海",
                            "京": "北京", "鲁": "山东"}.items():
        assert extract(normalize(f"{short}产假多少天"), engine.gazetteer).province.province == province
    assert extract("园区产假", engine.gazetteer).province.province == "江苏"
    # A short form inside a word is not a place: 南京 is 江苏, 川贝 is not 四川.
    assert extract("南京陪产假", engine.gazetteer).province.province == "江苏"
    assert extract("川贝枇杷膏宝宝能喝吗", engine.gazetteer).province is None
    assert extract("上海产假", engine.gazetteer).province.province == "上海"
    assert extract("海南产假", engine.gazetteer).province.province == "海南"


def test_slots_child_order_months_and_weeks(engine):
    slots = extract(normalize("浙江二胎产假"), engine.gazetteer)
    assert slots.child_order == 2 and "2胎" not in slots.rest
    assert extract(normalize("生老三能多休吗"), engine.gazetteer).child_order == 3
    assert extract(normalize("头胎产假"), engine.gazetteer).child_order == 1
    assert extract(normalize("宝宝八个月打什么疫苗"), engine.gazetteer).months == 8
    assert extract(normalize("一岁半的体检"), engine.gazetteer).months == 18
    assert extract(normalize("孕十二周要做什么产检"), engine.gazetteer).weeks == 12
    assert extract(normalize("第一个月要注意什么"), engine.gazetteer).child_order is None


def test_domain_words_are_not_split_and_synonyms_meet(engine):
    for word in ("陪产假", "护理假", "哺乳假", "育儿假"):
        assert len(engine.lexicon.tokenizer.lcut(word, HMM=False)) == 1, word
    assert engine.analyse("男方护理假几天")[0] == engine.analyse("陪产假多少天")[0]
    assert "陪产假" in engine.analyse("老婆生孩子我能请几天假")[0]
    assert engine.lexicon.repair_typos("产价多少天") == "产假多少天"
    assert engine.lexicon.repair_typos("补乳假") == "哺乳假"


def test_bm25_keeps_common_terms_positive_on_a_small_corpus():
    index = BM25([["产假", "多少天"], ["陪产假", "多少天"], ["产假", "工资"], ["产假", "延长"]])
    assert index.idf["产假"] > 0 and index.idf["多少天"] > 0
    scores = index.scores(["产假", "多少天"])
    assert max(scores, key=scores.get) == 0


def test_emergency_catcher():
    assert safety.is_emergency("宝宝高烧抽搐")
    assert safety.is_emergency("孩子误吞了硬币")
    assert safety.is_emergency("宝宝发烧40度一直抽筋")
    assert safety.is_emergency("宝宝吃了妈妈的药")
    assert safety.is_emergency("孩子被狗咬了")
    assert safety.is_emergency("宝宝脸色发青")
    assert safety.is_emergency("宝宝被开水烫了")
    assert not safety.is_emergency("宝宝几个月可以吃药")
    assert not safety.is_emergency("怎么预防宝宝窒息")
    assert not safety.is_emergency("孕妇腿抽筋怎么办")
    assert not safety.is_emergency("宝宝几个月加辅食")


def test_every_leave_figure_comes_from_the_data_with_its_source(engine):
    data = engine.kb.leave
    for province, items in data["provinces"].items():
        for kind, item in items.items():
            if kind == "regulation":
                continue
            assert item["sources"] and item["confidence"], (province, kind)
            if item.get("days") is not None:
                assert str(item["days"]) in item["text"], (province, kind)
    zhejiang = data["provinces"]["浙江"]["maternity"]["by_child_order"]
    assert (zhejiang[1]["days"], zhejiang[2]["days"], zhejiang[3]["days"]) == (158, 188, 188)
    assert data["provinces"]["四川"]["maternity"]["effective"] == "2025-11-28"


@pytest.mark.parametrize("question, today, urgent", [
    ("宝宝9月20号出生的 今天发烧38度5", "2026-12-01", True),      # 2 months old
    ("宝宝9月20号出生的 今天发烧38度5", "2027-03-01", False),     # the same words, 5 months on
    ("娃儿是上个月15号生的 体温38度", "2026-12-01", True),
    ("宝宝是九月二十号生的，现在38度", "2026-12-01", True),
    ("孩子2026年6月3日出生 发烧38度5", "2026-12-01", False),      # nearly 6 months
    ("宝宝10月份出生的 发烧38度2", "2026-12-01", True),           # a month told, no day
])
def test_a_birth_date_in_the_question_gives_the_age_a_fever_is_read_at(engine, question, today,
                                                                        urgent):
    from datetime import date
    reply = engine.ask(question, today=date.fromisoformat(today))
    assert reply.urgent is urgent
    assert reply.kind in ("emergency", "advice")       # a fever either way, never a catalogue entry
