"""The dialogue: how a question reads within a conversation (pure Python).

A conversation's state is a small dict the caller stores (the service keeps it in the database):
the last entry, the province named, child order, ages, who asks (his or her wife's leave) and the
options of a pending clarify. Here:
  - a follow-up (「那北京呢」「那男方呢」「要交税不」「那9个月呢」) is read with the last question and
    keeps its topic, or re-asks the last entry for another place, child or age;
  - 「1」/「是」 picks an offered option;
  - the state after a reply.
The engine ranks and decides; the dialogue asks it again with the last question's words.
"""
import re

from app.faqbot import leave as leave_data, safety, slots as slot_mod
from app.faqbot.kb import Entry
from app.faqbot.text import normalize

_FOLLOWUP_START = re.compile(r"^(?:那|那么|那如果|如果是|要是|换成|改成|还有|再问|另外|还能|还可以|还会|也)")
# 「是两个人各10天吗」 after 「…是夫妻合计10天还是每人各10天，尚未确认」: a figure of the last
# answer, checked.
_FIGURE = re.compile(r"(\d+)\s*(?:天|个?工作日|日|元|小时)")
_YES_NO_END = re.compile(r"(?:吗|吧|么|嘛|不)$")
_FOLLOWUP_END = re.compile(r"(?:呢|怎么样|怎么算|是多少|多少|几天|也有吗|也有没有|也能休吗|也可以休吗)$")
# Who a leave is for: the words for the father and for the mother.
_HIM = "男方|爸爸|父亲|老公|丈夫|男的|男职工|男同事|男性|孩子他爸|孩子爸|奶爸"
_HER = "女方|妈妈|母亲|老婆|媳妇|妻子|爱人|太太|女的|女职工|女性|宝妈|孕妇|产妇|她"
_FILLER = "有|吗|也有|也"
# A follow-up of only these words (「那男方呢」「妈妈也有吗」) asks the same leave for the other one.
_ROLE = re.compile(f"(?:{_HIM}|{_HER}|夫妻|双方|爸|妈|配偶|{_FILLER})+")
_FATHER = re.compile(f"(?:{_HIM}|爸|{_FILLER}|的|呢)+")
# The person named nearest before a leave word (「我」 said after one of them is the other one).
_PERSON = re.compile(f"({_HIM})|({_HER})|(我)(?![们俩])")
# With a son's wife or a parent-in-law named, 「我」 is a grandparent, not the other parent; with a
# nanny or her employer named, 「我」 is the nanny.
_ELDER = re.compile("儿媳|婆婆|公公|岳母|岳父|丈母娘|亲家|月嫂|保姆|育儿嫂|雇主|东家|女主人")
# The mother's days off: after these, 「那老公呢」 asks for his days, the 陪产假.
_MOTHERS_DAYS = ("maternity", "by_order", "dystocia", "overview", "extension")
# Domain words that refine the topic of a follow-up rather than change it (「那双胞胎呢」).
_REFINES = re.compile(r"难产|剖宫产|剖腹产|顺产|早产|双胞胎|多胞胎|三胞胎|多胎|延长|再延长")
_EXTENDS = re.compile(r"延长|再延长")
# 「我生的是双胞胎」「是剖腹产」: the birth told after a question refines it, like 「那双胞胎呢」.
_TOLD = ("生", "是", "怀")
_AGE_WORDS = re.compile(r"\d+\s*(?:到|至|-|—|~)\s*\d+\s*(?:月龄|岁|周岁)|\d+\s*月龄|\d\s*(?:岁|周岁)半?")
_AGE_TOKEN = re.compile(r"\d+|月龄|岁|周岁|半|多")
_PICK = re.compile(r"^(?:第)?([1-3])(?:个|条|项)?$")
_YES = re.compile(r"^(?:是|是的|对|对的|嗯|嗯嗯|好|好的|是这个|就是这个|没错)$")
# Who is asking, as a conversation tells it: only a husband says 「我老婆」「媳妇」, only a wife
# 「我老公」「丈夫」 (爱人 is either).
_WIFE = re.compile("老婆|(?<!儿)媳妇|妻子|太太")   # 儿媳妇 is his son's wife
_HUSBAND = re.compile("老公|丈夫")
_HIS_LEAVE = {"他", "陪产假", "护理假"}
_HIS_DAYS = re.compile("(?:假|休|休假|多少天|多久|几天|有|吗|呢|的|能|可以)+")



class Dialogue:
    def __init__(self, engine):
        self.engine = engine

    def is_followup(self, last: Entry | None, words, found: slot_mod.Slots, norm: str) -> bool:
        """Few words after 那… or before …呢 (or none but a place, a child or an age), with a
        last question to follow."""
        return last is not None and (
            not words or ((len(words) <= 2 or _age_only(words, found))
                          and (_FOLLOWUP_START.search(norm) or _FOLLOWUP_END.search(norm)))
            or (any(_REFINES.fullmatch(w) for w in words)
                and all(_REFINES.fullmatch(w) or w in _TOLD for w in words)))

    def _checks_a_figure_told(self, last: Entry, state: dict, norm: str) -> bool:
        """A short yes-or-no question quoting figures the last answer gave."""
        figures = _FIGURE.findall(norm)
        if not figures or len(norm) > 16 or not _YES_NO_END.search(norm.strip()):
            return False
        text = last.answer or ""
        if last.leave:
            items = self.engine.kb.leave["provinces"].get(state.get("province") or "", {})
            text += str(items.get(last.leave, {}).get("text", ""))
        return all(f in text for f in figures)

    def same_again(self, last: Entry, state: dict, norm: str, found: slot_mod.Slots) -> Entry:
        """「那北京呢」「那一孩呢」「那我呢」: the last entry again, for the new place or child (or
        the husband's own days)."""
        if (his := self._his_days(last, state, norm)) is not None:
            return his
        return self.engine.leave_counterpart(last, found.province) or last

    def follow_up(self, last: Entry, words, ranked, decision: str, chosen, found: slot_mod.Slots,
                  norm: str, state: dict, is_followup: bool, national: bool,
                  in_play: slot_mod.Place | None = None):
        """(entry, the ranking it came from) when the question follows the last one; None when
        it stands alone. `in_play`: the province the parent gave (a follow-up to a question
        the request's province answered stays in that province)."""
        engine = self.engine
        if (last.leave in _MOTHERS_DAYS and _FOLLOWUP_START.search(norm)
                and any(re.fullmatch(_HIM, w) for w in words)
                and all(_FATHER.fullmatch(w) or _HIS_DAYS.fullmatch(w) or w in _HIS_LEAVE
                        for w in words)):
            # 「那男方呢 他能休几天」 after her 产假: the father named, and his days asked.
            paternity = engine.by_leave.get("paternity")
            if paternity is not None:
                return paternity, []
        if self._checks_a_figure_told(last, state, norm):
            return self.same_again(last, state, norm, found), []
        if is_followup and last.leave:
            # 「老公的陪产假呢」 after 育儿假's days: the days of the leave now named.
            named = engine._kind_named(last, norm)
            if named is not last:
                return named, []
        if decision == "clarify" and not is_followup:
            # 「从什么时候开始可以扣」 after the deduction's amount: of the questions it might be,
            # the one on the conversation's topic.
            same = [c for c in chosen if family(c.entry.topic) == family(last.topic)
                    and c.entry.id != last.id]
            if len(same) == 1:
                return same[0].entry, ranked
        if not is_followup:
            # 「第一次吃啥好」 after 辅食: a few words naming no topic of their own follow up.
            bare = (len("".join(words)) <= 6
                    and not any(w in engine.words_bm25.boost for w in words))
            if not (len(words) <= 2 or bare or _FOLLOWUP_START.search(norm)):
                return None
            kept = self._on_topic(last, ranked, found, norm, decision == "answer")
            if kept is not None:
                return kept, ranked
            # 「先喂什么」「怎么申报」: too few words to be answered alone, so they follow up.
            if not (decision != "answer" and len(words) <= 2):
                return None
        session_place = engine.place(state.get("province")) or in_play
        if last.topic == "parental_leave" and all(_ROLE.fullmatch(w) for w in words):
            # 育儿假 is both parents' leave: 「那男方呢」 asks the same question for him.
            return engine.leave_counterpart(last, session_place) or last, []
        if last.leave in _MOTHERS_DAYS and words and all(_FATHER.fullmatch(w) for w in words):
            paternity = engine.by_leave.get("paternity")
            if paternity is not None:
                return paternity, []
        his = self._his_days(last, state, norm)
        if his is not None and all(_HIS_DAYS.fullmatch(w) for w in words):
            return his, []
        if last.leave and all(_HIS_DAYS.fullmatch(w) for w in words):
            # 「那我有几天假」 from anyone else asks the same leave again.
            return engine.leave_counterpart(last, session_place) or last, []
        kept = self._on_topic(last, ranked, found, norm, decision == "answer")
        if kept is not None:
            return kept, ranked
        # Also read the few new words with the last question (「那男方呢」 after 「产假多少天」
        # is 「男方产假多少天」) and keep whichever reading is answered more surely, or the
        # one that stays on the topic.
        title = normalize(last.title)
        if found.months is not None:
            # 「那9个月呢」 after 「6到9个月宝宝一天吃几次辅食」: the last question at this age.
            title = _AGE_WORDS.sub(" ", title)
        combined = engine.rank("".join(words) + title, months=found.months)
        # 「还能延长吗」 after 「北京产假」 only refines the last question: read it with it.
        refines_only = all(_EXTENDS.fullmatch(w) for w in words)
        if not (refines_only or found.months is not None or found.child_order is not None
                or all(_REFINES.fullmatch(w) for w in words)
                or self._words_of(last) & set(words)):
            # 「那盐呢」 after the honey entry asks about salt: new words, not the same answer
            # (「那到底多少钱」 asks it again).
            combined = [c for c in combined if c.entry.id != last.id]
        decision2, chosen2 = engine.decide(combined, national)
        names_a_topic = any(w in engine.words_bm25.boost and not _REFINES.fullmatch(w)
                            for w in words)
        if (decision2 == "answer" and chosen2[0].entry.id == last.id and words
                and not all(_ROLE.fullmatch(w) for w in words)
                and set(words) <= self._words_of(last)
                and not (decision == "answer"
                         and any(w in normalize(chosen[0].entry.title) for w in words))):
            # 「那乳儿班呢」 after the class sizes: the last answer already speaks of it (「那产假呢」
            # after 陪产假 names an entry of its own).
            return engine.leave_counterpart(last, session_place) or last, combined
        if decision2 == "answer" and (
                decision != "answer" or refines_only or chosen2[0].score > chosen[0].score
                or (_age_only(words, found) and family(chosen2[0].entry.topic) == family(last.topic))
                or (not names_a_topic
                    and chosen2[0].entry.topic == last.topic != chosen[0].entry.topic)):
            entry = chosen2[0].entry
            return engine.leave_counterpart(entry, session_place) or entry, combined
        if decision == "answer" and found.province is None:
            entry = chosen[0].entry
            return engine.leave_counterpart(entry, session_place) or entry, ranked
        return None

    def _his_days(self, last: Entry, state: dict, norm: str) -> Entry | None:
        """「那我呢」「那我有几天假」 from the husband who asked about his wife's days off: his
        陪产假."""
        if (last.leave in _MOTHERS_DAYS and state.get("asker") == "father" and "我" in norm
                and not _WIFE.search(norm)):
            return self.engine.by_leave.get("paternity")
        return None

    def _words_of(self, entry: Entry) -> set[str]:
        """The words of all of an entry's phrasings and of its answer."""
        engine = self.engine
        words = {w for d in engine.entry_docs.get(engine.by_index[entry.id], [])
                 for w in engine.doc_words[d]}
        if entry.answer:
            words.update(engine.analyse(normalize(safety.without_symptoms(entry.answer)))[0])
        return words

    def _on_topic(self, last: Entry, ranked: list, found: slot_mod.Slots,
                  norm: str, answered: bool) -> Entry | None:
        """A short or 那… question keeps the conversation's topic. It is read with the subject
        of the last question (its domain nouns): 「要交税不」 after 「国家育儿补贴一年多少钱」 is
        「育儿补贴 交税」, not the tax deduction for infant care, and 「先喂啥」 after 「宝宝几个月
        可以加辅食」 is 「辅食 先喂啥」; the reading must hold the question's own domain nouns
        (「宝宝湿疹怎么办」 after 辅食 changes the topic). A 那… question does not ask for the
        answer just given (「那刚开始一天吃几次辅食」 after 「第一口辅食吃什么」) but for the next
        one on the topic. None: the ranking stands."""
        if not ranked:
            return None
        top = ranked[0]
        topic_family = family(last.topic)
        words = self.engine.analyse(found.rest)[0]
        if top.entry.id == last.id:
            if (found.province is not None or found.child_order is not None
                    or found.months is not None or not _FOLLOWUP_START.search(norm)
                    or set(words) <= self._words_of(last)):
                # The same question again for another place, child or age, or about something
                # the answer holds (「那托大班呢」 after the 托小班 ratio).
                return None
            decision, chosen = self.engine.decide([c for c in ranked if c.entry.id != last.id])
            if decision == "answer" and family(chosen[0].entry.topic) == topic_family:
                return chosen[0].entry
            return None
        if topic_family == "leave" and _FOLLOWUP_START.search(norm) and top.entry.topic != last.topic:
            # 「那员工生的是双胞胎呢」 after 哺乳时间: twins' nursing time, not twins' 产假, when
            # the entry on the very topic is close behind (the leaves are one family, and each
            # has its own twins' rule).
            same = next((c for c in ranked[1:4] if c.entry.topic == last.topic
                         and c.entry.id != last.id), None)
            if same is not None and top.score - same.score <= _SAME_TOPIC_WINDOW:
                return same.entry
        if answered and family(top.entry.topic) == topic_family:
            return None
        boost = self.engine.words_bm25.boost
        subject = [w for w in self.engine.analyse(normalize(last.title))[0]
                   if w in boost and w not in words and w != "月龄"]
        if subject:
            read = self.engine.rank(" ".join([*words, *subject]), months=found.months)
            if not set(words) <= self._words_of(last):
                read = [c for c in read if c.entry.id != last.id]   # new words, a new answer
            decision, chosen = self.engine.decide(read)
            entry = chosen[0].entry if decision == "answer" else None
            if (entry is not None and entry.id != last.id and family(entry.topic) == topic_family
                    and {w for w in words if w in boost} <= self._words_of(entry)):
                return entry
        # 「以前是多少」 after the deduction: the topic's own entry, about as close as the top.
        # The last question's own topic first (after 难产产假, 「如果是双胞胎的呢」 is the twins'
        # 产假, not their 哺乳时间, though both are leave).
        same = [c for c in ranked if family(c.entry.topic) == topic_family and c.entry.id != last.id]
        kept = next((c for c in same if c.entry.topic == last.topic), same[0] if same else None)
        if (kept is not None and kept.score >= self.engine.settings.answer_min
                and top.score - kept.score < self.engine.settings.lone_margin):
            return kept.entry
        return None

    def picked_option(self, norm: str, state: dict) -> Entry | None:
        options = state.get("clarify") or []
        if not options:
            return None
        match = _PICK.match(norm)
        if match and int(match.group(1)) <= len(options):
            return self.engine.by_id.get(options[int(match.group(1)) - 1])
        if len(options) == 1 and _YES.match(norm):
            return self.engine.by_id.get(options[0])
        for option in options:
            entry = self.engine.by_id.get(option)
            if entry and normalize(entry.title) == norm:
                return entry
        return None


# How far behind the top a follow-up's entry on the conversation's very topic may be.
_SAME_TOPIC_WINDOW = 0.10


def next_state(state, entry, named, child_order, found, clarify: list[str]) -> dict:
    new = {k: v for k, v in state.items()
           if k in ("entry_id", "province", "child_order", "asker")}
    if entry is not None:
        new["entry_id"] = entry.id
    if named:
        new["province"] = named
    if child_order is not None:
        new["child_order"] = child_order
    if found.months is not None:
        new["months"] = found.months
    if found.weeks is not None:
        new["weeks"] = found.weeks
    if clarify:
        new["clarify"] = clarify
    return new


def asker(norm: str) -> str | None:
    wife, husband = bool(_WIFE.search(norm)), bool(_HUSBAND.search(norm))
    if wife != husband:
        return "father" if wife else "mother"
    return None


def family(topic: str | None) -> str | None:
    """Topics a conversation moves between freely (产假 → 陪产假 → 育儿假) are one family."""
    return "leave" if topic in leave_data.LEAVE_TOPICS else topic


def _age_only(words, found: slot_mod.Slots) -> bool:
    """「那9个月呢」「那一岁半呢」: only an age, so the last question at that age."""
    return found.months is not None and all(_AGE_TOKEN.fullmatch(w) for w in words)



def fathers(before: str) -> bool:
    """Whether the person named nearest before a leave word is the father (「我」 is him when
    his wife was named before: 「老婆生孩子我能休产假吗」, and her after 「我老公在外地 我…」)."""
    person = named = None
    elder = bool(_ELDER.search(before))      # 「儿媳妇…我想问问她的产假」: 我 is a grandparent
    for m in _PERSON.finditer(before):
        if m.group(1):
            person = named = "father"
        elif m.group(2):
            person = named = "mother"
        elif named is not None and not elder:
            # the other one of the last named, however often 我 is said (「我老公…我…我的产假」)
            person = {"mother": "father", "father": "mother"}[named]
    return person == "father"
