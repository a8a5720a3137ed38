"""Venues (场地), courses, course sessions (场次), bookings."""
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db

VENUE_KINDS = ("社区优育课堂", "科学育儿项目点", "儿童早期发展基地", "托育机构", "妇幼保健院",
               "社区卫生服务中心", "线上")


class Venue(db.Model):
    __tablename__ = "venue"
    __table_args__ = (CheckConstraint("lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180",
                                      name="coordinates_range"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stable key from content/ so that loading twice updates rather than duplicates.
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(32), index=True)
    street: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)  # GCJ-02
    lng: Mapped[float | None] = mapped_column(Float)
    contact: Mapped[str | None] = mapped_column(String(64))
    accessibility: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
