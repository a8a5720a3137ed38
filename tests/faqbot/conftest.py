"""FAQ bot fixtures: the real content/faq/ loaded into the test database by the real loader, and
the process's engine brought up to date with it."""
from pathlib import Path

import pytest

from app.common.content import load_all
from app.extensions import db
from tests.faq_content import FaqContent

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb(app):
    """The FAQ content, loaded unless the last test left it as loaded (tests/faq_content.py); the
    engine is rebuilt on this thread if the content changed."""
    checks = app.config["FAQ_RELOAD_CHECK_SECONDS"]
    app.config["FAQ_RELOAD_CHECK_SECONDS"] = 3600   # no background rebuilds between tests
    with app.app_context():
        if not FaqContent.kept():
            load_all(Path(app.config["CONTENT_DIR"]), ["faq"])
            FaqContent.mark_loaded()
        app.extensions["faqbot"].refresh()
        db.session.remove()
    yield app.extensions["faqbot"]
    app.config["FAQ_RELOAD_CHECK_SECONDS"] = checks


@pytest.fixture
def ask(client, kb):
    """ask(question, **fields) -> (status, json) through POST /api/v1/bot/ask."""
    counter = {"n": 0}

    def _ask(question, headers=None, **fields):
        counter["n"] += 1
        # A distinct client address per call keeps the per-client rate limit out of the way.
        addr = f"10.{counter['n'] // 60000 % 250}.{counter['n'] // 250 % 240}.{counter['n'] % 250 + 1}"
        response = client.post("/api/v1/bot/ask", json={"question": question, **fields},
                               headers=headers or {}, environ_base={"REMOTE_ADDR": addr})
        return response.status_code, response.get_json()

    return _ask
