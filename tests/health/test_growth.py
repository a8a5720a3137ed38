"""Growth: measurements stored under the health consent, evaluated on the WHO 2006 standards.

Reference values are WHO's published ones (Child Growth Standards, z-score tables, expanded
precision): weight-for-age boys at birth median 3.3464 kg; at 12 months median 9.6479 kg and
-2 SD 7.742 kg; length-for-age boys at birth median 49.8842 cm and +2 SD 53.7 cm; weight-for-age
girls at birth median 3.2322 kg; head circumference boys at birth median 34.4618 cm.
"""
from datetime import timedelta

import pytest

from app.common.timeutil import today_local
from tests.health.conftest import on


def _measure(client, kid, **body):
    return client.post(f"{kid['url']}/measurements", headers=kid["headers"], json=body)


def _indicators(client, kid):
    response = client.get(f"{kid['url']}/growth", headers=kid["headers"])
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return body, [{i["indicator"]: i for i in m["indicators"]} for m in body["measurements"]]


@pytest.mark.parametrize("sex, days, fields, indicator, expected_z", [
    ("male", 0, {"weight_kg": 3.3464}, "wfa", 0.0),
    ("male", 365, {"weight_kg": 9.6479}, "wfa", 0.0),
    ("male", 365, {"weight_kg": 7.742}, "wfa", -2.0),
    ("male", 0, {"length_cm": 49.8842}, "lhfa", 0.0),
    ("male", 0, {"length_cm": 53.7}, "lhfa", 2.0),
    ("female", 0, {"weight_kg": 3.2322}, "wfa", 0.0),
    ("male", 0, {"head_cm": 34.4618}, "hcfa", 0.0),
])
def test_z_scores_match_the_values_who_publishes(client, kid, sex, days, fields, indicator,
                                                 expected_z):
    child = kid(days=400, sex=sex)
    assert _measure(client, child, measured_on=on(child["born"], days), **fields).status_code == 201
    _, rows = _indicators(client, child)
    assert rows[0][indicator]["z"] == pytest.approx(expected_z, abs=0.03)


def test_every_answer_names_the_standard_and_gives_percentile_and_band(client, kid):
    child = kid(days=400)
    _measure(client, child, measured_on=on(child["born"], 365), weight_kg=9.6479,
             length_cm=75.7488, head_cm=46.0)
    _measure(client, child, measured_on=on(child["born"], 365), weight_kg=7.5)
    body, (typical, light) = _indicators(client, child)
    assert body["standard"]["code"] == "WHO-2006"
    assert "世界卫生组织" in body["standard"]["name"]
    assert body["standard"]["url"].startswith("https://www.who.int/")
    assert set(typical) == {"wfa", "lhfa", "wflh", "bmi", "hcfa"}
    assert typical["wfa"]["percentile"] == pytest.approx(50, abs=1)
    assert typical["wfa"]["level"] == "中" and typical["wfa"]["classification"] is None
    assert light["wfa"]["z"] < -2
    assert light["wfa"]["level"] == "下" and light["wfa"]["classification"] == "低体重"
    assert "不是诊断" in body["standard"]["note"]


def test_standing_height_under_two_is_converted_to_length(client, kid):
    child = kid(days=400)
    lying = _measure(client, child, measured_on=on(child["born"], 365), length_cm=75.0,
                     position="recumbent")
    standing = _measure(client, child, measured_on=on(child["born"], 365), length_cm=75.0,
                        position="standing")
    assert lying.status_code == standing.status_code == 201
    _, (a, b) = _indicators(client, child)
    # Standing is 0.7 cm shorter than lying: the same reading standing means a longer child.
    assert b["lhfa"]["z"] > a["lhfa"]["z"] + 0.2


def test_position_defaults_by_age(client, kid):
    young, older = kid(days=100), kid(days=900)
    a = _measure(client, young, measured_on=on(young["born"], 90), length_cm=60.0).get_json()
    b = _measure(client, older, measured_on=on(older["born"], 800), length_cm=85.0).get_json()
    assert (a["position"], b["position"]) == ("recumbent", "standing")


def test_no_measurement_without_the_health_consent(client, kid):
    child = kid(health_consent=False)
    response = _measure(client, child, measured_on=on(child["born"], 10), weight_kg=4.0)
    assert response.status_code == 403
    assert response.get_json()["code"] == "health_consent_required"
    assert "同意" in response.get_json()["message"]
    listed = client.get(f"{child['url']}/measurements", headers=child["headers"])
    assert listed.get_json() == []


def test_growth_needs_the_childs_sex(client, kid):
    child = kid(sex=None)
    response = _measure(client, child, measured_on=on(child["born"], 10), weight_kg=4.0)
    assert response.status_code == 409 and response.get_json()["code"] == "child_sex_required"
    assert client.get(f"{child['url']}/growth", headers=child["headers"]).status_code == 409
    client.patch(child["url"], headers=child["headers"], json={"sex": "female"})
    assert _measure(client, child, measured_on=on(child["born"], 10),
                    weight_kg=4.0).status_code == 201


@pytest.mark.parametrize("body, field, words", [
    ({"weight_kg": 80}, "weight_kg", "0.5—50 公斤"),
    ({"length_cm": 20}, "length_cm", "35—140 厘米"),
    ({"head_cm": 75}, "head_cm", "25—60 厘米"),
    ({}, "weight_kg", "至少填写"),
])
def test_implausible_values_are_refused_with_the_expected_range(client, kid, body, field, words):
    child = kid()
    response = _measure(client, child, measured_on=on(child["born"], 30), **body)
    assert response.status_code == 422
    assert words in response.get_json()["errors"][field][0]


def test_dates_before_birth_or_in_the_future_are_refused(client, kid):
    child = kid()
    before = _measure(client, child, measured_on=on(child["born"], -1), weight_kg=4.0)
    future = _measure(client, child, measured_on=(today_local() + timedelta(days=1)).isoformat(),
                      weight_kg=4.0)
    assert before.status_code == future.status_code == 422
    assert "出生日期" in before.get_json()["errors"]["measured_on"][0]
    assert "今天" in future.get_json()["errors"]["measured_on"][0]


def test_a_z_beyond_five_asks_for_confirmation(client, kid):
    child = kid(days=400)
    # 20 kg at 12 months is about +8 SD: plausible as a number, improbable as a child.
    asked = _measure(client, child, measured_on=on(child["born"], 365), weight_kg=20.0)
    assert asked.status_code == 422
    assert asked.get_json()["code"] == "measurement_needs_confirmation"
    assert "confirm" in asked.get_json()["errors"]["weight_kg"][0]
    listed = client.get(f"{child['url']}/measurements", headers=child["headers"]).get_json()
    assert listed == []
    confirmed = _measure(client, child, measured_on=on(child["born"], 365), weight_kg=20.0,
                         confirm=True)
    assert confirmed.status_code == 201


def test_patch_and_delete_a_measurement(client, kid):
    child = kid(days=400)
    made = _measure(client, child, measured_on=on(child["born"], 365), weight_kg=9.0).get_json()
    url = f"{child['url']}/measurements/{made['id']}"
    assert client.get(url, headers=child["headers"]).get_json()["weight_kg"] == 9.0
    patched = client.patch(url, headers=child["headers"], json={"weight_kg": 9.6479,
                                                                "length_cm": 75.0})
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["weight_kg"] == 9.6479 and patched.get_json()["position"] == "recumbent"
    bad = client.patch(url, headers=child["headers"], json={"weight_kg": 90})
    assert bad.status_code == 422
    _, rows = _indicators(client, child)
    assert rows[0]["wfa"]["z"] == pytest.approx(0, abs=0.03)
    assert client.delete(url, headers=child["headers"]).status_code == 204
    assert client.get(f"{child['url']}/measurements", headers=child["headers"]).get_json() == []
    assert client.delete(url, headers=child["headers"]).status_code == 404


def test_another_parents_child_record_is_not_found(client, kid):
    mine, theirs = kid(), kid()
    made = _measure(client, theirs, measured_on=on(theirs["born"], 30), weight_kg=4.5).get_json()
    for method, path in (("GET", "/measurements"), ("GET", "/growth"),
                         ("GET", f"/measurements/{made['id']}"),
                         ("PATCH", f"/measurements/{made['id']}"),
                         ("DELETE", f"/measurements/{made['id']}")):
        response = client.open(theirs["url"] + path, method=method, headers=mine["headers"],
                               json={"weight_kg": 5.0} if method == "PATCH" else None)
        assert response.status_code == 404, (method, path)
    # ... and my own child's id with their measurement id is not found either.
    crossed = client.delete(f"{mine['url']}/measurements/{made['id']}", headers=mine["headers"])
    assert crossed.status_code == 404


def test_an_expected_baby_has_no_record_yet(client, login, health_content):
    headers = login("parent")
    client.patch("/api/v1/me", headers=headers, json={"consent": True, "health_consent": True})
    due = (today_local() + timedelta(days=60)).isoformat()
    child = client.post("/api/v1/me/children", headers=headers,
                        json={"nickname": "小宝", "due_date": due, "sex": "female"}).get_json()
    response = client.post(f"/api/v1/me/children/{child['id']}/measurements", headers=headers,
                           json={"measured_on": today_local().isoformat(), "weight_kg": 3.0})
    assert response.status_code == 409 and response.get_json()["code"] == "child_not_born"
    assert client.get(f"/api/v1/me/children/{child['id']}/vaccinations",
                      headers=headers).status_code == 409
