"""The FAQ bot answers 「宝宝该打什么疫苗了」 and 「下次体检什么时候」 from this child's own record
when the parent keeps one (health consent), and from the general schedule otherwise."""
from pathlib import Path

import pytest

from app.common.content import load_all
from app.extensions import db


@pytest.fixture
def faq(app):
    with app.app_context():
        load_all(Path(app.config["CONTENT_DIR"]), ["faq"])
        app.extensions["faqbot"].refresh()
        db.session.remove()


def _ask(client, headers, question):
    response = client.post("/api/v1/bot/ask", headers=headers, json={"question": question})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_next_vaccine_comes_from_the_childs_record(client, kid, faq):
    child = kid(days=70)  # about 2 months: HepB 2 and the 2-month doses
    assert client.post(f"{child['url']}/vaccinations", headers=child["headers"], json={
        "vaccine": "hepb", "dose": 1, "given_on": child["born"].isoformat()}).status_code == 201
    body = _ask(client, child["headers"], "宝宝该打什么疫苗了")
    assert body["answer"].startswith("按豆豆的接种记录")
    assert "乙肝疫苗第1剂" not in body["answer"]   # recorded: not asked for again
    assert body["sources"] and all(s.get("title") for s in body["sources"])


def test_the_next_checkup_comes_from_the_childs_record(client, kid, faq):
    child = kid(days=100)
    body = _ask(client, child["headers"], "下次体检什么时候")
    assert body["answer"].startswith("按豆豆的体检记录，下一次是")


def test_without_the_health_consent_the_bot_says_the_record_is_not_set_up(client, kid, faq):
    child = kid(days=70, health_consent=False)
    body = _ask(client, child["headers"], "宝宝该打什么疫苗了")
    assert "按豆豆的接种记录" not in body["answer"]
    assert "健康档案" in body["answer"]
