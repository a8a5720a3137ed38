"""Extension objects, created unbound and initialised in create_app. A leaf: nothing here
imports the app's own modules (the factory plugs in our error shape and the rate-limit key)."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that Alembic builds the same schema on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys (and their ON DELETE rules) unless asked, per connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
migrate = Migrate(compare_type=True, render_as_batch=True)

api = Api()

_rate_limit_key_of_request = get_remote_address


def set_rate_limit_key(key_func) -> None:
    """The factory sets who a request counts against (common.ratelimit_key)."""
    global _rate_limit_key_of_request
    _rate_limit_key_of_request = key_func


limiter = Limiter(key_func=lambda: _rate_limit_key_of_request(), default_limits=[],
                  headers_enabled=True)
