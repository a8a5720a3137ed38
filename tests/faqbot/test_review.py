"""The question log, feedback, the admins' unanswered list and new phrasings (hot reload)."""
import time

from sqlalchemy import select

from app.extensions import db
from app.faqbot.models import FaqLog


def test_every_question_is_logged_with_top_three_scores_and_no_phone_or_name(ask, app):
    ask("我叫王小明，电话13812345678，江苏陪产假几天")
    with app.app_context():
        row = db.session.scalars(select(FaqLog)).one()
    assert "13812345678" not in row.question and "[手机号]" in row.question
    assert "王小明" not in row.question and "13812345678" not in row.normalized
    assert row.decision == "answer" and row.faq_id == "leave-paternity-days"
    assert 1 <= len(row.candidates) <= 3
    assert all(isinstance(c["score"], float) and c["faq_id"] for c in row.candidates)
    assert row.candidates[0]["faq_id"] == "leave-paternity-days"


def test_feedback_is_recorded_and_unknown_answers_are_404(ask, client, app):
    _, body = ask("江苏育儿假几天")
    response = client.post("/api/v1/bot/feedback", json={
        "answer_id": body["answer_id"], "helpful": False, "comment": "我是苏州的，打13900001111问过不一样"})
    assert response.status_code == 200 and response.get_json()["helpful"] is False
    with app.app_context():
        row = db.session.scalars(select(FaqLog)).one()
        assert row.helpful is False and "13900001111" not in row.comment
    missing = client.post("/api/v1/bot/feedback", json={"answer_id": "nope", "helpful": True})
    assert missing.status_code == 404 and missing.get_json()["code"] == "answer_not_found"
    invalid = client.post("/api/v1/bot/feedback", json={"answer_id": body["answer_id"]})
    assert invalid.status_code == 422 and "helpful" in invalid.get_json()["errors"]


def test_unanswered_groups_similar_questions_most_frequent_first(ask, client, login):
    for question in ("今天股市行情如何", "今天股市行情怎么样", "股市行情如何呀", "怎么做红烧肉"):
        assert ask(question)[1]["matched"] is False
    _, liked_not = ask("宝宝几个月开始加辅食")
    client.post("/api/v1/bot/feedback", json={"answer_id": liked_not["answer_id"], "helpful": False})
    admin = login("admin")
    response = client.get("/api/v1/admin/bot/unanswered", headers=admin)
    assert response.status_code == 200
    page = response.get_json()
    groups = page["items"]
    assert page["total"] == 3
    assert groups[0]["count"] == 3 and groups[0]["declined"] == 3 and "股市" in groups[0]["question"]
    assert {g["count"] for g in groups[1:]} == {1}
    assert any(g["unhelpful"] == 1 for g in groups)
    assert client.get("/api/v1/admin/bot/unanswered", headers=login("parent")).status_code == 403
    assert client.get("/api/v1/admin/bot/unanswered").status_code == 401


def test_an_added_phrasing_is_answered_by_every_worker_within_seconds(ask, client, login, app, kb):
    question = "坐月子老板给几天"
    assert ask(question)[1]["faq_id"] != "leave-maternity-days"
    admin = login("admin")
    response = client.post("/api/v1/admin/bot/entries/leave-maternity-days/questions",
                           json={"question": question}, headers=admin)
    assert response.status_code == 201 and response.get_json()["origin"] == "admin"
    # No explicit refresh: the engine notices the new version and rebuilds in the background.
    app.config["FAQ_RELOAD_CHECK_SECONDS"] = 0.1
    deadline = time.monotonic() + 15
    body = ask(question)[1]
    while body["faq_id"] != "leave-maternity-days" and time.monotonic() < deadline:
        time.sleep(0.2)
        body = ask(question)[1]
    assert body["faq_id"] == "leave-maternity-days" and "158" in body["answer"]
    kb.wait_idle()
    duplicate = client.post("/api/v1/admin/bot/entries/leave-maternity-days/questions",
                            json={"question": question}, headers=admin)
    assert duplicate.status_code == 409
    unknown = client.post("/api/v1/admin/bot/entries/no-such-entry/questions",
                          json={"question": "随便"}, headers=admin)
    assert unknown.status_code == 404
    assert client.post("/api/v1/admin/bot/entries/leave-maternity-days/questions",
                       json={"question": "x"}, headers=login("parent")).status_code == 403
