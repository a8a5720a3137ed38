"""The admins' curation of the FAQ bot: the questions it could not answer (grouped), adding a
parent's phrasing to an entry, and what the process is serving. Used by the admin endpoints and
the admin page; re-exported by service.py. Flush only: the caller owns the transaction (the
route's `@unit_of_work`, a CLI command's `with transaction():`)."""
import hashlib
import json
from datetime import timedelta

from flask import current_app
from rapidfuzz import fuzz
from sqlalchemy import or_, select

from app.common.errors import DomainError, InvalidInput, NotFound
from app.common.state import set_state
from app.common.timeutil import utcnow
from app.extensions import db
from app.faqbot.models import FaqEntry, FaqLog, FaqQuestion, FaqResource
from app.faqbot.runtime import KB_VERSION_KEY, stored_version
from app.faqbot.text import normalize


def _runtime():
    return current_app.extensions["faqbot"]


def kb_digest() -> str:
    """A fingerprint of the knowledge base as stored: the version workers compare against."""
    digest = hashlib.sha256()
    for row in db.session.scalars(select(FaqEntry).order_by(FaqEntry.id)):
        digest.update(json.dumps([row.id, row.title, row.answer, row.sources, row.confidence,
                                  row.leave_kind, row.topic, row.related],
                                 ensure_ascii=False, sort_keys=True).encode())
    for entry_id, text in db.session.execute(
            select(FaqQuestion.entry_id, FaqQuestion.text).order_by(FaqQuestion.id)):
        digest.update(f"{entry_id}\t{text}\n".encode())
    for row in db.session.scalars(select(FaqResource).order_by(FaqResource.name)):
        digest.update(json.dumps(row.data, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def unanswered(days: int = 30, limit_rows: int = 5000) -> list[dict]:
    """Declined and thumbs-down questions of the last `days` days, similar ones grouped (token
    similarity of the normalised text), the most frequent group first."""
    since = utcnow() - timedelta(days=days)
    rows = db.session.scalars(
        select(FaqLog).where(FaqLog.asked_at >= since,
                             or_(FaqLog.decision == "decline", FaqLog.helpful.is_(False)))
        .order_by(FaqLog.asked_at.desc()).limit(limit_rows)).all()
    engine = _runtime().engine()
    groups: list[dict] = []
    for row in rows:
        words = " ".join(sorted(set(engine.analyse(row.normalized)[0]))) or row.normalized
        group = next((g for g in groups if fuzz.token_set_ratio(words, g["_key"]) >= 80), None)
        if group is None:
            group = {"_key": words, "question": row.question, "count": 0, "declined": 0,
                     "unhelpful": 0, "examples": [], "last_asked": row.asked_at,
                     "nearest": _nearest(engine, row)}
            groups.append(group)
        group["count"] += 1
        group["declined"] += row.decision == "decline"
        group["unhelpful"] += row.helpful is False
        if row.question not in group["examples"] and len(group["examples"]) < 5:
            group["examples"].append(row.question)
    groups.sort(key=lambda g: (-g["count"], -g["last_asked"].timestamp()))
    for group in groups:
        group.pop("_key")
    return groups


def _nearest(engine, row: FaqLog) -> dict | None:
    if not row.candidates:
        return None
    entry = engine.by_id.get(row.candidates[0].get("faq_id"))
    return {"faq_id": entry.id, "title": entry.title} if entry else None


def add_phrasing(faq_id: str, question: str) -> dict:
    question = (question or "").strip()
    if not question:
        raise InvalidInput("question", "请输入问法", code="question_empty")
    entry = db.session.get(FaqEntry, faq_id)
    if entry is None:
        raise NotFound("faq_not_found", "找不到该知识库条目")
    wanted = normalize(question)
    if any(normalize(q.text) == wanted for q in entry.questions):
        raise DomainError("phrasing_exists", "该条目已有这个问法", status=409)
    row = FaqQuestion(text=question, origin="admin")
    entry.questions.append(row)
    db.session.flush()
    set_state(KB_VERSION_KEY, kb_digest())
    return {"faq_id": faq_id, "question": question, "origin": "admin",
            "questions": len(entry.questions)}


def status() -> dict:
    engine = _runtime().engine()
    return {"version": engine.version, "stored_version": stored_version(),
            "entries": len(engine.entries), "phrasings": len(engine.doc_entry),
            "build_seconds": round(engine.build_seconds, 3)}
