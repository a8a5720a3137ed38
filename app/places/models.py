"""Division (行政区划): the registry loaded from content/places/, one row per code."""
from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Division(db.Model):
    __tablename__ = "division"
    __table_args__ = (
        CheckConstraint("level IN ('province', 'city', 'district', 'street')",
                        name="level_known"),
    )
    # GB/T 2260 (six digits, development zones by their statistical code); streets nine digits.
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
