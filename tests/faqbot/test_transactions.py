"""Who owns the FAQ bot's transactions: the services only flush; the routes (@unit_of_work) and
the CLI (with transaction()) commit, so a request that fails leaves nothing behind."""
from sqlalchemy import func, select

from app.common.state import get_state
from app.common.uow import transaction
from app.extensions import db
from app.faqbot import curation, service
from app.faqbot.models import FaqLog, FaqQuestion, FaqSession
from app.faqbot.runtime import KB_VERSION_KEY


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_asking_and_feedback_only_flush_the_caller_commits(app, kb):
    with app.test_request_context():
        answer = service.ask("江苏陪产假几天")
        assert _count(FaqLog) == 1 and _count(FaqSession) == 1     # flushed, visible here
        db.session.rollback()
        assert _count(FaqLog) == 0 and _count(FaqSession) == 0     # nothing was committed
        with transaction():
            answer = service.ask("江苏陪产假几天")
        with transaction():
            service.feedback(answer["answer_id"], False, None)
        db.session.rollback()
        assert db.session.scalars(select(FaqLog)).one().helpful is False


def test_adding_a_phrasing_only_flushes_and_the_version_moves_with_it(app, kb):
    with app.app_context():
        before = (_count(FaqQuestion), get_state(KB_VERSION_KEY))
        result = curation.add_phrasing("leave-paternity-days", "男人陪产假到底几天")
        assert result["origin"] == "admin" and get_state(KB_VERSION_KEY) != before[1]
        db.session.rollback()
        assert (_count(FaqQuestion), get_state(KB_VERSION_KEY)) == before
        with transaction():
            service.add_phrasing("leave-paternity-days", "男人陪产假到底几天")
        db.session.rollback()
        assert _count(FaqQuestion) == before[0] + 1 and get_state(KB_VERSION_KEY) != before[1]


def test_a_request_that_fails_after_the_answer_is_written_leaves_nothing(app, client, kb,
                                                                        monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the response could not be built")

    monkeypatch.setattr(service, "_response", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.post("/api/v1/bot/ask", json={"question": "江苏陪产假几天"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    with app.app_context():
        assert _count(FaqLog) == 0 and _count(FaqSession) == 0


def test_the_admin_page_functions_keep_their_signatures(kb, app):
    import inspect

    assert service.unanswered is curation.unanswered
    assert list(inspect.signature(service.unanswered).parameters) == ["days", "limit_rows"]
    assert list(inspect.signature(service.add_phrasing).parameters) == ["faq_id", "question"]
    assert list(inspect.signature(service.status).parameters) == []


def test_an_engine_built_inside_a_unit_of_work_leaves_its_writes_alone(app, kb):
    from app.common.timeutil import utcnow

    runtime = app.extensions["faqbot"]
    kept = runtime._engine
    with app.app_context():
        try:
            with transaction():
                db.session.add(FaqSession(id="s" * 32, state={}, updated_at=utcnow()))
                db.session.flush()
                runtime._engine = None           # first use in this process: built now
                assert runtime.engine().entries
        finally:
            if runtime._engine is None:
                runtime._engine = kept
        db.session.rollback()
        assert db.session.get(FaqSession, "s" * 32) is not None
