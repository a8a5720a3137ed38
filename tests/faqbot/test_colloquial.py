"""Colloquial and dialect words as a layer of their own (app/faqbot/colloquial.py,
content/faq/colloquial.yaml): each class of words reaches the entry its plain form reaches,
red flags stay red flags, and off-topic questions stay declined. The questions are not those
of the evaluation sets."""
import re
from pathlib import Path

import pytest

from app.faqbot.colloquial import Colloquial, ColloquialError, validate
from app.faqbot.engine import Engine
from app.faqbot.kb import KBError, load_kb
from tests.faqbot.conftest import ROOT

FAQ = ROOT / "content" / "faq"


def _answer(ask, question, **fields):
    status, body = ask(question, **fields)
    assert status == 200, body
    return body


@pytest.mark.parametrize("dialect, plain", [
    ("崽崽几时能吃蜂蜜", "宝宝什么时候能吃蜂蜜"),              # 崽崽 / 几时
    ("细路仔啥子时候打卡介苗", "宝宝什么时候打卡介苗"),          # 细路仔 / 啥子时候
    ("屋里人生了娃 我能歇好多天", "妻子生了宝宝 我能休多少天"),    # 屋里人 / 好多天 at the end
    ("育儿补贴一个娃一年发几多钱", "育儿补贴一个宝宝一年发多少钱"),  # 几多钱
    ("当爹的陪产假有好多天", "男方陪产假有多少天"),                # 当爹的
    ("孙女七个月 辅食咋个弄", "宝宝7个月 辅食怎么做"),            # 孙女 / 咋个
    ("几个月能吃附食", "几个月能吃辅食"),                        # 附食 typed by sound (after heldout7)
    ("孕期单位要把我辞掉 合法吗", "孕期单位要把我辞退 合法吗"),        # 辞掉 / 辞了 are 辞退
    ("给娃吃啥容易噎着", "给宝宝吃什么容易噎住"),                  # 噎着 is 噎住 (after heldout7)
    ("宝宝睡觉被子太厚会不会闷到", "宝宝睡觉被子太厚会不会窒息"),      # 闷到 is 窒息
    ("给伢儿补点维生素d要得不", "给宝宝补维生素d可以吗"),          # 伢儿 / 补点 / 要得不
    ("阿拉小囡啥辰光可以食蜂蜜", "宝宝什么时候可以吃蜂蜜"),        # Shanghainese; Cantonese 食
    ("碎娃几个月能加辅食", "宝宝几个月能加辅食"),                  # Shaanxi 碎娃
    ("德阳这边生娃产假要休好久", "德阳这边生宝宝产假要休多久"),      # 好久 asked at the end
    ("在哈尔滨生孩子 产假能歇多老长时间", "在哈尔滨生孩子 产假能休多长时间"),  # 东北 歇 / 多老长
    ("潍坊的育儿假到底几天 各种说法都有", "潍坊的育儿假到底几天"),   # 说法不一 is background
    ("公婆问下 儿子儿媳一年有几天玉儿假", "夫妻一年有几天育儿假"),   # the couple; 玉儿假 by voice (heldout32)
    ("孙子两岁了 闺女和姑爷能请几天育儿假", "宝宝两岁了 夫妻能请几天育儿假"),
    ("婴幼儿照护的各税一个月扣多少", "婴幼儿照护的个税一个月扣多少"),
    # Cantonese (heldout35): 使唔使, 仲未识, 啱啱, 出世, 攞, 边个, 俾, 瞓, 睇
    ("仔仔啱啱出世 使唔使打针", "宝宝刚刚出生 需要打疫苗吗"),
    ("孙仔8个月仲未识自己坐稳 正唔正常", "宝宝8个月还不会自己坐稳 正常吗"),
    ("边个可以攞育儿补贴", "谁可以领育儿补贴"),
    ("BB瞓觉可唔可以侧住瞓", "宝宝睡觉可以侧着睡吗"),
])
def test_a_dialect_question_reaches_the_entry_of_its_plain_form(ask, dialect, plain):
    expected = _answer(ask, plain)
    assert expected["matched"], expected["answer"]
    body = _answer(ask, dialect)
    assert body["matched"], body["answer"]
    assert body["faq_id"] == expected["faq_id"]


@pytest.mark.parametrize("question, expected", [
    ("宝宝一岁以内能吃盐不", "不加盐"),                         # V…不 at the end is a question
    ("娃的辅食放不放酱油", "不加盐|调味"),                       # V不V
    ("哪个时候产假碰上春节 能往后推不", "节假日|顺延"),           # 春节 with a leave word, 往后推
    ("老板说怀孕了就要劝退我 能这样干吗", "不得"),                 # 可以这样吗 about an employer
    ("托班一个阿姨最多能看几个娃", "1:7|1:5|1:3"),               # one carer looks after how many
    ("八个月宝宝辅食放点盐ok吗", "不加盐"),                      # ok is 可以 (heldout34)
    ("媳妇怀孕了 老板要辞她 合法吗", "不得"),                     # 辞她 is 辞退
    ("娃感冒耽误了两个多月没打疫苗 要从头打吗", "不需要"),          # a delay, not the child's age
    ("老细话我怀咗孕要炒我 佢可唔可以咁做", "不得"),               # 炒 is 辞退; 咁做 (heldout35)
    ("东莞 放产假嗰阵 人工照唔照出", "工资|照发|照常"),             # 人工 is 工资, 嗰阵 is 的时候
    ("广州 产假係咪178日", "178"),                                 # 係咪, 178日 (1月1日 stays a date)
])
def test_classes_of_asking_words_are_read_as_their_plain_ask(ask, question, expected):
    body = _answer(ask, question)
    assert body["matched"], body["answer"]
    assert re.search(expected, body["answer"]), body["answer"]


@pytest.mark.parametrize("question", [
    "国庆节放几天假",                 # a public holiday, not leave: 节假日 only with a leave word
    "坐月子中心哪家好 贵不贵",          # referred: prices of household services
    "娃他爸想换工作 哪个行业好",
    "女儿女婿天天吵架 我当爸的要不要管",   # the asker, not a leave question's 女方/男方
    "边间酒楼饮早茶好食",                 # Cantonese small talk stays off topic
])
def test_off_topic_questions_in_dialect_stay_declined(ask, question):
    body = _answer(ask, question)
    assert not body["matched"], body["answer"]


@pytest.mark.parametrize("question", [
    "崽崽才两个月 烧到三十八度五了 咋个办嘛",    # fever under 3 months, in dialect
    "伢儿把外婆的药吞了好几颗 咋整",
    "怀孕三十五周 今天娃娃一下都不动了 得不得行哦",
])
def test_red_flags_in_dialect_stay_urgent(ask, question):
    body = _answer(ask, question)
    assert body["urgent"], body["answer"]


def test_the_layer_is_idempotent_and_leaves_plain_words_alone():
    layer = Colloquial(load_kb(FAQ).colloquial)
    for text in ("媳妇儿问娃几时打疫苗撒", "可不可以喂点米汤", "能喝水不", "宝宝3月龄什么时候体检"):
        once = layer.apply(text)
        assert layer.apply(once) == once
    assert layer.apply("宝宝3月龄什么时候体检") == "宝宝3月龄什么时候体检"
    assert layer.apply("可不可以喂点米汤") == "可以喂米汤吗"
    assert layer.apply("宝宝吃点心可以吗") == "宝宝吃点心可以吗"         # 点心 is a food
    assert layer.apply("二娃产假多少天") == "2宝产假多少天"              # the child order stays
    assert layer.apply("宝宝好多天没拉了") == "宝宝好多天没拉了"          # many days, not how many
    assert layer.apply("2023年1月1日起执行") == "2023年1月1日起执行"    # a date's 日 is no day count
    assert layer.apply("人工流产假几天") == "人工流产假几天"            # 人工流产 is no wage
    assert layer.apply("产后抑郁怎么办") == "产后抑郁怎么办"            # 抑郁 is not 动


def test_homophone_repair_leaves_words_of_the_language_alone():
    lexicon = Engine(load_kb(FAQ)).lexicon
    assert lexicon.repair_typos("陪产价几天") == "陪产假几天"      # not a word: a typo
    assert lexicon.repair_typos("辅食一天喂几回") == "辅食一天喂几回"  # 几回 is not 脊灰
    assert lexicon.repair_typos("宝宝要补铁吗") == "宝宝要补铁吗"      # 补铁 is not 补贴
    assert lexicon.repair_typos("我丈夫是外地人") == "我丈夫是外地人"  # 夫是 cuts 丈夫: not 辅食
    assert lexicon.repair_typos("青岛生孩子产价多少天") == "青岛生孩子产假多少天"


def test_the_loader_names_the_file_and_item_of_a_bad_mapping(tmp_path):
    with pytest.raises(ColloquialError, match="同时改写"):
        validate({"words": {"宝宝": ["娃"], "孩子": ["娃"]}})
    with pytest.raises(ColloquialError, match="又被改写|再改写"):
        # 「崽」 -> 「娃」 -> … the plain form is itself rewritten: not one step.
        validate({"words": {"宝宝": ["娃"], "娃": ["崽"]}})
    with pytest.raises(ColloquialError, match="正则"):
        validate({"rewrites": [{"match": "(", "to": ""}]})
    faq = tmp_path / "faq"
    faq.mkdir()
    for path in FAQ.rglob("*"):
        target = faq / path.relative_to(FAQ)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    (faq / "colloquial.yaml").write_text("words:\n  宝宝: 娃\n", encoding="utf-8")
    with pytest.raises(KBError) as error:
        load_kb(Path(faq))
    assert "colloquial.yaml" in str(error.value) and "words" in str(error.value)
