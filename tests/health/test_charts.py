"""Growth charts: the P3–P97 curves of the WHO standard for the child's sex with the child's
points, as an SVG drawn on the server and as the same series in JSON."""
import xml.etree.ElementTree as ET

import pytest

from tests.health.conftest import on


@pytest.fixture
def measured(client, kid):
    child = kid(days=400, sex="male")
    for days, weight, length in ((0, 3.3464, 49.9), (180, 7.9, 67.6), (365, 9.6479, 75.7)):
        made = client.post(f"{child['url']}/measurements", headers=child["headers"], json={
            "measured_on": on(child["born"], days), "weight_kg": weight, "length_cm": length})
        assert made.status_code == 201, made.get_json()
    return child


def _json(client, child, indicator):
    response = client.get(f"{child['url']}/growth/chart", headers=child["headers"],
                          query_string={"indicator": indicator, "format": "json"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_json_series_carry_the_standards_curves_and_the_childs_points(client, measured):
    body = _json(client, measured, "wfa")
    assert [c["percentile"] for c in body["curves"]] == [3, 15, 50, 85, 97]
    median = dict((round(x), y) for x, y in body["curves"][2]["points"])
    assert median[0] == pytest.approx(3.35, abs=0.01)      # WHO boys' median at birth 3.3464 kg
    assert median[12] == pytest.approx(9.65, abs=0.01)     # and at 12 months 9.6479 kg
    p3, p97 = dict(map(tuple, body["curves"][0]["points"])), dict(map(tuple, body["curves"][4]["points"]))
    assert all(p3[x] < median_y < p97[x] for x, median_y in body["curves"][2]["points"])
    assert [p["y"] for p in body["points"]] == [3.3464, 7.9, 9.6479]
    assert body["points"][2]["x"] == pytest.approx(12.0, abs=0.05)
    assert body["standard"]["code"] == "WHO-2006" and body["x_name"] == "月龄"


def test_weight_for_length_is_drawn_against_length(client, measured):
    body = _json(client, measured, "wflh")
    assert body["x_unit"] == "厘米"
    xs = [x for x, _ in body["curves"][2]["points"]]
    assert xs[0] == 45 and xs[-1] == 110
    assert [p["x"] for p in body["points"]] == [49.9, 67.6, 75.7]


def test_svg_chart_has_chinese_labels_and_the_childs_points(client, measured):
    response = client.get(f"{measured['url']}/growth/chart", headers=measured["headers"],
                          query_string={"indicator": "lhfa"})
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    for words in ("年龄别身长/身高", "男孩", "世界卫生组织儿童生长标准", "第3百分位", "第97百分位",
                  "孩子的测量值", "月龄"):
        assert words in texts
    assert "src=" not in svg          # no remote script: it renders offline
    assert "豆豆" not in svg           # the child's name stays out of the picture


def test_unknown_indicator_is_refused(client, measured):
    response = client.get(f"{measured['url']}/growth/chart", headers=measured["headers"],
                          query_string={"indicator": "iq"})
    assert response.status_code == 422 and "indicator" in response.get_json()["errors"]
