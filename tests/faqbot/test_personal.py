"""A logged-in parent's province and child: the route gives the engine the parent's province and
the chosen child's age; several children -> which one; health-record answerers registered by
another domain answer for this child."""
import re
from datetime import date

import pytest

from app.faqbot import personal


@pytest.fixture
def answerers():
    """The registry for a test; the answerers the app registered (the health record's) are put
    back afterwards."""
    saved = {intent: personal.answerer(intent) for intent in personal.INTENTS}
    yield personal
    for intent, fn in saved.items():
        if fn is None:
            personal.unregister_answerer(intent)
        else:
            personal.register_answerer(intent, fn)


def test_the_parents_own_province_decides_the_leave_answer(ask, family, app, monkeypatch):
    # A deployment serving a Sichuan city beside Suzhou: a 广元 parent is answered for 四川.
    monkeypatch.setitem(app.config, "CITIES", ("苏州市", "广元市"))
    fam = family(district="利州区")
    _, body = ask("我能休几天产假", headers=fam["headers"])
    assert body["province"] == "四川" and "188" in body["answer"]
    assert "按四川的规定" not in body["answer"]          # not an assumed default


def test_a_four_month_old_is_told_when_to_start_solids(ask, family):
    fam = family(months=4)
    _, body = ask("宝宝几个月可以加辅食", headers=fam["headers"])
    first = body["answer"].split("\n\n")[0]
    assert body["faq_id"] == "feeding-complementary-start"
    assert "现在4个月" in first and "满6个月" in first and "2个月后" in first
    _, anonymous = ask("宝宝几个月可以加辅食")
    assert "您的宝宝现在" not in anonymous["answer"]


def test_vaccines_due_without_a_health_record_follow_the_schedule_for_this_childs_age(ask, family):
    fam = family(months=5)
    _, body = ask("宝宝该打什么疫苗了", headers=fam["headers"])
    assert body["faq_id"] == "vacc-6-months" and "现在5个月" in body["answer"]
    assert "健康档案" in body["answer"] and "还没有在平台建立" in body["answer"]
    assert body["sources"] and "2026年版" in body["sources"][0]["title"]


def test_next_checkup_for_this_child(ask, family):
    fam = family(months=7)
    _, body = ask("下次体检什么时候", headers=fam["headers"])
    assert "下一次体检在8个月" in body["answer"]


def test_a_registered_health_record_answers_for_this_child(ask, family, answerers):
    seen = []

    def from_record(user, child):
        seen.append(child.id)
        return personal.PersonalAnswer("按接种记录，乐乐下一针是6月龄的乙肝疫苗第3剂。",
                                       [{"title": "接种记录", "url": None}])

    answerers.register_answerer("vaccines_due", from_record)
    fam = family(months=5)
    _, body = ask("宝宝该打什么疫苗了", headers=fam["headers"])
    assert seen == [fam["child_id"]] and body["answer"].startswith("按接种记录")
    answerers.register_answerer("vaccines_due", lambda user, child: None)
    _, fallback = ask("宝宝该打什么疫苗了", headers=fam["headers"])
    assert "还没有在平台建立" in fallback["answer"]
    with pytest.raises(ValueError):
        answerers.register_answerer("unknown_intent", from_record)


def test_several_children_ask_which_one_and_the_choice_is_kept(ask, client, family):
    fam = family(months=4)
    born = date.today().replace(year=date.today().year - 2)
    second = client.post("/api/v1/me/children", headers=fam["headers"],
                         json={"nickname": "哥哥", "birth_date": born.isoformat()})
    assert second.status_code == 201
    _, body = ask("宝宝几个月可以加辅食", headers=fam["headers"])
    assert body["matched"] is False and "哪一个" in body["answer"]
    assert {c["child_id"] for c in body["children"]} == {fam["child_id"], second.get_json()["id"]}
    _, chosen = ask("宝宝几个月可以加辅食", headers=fam["headers"], child_id=fam["child_id"],
                    session_id=body["session_id"])
    assert "现在4个月" in chosen["answer"]
    _, later = ask("下次体检什么时候", headers=fam["headers"], session_id=body["session_id"])
    assert re.search("现在4个月.*下一次体检在6个月", later["answer"])
    # Questions that do not depend on the child are answered without asking.
    _, leave = ask("产假多少天", headers=fam["headers"])
    assert leave["matched"] is True and leave["children"] == []


def test_another_parents_child_is_not_found(ask, family):
    mine, theirs = family(), family()
    status, body = ask("宝宝该打什么疫苗了", headers=mine["headers"], child_id=theirs["child_id"])
    assert status == 404


def test_months_between_counts_completed_months():
    assert personal.months_between(date(2026, 1, 31), date(2026, 3, 30)) == 1
    assert personal.months_between(date(2026, 1, 15), date(2026, 3, 15)) == 2
    assert personal.age_line(4, 6, "开始添加辅食").startswith("您的宝宝现在4个月")
