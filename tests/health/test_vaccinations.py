"""Vaccinations: each dose of the national schedule with its status for the child's age, the 2025
DTaP ages, the rules facts.md marks unconfirmed said as such, and doses the parent records."""
from datetime import date, timedelta

from app.common.timeutil import today_local
from app.health.schedule import add_months
from tests.health.conftest import on


def _doses(client, child):
    response = client.get(f"{child['url']}/vaccinations", headers=child["headers"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _by_key(body):
    return {(d["vaccine"], d["dose"]): d for d in body["doses"]}


def test_status_follows_the_childs_age(client, kid):
    born = add_months(today_local(), -7)
    doses = _by_key(_doses(client, kid(born=born)))
    assert doses[("hepb", 1)]["status"] == "due"          # given at birth, not recorded yet
    assert doses[("hepb", 3)]["status"] == "due"          # 6 months reached, before 12 months
    assert doses[("mmr", 1)]["status"] == "upcoming"      # 8 months
    assert doses[("mmr", 1)]["earliest_on"] == add_months(born, 8).isoformat()
    older = _by_key(_doses(client, kid(born=add_months(today_local(), -13))))
    assert older[("hepb", 3)]["status"] == "overdue"      # should be complete before 12 months
    assert older[("hepb", 3)]["complete_before"] == "12月龄"


def test_dtap_follows_the_2025_schedule(client, kid):
    child = kid(born=date(2025, 3, 10))
    dtap = [d for d in _doses(client, child)["doses"] if d["vaccine"] == "dtap"]
    assert [d["age"] for d in dtap] == ["2月龄", "4月龄", "6月龄", "18月龄", "6周岁"]
    assert dtap[0]["earliest_on"] == "2025-05-10"
    assert "百白破" in dtap[0]["source"]["title"] and dtap[0]["source"]["url"]
    assert all(d["unconfirmed"] is None and not any("旧程序" in n for n in d["notes"])
               for d in dtap)


def test_the_unconfirmed_rule_for_children_born_before_2025_is_said_so(client, kid):
    child = kid(born=date(2024, 6, 1))
    doses = _by_key(_doses(client, child))
    dose5 = doses[("dtap", 5)]
    assert "unconfirmed" in dose5["unconfirmed"] and "接种门诊" in dose5["unconfirmed"]
    assert any("3、4、5、18月龄打过的百白破有效" in n for n in doses[("dtap", 1)]["notes"])
    assert doses[("dtap", 1)]["unconfirmed"] is None


def test_every_dose_carries_its_source_and_confidence(client, kid):
    body = _doses(client, kid(days=30))
    assert body["doses"] and all(d["source"]["title"] and d["confidence"] for d in body["doses"])
    assert "接种门诊" in body["clinic_advice"]
    assert any("补种" in rule["text"] for rule in body["general_rules"])


def test_hpv_is_for_girls_only(client, kid):
    girl = _by_key(_doses(client, kid(days=100, sex="female")))
    boy = _by_key(_doses(client, kid(days=100, sex="male")))
    assert girl[("hpv", 1)]["age"] == "13周岁" and girl[("hpv", 1)]["status"] == "upcoming"
    assert ("hpv", 1) not in boy


def test_recording_a_dose_marks_it_done(client, kid):
    child = kid(days=40)
    made = client.post(f"{child['url']}/vaccinations", headers=child["headers"],
                       json={"vaccine": "hepb", "dose": 1, "given_on": on(child["born"], 0),
                             "place": "社区卫生服务中心"})
    assert made.status_code == 201, made.get_json()
    dose = _by_key(_doses(client, child))[("hepb", 1)]
    assert dose["status"] == "done" and dose["given_on"] == child["born"].isoformat()
    again = client.post(f"{child['url']}/vaccinations", headers=child["headers"],
                        json={"vaccine": "hepb", "dose": 1, "given_on": on(child["born"], 1)})
    assert again.status_code == 409 and again.get_json()["code"] == "dose_already_recorded"


def test_recording_refuses_what_the_schedule_lacks_and_impossible_dates(client, kid):
    child = kid(days=40)
    url, headers = f"{child['url']}/vaccinations", child["headers"]
    unknown = client.post(url, headers=headers, json={"vaccine": "rabies", "dose": 1,
                                                      "given_on": on(child["born"], 1)})
    assert unknown.status_code == 422 and "dose" in unknown.get_json()["errors"]
    early = client.post(url, headers=headers, json={"vaccine": "bcg", "dose": 1,
                                                    "given_on": on(child["born"], -2)})
    assert early.status_code == 422 and "given_on" in early.get_json()["errors"]
    future = client.post(url, headers=headers, json={
        "vaccine": "bcg", "dose": 1, "given_on": (today_local() + timedelta(days=2)).isoformat()})
    assert future.status_code == 422


def test_recording_needs_the_health_consent(client, kid):
    child = kid(days=40, health_consent=False)
    response = client.post(f"{child['url']}/vaccinations", headers=child["headers"],
                           json={"vaccine": "bcg", "dose": 1, "given_on": on(child["born"], 0)})
    assert response.status_code == 403 and response.get_json()["code"] == "health_consent_required"


def test_a_dose_of_the_inactivated_alternative_switches_the_plan(client, kid):
    child = kid(born=add_months(today_local(), -9))
    assert ("je_l", 1) in _by_key(_doses(client, child))
    client.post(f"{child['url']}/vaccinations", headers=child["headers"],
                json={"vaccine": "je_i", "dose": 1, "given_on": add_months(child["born"], 8).isoformat()})
    doses = _by_key(_doses(client, child))
    assert ("je_l", 1) not in doses and doses[("je_i", 1)]["status"] == "done"
    assert doses[("je_i", 4)]["age"] == "6周岁"


def test_a_provincial_addition_is_shown_where_configured(app, client, kid, tmp_path):
    import shutil
    from pathlib import Path

    import yaml

    from app.common.content import load_all
    from app.extensions import db

    root = tmp_path / "content"
    shutil.copytree(Path(app.config["CONTENT_DIR"]) / "health", root / "health")
    document = yaml.safe_load((root / "health" / "immunization.yaml").read_text("utf-8"))
    document["sources"]["province_test"] = {"title": "某省增补疫苗通知（测试用）"}
    document["provincial"] = {"测试省": [{"key": "extra", "name": "测试增补疫苗", "doses": [
        {"dose": 1, "at": "1m", "confidence": "single-source", "source": "province_test"}]}]}
    (root / "health" / "immunization.yaml").write_text(yaml.safe_dump(document, allow_unicode=True),
                                                       "utf-8")
    child = kid(days=60)
    with app.app_context():
        load_all(root, ["health"])
        db.session.remove()
    assert ("extra", 1) not in _by_key(_doses(client, child))
    app.config["HEALTH_PROVINCE"] = "测试省"
    try:
        assert _by_key(_doses(client, child))[("extra", 1)]["status"] == "due"
    finally:
        app.config.pop("HEALTH_PROVINCE")
