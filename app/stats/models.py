"""Population per district: the denominator of 每千人口托位数, loaded from content/stats/."""
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class DistrictPopulation(db.Model):
    __tablename__ = "district_population"
    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    population: Mapped[int] = mapped_column(Integer)  # 常住人口, persons
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
