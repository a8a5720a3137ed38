"""Check-ups on the 0–6 schedule, and the warning-sign checklist: a sign present is a prompt to
see the child-health clinic, never a diagnosis."""
from app.common.timeutil import today_local
from app.health.schedule import add_months
from tests.health.conftest import on


def _checkups(client, child):
    response = client.get(f"{child['url']}/checkups", headers=child["headers"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_checkup_schedule_for_a_seven_month_old(client, kid):
    body = _checkups(client, kid(born=add_months(today_local(), -7)))
    status = {v["visit"]: v["status"] for v in body["visits"]}
    assert list(status)[:10] == ["newborn_visit", "full_month", "m3", "m6", "m8", "m12", "m18",
                                 "m24", "m30", "m36"]
    assert [v["visit"] for v in body["visits"]][10:] == ["y4", "y5", "y6"]
    assert status["m3"] == "missed" and status["m6"] == "due" and status["m8"] == "upcoming"
    assert body["next"]["visit"] == "m6"
    assert "社区卫生服务中心" in body["next"]["where"]
    assert body["next"]["source"]["title"]


def test_recording_a_checkup_moves_the_next_one_on(client, kid):
    child = kid(born=add_months(today_local(), -7))
    made = client.post(f"{child['url']}/checkups", headers=child["headers"],
                       json={"visit": "m6", "done_on": add_months(child["born"], 6).isoformat()})
    assert made.status_code == 201, made.get_json()
    body = _checkups(client, child)
    assert {v["visit"]: v["status"] for v in body["visits"]}["m6"] == "done"
    assert body["next"]["visit"] == "m8"
    again = client.post(f"{child['url']}/checkups", headers=child["headers"],
                        json={"visit": "m6", "done_on": add_months(child["born"], 6).isoformat()})
    assert again.status_code == 409
    unknown = client.post(f"{child['url']}/checkups", headers=child["headers"],
                          json={"visit": "m7", "done_on": on(child["born"], 200)})
    assert unknown.status_code == 422 and "m8" in unknown.get_json()["errors"]["visit"][0]


def test_newborn_sees_the_home_visit_due(client, kid):
    body = _checkups(client, kid(days=5))
    assert body["next"]["visit"] == "newborn_visit" and body["next"]["status"] == "due"
    assert "1周内" in body["next"]["when"]


def _development(client, child, **query):
    response = client.get(f"{child['url']}/development", headers=child["headers"],
                          query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_checklist_matches_the_childs_age_band(client, kid):
    body = _development(client, kid(born=add_months(today_local(), -13)))
    assert body["band"] == 12
    assert [s["text"] for s in body["signs"]] == [
        "呼唤名字无反应", "不会模仿“再见”或“欢迎”动作", "不会用拇指和食指对捏小物品", "不会扶物站立"]
    assert body["advice"] is None and "不是诊断" in body["message"]
    assert "孤独症筛查干预服务规范" in body["source"]["title"]


def test_a_positive_sign_prompts_a_clinic_visit_not_a_diagnosis(client, kid):
    child = kid(born=add_months(today_local(), -13))
    answers = {"m12_1": False, "m12_2": True, "m12_3": False, "m12_4": False}
    response = client.post(f"{child['url']}/development", headers=child["headers"],
                           json={"band": 12, "answers": answers})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["positive"] == ["不会模仿“再见”或“欢迎”动作"]
    assert "儿童保健门诊" in body["advice"] and "不是诊断" in body["advice"]
    assert _development(client, child)["signs"][1]["present"] is True
    clear = client.post(f"{child['url']}/development", headers=child["headers"],
                        json={"band": 12, "answers": {k: False for k in answers}}).get_json()
    assert clear["positive"] == [] and "都没有出现" in clear["advice"]


def test_answers_are_checked(client, kid):
    child = kid(born=add_months(today_local(), -13))
    url, headers = f"{child['url']}/development", child["headers"]
    partial = client.post(url, headers=headers, json={"band": 12, "answers": {"m12_1": True}})
    assert partial.status_code == 422 and "m12_2" in partial.get_json()["errors"]["answers"][0]
    future = client.post(url, headers=headers, json={"band": 18, "answers": {
        f"m18_{i}": False for i in range(1, 5)}})
    assert future.status_code == 422 and "18" in future.get_json()["errors"]["band"][0]
    nonsense = client.post(url, headers=headers, json={"band": 7, "answers": {}})
    assert nonsense.status_code == 422


def test_no_checklist_before_three_months(client, kid):
    body = _development(client, kid(days=40))
    assert body["band"] is None and body["signs"] == [] and "3月龄" in body["message"]


def test_answers_need_the_health_consent(client, kid):
    child = kid(born=add_months(today_local(), -4), health_consent=False)
    response = client.post(f"{child['url']}/development", headers=child["headers"],
                           json={"band": 3, "answers": {f"m3_{i}": False for i in range(1, 5)}})
    assert response.status_code == 403


def test_what_the_bot_and_the_outbox_will_ask(app, client, kid):
    from app.accounts.models import Child
    from app.extensions import db
    from app.health import checkups, vaccinations

    child = kid(born=add_months(today_local(), -3))
    client.post(f"{child['url']}/vaccinations", headers=child["headers"],
                json={"vaccine": "hepb", "dose": 1, "given_on": child["born"].isoformat()})
    with app.app_context():
        row = db.session.get(Child, child["id"])
        doses = {(d["vaccine"], d["dose"]) for d in vaccinations.upcoming_for(row)}
        visit = checkups.next_for(row)
    assert ("hepb", 1) not in doses and {("dtap", 1), ("polio", 2), ("hepb", 2)} <= doses
    assert visit["visit"] == "m3" and visit["source"]["title"]
