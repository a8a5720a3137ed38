"""The FAQ page of the admin console: unanswered questions grouped, a phrasing added from the
page (then answered by the bot), the bot's figures equal to the statistics endpoint's, the last
evaluation run shown; city admins only."""
import json
import re

import pytest
from sqlalchemy import select

from app.common.audit import AuditEntry
from app.extensions import db
from app.faqbot.models import FaqQuestion
from tests.consoles.conftest import csrf_of, make_admin, sign_in
from tests.faqbot.conftest import ask, kb  # noqa: F401  (fixtures)

PAGE = "/admin/faq"
QUESTION = "生了以后多久回去干活"


@pytest.fixture
def city_admin(app, client, kb):  # noqa: F811
    make_admin(app, "admin-city", "市卫健委李科长")
    assert sign_in(client, "admin-city", console="admin").status_code == 302
    return client


def _groups(html: str) -> list[str]:
    return re.findall(r'data-test="unanswered-group">\s*<h3>([^<]+?) <span class="tag">(\d+) 次',
                      html)


def test_unanswered_questions_are_grouped_most_frequent_first(city_admin, ask):  # noqa: F811
    for question in ("今天股市行情如何", "今天股市行情怎么样", "股市行情如何呀", "怎么做红烧肉"):
        assert ask(question)[1]["matched"] is False
    html = city_admin.get(PAGE).get_data(as_text=True)
    groups = _groups(html)
    assert len(groups) == 2 and groups[0][1] == "3" and "股市" in groups[0][0]
    assert groups[1] == ("怎么做红烧肉", "1")
    assert "（2 组，相似问题已归并）" in html


def test_the_figures_are_the_statistics_endpoints(city_admin, ask, login, client):  # noqa: F811
    ask("江苏陪产假几天")
    ask("今天股市行情如何")
    html = city_admin.get(PAGE + "?days=7").get_data(as_text=True)
    figures = client.get("/api/v1/admin/stats/overview", headers=login("admin")).get_json()["bot"]
    shown = dict(re.findall(r'<strong data-test="(questions|answered|declined)">(\d+)</strong>',
                            html))
    assert shown == {"questions": str(figures["questions"]), "answered": str(figures["answered"]),
                     "declined": str(figures["declined"])}
    assert figures["questions"] == 2 and figures["declined"] == 1
    assert "no-eval" in html  # nothing evaluated yet: said, not invented


def test_a_phrasing_added_on_the_page_is_answered_and_audited(app, city_admin, ask, kb):  # noqa: F811
    assert ask(QUESTION)[1]["faq_id"] != "leave-maternity-days"
    html = city_admin.get(PAGE).get_data(as_text=True)
    assert QUESTION in html
    done = city_admin.post("/admin/faq/phrasings?days=30", data={
        "csrf_token": csrf_of(html), "faq_id": "leave-maternity-days", "question": QUESTION},
        follow_redirects=True).get_data(as_text=True)
    assert f"添加问法「{QUESTION}」" in done
    with app.app_context():
        added = db.session.scalars(select(FaqQuestion).where(FaqQuestion.text == QUESTION)).one()
        assert added.entry_id == "leave-maternity-days" and added.origin == "admin"
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "faq_question")).one()
        assert entry.action == "create" and entry.after["text"] == QUESTION

    with app.app_context():
        kb.refresh()   # what every worker does within FAQ_RELOAD_CHECK_SECONDS
    assert ask(QUESTION)[1]["faq_id"] == "leave-maternity-days"

    again = city_admin.post("/admin/faq/phrasings", data={
        "csrf_token": csrf_of(html), "faq_id": "leave-maternity-days", "question": QUESTION},
        follow_redirects=True).get_data(as_text=True)
    assert "该条目已有这个问法" in again
    empty = city_admin.post("/admin/faq/phrasings", data={
        "csrf_token": csrf_of(html), "faq_id": "leave-maternity-days", "question": " "},
        follow_redirects=True).get_data(as_text=True)
    assert "请输入问法" in empty


def test_the_last_evaluation_run_is_shown(app, city_admin, runner, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [
        {"id": "p1", "q": "江苏陪产假几天", "expect": ["15"]},
        {"id": "o1", "q": "今天股市行情如何", "kind": "unknown"},
        {"id": "w1", "q": "江苏陪产假几天", "expect": ["不会出现的答案"]}]), encoding="utf-8")
    result = runner.invoke(args=["bot", "eval", str(cases)])
    assert "cases 3" in result.output, result.output
    html = city_admin.get(PAGE).get_data(as_text=True)
    assert '<strong data-test="accuracy">66.7%</strong>' in html
    assert "3 个用例（1 个文件）" in html


def test_district_admins_get_the_403_page(app, client, kb):  # noqa: F811
    make_admin(app, "admin-wz", "吴中区卫健委", scope="吴中区")
    sign_in(client, "admin-wz", console="admin")
    page = client.get(PAGE)
    assert page.status_code == 403
    assert "区级管理员不能执行此操作" in page.get_data(as_text=True)
    token = csrf_of(client.get("/admin/dashboard").get_data(as_text=True))
    refused = client.post("/admin/faq/phrasings", data={
        "csrf_token": token, "faq_id": "leave-maternity-days", "question": QUESTION})
    assert refused.status_code == 403
    with app.app_context():
        assert db.session.scalars(select(FaqQuestion).where(
            FaqQuestion.text == QUESTION)).first() is None
