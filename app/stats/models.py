"""Population per district (the denominator of 每千人口托位数, loaded from content/stats/) and the
summary the overview reads instead of the raw bookings."""
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class DistrictPopulation(db.Model):
    __tablename__ = "district_population"
    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    population: Mapped[int] = mapped_column(Integer)  # 常住人口, persons
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class SessionOutcome(db.Model):
    """Per session, its bookings by outcome, kept by triggers on `booking` (migration
    0017_stats_summary) inside the transaction that changes a booking, whichever code path does:
    the overview sums 10,000 of these instead of counting a million bookings."""

    __tablename__ = "session_outcome"
    session_id: Mapped[int] = mapped_column(
        ForeignKey("course_session.id", ondelete="CASCADE"), primary_key=True)
    confirmed: Mapped[int] = mapped_column(Integer)
    attended: Mapped[int] = mapped_column(Integer)
    no_show: Mapped[int] = mapped_column(Integer)
