"""Pinyin typed in Latin letters (app/faqbot/pinyin.py), alone or inside Chinese, read as the
knowledge base's words; English and shorthand stay as typed. The questions are not those of the
evaluation sets."""
import pytest

from app.faqbot.engine import Engine
from app.faqbot.kb import load_kb
from app.faqbot.text import normalize
from tests.faqbot.conftest import ROOT


@pytest.fixture(scope="module")
def engine():
    return Engine(load_kb(ROOT / "content" / "faq"))


@pytest.mark.parametrize("typed, read", [
    ("nanjing chanjia duoshao tian", "南京产假多少天"),        # wholly pinyin, a place's sound
    ("济南peichanjia几天", "济南陪产假几天"),                  # pinyin inside Chinese
    ("yuerjia yinian jitian", "育儿假一年几天"),               # the fewest words, not 约 + r…
    ("3ge月宝宝", "3个月宝宝"),                                # ge is 个, the everyday word
    ("宝宝发shao了", "宝宝发烧了"),                             # the character before it joins
    ("hpv免费吗 ok", "hpv免费吗 ok"),                          # English and abbreviations stay
    ("pcj几天", "pcj几天"),                                     # shorthand is the colloquial layer's
])
def test_pinyin_is_read_as_the_words_it_sounds_like(engine, typed, read):
    assert engine.pinyin.read(normalize(typed)) == read


@pytest.mark.parametrize("question, expected", [
    ("hangzhou erhai chanjia duoshao tian", "188"),
    ("广元pcj几天", "30天"),
    ("bb 6ge月能吃fushi了吗", "6个?月|满6月龄"),
])
def test_a_question_typed_in_pinyin_gets_its_answer(ask, question, expected):
    import re
    _, body = ask(question)
    assert body["matched"], body["answer"]
    assert re.search(expected, body["answer"]), body["answer"]


@pytest.mark.parametrize("question", [
    "yun 30zhou xiamian chuxue le",
    "33zhou taidong yizhengtian dou meiyou",
    "2ge月bb fashao 38du5",
])
def test_a_red_flag_typed_in_pinyin_is_urgent(ask, question):
    _, body = ask(question)
    assert body["urgent"], body["answer"]
