"""The eligibility preview counts exactly the children issue_to_all_eligible then reaches, for
batches of every shape (districts, ages, pregnancy, a total that runs out, a second run)."""
import pytest

from app.extensions import db
from app.vouchers.issuing import issue_to_all_eligible
from app.vouchers.preview import issue_preview


@pytest.fixture
def households(family):
    for months, district in ((3, "姑苏区"), (14, "姑苏区"), (20, "吴中区"), (40, "姑苏区"),
                             (8, "虎丘区")):
        family(months=months, district=district)
    family(expected=True)                      # a pregnancy in 姑苏区
    family(expected=True, district="吴中区")


@pytest.mark.parametrize("shape", [
    {},
    {"districts": ["姑苏区"]},
    {"districts": ["吴中区", "虎丘区"], "max_age_months": 24},
    {"min_age_months": None, "max_age_months": None, "includes_pregnancy": True},
    {"includes_pregnancy": True, "total": 12, "per_child": 4},
    {"total": 5, "per_child": 2},
])
def test_preview_equals_issuing(app, make_batch, households, shape):
    batch = make_batch(**shape)
    with app.app_context():
        before = issue_preview(batch["id"])
        result = issue_to_all_eligible(batch["id"])
        db.session.commit()
        assert before["children"] == result["children_issued"]
        assert before["vouchers"] == result["vouchers_issued"]
        assert before["limited_by_total"] == result["exhausted"]
        assert sum(row["children"] for row in before["by_district"]) == before["children"]
        assert issue_preview(batch["id"])["children"] == 0   # nobody left to reach
