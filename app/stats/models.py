"""Population per district (the denominator of 每千人口托位数, loaded from content/stats/), the
summaries the overview reads instead of a million bookings and the bot's log, and the indexes
its queries need."""
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.facilities.models import Facility
from app.vouchers.models import Redemption, Voucher


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


class BotDay(db.Model):
    """The bot's questions per Beijing day and decision, kept by triggers on `faq_log`
    (migration 0017_stats_summary) in the transaction that logs a question."""

    __tablename__ = "faq_day"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)   # YYYY-MM-DD, Beijing
    decision: Mapped[str] = mapped_column(String(16), primary_key=True)
    questions: Mapped[int] = mapped_column(Integer)


# Indexes the overview's queries need on other domains' tables, declared here beside the queries
# that use them (migration 0017_stats_summary creates them):
# - a period of vouchers by claim time (the 30-day overview stops scanning every voucher); the
#   claim time never changes, so a voucher's state changes still update its row in place;
Index("ix_voucher_issued_at", Voucher.issued_at)
# - redemptions by time with their venue, read from the index alone (an append-only ledger);
Index("ix_redemption_redeemed_venue", Redemption.redeemed_at, Redemption.venue_id,
      Redemption.id)
# - the registry's supply figures, read from the index alone instead of 100,000 facility rows
#   (one more index entry on an admin's edit or import of a facility).
Index("ix_facility_supply", Facility.status, Facility.district, Facility.places,
      Facility.inclusive, Facility.inclusive_places, Facility.demonstration_level)
