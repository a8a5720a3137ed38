"""The growth-standard interface: a standard published as SD tables (as WS/T 423-2022 is) plugs
in beside WHO 2006. No official SD table is shipped yet, so the interpolation is checked on SD
points derived from WHO's own LMS values: it must agree with WHO's z-scores."""
from datetime import date, timedelta

import pytest

from app.health.standards import WHO2006, SDTableStandard, default_standard


def _sd_table_from_who(indicator: str, sex: str, ages: list[int]) -> list:
    who = default_standard()
    rows = []
    for age in ages:
        lms = who._data[indicator][sex][age]
        l, m, s = (float(lms[k]) for k in "lms")
        rows.append((age, tuple(m * (1 + l * s * z) ** (1 / l) for z in range(-3, 4))))
    return rows


@pytest.fixture(scope="module")
def sd_standard():
    ages = [round(month * 30.4375) for month in range(0, 25)]   # a monthly table, as WS/T's
    tables = {"wfa": {"male": _sd_table_from_who("wfa", "male", ages)},
              "lhfa": {"female": _sd_table_from_who("lhfa", "female", ages)}}
    return SDTableStandard("TEST-SD", "测试用SD表", "由WHO LMS推得（仅测试）", "https://example.invalid",
                           tables, max_age_days=ages[-1])


@pytest.mark.parametrize("indicator, sex, age, value", [
    ("wfa", "male", 365, 9.6), ("wfa", "male", 200, 6.5), ("wfa", "male", 500, 12.9),
    ("lhfa", "female", 100, 58.0), ("lhfa", "female", 700, 80.0), ("lhfa", "female", 45, 52.0),
])
def test_sd_table_interpolation_agrees_with_who_lms(sd_standard, indicator, sex, age, value):
    born = date(2024, 1, 1)
    ours = {s.indicator: s for s in sd_standard.evaluate(
        sex, born, born + timedelta(days=age), **{
            "wfa": {"weight_kg": value}, "lhfa": {"length_cm": value}}[indicator])}
    who = {s.indicator: s for s in WHO2006().evaluate(
        sex, born, born + timedelta(days=age), **{
            "wfa": {"weight_kg": value}, "lhfa": {"length_cm": value, "position": "recumbent"}}[indicator])}
    assert ours[indicator].z == pytest.approx(who[indicator].z, abs=0.06)


def test_exact_sd_points_give_whole_z_and_the_tails_extend(sd_standard):
    points = sd_standard.sd_points("wfa", "male", 365)
    assert [sd_standard.z("wfa", "male", 365, v) for v in points] == [-3, -2, -1, 0, 1, 2, 3]
    beyond = points[6] + (points[6] - points[5])
    assert sd_standard.z("wfa", "male", 365, beyond) == pytest.approx(4.0)


def test_outside_the_table_nothing_is_evaluated(sd_standard):
    assert sd_standard.z("wfa", "male", 2000, 15.0) is None
    assert sd_standard.z("hcfa", "male", 100, 40.0) is None
