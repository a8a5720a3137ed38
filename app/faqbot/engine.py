"""The FAQ engine: index, retrieval, re-ranking, the decision and the rendering (pure Python).

Per question:
  1. normalise (text.normalize); medical red flags answer at once (safety)
  2. slots: province/city, child order, months, pregnancy weeks (slots.extract); place and
     child-order words are blanked before retrieval
  3. words: homophone typo repair, synonym canonicalisation, jieba with the domain dictionary
  4. BM25 over words and over character bigrams (each phrasing a document, an entry scores as
     its best phrasing) plus BM25 over each entry's words taken together; the top candidates
     re-ranked with rapidfuzz over the space-joined words and over their pinyin; small factors
     for unknown words, leave cues, a named place and the age asked about (Settings)
  5. decide: answer / clarify (up to 3 options) / decline with 3 suggestions; a question about
     another office's matter (户口, 出生医学证明, 入园入学 …) that the chosen entry does not speak
     of is declined naming that office (referrals)
  6. render (replies): a static answer, or a leave answer from the figures of the province in play

Greetings and thanks get a short reply. A question within a conversation (a follow-up, a pick
among offered options) and the state kept between questions are the dialogue's (dialogue.py).
"""
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from app.faqbot import leave as leave_data
from app.faqbot import comparison, dialogue, personal, referrals, replies, safety, siblings, slots as slot_mod
from app.faqbot.replies import Reply
from app.faqbot.bm25 import BM25
from app.faqbot.colloquial import Colloquial
from app.faqbot.kb import KB, Entry
from app.faqbot.lexicon import Lexicon, new_tokenizer, parse_userdict, pinyin_key
from app.faqbot.pinyin import PinyinReader
from app.faqbot.text import ASKS, normalize


@dataclass(frozen=True)
class Settings:
    """Weights and thresholds, calibrated on the development sets with `flask bot calibrate`
    (a grid search that maximises accuracy while keeping off-topic questions declined; see
    docs/benchmarks.md, "FAQ bot")."""
    candidates: int = 12
    w_word: float = 0.30
    w_bigram: float = 0.30
    w_entry: float = 0.10         # BM25 over all phrasings of an entry taken together
    w_fuzz: float = 0.20
    w_pinyin: float = 0.10
    answer_min: float = 0.45      # below: never answer outright (unless far ahead)
    clarify_min: float = 0.40     # below: decline
    margin: float = 0.02          # top two closer than this: ask which one was meant
    oov_penalty: float = 0.3      # scores shrink by this share of the query's unknown words
    no_leave_cue: float = 0.85    # leave entries' score when the question says nothing of leave
    place_boost: float = 1.10     # leave entries' score when the question names a place, or a
                                  # child order with a leave word (only leave answers depend on
                                  # them)
    month_match: float = 1.12     # entries about an age range holding the age asked about …
    month_miss: float = 0.92      # … and those about another age
    born_not_pregnant: float = 0.5  # a pregnancy's entries when a born child's age is told and
                                    # nothing of a pregnancy (「8个月宝宝舔了蜂蜜 要马上去急诊吗」)
    province_window: float = 0.20  # how far behind a national answer a province's own may be
    domain_boost: float = 1.5     # weight of the user dictionary's domain nouns in word BM25
    lone_margin: float = 0.05     # between clarify_min and answer_min, a top this far ahead of
                                  # the next one is answered rather than offered alone
    far_min: float = 0.30         # below clarify_min, a top at least this high and far_margin
    far_margin: float = 0.08      # ahead of the next, whose phrasings hold a domain noun the
                                  # question names, is answered (a long message's one topic)
    key_miss: float = 0.9         # an entry none of whose phrasings holds the question's rarest
                                  # word (「翻身」 in 「宝宝几个月会翻身」) is only a guess …
    key_idf: float = 3.0          # … when that word is rare among entries (IDF at least this)
    weak_fuzz: float = 0.45       # a top whose best phrasing is this unlike the question, word
    weak_bigram: float = 0.30     # for word and character for character, is offered, not answered
    w_answer: float = 0.05        # BM25 over each answer's own words


@dataclass
class Candidate:
    entry: Entry
    score: float
    parts: dict = field(default_factory=dict)

    def as_log(self) -> dict:
        return {"faq_id": self.entry.id, "score": round(self.score, 4),
                **{k: round(v, 4) for k, v in self.parts.items()}}


# Where a province in play comes from when the parent gave it (not the configured default).
_GIVEN = ("question", "session", "request", "profile")
# The leave a question names (「媳妇…产假有几天」 asks for her 产假 even when the husband asks);
# 产假 with a father nearest before it is his leave (「爸爸有没有产假」).
_NAMED_KINDS = (("paternity", re.compile(r"陪产假|护理假|陪护假|看护假|奶爸假|陪产(?!假)")),
                ("parental", re.compile(r"育儿假|带娃假")),
                ("maternity", re.compile(r"(?<![陪流])产假|生育假")))
_DAYS_KINDS = {kind for kind, _ in _NAMED_KINDS}
# Entries about a pregnancy itself (孕期, 胎动, 怀孕后建档), and a question that speaks of one.
_PREGNANCY_TITLE = re.compile("孕|胎|怀")
# The child's age as the subject of a clause (「孙子8月龄了」「2岁半了」), not a span (「社保断了2月龄」).
_AGE_WORD = re.compile(r"(?:^|(?<=\s)|(?<=宝宝|孩子|孙子|孙女|外孙|儿子|女儿|闺女)|(?<=[娃崽]))"
                       r"\d+(?:月龄|岁半?|周岁)")
# Clauses that are not the worry itself: about the asking (「提前问一下」), what was heard, or that
# all is well (「吃奶也正常」).
_NOT_THE_WORRY = re.compile(r"提前|问一下|问问|学学|了解|存着|请教|^(?:听说|据说|听人说|看到|网上)"
                            r"|正常|没事|挺好|好好的|好了|开心")
# A clause that only asks what the story before it is.
_WHAT_IS_THIS = re.compile(r"(?:这|那|这个|那个)?(?:是|算)?(?:什么|啥|什么情况|啥情况|怎么回事|咋回事)(?:呀|啊|呢)?|为什么(?:会这样)?")
# 「…想问下二宝睡觉要不要用枕头」: the turn from the story to the question.
_TURN_TO_ASK = re.compile(r"^(?:还?想|我想|就想|主要想|另外想)(?:问|请教|咨询|了解|知道)(?:一?下|问)?|^请问")
# 「宁波市鄞州区一位女职工询问」: who asks, as a hotline operator retells it.
_REPORTED = re.compile(r"(?:一位|有位|一名|有个)[^\s]{0,16}(?:问|询问|来电|咨询|说)$")
_LEAVE_NAMES = r"(?:产假|陪产假|护理假|育儿假|生育假)"
_DAYS_ASKED = re.compile(_LEAVE_NAMES + r".{0,4}(?:几天|多少天|多久|多长时间|休多少)")
_WAGES = re.compile(r"工资|薪|钱|扣|带薪|全勤|出勤|奖金|绩效|待遇|津贴|发")
_ORDER_LOOKALIKES = {"maternity", "dystocia", "extension", "breastfeeding_extra"}
_MORE_DAYS = re.compile(r"最多|最长|多请|延长|多休|多放|多给|更长|更多|增加|多几天|多多少|还能多|还能(?:再)?加|能不能(?:再)?加|再加|比.{0,8}多")
_DIFFICULT_BIRTH = re.compile(r"难产|难生|剖|侧切|产钳|多胞胎|双胞胎|龙凤胎|三胞胎|多胎")
_LEAVE_THEN = re.compile(_LEAVE_NAMES + "呢$")   # 「那我自己的产假呢」
_BORN_THERE = {"生", "生娃", "生孩子", "生宝宝", "要是", "如果", "假如"}
_MOVED = {"刚", "搬", "搬家", "搬去", "搬到", "去", "来", "到", "调", "调到", "回", "现在"}
_BEFORE_BIRTH = re.compile(r"产前|提前|之前|以前|预产期前|临产前|前多久|前几天|前.{0,6}(?:休|请)|提早|先休|生之前|没生")
_CHILD_NAMED = re.compile(r"宝宝|孩子|娃|小孩|婴儿|儿子|女儿")


def _counts_a_pregnancy(entry: Entry) -> bool:
    """Entries whose months are a pregnancy's (流产假 by months of pregnancy, the pregnancy topic)."""
    return entry.topic == "pregnancy" or entry.id == "maternity-miscarriage"


_COMPARED = re.compile(r"比|还是|区别|不同|不一样|一样|差别|差多少|按孩次|分孩次|区分|都是")
_OTHER_REASON = re.compile(r"难产|剖|顺产|双胞胎|多胞胎|龙凤胎|母乳|晚育|流产|陪产|育儿假|护理假")
_LEAVE_WORD = re.compile(r"假|休|歇|陪产|哺乳时间|喂奶时间")
# 「香港人」「港籍」 say who the parent is; with a mainland place named, that place's rules apply.
_IDENTITY_AFTER = re.compile(r"\s*(?:人|籍|户口|户籍|身份)")
_NATIONAL = re.compile(r"国家|全国|法定|国务院|法律|劳动法")
# 「是7天还是15天」: figures the parent quotes are what they want checked, not what they ask.
_DAYS = re.compile(r"(?<!\d)\d{1,3}\s*天(?!体检|检查|复查|复筛|访视)")
# 「产假是158还是188」: a choice between two day counts asks the days; its 还是 is no word of the
# question (「工作日还是自然日」 is).
_DAYS_CHOICE = re.compile(r"(?<![\d.])\d{2,3}\s*(?:天|日)?\s*(?:还是|或者|或)\s*\d{2,3}"
                          r"(?![\d.]|\s*(?:个|公|斤|克|cm|厘米|度|岁|月|周|次|元|块|g|ml|毫升|%))\s*(?:天|日)?")
# 「同事说江苏产假有180天？」「上海陪产假15天？我看小红书说的」: one leave's days quoted to be checked,
# with nothing else asked after them, ask that leave's days; so does half a year or a year heard
# (「北京产假听说能休到半年以上？」).
_DAYS_CLAIMED = re.compile(r"(?:陪产假|护理假|育儿假|产假|生育假)(?:有没有|是不是|只有|一共|总共|能休|可以休|也是|还是|就|才|有|是|共)?"
                           r"\s*(?:(?<![\d.])(\d{1,3})\s*[天日]|(?:能休到|可以休到|休到)?(?:大?半年|一年|1年)(?:以上|多)?)"
                           r"(?=\s|$|[?？吗么嘛啊呀吧呢]|对|真|是真|靠谱|有效)")
# 「杭州 生二胎 同事说也是158天？」: a birth and three digits of days, no leave named, are a
# maternity leave's days quoted (no other leave runs to a hundred days).
_BIRTH_DAYS_CLAIMED = re.compile(r"生(?:了)?(?:\d胎|\d孩|孩子|娃|宝宝|小孩|老二|老三)[^?？。]{0,12}?"
                                 r"(?<![\d.])([1-3]\d{2})\s*[天日](?=\s|$|[?？吗么嘛啊呀吧呢]|对|真|是真|靠谱|有效)")
_CHECK_FRAME = re.compile(r"是真的吗|真的吗|真的假的|是不是真的|对不对|对吗|靠谱吗|还有效吗|有效吗|是这样吗|没错吧|这么|那么|^\s*[吗么嘛]")
# 「我也能按188天休 对吗」: days of leave to take, told with 休, make a leave question.
_DAYS_TO_TAKE = re.compile(r"(?<![\d.])\d{2,3}\s*天(?:的假)?(?:休|歇)|(?:休|歇)(?:满|完|够)?\s*\d{2,3}\s*天")
# Words that make a question about leave at all (「纯母乳喂养多久」 is about feeding).
_ANY_LATIN = re.compile(r"[a-z]{2,}")
_LEAVE_CUE = re.compile(r"假|休|歇|陪产|上班|复工|单位|公司|老板|规定|政策|条例|省份|地区|哺乳时间|喂奶时间")
# Phone and other long numbers and self-introduced names say nothing about what is asked.
_NOISE = re.compile(r"\d{5,}|(?:我叫|名字叫|名字是|姓名)[\u4e00-\u9fff]{1,3}"
                    # 「阿姨问：宝宝多大能吃整颗葡萄」: who relays the question is no word of it
                    r"|^[^\s:]{1,10}?(?:问|说|讲|留言|发消息)(?:我|你们)?\s*:")


class Engine:
    """Immutable once built: a new engine is built for new content and swapped in whole."""

    def __init__(self, kb: KB, version: str = "", settings: Settings | None = None,
                 tokenizer=None):
        started = time.perf_counter()
        self.kb = kb
        self.version = version
        self.settings = settings or Settings()
        userdict = parse_userdict(kb.userdict)
        self.tokenizer = tokenizer or new_tokenizer(userdict)
        self.colloquial = Colloquial(kb.colloquial)
        self.lexicon = Lexicon(self.tokenizer, kb.synonyms, colloquial=self.colloquial)
        self.safety = safety.Texts(kb.safety)
        covered = set(kb.leave.get("provinces", {}))
        self.gazetteer = slot_mod.Gazetteer(
            kb.gazetteer.get("provinces", {}), covered, kb.gazetteer.get("counties"),
            cut=lambda text: self.tokenizer.cut(text, HMM=False))
        self.entries = list(kb.entries)
        self.by_id = {e.id: e for e in self.entries}
        self.by_index = {e.id: i for i, e in enumerate(self.entries)}
        self.by_leave: dict[str, Entry] = {}          # leave kind -> its (first) entry
        for e in self.entries:
            if e.leave:
                self.by_leave.setdefault(e.leave, e)
        # The national entries behind those leave entries (「难产增加几天」 where no province is held).
        self._order_lookalikes = {e.id for e in self.entries if e.leave in _ORDER_LOOKALIKES}
        self._order_lookalikes |= {r for e in self.entries if e.leave in _ORDER_LOOKALIKES
                                   for r in e.related if not self.by_id[r].leave}
        # Leave figures a parent quotes (「按158还是188」) are what they want checked, not words.
        figures = sorted({str(v) for v in _leave_figures(kb.leave)}, key=len, reverse=True)
        self._quoted_figures = (re.compile(r"(?<!\d)(?:" + "|".join(figures) + r")(?!\d)")
                                if figures else None)
        # Parents ask the same questions again and again, and one question is analysed more
        # than once (a follow-up, the retrieval); the engine never changes, so neither do words.
        self.analyse = lru_cache(maxsize=8192)(self._analyse)
        self._build_index()
        self.dialogue = dialogue.Dialogue(self)
        self.replies = replies.Replies(self)
        self.build_seconds = time.perf_counter() - started

    # -- index --------------------------------------------------------------------------------
    def _analyse(self, text: str) -> tuple[tuple[str, ...], str]:
        """Normalised text with places and child order blanked -> (words, joined words)."""
        text = _DAYS.sub(" ", _DAYS_CHOICE.sub(" ", text))
        if self._quoted_figures:
            text = self._quoted_figures.sub(" ", text)
        tokens = tuple(self.lexicon.analyse(text))
        return tokens, " ".join(tokens)

    def _build_index(self) -> None:
        self.doc_entry: list[int] = []
        self.doc_words: list[tuple[str, ...]] = []
        self.doc_sorted: list[str] = []
        self.doc_pinyin: list[str] = []
        bigram_docs = []
        for index, entry in enumerate(self.entries):
            for phrasing in [entry.title, *entry.questions]:
                rest = slot_mod.extract(normalize(phrasing), self.gazetteer).rest
                words, _ = self._analyse(rest)
                if not words:
                    continue
                self.doc_entry.append(index)
                self.doc_words.append(words)
                self.doc_sorted.append(" ".join(sorted(words)))
                self.doc_pinyin.append(pinyin_key("".join(words)))
                bigram_docs.append(_bigrams(words))
        self.pinyin = self._pinyin_reader()
        self.entry_months = [_month_span(normalize(e.title)) for e in self.entries]
        self.entry_pregnant = [bool(_PREGNANCY_TITLE.search(e.title)) for e in self.entries]
        self.words_bm25 = BM25(self.doc_words)
        # Domain nouns of the user dictionary (陪产假, 流产假, 百白破 …) weigh more than the
        # generic words around them (国家, 规定, 宝宝).
        self.words_bm25.boost = {word: self.settings.domain_boost
                                 for word, _, tag in parse_userdict(self.kb.userdict)
                                 if tag == "n" and self.settings.domain_boost != 1.0}
        self.bigram_bm25 = BM25(bigram_docs)
        self.entry_docs: dict[int, list[int]] = {}
        for doc_id, index in enumerate(self.doc_entry):
            self.entry_docs.setdefault(index, []).append(doc_id)
        # An entry's phrasings are consecutive documents: its best phrasing is one reduceat.
        self.entry_with_docs = np.array(sorted(self.entry_docs), dtype=np.intp)
        self.entry_first_doc = np.array([self.entry_docs[i][0] for i in self.entry_with_docs],
                                        dtype=np.intp)
        # One bag of words per entry (all phrasings), so that words spread over several
        # phrasings still add up; doc id = entry index.
        self.entry_bm25 = BM25([sorted({w for d in self.entry_docs.get(i, []) for w in
                                        self.doc_words[d]}) for i in range(len(self.entries))])
        # A parent may ask in the words of an answer (「说不出3个物品的名称」) rather than in any
        # phrasing's: BM25 over each static answer's words, a field of its own.
        self.answer_bm25 = BM25([sorted(set(self._analyse(normalize(
                                     safety.without_symptoms(e.answer)))[0]))
                                 if e.answer else [] for e in self.entries])
        self.answer_bm25.boost = self.words_bm25.boost
        self.entry_bm25.boost = self.words_bm25.boost

    def _pinyin_reader(self) -> PinyinReader:
        """Pinyin read as the knowledge base's words: its phrasings and answers (by how often),
        its domain nouns, the colloquial forms and place names (blanked from the phrasings, so
        added: suzhou, chengdu)."""
        counts = Counter(w for words in self.doc_words for w in words)
        counts.update(w for e in self.entries if e.answer
                      for w in self.lexicon.analyse(normalize(e.answer)))
        weighted = [*counts.items(),
                    *((word, 100) for word, _, _ in parse_userdict(self.kb.userdict)),
                    *((name, 100 if kept else 50) for name, kept in self.gazetteer.spoken_names()),
                    *((word, 5) for word in self.colloquial.words())]
        return PinyinReader(weighted)

    # -- retrieval ----------------------------------------------------------------------------
    def rank(self, rest: str, limit: int | None = None, leave_hint: bool = False,
             months: int | None = None, pregnancy_told: bool = False) -> list[Candidate]:
        """`pregnancy_told`: the whole question speaks of a pregnancy, when `rest` is a part."""
        words, joined = self.analyse(rest)
        if not words:
            return []
        s = self.settings
        bigrams = _bigrams(words)
        n_word = self.words_bm25.normaliser(words)
        n_bigram = self.bigram_bm25.normaliser(bigrams)
        # First pass: each BM25 field of every phrasing sharing a term with the question, kept
        # apart so that the re-rank reads them instead of scoring again; the best phrasing per
        # entry.
        word_scores = self.words_bm25.zeros()
        bigram_scores = self.bigram_bm25.zeros()
        self.words_bm25.accumulate(words, n_word, word_scores)
        self.bigram_bm25.accumulate(bigrams, n_bigram, bigram_scores)
        phrasing = s.w_word * word_scores + s.w_bigram * bigram_scores
        best = np.maximum.reduceat(phrasing, self.entry_first_doc)
        by_entry = self.entry_bm25.zeros()
        self.entry_bm25.accumulate(words, self.entry_bm25.normaliser(words), by_entry)
        by_answer = self.answer_bm25.zeros()
        if s.w_answer:
            self.answer_bm25.accumulate(words, self.answer_bm25.normaliser(words), by_answer)
        # Only entries with a phrasing that shares a term with the question are candidates.
        touched = np.flatnonzero(best > 0)
        indexes = self.entry_with_docs[touched]
        totals = best[touched] + (s.w_entry * by_entry[indexes] + s.w_answer * by_answer[indexes])
        order = np.argsort(-totals, kind="stable")[:s.candidates]
        top = indexes[order].tolist()
        q_pinyin = pinyin_key("".join(words))
        q_sorted = " ".join(sorted(words))
        word_set = set(words)
        # Second pass, on the candidates only: fuzzy and pinyin similarity per phrasing
        # (token_sort_ratio is the ratio of the sorted words, sorted once per phrasing).
        ranked = []
        ratio, doc_sorted, doc_pinyin = fuzz.ratio, self.doc_sorted, self.doc_pinyin
        w_word, w_bigram = s.w_word, s.w_bigram
        for index in top:
            top_parts, top_score = {}, -1.0
            docs = self.entry_docs[index]
            for doc_id, w, b in zip(docs, word_scores[docs].tolist(), bigram_scores[docs].tolist()):
                f = ratio(q_sorted, doc_sorted[doc_id]) / 100
                p = ratio(q_pinyin, doc_pinyin[doc_id]) / 100
                score = w_word * w + w_bigram * b + s.w_fuzz * f + s.w_pinyin * p
                if score > top_score:
                    top_score, top_parts = score, {"bm25": w, "bigram": b, "fuzz": f, "pinyin": p}
            e = float(by_entry[index])
            a = float(by_answer[index])
            top_score += s.w_entry * e + s.w_answer * a
            top_parts["entry"] = e
            top_parts["answer"] = a
            ranked.append(Candidate(self.entries[index], top_score, top_parts))
        leave_factor = s.place_boost if leave_hint else (
            1.0 if _LEAVE_CUE.search(joined) else s.no_leave_cue)
        if leave_factor != 1.0:
            for candidate in ranked:
                if candidate.entry.leave:
                    candidate.score *= leave_factor
        idf, max_idf = self.entry_bm25.idf, self.entry_bm25.max_idf
        if s.key_miss != 1.0 and len(word_set) > 1:
            key = max(sorted(word_set), key=lambda t: idf.get(t, max_idf))
            if idf.get(key, max_idf) >= s.key_idf:
                holding = self.entry_bm25.holding(key)
                for candidate in ranked:
                    if self.by_index[candidate.entry.id] not in holding:
                        candidate.score *= s.key_miss
        if months is not None:
            # The child's age favours the entry for that age unless it lacks the rarest topic the
            # question names: 「4个月 趴着睡行不」 is about sleep and 「11个月 能喝蜂蜜水吗」 about
            # honey, not that age's jabs or meals.
            topics = [w for w in sorted(word_set) if w in self.words_bm25.boost
                      and idf.get(w, max_idf) >= s.key_idf]
            topic = max(topics, key=lambda t: idf.get(t, max_idf)) if topics else None
            holding_topic = self.entry_bm25.holding(topic) if topic else set()
            for candidate in ranked:
                index = self.by_index[candidate.entry.id]
                span = self.entry_months[index]
                if span:
                    matched = span[0] <= months <= span[1]
                    if matched and topic and index not in holding_topic:
                        continue
                    candidate.score *= s.month_match if matched else s.month_miss
        if months is not None and not (pregnancy_told or _PREGNANCY_TITLE.search(rest)):
            for candidate in ranked:
                if self.entry_pregnant[self.by_index[candidate.entry.id]]:
                    candidate.score *= s.born_not_pregnant
        unknown = self.words_bm25.unknown_share(words)
        if unknown and s.oov_penalty:
            for candidate in ranked:
                candidate.score *= 1 - s.oov_penalty * unknown
        ranked.sort(key=lambda c: c.score, reverse=True)
        return ranked[:limit] if limit else ranked

    def decide(self, ranked: list[Candidate], national: bool = False) -> tuple[str, list[Candidate]]:
        """('answer', [best]) | ('clarify', options) | ('decline', [])."""
        s = self.settings
        if not ranked or ranked[0].score < s.clarify_min:
            return "decline", []
        top = ranked[0]
        if (top.parts.get("fuzz", 1.0) < s.weak_fuzz
                and top.parts.get("bigram", 1.0) < s.weak_bigram):
            return "clarify", ranked[:3]
        close = [c for c in ranked[1:] if top.score - c.score < s.margin]
        if top.score >= s.answer_min and not close:
            return "answer", [top]
        if top.score >= s.answer_min - s.margin:
            preferred = self._prefer(top, close, national)
            if preferred is not None:
                return "answer", [preferred]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if top.score - runner_up >= s.lone_margin:
            return "answer", [top]
        return "clarify", [top, *close][:3] if close else ranked[:3]

    def _far_ahead(self, ranked: list[Candidate], words) -> bool:
        """「生了对双胞胎 月嫂问我产假是不是比别人长 江苏这边多胞胎怎么算」: too many other words for
        the score, but one entry far ahead of the rest, and it speaks of a domain noun asked."""
        s = self.settings
        if not ranked or ranked[0].score < s.far_min:
            return False
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if ranked[0].score - runner_up < s.far_margin:
            return False
        index = self.by_index[ranked[0].entry.id]
        return any(w in self.words_bm25.boost and w != "月龄"
                   and index in self.entry_bm25.holding(w) for w in words)

    @staticmethod
    def _prefer(top: Candidate, close: list[Candidate], national: bool) -> Candidate | None:
        """Between close candidates, a province-aware leave entry beats the national entries it
        names as related (its national counterpart), unless the parent asked about the national
        rule; between leave entries only, the best one (all are rendered for one province)."""
        group = [top, *close]
        leave = [c for c in group if c.entry.leave]
        other = [c for c in group if not c.entry.leave]
        if len(leave) == 1 and all(c.entry.id in leave[0].entry.related for c in other):
            if national and other:
                return other[0] if len(other) == 1 else None
            return leave[0]
        if leave and not other:
            return top
        return None

    # -- the conversation ---------------------------------------------------------------------
    def ask(self, question: str, state: dict | None = None, *, request_province: str | None = None,
            profile_province: str | None = None, default_province: str | None = None,
            child: dict | None = None, today: date | None = None) -> Reply:
        """`child`: the logged-in parent's chosen child, {"months": int | None, "pregnant": bool}
        (months None while unborn). `today`: the day a birth date in the question is counted to."""
        started = time.perf_counter()
        state = dict(state or {})
        reply = self._ask(question, state, request_province, profile_province, default_province,
                          child or {}, today or date.today())
        asker = dialogue.asker(reply.normalized)
        if asker and reply.state is not state:
            reply.state["asker"] = asker
        children = siblings.two_ages(reply.normalized or "")
        if children and reply.state is not state:
            reply.state["children"] = children     # 「大的3岁 小的刚满月」, for 「小的…」 next
        reply.elapsed_ms = (time.perf_counter() - started) * 1000
        return reply

    def _ask(self, question, state, request_province, profile_province, default_province,
             child, today) -> Reply:
        norm = normalize(question)
        if _ANY_LATIN.search(norm):
            norm = normalize(self.pinyin.read(norm))    # 「2ge月」 read is 2个月, normalised 2月龄
        asked_months = slot_mod.age_months(norm)
        if asked_months is None:
            asked_months = safety.age_in_days_or_weeks(norm)
        months = asked_months
        if months is None:
            months = slot_mod.months_since_birth(norm, today)
        if months is None:
            months = siblings.age_of_named(norm, state.get("children"))
        if months is None:
            months = state.get("months")    # told earlier in the conversation (「宝宝两个月了」)
        if months is None:
            months = child.get("months")
        # A follow-up in a conversation about a pregnancy (「孕32周 胎动一天多少次」 → 「可是今天一次
        # 都没动」) is read as the pregnancy's, and one after a first-aid answer as its accident's.
        last = self.by_id.get(state.get("entry_id") or "")
        pregnant = (bool(child.get("pregnant")) or state.get("weeks") is not None
                    or bool(state.get("pregnant"))
                    or (last is not None and last.topic == "pregnancy"))
        alert = safety.triage(norm, self.safety, months, pregnant=pregnant,
                              after=normalize(last.title) if last is not None else "",
                              after_alert=state.get("alert"))
        if alert is not None:
            kept = {k: v for k, v in state.items() if k != "clarify"}
            kept["alert"] = alert.kind
            if asked_months is not None:
                kept["months"] = asked_months   # 「孙女两个月 发烧咋办」 → 「刚量的三十八度三」
            if alert.kind == "pregnancy" or slot_mod.pregnancy_weeks(norm) is not None:
                kept["pregnant"] = True         # 「孕20周 肚子疼要紧吗」 → 「刚刚上厕所还发现出血了」
            return Reply("emergency" if alert.urgent else "advice", alert.text,
                         confidence=alert.confidence, sources=alert.sources, normalized=norm,
                         state=kept)
        # Red flags are read in the parent's own words (above); the rest in plain ones.
        norm = self.colloquial.apply(norm)
        picked = self.dialogue.picked_option(norm, state)
        if picked is None and replies.is_small_talk(norm):
            return self.replies.small_talk(norm, state)
        # The child's age: the logged-in parent's child, or the one told earlier in this conversation
        # (「俺孙女四个月了」 → 「这个月该打啥针」).
        known = child.get("months") if child.get("months") is not None else state.get("months")
        if picked is None and asked_months is None and known is not None:
            scheduled = self.replies.for_this_child(personal.intent_of(norm), known,
                                                    record=child.get("months") is not None,
                                                    after=state.get("entry_id"), norm=norm)
            if scheduled is not None:
                scheduled.normalized = norm
                scheduled.state = dialogue.next_state(state, scheduled.entry, None, None,
                                                   slot_mod.Slots(months=state.get("months")), [])
                return scheduled
        if picked is None and asked_months is None and known is None:
            scheduled = self.replies.next_after(state.get("entry_id"), norm)
            if scheduled is not None:
                scheduled.normalized = norm
                scheduled.state = dialogue.next_state(state, scheduled.entry, None, None,
                                                   slot_mod.Slots(), [])
                return scheduled
        if picked is None and siblings.asks_vaccines(norm):
            children = siblings.two_ages(norm)
            both = self.replies.vaccines_for_each(children) if children else None
            if both is not None:
                both.normalized = norm
                both.state = dialogue.next_state(state, both.entry, None, None, slot_mod.Slots(), [])
                return both
        found = slot_mod.extract(_NOISE.sub(" ", norm), self.gazetteer)
        if found.months is None:
            found.months = asked_months     # 「七十天的宝宝」: an age in days, kept for a red flag next
        outside = self._outside_mainland(norm)
        if outside is not None:
            # 「澳门的陪产假也是按广东的来吗」: mainland rules are what is asked about, not where.
            found.province = outside
        named = found.province.province if found.province else None
        province, source = self._province(named, state, request_province, profile_province,
                                          default_province)
        child_order = found.child_order
        entry, ranked, decision = picked, [], None
        if entry is None:
            # A province the parent gave (the question, this conversation, the request, the
            # profile; not the configured default) makes a leave answer that province's own.
            in_play = found.province or (self.place(province) if source in _GIVEN else None)
            entry, ranked, decision = self._retrieve(norm, found, state, in_play)
            compared = comparison.provinces_compared(norm, self.gazetteer)
            kind = self._compared_kind(entry, norm) if compared else None
            if kind is not None:
                reply = self.replies.side_by_side(kind, compared, child_order, norm)
                reply.candidates, reply.slots, reply.normalized = ranked[:3], found.as_dict(), norm
                reply.state = dialogue.next_state(state, reply.entry, named, child_order, found, [])
                return reply
            if province in leave_data.OUTSIDE_MAINLAND and (
                    entry.leave or entry.topic in leave_data.LEAVE_TOPICS if entry is not None
                    else bool(_LEAVE_WORD.search(norm))):
                reply = self.replies.outside_mainland(entry, province, source)
                reply.candidates, reply.slots, reply.normalized = ranked[:3], found.as_dict(), norm
                reply.state = dialogue.next_state(state, reply.entry, named, child_order,
                                                   found, [])
                return reply
            referral = referrals.referral_for(norm, _entry_text(entry) if entry else None)
            if (entry is None and referral is None and decision in ("clarify", "decline")
                    and not state.get("entry_id")):
                both = self._each_ask(norm, found)
                if both is not None:
                    reply = replies.followed_by(
                        self.replies.answer(both[0], province, source, child_order, norm),
                        self.replies.answer(both[1], province, source, child_order, norm))
                    reply.candidates, reply.slots, reply.normalized = ranked[:3], found.as_dict(), norm
                    reply.state = dialogue.next_state(state, both[0], named, child_order, found, [])
                    return reply
            if entry is None or referral is not None:
                reply = (self.replies.referred(referral, ranked) if referral is not None
                         else self.replies.not_answered(decision, ranked, norm))
                reply.slots, reply.normalized = found.as_dict(), norm
                reply.state = dialogue.next_state(state, None, named, child_order, found,
                                               [o["faq_id"] for o in reply.clarify])
                return reply
            if decision == "followup" and child_order is None:
                child_order = state.get("child_order")
        reply = self.replies.answer(entry, province, source, child_order, norm,
                             child.get("months") if asked_months is None else None)
        if picked is None and decision == "answer":
            reply = self._with_first_ask(reply, norm, province, source, child_order, child,
                                         asked_months)
        reply.candidates, reply.slots, reply.normalized = ranked[:3], found.as_dict(), norm
        reply.state = dialogue.next_state(state, entry, named, child_order, found, [])
        return reply

    def _retrieve(self, norm: str, found: slot_mod.Slots, state: dict,
                  in_play: slot_mod.Place | None = None):
        """(entry or None, ranked candidates, decision). A follow-up is the dialogue's to read
        (dialogue.py). `in_play`: the province the parent gave, in the question or before it."""
        national = bool(_NATIONAL.search(norm))
        last = self.by_id.get(state.get("entry_id") or "")
        # 「那要是满4个月以后呢」 after the miscarriage leave counts the pregnancy, not a child.
        gestation = (last is not None and found.months is not None and _counts_a_pregnancy(last)
                     and not _CHILD_NAMED.search(norm))
        if gestation:
            found = replace(found, months=None)
        words, _ = self.analyse(found.rest)
        if found.province is not None:
            # 「那四川呢 我们刚搬去广元」: the move only says why the place changed; 「那要是在广东生
            # 呢」: where the child is born is the place.
            words = tuple(w for w in words if w not in _MOVED and w not in _BORN_THERE)
        if found.child_order is not None:
            words = tuple(w for w in words if w != "生")     # 「那浙江生二胎呢」
        is_followup = self.dialogue.is_followup(last, words, found, norm)
        if is_followup and not words:
            return self.dialogue.same_again(last, state, norm, found), [], "followup"
        ranked = self.rank(found.rest, leave_hint=in_play is not None or (
            found.child_order is not None and bool(_LEAVE_CUE.search(found.rest))),
                           months=found.months)
        if gestation:
            ranked = [c for c in ranked if not self.entry_months[self.by_index[c.entry.id]]]
        decision, chosen = self.decide(ranked, national)
        if decision != "answer" and not is_followup:
            focused = self._question_part(norm)
            if focused:
                leave_hint = in_play is not None or (
                    found.child_order is not None and bool(_LEAVE_CUE.search(norm)))
                ranked2 = self.rank(focused, leave_hint=leave_hint, months=found.months,
                                    pregnancy_told=bool(_PREGNANCY_TITLE.search(norm)))
                decision2, chosen2 = self.decide(ranked2, national)
                if decision2 == "answer":
                    ranked, decision, chosen = ranked2, decision2, chosen2
        if decision != "answer" and not is_followup:
            alone = self._clause_alone(norm, found, national)
            if alone is not None:
                ranked, decision, chosen = alone
        if decision == "decline" and not is_followup and self._far_ahead(ranked, words):
            decision, chosen = "answer", ranked[:1]
        # 「那我自己的产假呢 宝宝前天刚出生」: the clause that asks names one leave; the story around
        # it does not make it a question about the newborn.
        if (decision == "answer" and not is_followup
                and chosen[0].entry.topic not in leave_data.LEAVE_TOPICS):
            named = {kind for c in norm.split() if _DAYS_ASKED.search(c) or _LEAVE_THEN.search(c)
                     for kind, pattern in _NAMED_KINDS if pattern.search(c)}
            if len(named) == 1 and named & self.by_leave.keys():
                chosen = [Candidate(self.by_leave[named.pop()], chosen[0].score)]
        if last is not None:
            kept = self.dialogue.follow_up(last, words, ranked, decision, chosen, found, norm,
                                           state, is_followup, national, in_play)
            if kept is not None:
                return kept[0], kept[1], "followup"
        if decision == "answer" and (
                safety.first_aid_for_prevention(norm, chosen[0].entry.title)
                or safety.asks_what_to_do_about_a_symptom(norm, chosen[0].entry.title)):
            decision = "decline"
        if decision != "answer" and self._claimed_kind(norm) in self.by_leave:
            decision, chosen = "answer", [Candidate(self.by_leave[self._claimed_kind(norm)], 0.0)]
        if (decision == "answer" and chosen[0].entry.topic not in leave_data.LEAVE_TOPICS
                and _DAYS_TO_TAKE.search(norm)):
            leave = [c for c in ranked if c.entry.topic in leave_data.LEAVE_TOPICS]
            if leave:
                chosen = leave[:1]      # the subsidy's 2025年…出生 did not make it a subsidy question
        if decision == "answer":
            entry = self._order_asked(self._dystocia_named(
                self._kind_named(chosen[0].entry, norm), norm), found, norm)
            if entry is chosen[0].entry:
                entry = self._province_specific(chosen[0], ranked, found, in_play)
            return entry, ranked, "answer"
        return None, ranked, decision

    def _kind_named(self, entry: Entry, norm: str) -> Entry:
        """The days of the one leave the question names win over the days of another one
        (产假 / 陪产假 / 育儿假): words about who asks (「我在外地打工」「媳妇生孩子」) do not
        change which leave is asked about."""
        claimed = self._claimed_kind(norm)
        if claimed is not None:
            return self.by_leave.get(claimed, entry)
        if entry.leave == "pay" and _DAYS.search(norm) and not _WAGES.search(norm):
            # 「单位说陪产假就7天 是不是给少了」: a day count quoted to be checked asks the days.
            entry = self.by_leave.get("maternity", entry)
        elif entry.topic not in leave_data.LEAVE_TOPICS and (
                _DAYS_ASKED.search(norm) or (_DAYS_CHOICE.search(norm) and self._kinds_named(norm))):
            # 「老大两岁 又怀上了 二胎产假几天」「2025年10月在四川生的，老公护理假按20天还是30天」: a
            # leave named and its days asked is a leave question, whatever else the message tells
            # (怀上 pulled the pregnancy handbook, 2025年…生的 the subsidy).
            entry = self.by_leave.get("maternity", entry)
        # 「老公护理假到底是20天还是30天」: two day counts offered ask the days of the leave named,
        # whichever entry about that leave the other words pulled.
        choice = entry.topic in leave_data.LEAVE_TOPICS and bool(_DAYS_CHOICE.search(norm))
        if entry.leave not in _DAYS_KINDS and not choice:
            return entry
        named = self._kinds_named(norm)
        if len(named) != 1 or entry.leave in named:
            return entry
        kind = named.pop()
        return self.by_leave.get(kind, entry)

    def _kinds_named(self, norm: str) -> set[str]:
        """The leaves (产假 / 陪产假 / 育儿假) a question names; a father's 产假 is his 陪产假."""
        norm = self.lexicon.repair_typos(norm)      # 「济南产家多少天」 names 产假
        named = {kind for kind, pattern in _NAMED_KINDS for m in pattern.finditer(norm)
                 if not (kind == "maternity" and dialogue.fathers(norm[:m.start()]))}
        named |= {"paternity" for m in _NAMED_KINDS[2][1].finditer(norm)
                  if dialogue.fathers(norm[:m.start()])}
        return named

    def _compared_kind(self, entry: Entry | None, norm: str) -> str | None:
        """The leave whose provinces a comparison sets side by side: the one leave named, else
        the retrieved entry's own (难产, 哺乳), else none (wages, or nothing about leave)."""
        named = self._kinds_named(norm)
        if entry is not None and entry.leave in comparison.KINDS and entry.leave not in _DAYS_KINDS:
            return entry.leave
        if len(named) == 1 and not _WAGES.search(norm) and (
                entry is None or entry.topic in leave_data.LEAVE_TOPICS):
            return named.pop()
        return entry.leave if entry is not None and entry.leave in comparison.KINDS else None

    def _claimed_kind(self, norm: str) -> str | None:
        """The one leave whose days the question quotes to be checked (_DAYS_CLAIMED), or None."""
        claim = _DAYS_CLAIMED.search(norm)
        if claim is None and not _LEAVE_WORD.search(norm):
            birth = _BIRTH_DAYS_CLAIMED.search(norm)
            if birth is not None and not _NATIONAL.search(norm) and not ASKS.search(
                    _CHECK_FRAME.sub(" ", norm[birth.end():])):
                return "maternity"
        if claim is None or _NATIONAL.search(norm) or ASKS.search(_CHECK_FRAME.sub(" ", norm[claim.end():])):
            return None
        named = {kind for kind, pattern in _NAMED_KINDS for m in pattern.finditer(claim.group(0))
                 if not (kind == "maternity" and dialogue.fathers(norm[:claim.start()]))}
        return named.pop() if len(named) == 1 else None

    def _dystocia_named(self, entry: Entry, norm: str) -> Entry:
        """「产假多少天」 with more words around it is never the dystocia rule unless a difficult
        birth is named, nor the days before the birth unless those are asked (「我十月份预产期」
        only says when): the plain days are."""
        if (entry.leave == "dystocia" and not _DIFFICULT_BIRTH.search(norm)) or (
                entry.id == "maternity-prenatal-15-days" and not _BEFORE_BIRTH.search(norm)):
            return self.by_leave.get("maternity", entry)
        return entry

    def _order_asked(self, entry: Entry, found: slot_mod.Slots, norm: str) -> Entry:
        """「南充的 准备要三胎 听说三胎产假还能多休 多休多久」: more days for a second or third child
        is the child-order rule, not the dystocia or extension entry its 多休 resembles."""
        if (entry.id in self._order_lookalikes and (found.child_order or 0) >= 2
                and _MORE_DAYS.search(norm) and not _OTHER_REASON.search(norm)):
            return self.by_leave.get("by_order", entry)
        # 「杭州生一胎产假多少天」: the days for that child, which the maternity entry gives per child
        # order, not the list of every order (unless the orders are compared).
        if (entry.leave == "by_order" and found.child_order is not None
                and not _COMPARED.search(norm) and not _MORE_DAYS.search(norm)):
            return self.by_leave.get("maternity", entry)
        return entry

    def _outside_mainland(self, norm: str) -> slot_mod.Place | None:
        """香港/澳门/台湾 named anywhere in the question (「澳门的陪产假也按广东的来吗」), unless it
        says who the parent is while a mainland place says where (「老婆是香港人，在广州上班」)."""
        places = self.gazetteer.named(norm)
        mainland = any(p.province not in leave_data.OUTSIDE_MAINLAND for _, p in places)
        for (_, end), place in places:
            if place.province not in leave_data.OUTSIDE_MAINLAND:
                continue
            if mainland and _IDENTITY_AFTER.match(norm, end):
                continue
            return place
        return None

    def _with_first_ask(self, reply: Reply, norm, province, source, child_order, child,
                        asked_months) -> Reply:
        """「东莞产假多少天？难产的话能多几天」: two asks, the whole read as the second. When the
        first ask (with what is told before it: 「宁波 头胎 产假几天 按自然日算吗」) is answered on
        its own by another entry, answer it first and the second after it."""
        clauses = norm.split()
        asking = [i for i, c in enumerate(clauses) if ASKS.search(c)]
        if len(asking) != 2 or any(self.analyse(slot_mod.extract(c, self.gazetteer).rest)[0]
                                   and not _REPORTED.search(c) for c in clauses[:asking[0]]):
            return reply        # before the first ask: only where, which child, or who asks
        first_ask = " ".join(clauses[:asking[0] + 1])
        first = slot_mod.extract(first_ask, self.gazetteer)
        if not self.analyse(first.rest)[0]:
            return reply
        ranked = self.rank(first.rest, leave_hint=first.province is not None, months=first.months)
        decision, chosen = self.decide(ranked, bool(_NATIONAL.search(first_ask)))
        if decision != "answer" or chosen[0].entry.id == reply.entry.id:
            return reply
        entry = self._province_specific(chosen[0], ranked, first)
        if entry.id == reply.entry.id:
            return reply
        answer = self.replies.answer(entry, province, source, child_order, first_ask,
                              child.get("months") if asked_months is None else None)
        return replies.followed_by(answer, reply)

    def _each_ask(self, norm: str, found: slot_mod.Slots) -> tuple[Entry, Entry] | None:
        """「生育津贴按谁的工资算 个人要交生育险吗」: two asks the whole cannot tell apart, each
        answered on its own by a different entry (with where and which child the whole told)."""
        # (clauses that only say where or who asks — 「宁波 一位家长问」 — are the whole's context)
        clauses = [c for c in norm.split()
                   if ASKS.search(c) or self.analyse(slot_mod.extract(c, self.gazetteer).rest)[0]]
        asking = [i for i, c in enumerate(clauses) if ASKS.search(c)]
        if len(asking) != 2 or asking[1] != len(clauses) - 1:
            return None
        if asking[0] == 0:
            parts = (" ".join(clauses[:asking[1]]), clauses[asking[1]])
        else:
            # 「二宝4个月纯母乳 天热要不要喂点水 老大1岁半一天吃几顿合适」: each ask with the clauses
            # before it, and the age that part tells.
            parts = (" ".join(clauses[:asking[0] + 1]), " ".join(clauses[asking[0] + 1:]))
        chosen = []
        for part in parts:
            rest = slot_mod.extract(part, self.gazetteer).rest
            if not self.analyse(rest)[0]:
                return None
            told = slot_mod.age_months(part)
            months = found.months if told is None else told
            ranked = self.rank(rest, leave_hint=found.province is not None, months=months)
            decision, picked = self.decide(ranked, bool(_NATIONAL.search(part)))
            focused = self._question_part(part) if decision != "answer" else None
            if focused:
                # 「宝宝14个月了还在吃母乳 我上班以后每天的哺乳时间还有没有」: the part's own ask
                ranked = self.rank(focused, leave_hint=found.province is not None, months=months)
                decision, picked = self.decide(ranked, bool(_NATIONAL.search(part)))
            if decision != "answer":
                return None
            chosen.append(self._province_specific(picked[0], ranked, found))
        return (chosen[0], chosen[1]) if chosen[0].id != chosen[1].id else None

    def _question_part(self, norm: str) -> str | None:
        """A long question with its context first (「休完产假回去上班，单位让我上夜班，宝宝才5个月，
        可以拒绝吗」): the clauses that ask, plus the domain nouns of the others (产假, 夜班), with
        places and child order blanked; None for a question of one clause."""
        clauses = _NOISE.sub(" ", norm).split()
        if len(clauses) < 2:
            return None
        turn = next((i for i, c in enumerate(clauses) if i and _TURN_TO_ASK.match(c)), None)
        if turn is not None:
            # 「老大上周摔了…去医院看了说没事 想问下二宝4个月睡觉要不要用枕头」: what follows
            # 想问 is the question; the story before it only lends its domain nouns.
            asking = [_TURN_TO_ASK.sub("", clauses[turn]), *clauses[turn + 1:]]
            clauses = [*clauses[:turn], *asking]
        else:
            asking = [c for c in clauses if ASKS.search(c)] or clauses[-1:]
        nouns = [w for c in clauses if c not in asking for w in self.analyse(c)[0]
                 if w in self.words_bm25.boost and w != "月龄"]
        if not nouns and len(asking) == 1 and clauses.index(asking[0]) > 0 and not any(
                w in self.words_bm25.boost for w in self.analyse(asking[0])[0]):
            # 「…冲点蜂蜜水喝，可以吗」: a bare asking clause, and no domain noun to carry, asks
            # about the clause before it.
            asking = clauses[clauses.index(asking[0]) - 1:clauses.index(asking[0]) + 1]
        if nouns and all(_WHAT_IS_THIS.fullmatch(c) for c in asking):
            return None     # 「…两手一张 抖一下 这是什么」: what the story is, not its nouns
        focused = slot_mod.extract(" ".join([*asking, *nouns]), self.gazetteer).rest
        return focused if focused and focused != " ".join(clauses) else None

    def _clause_alone(self, norm: str, found: slot_mod.Slots, national: bool):
        """A worry told in many clauses (「孙子8个月了还坐不稳 要靠着东西 奶奶说男孩子发育晚 不用
        管」): the one clause that alone is a known question, with the child's age told anywhere;
        None unless exactly one entry is answered that way."""
        clauses = _NOISE.sub(" ", norm).split()
        age = _AGE_WORD.search(norm)
        if len(clauses) < 2 or found.months is None or age is None:
            return None
        answered = {}
        for clause in clauses:
            if ASKS.search(clause) or _NOT_THE_WORRY.search(clause):
                continue
            rest = slot_mod.extract(_AGE_WORD.sub(" ", clause), self.gazetteer).rest
            if not self.analyse(rest)[0]:
                continue
            ranked = self.rank(f"{age.group()} {rest}", months=found.months)
            decision, chosen = self.decide(ranked, national)
            if (decision == "answer" and chosen[0].score >= self.settings.answer_min
                    and chosen[0].entry.id in {c.entry.id for c in self.rank(rest)[:1]}):
                answered.setdefault(chosen[0].entry.id, (ranked, decision, chosen))
        return next(iter(answered.values())) if len(answered) == 1 else None

    def _province_specific(self, chosen: Candidate, ranked: list[Candidate],
                           found: slot_mod.Slots, place: slot_mod.Place | None = None) -> Entry:
        """A parent who gives a province we hold gets that province's figure: a leave entry that
        names the chosen national entry as related, not far behind it and with data for the
        province, wins."""
        place = place or found.province
        if chosen.entry.leave or place is None or not place.covered:
            return chosen.entry
        items = self.kb.leave["provinces"].get(place.province, {})
        words, _ = self.analyse(found.rest)
        idf, max_idf = self.entry_bm25.idf, self.entry_bm25.max_idf
        rare = [w for w in words if len(w) > 1 and idf.get(w, max_idf) >= self.settings.key_idf]
        for candidate in ranked:
            entry = candidate.entry
            if not (entry.leave and chosen.entry.id in entry.related and entry.leave in items):
                continue
            # 「山东体弱儿哺乳时间能延长吗」: the province's own rule names the question's rare
            # word, so it answers however far the national entry is ahead.
            text = normalize(str(items[entry.leave].get("text", "")))
            if (chosen.score - candidate.score <= self.settings.province_window
                    or any(w in text for w in rare)):
                return entry
        return chosen.entry

    def place(self, province: str | None) -> slot_mod.Place | None:
        if not province:
            return None
        return slot_mod.Place(province, province, province in self.gazetteer.covered)

    def leave_counterpart(self, entry: Entry, place) -> Entry | None:
        """「难产产假增加几天」→「那广东呢」: the leave entry that lists the national one as
        related and holds a figure for the newly named province."""
        if entry.leave or place is None or not place.covered:
            return None
        items = self.kb.leave["provinces"].get(place.province, {})
        return next((e for e in self.entries
                     if e.leave and entry.id in e.related and e.leave in items), None)

    @staticmethod
    def _province(named, state, request_province, profile_province, default_province):
        """The province in play and where it came from: the question, earlier in this
        conversation, the request, the parent's profile, the configured default."""
        for value, source in ((named, "question"), (state.get("province"), "session"),
                              (request_province, "request"), (profile_province, "profile"),
                              (default_province, "default")):
            if value:
                return value, source
        return None, None


_RANGE_RE = re.compile(r"(\d+)\s*(?:到|至|-|—|~)\s*(\d+)\s*月龄")
_MONTH_RE = re.compile(r"(\d+)月龄")
_YEAR_RANGE_RE = re.compile(r"(\d)\s*(?:到|至|-|—|~)?\s*(\d)\s*(?:岁|周岁)")  # 「两三岁」 is 「23岁」
_YEAR_RE = re.compile(r"(\d)\s*(?:岁|周岁)(半)?")
_OPEN_ENDED = re.compile(r"以内|以下|以上|之前|之后|前|后|内|起")


def _entry_text(entry: Entry) -> str:
    """What an entry says (not how parents asked it: those phrasings are looser)."""
    return f"{entry.title} {entry.answer}"


def _leave_figures(leave: dict) -> set[int]:
    """Every `days` figure of the leave data (98, 158, 188 …), at least two digits long."""
    found: set[int] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("days"), int) and node["days"] >= 10:
                found.add(node["days"])
            for value in node.values():
                walk(value)

    walk(leave)
    return found


def _month_span(title: str) -> tuple[int, int] | None:
    """The age range in months an entry is about, read from its normalised title (「6到9月龄宝宝
    一天吃几次辅食」 -> (6, 9), 「宝宝8月龄打什么疫苗」 -> (8, 8)); None when open-ended or absent."""
    if re.search("出生时|新生儿", title):
        return 0, 0
    if _OPEN_ENDED.search(title):
        return None
    match = _RANGE_RE.search(title)
    if match:
        return int(match.group(1)), int(match.group(2))
    found = _MONTH_RE.findall(title)
    if len(found) == 1:
        return int(found[0]), int(found[0])
    match = _YEAR_RANGE_RE.search(title)
    if match:
        return int(match.group(1)) * 12, int(match.group(2)) * 12
    years = _YEAR_RE.findall(title)
    if len(years) == 1:
        # 「2岁孩子出现哪些情况」「1岁半宝宝…」 are about that age, as 「24月龄」 would be.
        months = int(years[0][0]) * 12 + (6 if years[0][1] else 0)
        return months, months
    return None


def _bigrams(words: list[str]) -> list[str]:
    joined = "".join(words)
    if len(joined) < 2:
        return [joined] if joined else []
    return [joined[i:i + 2] for i in range(len(joined) - 1)]
