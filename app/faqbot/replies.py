"""What the bot says: an answer rendered for the province and child in play, the choice offered,
the decline and its suggestions, small talk (pure Python). The engine decides which; this renders
it, with the notes facts.md §0 asks for (a single source, an unconfirmed figure)."""
import re
from dataclasses import dataclass, field

from app.faqbot import leave as leave_data
from app.faqbot import comparison, personal, referrals, safety
from app.faqbot.kb import Entry

_GREETINGS = ("你好|您好|你好呀|在吗|在不在|hi|hello|哈喽|嗨|早上好|晚上好|下午好|"
              "你是谁|你叫什么|你叫什么名字|你是机器人吗|你是真人吗|你是人工智能吗")
_GREETING = re.compile(f"^(?:{_GREETINGS})$")
_SMALL_TALK = re.compile(f"^(?:{_GREETINGS}|谢谢|谢谢你|谢谢您|多谢|谢了|感谢|好的|好|知道了|明白了|懂了"
                         "|ok|嗯|嗯嗯|收到|对|是的)$")
_THANKS = re.compile(r"谢|感谢")
_UNCERTAIN_WORDS = re.compile("尚未确认|不一|待核|说法|口径|不确定|以当地|遵医嘱|请咨询|请问")
_AS_LOCALLY_ANSWERED = re.compile("为准")
# A single-source health answer is checked with a doctor, not with an office that pays out leave.
_HEALTH_TOPICS = {"feeding", "vitamin_d", "vaccination", "health_checkup", "pregnancy", "safety",
                  "development", "first_1000_days"}
_HEALTH_NOTE = "（单一来源信息，具体以医生和当地卫生健康部门的意见为准。）"
_UNCONFIRMED_NOTE = "（注意：此项各方说法不一、尚未确认，仅供参考。）"


@dataclass
class Reply:
    kind: str                      # answer | clarify | decline | emergency | advice | smalltalk
    text: str
    entry: Entry | None = None
    confidence: str | None = None
    province: str | None = None
    province_source: str | None = None
    clarify: list[dict] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    candidates: list = field(default_factory=list)        # engine.Candidate, best first
    slots: dict = field(default_factory=dict)
    normalized: str = ""
    state: dict = field(default_factory=dict)
    elapsed_ms: float = 0.0

    @property
    def matched(self) -> bool:
        return self.kind == "answer"

    @property
    def urgent(self) -> bool:
        return self.kind == "emergency"

    @property
    def topic(self) -> str | None:
        if self.entry:
            return self.entry.topic
        return {"emergency": "emergency", "advice": "symptom"}.get(self.kind)


def is_small_talk(norm: str) -> bool:
    return bool(_SMALL_TALK.match(norm))


def followed_by(first: Reply, second: Reply) -> Reply:
    """Two asks of one message: the first answer whole, then the second's first paragraph, with
    both answers' sources."""
    first.text += "\n\n" + second.text.split("\n\n")[0]
    first.sources += [s for s in second.sources if s not in first.sources]
    return first


class Replies:
    def __init__(self, engine):
        self.engine = engine

    def outside_mainland(self, entry: Entry | None, province: str, source) -> Reply:
        """Mainland leave rules do not apply there, whichever leave the question is about."""
        entry = entry or self.engine.by_id.get("leave-overview")
        rendered = leave_data.outside_mainland(province)
        return Reply("answer", rendered.text, entry=entry, confidence=rendered.confidence,
                     province=province, province_source=source, sources=rendered.sources)

    def side_by_side(self, kind: str, provinces: list[str], child_order, norm: str) -> Reply:
        """「江苏和上海男方陪产假哪边多」: each province's rule for that leave."""
        rendered = comparison.side_by_side(self.engine.kb.leave, kind, provinces, child_order, norm)
        return Reply("answer", rendered.text, entry=self.engine.by_leave.get(kind),
                     confidence=rendered.confidence, province=provinces[0],
                     province_source="question", sources=rendered.sources)

    def small_talk(self, norm: str, state: dict) -> Reply:
        """Greetings and thanks get a short reply and suggestions, not a 'cannot answer'."""
        if _GREETING.match(norm):
            text = ("您好！我是科学育儿问答助手，可以回答产假、陪产假、育儿假等生育假期政策（可按省份"
                    "查询），以及喂养、疫苗、体检、托育、安全等0—3岁照护问题。请直接输入您的问题。")
        elif _THANKS.search(norm):
            text = "不客气。还有关于生育假期或宝宝照护的问题，随时问我。"
        else:
            text = "好的。还有关于生育假期或宝宝照护的问题，随时问我。"
        return Reply("smalltalk", text, suggestions=self.suggestions([]), normalized=norm,
                     state={k: v for k, v in state.items() if k != "clarify"})

    def _jabs_due(self, months: int, past_the_last: bool = False) -> tuple[int | None, Entry | None]:
        """The first month of the schedule at or after `months`, and its entry; past the last
        month listed (3岁以后), that one with `past_the_last`, else none."""
        by_month = self.engine.kb.personal.get("vaccines_by_month") or {}
        last = max(by_month, default=None) if past_the_last else None
        due = min((m for m in by_month if m >= months), default=last)
        return due, self.engine.by_id.get(by_month.get(due)) if due is not None else None

    def vaccines_for_each(self, children: list[tuple[str, int]]) -> Reply | None:
        """The national schedule for each of two children told with their ages."""
        lines, entries = [], []
        for who, months in children:
            due, entry = self._jabs_due(months, past_the_last=True)
            if entry is None:
                return None
            when = ("3岁以后的疫苗：" if due >= 48 else "这个月龄要接种：" if due == months
                    else f"{personal.age_phrase(due)}要接种：")
            lines.append(f"{who}（{personal.age_phrase(months)}）{when}{entry.answer}")
            entries.append(entry)
        sources = [s for e in entries for s in e.sources]
        weakest = next((e.confidence for e in entries if e.confidence != "confirmed-by-source"),
                       entries[0].confidence)
        text = "\n\n".join(lines) + f"\n\n{personal.SCHEDULE_NOTE}"
        return Reply("answer", text, entry=entries[0], confidence=weakest,
                     sources=[x for i, x in enumerate(sources) if x not in sources[:i]])

    def next_after(self, entry_id: str | None, norm: str) -> Reply | None:
        """「宝宝出生打了哪些疫苗」 → 「那下一针是什么时候」: with no age told, the schedule month the
        conversation last answered is where the next jab is counted from."""
        by_month = self.engine.kb.personal.get("vaccines_by_month") or {}
        month = next((m for m, e in by_month.items() if e == entry_id), None)
        if month is None or not personal.asks_for_later_jabs(norm, True):
            return None
        due, entry = self._jabs_due(month + 1)
        if entry is None:
            return None
        text = (f"按国家免疫程序，下一次在宝宝满{personal.age_phrase(due)}时：{entry.answer}"
                f"\n\n{personal.SCHEDULE_NOTE}")
        return Reply("answer", text, entry=entry, confidence=entry.confidence,
                     sources=entry.sources)

    def for_this_child(self, intent: str | None, months: int, record: bool = True,
                       after: str | None = None, norm: str = "") -> Reply | None:
        """「宝宝该打什么疫苗了」「下次体检什么时候」 for the logged-in parent's child, from the
        schedule in the knowledge base (no health record here; the service may have answered
        from one before). `after`: the entry the conversation last answered — once this month's
        jabs were told, 「那再下一针呢」 asks for the ones after them."""
        spec = self.engine.kb.personal
        if intent == "vaccines_due":
            due, entry = self._jabs_due(months)
            if entry is not None and personal.asks_for_later_jabs(norm, after == entry.id):
                due, entry = self._jabs_due(due + 1)
            if entry is None:
                return None
            line = (f"您的宝宝现在{personal.age_phrase(months)}，"
                    + (f"按国家免疫程序，{personal.age_phrase(due)}要接种的是："
                       if due != months else "按国家免疫程序，这个月龄要接种的是：")
                    if due < 48 else f"您的孩子现在{personal.age_phrase(months)}，之后的疫苗：")
        elif intent == "next_checkup":
            entry = self.engine.by_id.get(spec.get("checkup_entry") or "")
            if entry is None:
                return None
            line = personal.next_checkup_line(months)
        else:
            return None
        note = personal.RECORD_NOT_SET_UP if record else personal.SCHEDULE_NOTE
        text = f"{line}{entry.answer}\n\n{note}"
        return Reply("answer", text, entry=entry, confidence=entry.confidence,
                     sources=entry.sources)

    def answer(self, entry: Entry, province, source, child_order, norm,
                months: int | None = None) -> Reply:
        if entry.leave:
            rendered = leave_data.render(self.engine.kb.leave, entry.leave, province, child_order,
                                         assumed=(source == "default"))
            return Reply("answer", rendered.text, entry=entry, confidence=rendered.confidence,
                         province=rendered.province, province_source=source,
                         sources=rendered.sources)
        text = entry.answer
        note = {"unconfirmed": _UNCONFIRMED_NOTE,
                "single-source": (_HEALTH_NOTE if entry.topic in _HEALTH_TOPICS
                                  else leave_data.NOTES["single-source"])}.get(entry.confidence)
        if note and not (_UNCERTAIN_WORDS if entry.confidence == "unconfirmed"
                         else _AS_LOCALLY_ANSWERED).search(text):
            text += "\n\n" + note
        rule = (self.engine.kb.personal.get("from_months") or {}).get(entry.id)
        if rule and months is not None:
            text = personal.age_line(months, rule["months"], rule["what"]) + "\n\n" + text
        return Reply("answer", text, entry=entry, confidence=entry.confidence,
                     sources=entry.sources)

    def not_answered(self, decision: str, ranked: list, norm: str) -> Reply:
        if decision == "clarify":
            options = [{"faq_id": c.entry.id, "title": c.entry.title} for c in ranked[:3]
                       if c.score >= self.engine.settings.clarify_min] or \
                      [{"faq_id": c.entry.id, "title": c.entry.title} for c in ranked[:3]]
            if len(options) == 1:
                text = f"您是想问「{options[0]['title']}」吗？回复“是”或点选即可，也可以换个说法再问。"
            else:
                lines = "；".join(f"{i}. {o['title']}" for i, o in enumerate(options, 1))
                text = f"您是想问以下哪个问题？{lines}。回复序号或点选即可。"
            return Reply("clarify", text, clarify=options, candidates=ranked[:3])
        text = ("抱歉，这个问题我暂时无法准确回答。我能回答产假、陪产假、育儿假等生育假期政策，"
                "以及喂养、疫苗、体检、托育等0—3岁照护问题。政策问题也可以咨询当地卫生健康委、"
                "人社部门或拨打12345。")
        if safety.mentions_symptom(norm):
            text = "抱歉，这个问题我无法回答。" + self.engine.safety.symptom_note
        return Reply("decline", text, suggestions=self.suggestions(ranked),
                     candidates=ranked[:3])

    def referred(self, referral: referrals.Referral, ranked: list) -> Reply:
        return Reply("decline", referral.text(), suggestions=self.suggestions(ranked),
                     candidates=ranked[:3])

    def suggestions(self, ranked: list) -> list[dict]:
        chosen = [c.entry for c in ranked[:3]]
        for entry_id in ("leave-maternity-days", "leave-paternity-days", "leave-parental-days"):
            if len(chosen) >= 3:
                break
            entry = self.engine.by_id.get(entry_id)
            if entry and entry not in chosen:
                chosen.append(entry)
        for entry in self.engine.entries:
            if len(chosen) >= 3:
                break
            if entry not in chosen:
                chosen.append(entry)
        return [{"faq_id": e.id, "title": e.title} for e in chosen[:3]]
