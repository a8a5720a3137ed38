"""The FAQ bot's rules: loading content, asking, feedback; the admins' curation (the unanswered
list, adding phrasings, status) lives in curation.py and is re-exported here. Retrieval itself
lives in the pure modules (engine.py and friends). Services only flush: the route
(`@unit_of_work`) or the CLI command (`with transaction():`) owns the transaction."""
import re
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select

from app.common.content import ContentError, content_loader
from app.common.errors import InvalidInput, NotFound
from app.common.state import set_state
from app.common.timeutil import today_local, utcnow
from app.extensions import db
from app.faqbot import personal, slots as slot_mod
from app.faqbot.replies import Reply
from app.faqbot.kb import KB, Entry, KBError, load_kb, load_safety
from app.faqbot.curation import add_phrasing, kb_digest, status, unanswered  # noqa: F401
from app.faqbot.models import FaqEntry, FaqLog, FaqQuestion, FaqResource, FaqSession
from app.faqbot.runtime import KB_VERSION_KEY
from app.faqbot.text import normalize

MAX_QUESTION = 200
SESSION_TTL = timedelta(minutes=30)


def runtime():
    return current_app.extensions["faqbot"]


# -- content ----------------------------------------------------------------------------------
@content_loader("faq", order=50)
def load_faq_content(root: Path) -> dict:
    """content/faq/** -> the database; admin-added phrasings survive a reload."""
    try:
        kb = load_kb(root / "faq")
    except KBError as exc:
        raise ContentError(exc.file, exc.message, entry=exc.entry, field=exc.field) from None
    existing = {e.id: e for e in db.session.scalars(select(FaqEntry))}
    for entry in kb.entries:
        row = existing.pop(entry.id, None)
        if row is None:
            row = FaqEntry(id=entry.id)
            db.session.add(row)
        for key, value in entry.as_row().items():
            if key != "id" and getattr(row, key) != value:
                setattr(row, key, value)
        _sync_questions(row, entry)
    for stale in existing.values():
        db.session.delete(stale)
    resources = {"leave": kb.leave, "gazetteer": kb.gazetteer, "synonyms": kb.synonyms,
                 "userdict": kb.userdict, "personal": kb.personal, "safety": kb.safety,
                 "colloquial": kb.colloquial}
    for name, data in resources.items():
        row = db.session.get(FaqResource, name)
        if row is None:
            db.session.add(FaqResource(name=name, data=data))
        elif row.data != data:
            row.data = data
    db.session.flush()
    set_state(KB_VERSION_KEY, kb_digest())
    return {"entries": len(kb.entries),
            "leave_entries": sum(1 for e in kb.entries if e.leave),
            "questions": sum(len(e.questions) for e in kb.entries),
            "provinces": len(kb.leave["provinces"])}


def _sync_questions(row: FaqEntry, entry: Entry) -> None:
    wanted = list(dict.fromkeys(entry.questions))
    have = {q.text: q for q in row.questions}
    for text, question in have.items():
        if question.origin == "content" and text not in wanted:
            row.questions.remove(question)
        elif question.origin != "content" and text in wanted:
            question.origin = "content"
    for text in wanted:
        if text not in have:
            row.questions.append(FaqQuestion(text=text, origin="content"))


def kb_from_database() -> KB:
    entries = []
    questions: dict[str, list[str]] = {}
    for entry_id, text in db.session.execute(
            select(FaqQuestion.entry_id, FaqQuestion.text).order_by(FaqQuestion.id)):
        questions.setdefault(entry_id, []).append(text)
    for row in db.session.scalars(select(FaqEntry).order_by(FaqEntry.id)):
        entries.append(Entry(id=row.id, topic=row.topic, title=row.title,
                             questions=questions.get(row.id, []), answer=row.answer,
                             detail=row.detail, sources=row.sources, confidence=row.confidence,
                             related=row.related, reviewed=row.reviewed, leave=row.leave_kind,
                             file=row.file))
    resources = {r.name: r.data for r in db.session.scalars(select(FaqResource))}
    leave = resources.get("leave") or {"kinds": {}, "national": {}, "provinces": {},
                                       "ask_locally": ""}
    _restore_int_keys(leave)
    return KB(entries=entries, leave=leave, gazetteer=resources.get("gazetteer") or {},
              synonyms=resources.get("synonyms") or {}, userdict=resources.get("userdict") or "",
              personal=_int_keys(resources.get("personal") or {}, "vaccines_by_month"),
              safety=resources.get("safety") or _safety_from_files(),
              colloquial=resources.get("colloquial") or {})


def _safety_from_files() -> dict:
    """A database loaded before the red-flag texts became content: read them from the content
    directory, so that a red flag is never without its words."""
    return load_safety(Path(current_app.config["CONTENT_DIR"]) / "faq")


def _int_keys(data: dict, name: str) -> dict:
    if isinstance(data.get(name), dict):
        data[name] = {int(k): v for k, v in data[name].items()}
    return data


def _restore_int_keys(leave: dict) -> None:
    """JSON turns the child-order keys 1, 2, 3 into strings; give them back their int form."""
    for items in leave.get("provinces", {}).values():
        for item in items.values():
            if isinstance(item, dict) and isinstance(item.get("by_child_order"), dict):
                item["by_child_order"] = {int(k): v for k, v in item["by_child_order"].items()}


# -- asking -----------------------------------------------------------------------------------
def parent_province(user) -> str | None:
    """The province a logged-in parent lives in, the one place that says so: from the division
    registry, through the parent's district or, without one, the city they chose (a 广元
    parent → 四川)."""
    from app.places.service import province_of

    if user is None:
        return None
    place = user.district or getattr(user, "city", None)
    if not place:
        return None
    province = province_of(place)
    return runtime().engine().gazetteer.province_of(province) if province else None


def _choose_child(user, child_id: int | None, state: dict):
    """(the child the question is about or None, the parent's children when several and none
    chosen). Another parent's child is not found."""
    if user is None:
        if child_id is not None:
            raise NotFound("child_not_found", "找不到这个孩子")
        return None, []
    children = sorted(user.children, key=lambda c: c.id)
    wanted = child_id if child_id is not None else state.get("child_id")
    if wanted is not None:
        child = next((c for c in children if c.id == wanted), None)
        if child is None and child_id is not None:
            raise NotFound("child_not_found", "找不到这个孩子")
        if child is not None:
            return child, []
    if len(children) == 1:
        return children[0], []
    return None, children


def ask(question: str, province: str | None = None, session_id: str | None = None,
        user=None, child_id: int | None = None, log: bool = True) -> dict:
    question = (question or "").strip()
    if not question:
        raise InvalidInput("question", "请输入问题", code="question_empty")
    if len(question) > MAX_QUESTION:
        raise InvalidInput("question", f"问题不能超过 {MAX_QUESTION} 个字",
                           code="question_too_long")
    engine = runtime().engine()
    request_province = None
    if province:
        request_province = engine.gazetteer.province_of(province.strip())
        if request_province is None:
            raise InvalidInput("province", "无法识别的省份，请填写如“江苏”“浙江”",
                               code="province_unknown")
    session = _load_session(session_id)
    state = dict(session.state or {})
    child, several = _choose_child(user, child_id, state)
    context = personal.child_context(child, today_local())
    reply = _from_health_record(engine, question, user, child)
    if reply is None:
        reply = engine.ask(question, state, request_province=request_province,
                           profile_province=parent_province(user),
                           default_province=current_app.config.get("FAQ_DEFAULT_PROVINCE") or None,
                           child=context)
    children = []
    if several and _depends_on_age(engine, reply):
        reply = Reply("clarify", "您添加了几个孩子，请问问的是哪一个？选择后我按孩子的月龄回答。",
                      normalized=reply.normalized, state=state)
        children = [{"child_id": c.id, "nickname": c.nickname} for c in several]
    if child is not None:
        reply.state["child_id"] = child.id
    session.state = reply.state
    session.updated_at = utcnow()
    answer_id = secrets.token_hex(12)
    if log:
        db.session.add(_log_row(answer_id, session.id, question, reply, engine.version))
    db.session.flush()
    return {**_response(answer_id, session.id, reply), "children": children}


_AGE_TOPICS = {"feeding", "vitamin_d", "vaccination", "health_checkup", "development"}


def _depends_on_age(engine, reply: Reply) -> bool:
    """Whether the answer would differ by child: a health-record question, or an answer about an
    age the question did not state."""
    if reply.kind in ("emergency", "advice", "smalltalk"):
        return False
    if slot_mod.age_months(reply.normalized) is not None:
        return False
    if personal.intent_of(reply.normalized):
        return True
    return reply.entry is not None and (
        reply.entry.topic in _AGE_TOPICS and "宝宝" in reply.normalized
        or reply.entry.id in (engine.kb.personal.get("from_months") or {}))


def _from_health_record(engine, question: str, user, child) -> Reply | None:
    """A registered health-record answerer's reply for this child, when it has one."""
    if child is None:
        return None
    norm = normalize(question)
    intent = personal.intent_of(norm)
    fn = personal.answerer(intent) if intent else None
    found = fn(user, child) if fn else None
    if found is None:
        return None
    return Reply("answer", found.text, confidence=found.confidence, sources=found.sources,
                 normalized=norm, state={"child_id": child.id})


def _load_session(session_id: str | None) -> FaqSession:
    now = utcnow()
    if session_id:
        session = db.session.get(FaqSession, session_id)
        if session is not None and session.updated_at > now - SESSION_TTL:
            return session
    db.session.execute(delete(FaqSession).where(FaqSession.updated_at <= now - SESSION_TTL))
    session = FaqSession(id=secrets.token_hex(16), state={}, updated_at=now)
    db.session.add(session)
    return session


def _response(answer_id: str, session_id: str, reply: Reply) -> dict:
    return {
        "session_id": session_id,
        "answer_id": answer_id,
        "matched": reply.matched,
        "answer": reply.text,
        "faq_id": reply.entry.id if reply.entry else None,
        "topic": reply.topic,
        "confidence": reply.confidence,
        "province": reply.province,
        "clarify": reply.clarify,
        "suggestions": reply.suggestions,
        "urgent": reply.urgent,
        "sources": [{"title": s["title"], "issuer": s.get("issuer"), "number": s.get("number"),
                     "article": s.get("article"), "url": s.get("url"), "date": s.get("date")}
                    for s in reply.sources],
    }


_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LONG_NUMBER = re.compile(r"\d{7,}")
_NAME = re.compile(r"(我叫|我是|名字叫|名字是|姓名|叫做)\s*[\u4e00-\u9fff]{1,3}")


def scrub(text: str) -> str:
    """Remove phone numbers, long numbers (ID cards, landlines) and self-introduced names."""
    text = _PHONE.sub("[手机号]", text)
    text = _LONG_NUMBER.sub("[号码]", text)
    return _NAME.sub(lambda m: m.group(1) + "[姓名]", text)


def _log_row(answer_id, session_id, question, reply: Reply, version) -> FaqLog:
    return FaqLog(answer_id=answer_id, session_id=session_id, question=scrub(question)[:300],
                  normalized=scrub(reply.normalized)[:300], decision=reply.kind,
                  faq_id=reply.entry.id if reply.entry else None, province=reply.province,
                  candidates=[c.as_log() for c in reply.candidates[:3]],
                  latency_ms=round(reply.elapsed_ms, 3), kb_version=version or "")


# -- feedback and review ----------------------------------------------------------------------
def feedback(answer_id: str, helpful: bool, comment: str | None) -> dict:
    row = db.session.scalar(select(FaqLog).where(FaqLog.answer_id == answer_id))
    if row is None:
        raise NotFound("answer_not_found", "找不到这条回答，无法提交反馈")
    row.helpful = helpful
    row.comment = scrub(comment.strip())[:500] if comment and comment.strip() else None
    row.feedback_at = utcnow()
    db.session.flush()
    return {"answer_id": answer_id, "helpful": helpful}
