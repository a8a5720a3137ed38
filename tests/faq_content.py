"""content/faq/ loaded once and kept between the tests that use it.

Loading it takes about a second (2,600 phrasings, more on PostgreSQL), and most tests that need it
only read it. So the FAQ tables and their two version keys survive the emptying after a test, as
long as no statement wrote to them since they were loaded; a test that does not ask for the content
finds the tables empty, as every test did before."""
import re

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from app.common.content import CONTENT_VERSION_KEY
from app.faqbot.runtime import KB_VERSION_KEY

TABLES = ("faq_question", "faq_entry", "faq_resource")
STATE_KEYS = (CONTENT_VERSION_KEY, KB_VERSION_KEY)
_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(faq_question|faq_entry|'
                    r'faq_resource|app_state)\b', re.I)


class FaqContent:
    loaded = False    # the tables hold content/faq/ as load_all wrote it
    written = False   # some statement wrote to them (or to app_state) since

    @classmethod
    def watch(cls) -> None:
        """Every engine in the process, so a second app instance's writes count too."""
        event.listen(Engine, "before_cursor_execute", cls._seen)

    @classmethod
    def _seen(cls, conn, cursor, statement, parameters, context, executemany):
        if cls.loaded and not cls.written and _WRITE.match(statement):
            cls.written = True

    @classmethod
    def kept(cls) -> bool:
        return cls.loaded and not cls.written

    @classmethod
    def mark_loaded(cls) -> None:
        cls.loaded, cls.written = True, False

    @classmethod
    def forget(cls) -> None:
        cls.loaded = False


def kept_tables() -> set[str]:
    return set(TABLES) | {"app_state"}


def empty_state_except_versions(conn) -> None:
    conn.execute(text(f"DELETE FROM app_state WHERE key NOT IN ({_keys()})"))


def empty_content(conn) -> None:
    """For a test that does not use the content: the FAQ tables as if never loaded."""
    for table in TABLES:
        conn.execute(text(f"DELETE FROM {table}"))
    conn.execute(text(f"DELETE FROM app_state WHERE key IN ({_keys()})"))
    FaqContent.forget()


def _keys() -> str:
    return ", ".join(f"'{k}'" for k in STATE_KEYS)
