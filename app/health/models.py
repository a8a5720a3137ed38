"""The child's health record: measurements, doses given, check-ups done, warning-sign answers,
and the loaded schedule content (immunisation, check-ups, warning signs).

Only raw values are stored; z-scores are computed on read with the standard named, so a
corrected table or another standard recomputes everything.
"""
from datetime import date, datetime

from sqlalchemy import (JSON, CheckConstraint, Date, Float, ForeignKey, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db


def _child_fk():
    return mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)


class Measurement(db.Model):
    __tablename__ = "health_measurement"
    __table_args__ = (
        CheckConstraint("position IS NULL OR position IN ('recumbent', 'standing')",
                        name="position_known"),
        CheckConstraint("weight_kg IS NOT NULL OR length_cm IS NOT NULL OR head_cm IS NOT NULL",
                        name="some_measure"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = _child_fk()
    measured_on: Mapped[date] = mapped_column(Date)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    length_cm: Mapped[float | None] = mapped_column(Float)
    head_cm: Mapped[float | None] = mapped_column(Float)
    position: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DoseRecord(db.Model):
    """A vaccine dose the parent says was given (the 接种证 stays the authoritative record)."""

    __tablename__ = "health_dose"
    __table_args__ = (UniqueConstraint("child_id", "vaccine", "dose"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = _child_fk()
    vaccine: Mapped[str] = mapped_column(String(32))
    dose: Mapped[int] = mapped_column(Integer)
    given_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckupRecord(db.Model):
    __tablename__ = "health_checkup"
    __table_args__ = (UniqueConstraint("child_id", "visit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = _child_fk()
    visit: Mapped[str] = mapped_column(String(32))
    done_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DevelopmentCheck(db.Model):
    """The parent's answers to one age band's warning signs: {sign key: present?}."""

    __tablename__ = "health_development"
    __table_args__ = (UniqueConstraint("child_id", "band_months"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = _child_fk()
    band_months: Mapped[int] = mapped_column(Integer)
    answered_on: Mapped[date] = mapped_column(Date)
    answers: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HealthContent(db.Model):
    """One validated content document (immunization, checkups, warning_signs), as loaded."""

    __tablename__ = "health_content"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    document: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
