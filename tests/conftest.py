"""Fixtures: one migrated database per test run (SQLite file, or PostgreSQL when DATABASE_URL is
set), emptied after every test; the real app behind Flask's test client; dev-login tokens."""
import logging
import os
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from app import create_app
from app.common.ledger import sqlite_guard_lifted
from app.common.content import load_all
from app.extensions import db, limiter
from tests import faq_content
from tests.faq_content import FaqContent
from tests.runlog import RunLog, leaks
from tests.wechat_stub import APPID, SECRET, WeChatStub

pytest_plugins = ["tests.domain_fixtures"]


def pytest_configure(config):
    root = logging.getLogger()
    root.addHandler(RunLog(level=logging.DEBUG))
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)
    FaqContent.watch()


def pytest_sessionfinish(session, exitstatus):
    """PIPL: whatever ran, nothing any test logged holds personal data (a phone, a nickname, a
    token, a WeChat code). Checked over the whole run, so it holds for any subset of tests."""
    found = leaks(RunLog.lines)
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("personal data in the logs of this run:", red=True)
            for line in found[:20]:
                reporter.write_line("  " + line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _database_url(tmp_dir: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{os.path.join(tmp_dir, 'test.db')}"


@pytest.fixture(scope="session")
def wechat_stub():
    with WeChatStub() as stub:
        yield stub


@pytest.fixture(scope="session")
def app(wechat_stub, tmp_path_factory):
    tmp_dir = str(tmp_path_factory.mktemp("instance"))
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_dir),
        "INSTANCE_PATH": tmp_dir,
        "SECRET_KEY": "test-secret-key-of-sufficient-length-0123456789",
        "DEV_LOGIN": True,
        "WECHAT_API_BASE": wechat_stub.base_url,
        "WECHAT_APPID": APPID,
        "WECHAT_SECRET": SECRET,
        "WECHAT_TIMEOUT_SECONDS": 0.5,
        "PUBLIC_CACHE_SECONDS": 0,  # tests see every write at once; test_public_cache turns it on
    })
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        # The division registry is reference data every district field needs: loaded once,
        # kept when the tables are emptied after each test.
        load_all(Path(app.config["CONTENT_DIR"]), ["places"])
        db.session.remove()
        db.engine.dispose()
    yield app


@pytest.fixture(autouse=True)
def _clean_database(request):
    if "app" in request.fixturenames and "kb" not in request.fixturenames and FaqContent.loaded:
        app = request.getfixturevalue("app")
        app.extensions["faqbot"].wait_idle()
        with app.app_context(), db.engine.begin() as conn:
            faq_content.empty_content(conn)
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    # A background FAQ index rebuild reads the tables TRUNCATE wants: let it finish first, and
    # if one started anyway (another app instance's), retry once PostgreSQL resolves the deadlock.
    app.extensions["faqbot"].wait_idle()
    keep_faq = FaqContent.kept()
    for attempt in range(3):
        try:
            _empty_tables(app, keep_faq)
            break
        except OperationalError:
            if attempt == 2:
                raise
            time.sleep(0.5)
    if keep_faq:
        FaqContent.mark_loaded()   # the emptying's own DELETE on app_state is not a test's write
    else:
        FaqContent.forget()
    limiter.reset()


KEPT_TABLES = {"division"}


def _empty_tables(app, keep_faq: bool) -> None:
    kept = KEPT_TABLES | (faq_content.kept_tables() if keep_faq else set())
    with app.app_context():
        db.session.remove()
        existing = set(inspect(db.engine).get_table_names())
        tables = [t.name for t in reversed(db.metadata.sorted_tables)
                  if t.name in existing and t.name not in kept]
        with db.engine.begin() as conn:
            if keep_faq:
                faq_content.empty_state_except_versions(conn)
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                with sqlite_guard_lifted(conn):  # the ledger refuses DELETE, even to tests
                    for table in tables:
                        conn.execute(text(f'DELETE FROM "{table}"'))
                if _has_sequence(conn):
                    conn.execute(text("DELETE FROM sqlite_sequence"))


def _has_sequence(conn) -> bool:
    return conn.execute(text(
        "SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")).first() is not None


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """login(role='parent', openid=None, venue_id=None) -> Authorization headers (via dev-login)."""
    counter = {"n": 0}

    def _login(role: str = "parent", openid: str | None = None, venue_id: int | None = None,
               district: str | None = None):
        counter["n"] += 1
        openid = openid or f"{role}-{counter['n']}"
        body = {"openid": openid, "role": role, "venue_id": venue_id}
        if district:
            body["district"] = district   # an admin of this district (属地管理)
        response = client.post("/api/v1/auth/dev-login", json=body)
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return _login


@pytest.fixture
def parent_with_consent(client, login):
    """A parent who has given guardian consent; returns their headers."""
    headers = login("parent")
    assert client.patch("/api/v1/me", json={"consent": True}, headers=headers).status_code == 200
    return headers
