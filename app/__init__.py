"""Application factory: config -> extensions -> blueprints -> CLI."""
import importlib

from pathlib import Path

from flask import Flask, send_from_directory
from werkzeug.routing import IntegerConverter

from app.common.ratelimit_storage import ThreadSafeMemoryStorage
from app.config import check_production, load_config
from app.common.api import use_our_errors
from app.common.auth import rate_limit_key
from app.extensions import api, db, limiter, migrate, set_rate_limit_key

# Each domain package exposes init_app(app) that registers its blueprint, models and CLI.
DOMAINS = ("places", "accounts", "courses", "vouchers", "facilities", "faqbot", "health",
           "notifications", "stats", "consoles")


def create_app(overrides: dict | None = None) -> Flask:
    config = load_config()
    config.update(overrides or {})
    check_production(config)

    app = Flask(__name__, instance_path=config["INSTANCE_PATH"])
    app.url_map.converters["int"] = IdConverter
    app.config.update(config)
    app.json.ensure_ascii = False
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _init_extensions(app)
    _register_core(app)
    for name in DOMAINS:
        importlib.import_module(f"app.{name}").init_app(app)
    return app


class IdConverter(IntegerConverter):
    """<int:...> ids fit a database integer: a larger number is simply not found (404)."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=2**31 - 1, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _init_extensions(app: Flask) -> None:
    from app.common.http import configure_logging, keep_retry_after_ours

    configure_logging(app)
    _postgresql_settings(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    if app.config["REDIS_URL"]:
        app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
    in_process = f"{ThreadSafeMemoryStorage.STORAGE_SCHEME[0]}://"
    app.config.setdefault("RATELIMIT_STORAGE_URI", in_process)
    set_rate_limit_key(rate_limit_key)
    keep_retry_after_ours(app)
    limiter.init_app(app)
    use_our_errors(api)
    api.init_app(app)


def _postgresql_settings(app: Flask) -> None:
    """Every PostgreSQL connection gives up waiting for a row lock after DB_LOCK_TIMEOUT (409
    busy_try_again), cancels a statement running past DB_STATEMENT_TIMEOUT (503), and is ended
    by the server when its transaction sits idle past DB_IDLE_IN_TRANSACTION_TIMEOUT, so a
    frozen worker cannot hold a session's row while every other request waits on it."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    connect_args = dict(options.get("connect_args", {}))
    settings = {"lock_timeout": app.config["DB_LOCK_TIMEOUT"],
                "statement_timeout": app.config["DB_STATEMENT_TIMEOUT"],
                "idle_in_transaction_session_timeout":
                    app.config["DB_IDLE_IN_TRANSACTION_TIMEOUT"]}
    connect_args["options"] = " ".join(f"-c {name}={value}" for name, value in settings.items())
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _register_core(app: Flask) -> None:
    import swagger_ui_bundle

    from app.common import audit, models  # noqa: F401  (shared tables)
    from app.common.auth import register_security_scheme
    from app.common.commands import idempotency_cli
    from app.common.content import content_cli
    from app.common.errors import register_error_handlers
    from app.common.http import register_request_hooks
    from app.common.routes import blp as system_blp

    register_error_handlers(app)
    audit.install()
    register_request_hooks(app)
    register_security_scheme(api)
    api.register_blueprint(system_blp)
    app.cli.add_command(content_cli)
    app.cli.add_command(idempotency_cli)

    assets = swagger_ui_bundle.swagger_ui_path

    # The docs page loads Swagger UI from the installed package, so it works with no internet.
    @app.get("/api/v1/docs/assets/<path:filename>")
    def swagger_assets(filename):
        return send_from_directory(assets, filename, max_age=86400)
