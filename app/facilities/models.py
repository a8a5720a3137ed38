"""Facility (托育机构) and NursingRoom (母婴室): the public filing and notice, plus search keys."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db


class Facility(db.Model):
    __tablename__ = "facility"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended', 'deregistered')", name="status_known"),
        CheckConstraint("age_min_months BETWEEN 0 AND 36 AND age_max_months BETWEEN 0 AND 36 "
                        "AND age_min_months <= age_max_months", name="ages_in_range"),
        CheckConstraint("open_places <= places", name="open_within_places"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    filing_no: Mapped[str | None] = mapped_column(String(64), unique=True)
    filed_on: Mapped[date | None] = mapped_column(Date)
    registration_form: Mapped[str | None] = mapped_column(String(32))
    operation_form: Mapped[str | None] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(32), index=True)
    street: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)   # GCJ-02
    lng: Mapped[float | None] = mapped_column(Float)
    care_types: Mapped[list] = mapped_column(JSON, default=list)
    age_min_months: Mapped[int | None] = mapped_column(Integer)
    age_max_months: Mapped[int | None] = mapped_column(Integer)
    class_types: Mapped[list] = mapped_column(JSON, default=list)
    places: Mapped[int | None] = mapped_column(Integer)
    open_places: Mapped[int | None] = mapped_column(Integer)
    open_places_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    inclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    inclusive_places: Mapped[int | None] = mapped_column(Integer)
    demonstration_level: Mapped[str | None] = mapped_column(String(16))
    fee_min: Mapped[int | None] = mapped_column(Integer)   # yuan per month
    fee_max: Mapped[int | None] = mapped_column(Integer)
    fee_items: Mapped[list] = mapped_column(JSON, default=list)
    meals: Mapped[bool | None] = mapped_column(Boolean)
    quality_grade: Mapped[str | None] = mapped_column(String(16))
    quality_assessed_on: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active")
    source: Mapped[str] = mapped_column(String(32), default="admin")
    source_note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Search keys, recomputed by service.save_facility on every write.
    search_words: Mapped[str] = mapped_column(Text, default="")
    name_pinyin: Mapped[str] = mapped_column(Text, default="")
    name_initials: Mapped[str] = mapped_column(Text, default="")
    # The facilities search version at this row's last write: workers fetch rows above theirs.
    search_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)


class NursingRoom(db.Model):
    __tablename__ = "nursing_room"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'closed')", name="status_known"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    venue_name: Mapped[str | None] = mapped_column(String(100))
    venue_type: Mapped[str | None] = mapped_column(String(32))
    floor_location: Mapped[str | None] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(32), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)   # GCJ-02
    lng: Mapped[float | None] = mapped_column(Float)
    area_m2: Mapped[float | None] = mapped_column(Float)
    changing_table: Mapped[bool] = mapped_column(Boolean, default=False)
    crib: Mapped[bool] = mapped_column(Boolean, default=False)
    nursing_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    sink: Mapped[bool] = mapped_column(Boolean, default=False)
    hot_water: Mapped[bool] = mapped_column(Boolean, default=False)
    lockable: Mapped[bool] = mapped_column(Boolean, default=False)
    hours: Mapped[str | None] = mapped_column(String(64))
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    source: Mapped[str] = mapped_column(String(32), default="admin")
    source_note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
