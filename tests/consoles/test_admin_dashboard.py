"""The dashboard page (/admin/dashboard): its tables hold the JSON overview's numbers for the same
period and district, the charts carry the same figures, each section downloads the API's CSV,
and a district admin sees their district only (another one is a 404 page)."""
import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from app.common.timeutil import today_local
from tests.consoles.conftest import make_admin, sign_in
from tests.stats.conftest import held, outbox, registry  # noqa: F401  (fixtures)

API = "/api/v1/admin/stats/overview"


class _Tables(HTMLParser):
    """Every <table data-test=…> of a page as rows of cell texts, and every chart's data."""

    def __init__(self):
        super().__init__()
        self.tables, self.charts = {}, {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-test", "").startswith("table-"):
            self._table = self.tables.setdefault(attrs["data-test"][6:], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "div" and "data-chart" in attrs:
            self.charts[attrs["data-test"][6:]] = json.loads(attrs["data-chart"])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def read(page) -> _Tables:
    parser = _Tables()
    parser.feed(page.get_data(as_text=True))
    return parser


def pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def shown(value) -> str:
    return "—" if value is None else str(value)


def keyed(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    """A table with a header row, by its first column."""
    header, *body = rows
    return {row[0]: dict(zip(header, row)) for row in body}


@pytest.fixture
def seen(app, client, held, registry, outbox):
    """Sessions held, a registry, notifications; a city admin signed in to the console."""
    from app.faqbot.models import FaqLog
    from app.common.timeutil import utcnow
    from app.extensions import db

    with app.app_context():
        for n, decision in enumerate(["answer", "decline", "decline", "clarify"]):
            db.session.add(FaqLog(answer_id=f"d{n}", asked_at=utcnow() - timedelta(hours=n),
                                  question="火星托育" if decision == "decline" else "产假",
                                  normalized="火星托育" if decision == "decline" else "产假",
                                  decision=decision))
        db.session.commit()
    make_admin(app, "admin-city")
    assert sign_in(client, "admin-city", console="admin").status_code == 302
    return client


def test_the_tables_hold_the_apis_numbers(seen, admin):
    period = {"from": (today_local() - timedelta(days=6)).isoformat(),
              "to": today_local().isoformat()}
    page = seen.get("/admin/dashboard", query_string=period)
    assert page.status_code == 200
    api = seen.get(API, headers=admin, query_string=period).get_json()
    tables = read(page).tables

    classes = {row[0]: row[1] for row in tables["classes"][1:]}
    c = api["classes"]
    assert classes == {"已开课场次": str(c["sessions_held"]), "提供座位": str(c["seats_offered"]),
                       "预约人数": str(c["seats_booked"]), "签到人数": str(c["attended"]),
                       "缺席人数": str(c["no_show"]), "到课率": pct(c["attendance_rate"]),
                       "缺席率": pct(c["no_show_rate"]), "未满足需求": str(c["unmet_demand"])}
    assert c["sessions_held"] == 3  # the fixture's, so the comparison is not of zeros

    supply = keyed(tables["supply_by_district"])
    for row in api["supply"]["by_district"]:
        cells = supply[row["district"]]
        assert cells["托位"] == str(row["places"])
        assert cells["每千人口托位数"] == shown(row["places_per_1000"])
        assert cells["常住人口"] == shown(row["population"]) + (" 合成" if row["population_synthetic"]
                                                           else "")
        assert str(row["population_year"]) in cells["人口年份与来源"]
    assert len(supply) == len(api["supply"]["by_district"]) == 10
    [summary] = tables["supply"][1:]
    assert summary[1] == str(api["supply"]["places"]) == "380"

    bot = keyed(tables["bot_per_day"])
    assert {d: int(r["问题数"]) for d, r in bot.items()} == {
        d["day"]: d["questions"] for d in api["bot"]["per_day"]}
    assert [r[0] for r in tables["bot_unanswered"][1:]] == [
        q["question"] for q in api["bot"]["top_unanswered"]] == ["火星托育"]

    notices = tables["notifications"][1]
    n = api["notifications"]
    assert notices == [str(n["total"]), str(n["sent"]), str(n["refused"]), str(n["failed"]),
                       str(n["other"]), pct(n["sent_rate"])]
    assert n["total"] > 0


def test_the_charts_draw_the_tables_figures(seen, admin):
    page = read(seen.get("/admin/dashboard"))
    api = seen.get(API, headers=admin).get_json()
    supply = page.charts["supply"]
    assert supply["categories"] == [d["district"] for d in api["supply"]["by_district"]]
    assert supply["series"][0]["data"] == [d["places_per_1000"] for d in api["supply"]["by_district"]]
    assert supply["target"] == 4.5
    classes = page.charts["classes"]["series"][0]["data"]
    assert classes[:2] == [api["classes"]["seats_offered"], api["classes"]["seats_booked"]]
    per_day = page.charts["notifications"]
    assert sum(sum(s["data"]) for s in per_day["series"]) == api["notifications"]["total"]


def test_each_section_downloads_the_apis_csv(seen, admin):
    period = {"from": (today_local() - timedelta(days=13)).isoformat(),
              "to": today_local().isoformat()}
    for section in ("classes", "vouchers", "supply", "bot", "notifications"):
        page_csv = seen.get(f"/admin/dashboard/{section}.csv", query_string=period)
        api_csv = seen.get(API, headers=admin,
                           query_string={**period, "format": "csv", "section": section})
        assert page_csv.status_code == 200 and page_csv.mimetype == "text/csv"
        assert "attachment" in page_csv.headers["Content-Disposition"]
        assert page_csv.get_data() == api_csv.get_data()
    html = seen.get("/admin/dashboard", query_string=period).get_data(as_text=True)
    assert f'/admin/dashboard/supply.csv?from={period["from"]}&amp;to={period["to"]}' in html


def test_the_district_filter_narrows_every_section(seen, admin):
    page = read(seen.get("/admin/dashboard", query_string={"district": "吴中区"}))
    api = seen.get(API, headers=admin, query_string={"district": "吴中区"}).get_json()
    assert api["classes"]["sessions_held"] == 1
    assert {r[0]: r[1] for r in page.tables["classes"][1:]}["已开课场次"] == "1"
    assert list(keyed(page.tables["supply_by_district"])) == ["吴中区"]


def test_a_district_admin_sees_their_district_and_not_anothers(app, client, held, registry):
    make_admin(app, "admin-gusu", "姑苏区卫健委", scope="姑苏区")
    sign_in(client, "admin-gusu", console="admin")
    page = client.get("/admin/dashboard")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "统计区间：" in html and "· 姑苏区 ·" in html
    tables = read(page).tables
    assert {r[0]: r[1] for r in tables["classes"][1:]}["已开课场次"] == "2"
    assert list(keyed(tables["supply_by_district"])) == ["姑苏区"]
    assert "吴中区" not in html   # not even offered in the filter
    other = client.get("/admin/dashboard", query_string={"district": "吴中区"})
    assert other.status_code == 404 and "页面不存在" in other.get_data(as_text=True)
    assert client.get("/admin/dashboard/classes.csv",
                      query_string={"district": "吴中区"}).status_code == 404


@pytest.mark.parametrize("query, message", [
    ({"from": "2026-12-09", "to": "2026-12-01"}, "开始日期不能晚于结束日期"),
    ({"district": "火星区"}, "未找到区县“火星区”"),
    ({"from": "12月1日"}, "开始日期：日期格式应为 YYYY-MM-DD"),
])
def test_a_bad_filter_is_named_and_the_default_period_shown(seen, query, message):
    page = seen.get("/admin/dashboard", query_string=query)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert message in html
    assert "课程与到课" in html   # the default figures, still readable
