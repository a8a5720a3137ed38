"""The dashboard in a real browser (Debian's Chromium through Playwright, 1440 × 900): a city
admin and a district admin each open it, read a chart's figures from its table view and from the
ECharts instance itself, and find them equal to the JSON API's; no console error (the CSP allows
no inline script, so a chart drawn at all proves the vendored file and the drawing script ran)."""
from tests.consoles.conftest import PASSWORD, make_admin
from tests.stats.conftest import held, outbox, registry  # noqa: F401  (fixtures)

API = "/api/v1/admin/stats/overview"

# The option ECharts holds for a chart: its categories and each series' data.
_OPTION = """element => {
  const chart = echarts.getInstanceByDom(element);
  if (!chart) return null;
  const option = chart.getOption();
  const axis = [].concat(option.xAxis, option.yAxis).find(a => a.type === "category");
  return {categories: axis.data,
          series: option.series.map(s => ({name: s.name, data: s.data,
                                           target: s.markLine ? s.markLine.data[0].yAxis : null}))};
}"""


def _log_in(page, username):
    page.goto("/admin/dashboard")
    assert "/admin/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/admin/dashboard")


def _table(page, name):
    return page.locator(f'[data-test="table-{name}"]').evaluate(
        "t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))")


def _supply_seen(page):
    chart = page.locator('[data-test="chart-supply"]')
    chart.locator("canvas").wait_for()
    option = chart.evaluate(_OPTION)
    header, *rows = _table(page, "supply_by_district")
    column = header.index("每千人口托位数")
    return option, {row[0]: row[column] for row in rows}


def test_a_city_admin_reads_the_supply_chart_as_the_api_counts_it(app, admin_screen, client,
                                                                  admin, held, registry, outbox):
    make_admin(app, "admin-city", "市卫健委李科长")
    page = admin_screen.page
    _log_in(page, "admin-city")
    api = client.get(API, headers=admin).get_json()
    option, table = _supply_seen(page)
    districts = [d["district"] for d in api["supply"]["by_district"]]
    assert option["categories"] == districts and len(districts) == 10
    [series] = option["series"]
    assert series["data"] == [d["places_per_1000"] for d in api["supply"]["by_district"]]
    assert series["target"] == api["supply"]["target_per_1000"] == 4.5
    assert table == {d["district"]: str(d["places_per_1000"]) for d in api["supply"]["by_district"]}
    assert page.locator('[data-test="synthetic-note"]').is_visible()
    classes = page.locator('[data-test="chart-classes"]').evaluate(_OPTION)
    assert classes["series"][0]["data"][:2] == [api["classes"]["seats_offered"],
                                                api["classes"]["seats_booked"]]
    admin_screen.shoot("city")


def test_a_district_admin_sees_their_district_drawn(app, admin_screen, client, login, held,
                                                    registry):
    make_admin(app, "admin-wz", "吴中区卫健委", scope="吴中区")
    page = admin_screen.page
    _log_in(page, "admin-wz")
    api = client.get(API, headers=login("admin", district="吴中区")).get_json()
    option, table = _supply_seen(page)
    assert option["categories"] == ["吴中区"] and table == {"吴中区": str(
        api["supply"]["by_district"][0]["places_per_1000"])}
    assert page.locator("select[name=district] option").all_inner_texts() == ["吴中区"]
    page.fill("input[name=from]", api["from"])
    page.click("form.filters button")
    page.wait_for_load_state()
    assert _table(page, "classes")[1] == ["已开课场次", str(api["classes"]["sessions_held"])]
    admin_screen.shoot("district")
