"""The FAQ bot's tables: the knowledge base as loaded from content/faq/, dialogue sessions and the
question log (with feedback)."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db


class FaqEntry(db.Model):
    """One entry. Leave entries (leave_kind set) have no fixed answer: it is rendered from the
    leave figures for the parent's province."""

    __tablename__ = "faq_entry"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    topic: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    answer: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list] = mapped_column(JSON, default=list)
    confidence: Mapped[str] = mapped_column(String(24))
    related: Mapped[list] = mapped_column(JSON, default=list)
    reviewed: Mapped[str] = mapped_column(String(10))
    leave_kind: Mapped[str | None] = mapped_column(String(32))
    file: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    questions: Mapped[list["FaqQuestion"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="FaqQuestion.id")


class FaqQuestion(db.Model):
    """A phrasing of an entry: from the content files (origin 'content') or added by an admin
    from the unanswered list (origin 'admin', kept when content is reloaded)."""

    __tablename__ = "faq_question"
    __table_args__ = (UniqueConstraint("entry_id", "text"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("faq_entry.id", ondelete="CASCADE"),
                                          index=True)
    text: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(16), default="content")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[FaqEntry] = relationship(back_populates="questions")


class FaqResource(db.Model):
    """The non-entry parts of the knowledge base: leave figures, gazetteer, synonyms, user
    dictionary (so that every worker builds its index from the database alone)."""

    __tablename__ = "faq_resource"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[dict | str] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FaqSession(db.Model):
    """Dialogue state of one conversation (last entry, province, child order …); expires after
    30 minutes without a question."""

    __tablename__ = "faq_session"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class FaqLog(db.Model):
    """Every question asked, scrubbed of phone numbers and names, with the top three candidates
    and their scores; feedback is written onto the same row."""

    __tablename__ = "faq_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[str] = mapped_column(String(32), unique=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    session_id: Mapped[str | None] = mapped_column(String(32))
    question: Mapped[str] = mapped_column(String(300))
    normalized: Mapped[str] = mapped_column(String(300))
    decision: Mapped[str] = mapped_column(String(16), index=True)
    faq_id: Mapped[str | None] = mapped_column(String(80))
    province: Mapped[str | None] = mapped_column(String(16))
    candidates: Mapped[list] = mapped_column(JSON, default=list)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    kb_version: Mapped[str] = mapped_column(String(40), default="")
    helpful: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(500))
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
