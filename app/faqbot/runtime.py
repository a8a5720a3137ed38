"""One engine per process, built at start-up and swapped whole when the knowledge base changes.

The knowledge base version is a value in app_state (written by the content loader and by the
admin endpoint that adds a phrasing). Each serving worker reads it every FAQ_RELOAD_CHECK_SECONDS
from a daemon thread, and requests also check it at most that often (one primary-key read); when
it differs from the engine's, a background thread builds a new engine from the database and swaps
the reference. Requests keep answering from the old engine meanwhile,
so no request ever waits for a rebuild. jieba's dictionary (the slow part) is reused across
rebuilds unless the user dictionary itself changed.
"""
import hashlib
import logging
import os
import threading
import time

from app.faqbot.engine import Engine
from app.faqbot.lexicon import parse_userdict
from app.textsearch import segment

log = logging.getLogger("app.faqbot")

KB_VERSION_KEY = "faq_kb_version"
_MASTER_PID = os.getpid()   # the process that imported this module (gunicorn's master if preloading)


class BotRuntime:
    def __init__(self, app):
        self.app = app
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._building = False
        self._last_check = 0.0
        self._tokenizers: dict[str, object] = {}
        self._pid = os.getpid()

    # -- used by requests (inside an app context) -------------------------------------------
    def engine(self) -> Engine:
        if self._engine is None or self._pid != os.getpid():
            with self._lock:
                if self._engine is None or self._pid != os.getpid():
                    self._pid = os.getpid()
                    self._engine = self._build_outside_request()
                    self._last_check = time.monotonic()
            return self._engine
        self._maybe_reload()
        return self._engine

    def _maybe_reload(self) -> None:
        interval = float(self.app.config.get("FAQ_RELOAD_CHECK_SECONDS", 2.0))
        now = time.monotonic()
        if now - self._last_check < interval or self._building:
            return
        self._last_check = now
        if stored_version() != self._engine.version:
            self._building = True
            threading.Thread(target=self._rebuild, name="faq-index-rebuild", daemon=True).start()

    def _rebuild(self) -> None:
        from app.extensions import db

        try:
            with self.app.app_context():
                try:
                    engine = self._build()
                finally:
                    db.session.remove()
            self._engine = engine
            log.info("faq index rebuilt: version %s, %d entries, %.2f s", engine.version,
                     len(engine.entries), engine.build_seconds)
        except Exception:  # keep answering from the old engine
            log.exception("faq index rebuild failed")
        finally:
            self._building = False

    def refresh(self) -> Engine:
        """Rebuild now, on this thread, if the stored version differs (CLI commands, tests)."""
        self.wait_idle()
        with self._lock:
            if self._engine is None or stored_version() != self._engine.version:
                self._engine = self._build_outside_request()
                self._pid = os.getpid()
            self._last_check = time.monotonic()
        return self._engine

    def after_fork(self) -> None:
        """In a worker forked from a preloading master (gunicorn.conf.py): keep the engine the
        master built (its pages stay shared), take fresh locks, start this worker's poller."""
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._building = False
        self.start_polling()

    def start_polling(self) -> None:
        """In a serving process: a daemon thread checks the version every
        FAQ_RELOAD_CHECK_SECONDS, so even a worker that gets no request is up to date before its
        next one. A preloading master starts none: its workers do, after the fork."""
        if os.environ.get("APP_PRELOAD") == "1" and self._pid == _MASTER_PID:
            return

        def poll():
            while True:
                time.sleep(float(self.app.config.get("FAQ_RELOAD_CHECK_SECONDS", 2.0)))
                if self._pid != os.getpid():
                    return            # forked copy: the new process starts its own poller
                try:
                    self._check_now()
                except Exception as exc:
                    from app.common.errors import database_unavailable

                    reason = database_unavailable(exc)
                    if reason:  # an outage: one line per check, not a traceback
                        log.warning("faq version check skipped: database unavailable (%s)",
                                    reason)
                    else:
                        log.exception("faq version check failed")

        threading.Thread(target=poll, name="faq-version-poll", daemon=True).start()

    def _check_now(self) -> None:
        from app.extensions import db

        with self.app.app_context():
            try:
                changed = self._engine is None or stored_version() != self._engine.version
            finally:
                db.session.remove()
        if changed and not self._building:
            self._building = True
            self._rebuild()

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until no rebuild is running (for the CLI and tests)."""
        deadline = time.monotonic() + timeout
        while self._building and time.monotonic() < deadline:
            time.sleep(0.02)

    # -- building -----------------------------------------------------------------------------
    def tokenizer_for(self, userdict: str):
        key = hashlib.sha1(userdict.encode()).hexdigest()
        tokenizer = self._tokenizers.get(key)
        if tokenizer is None:
            # The process's one jieba dictionary, shared with search (85 MB saved per worker).
            tokenizer = segment.add_entries(parse_userdict(userdict))
            self._tokenizers = {key: tokenizer}
        return tokenizer

    def _build_outside_request(self) -> Engine:
        """Build now; inside a request's unit of work on a thread of its own, with its own
        database session, because the build ends its read transaction (below) and must not end
        the request's."""
        from app.common.uow import in_unit_of_work
        from app.extensions import db

        if not in_unit_of_work():
            return self._build()
        result: dict = {}

        def build():
            try:
                with self.app.app_context():
                    try:
                        result["engine"] = self._build()
                    finally:
                        db.session.remove()
            except BaseException as exc:  # handed to the request thread below
                result["error"] = exc

        worker = threading.Thread(target=build, name="faq-index-build", daemon=True)
        worker.start()
        worker.join()
        if "error" in result:
            raise result["error"]
        return result["engine"]

    def _build(self) -> Engine:
        from app.faqbot.service import kb_from_database

        from app.extensions import db

        version = stored_version()   # read first: a change during the build is seen later
        kb = kb_from_database()
        # The rest (jieba, the index) takes seconds without the database: end the read
        # transaction first, or DB_IDLE_IN_TRANSACTION_TIMEOUT ends the session under it.
        db.session.rollback()
        return Engine(kb, version=version, tokenizer=self.tokenizer_for(kb.userdict))

    def warm(self) -> None:
        """At start-up: load jieba and build the index, so no request pays for it."""
        from app.extensions import db

        started = time.perf_counter()
        with self.app.app_context():
            try:
                self._engine = self._build()
            except Exception as exc:  # tables not migrated yet: build on first use instead
                log.warning("faq index not built at start-up (%s); will build on first use",
                            type(exc).__name__)
                self.tokenizer_for("")
            finally:
                db.session.remove()
        log.info("faq warm-up took %.2f s", time.perf_counter() - started)


def stored_version() -> str:
    from app.common.state import get_state

    # No content loaded yet reads as "", the version an engine built from nothing carries, so
    # an empty database does not trigger a rebuild at every check.
    return get_state(KB_VERSION_KEY) or ""
