"""Server-rendered consoles over the same services as the JSON API: the venue's (/venue/) and
the health commission's (/admin/)."""
from pathlib import Path

from flask import Blueprint
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
STATIC = Path(__file__).resolve().parent / "static"


def init_app(app):
    from app.consoles import models  # noqa: F401  (tables)
    from app.consoles.auth import login_manager
    from app.consoles.commands import consoles_cli
    from app.consoles.admin.routes import blp as admin_blp
    from app.consoles.venue.routes import blp as venue_blp

    production = app.config["APP_ENV"] == "production"
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config.get("CONSOLE_COOKIE_SECURE", production),
        SESSION_COOKIE_NAME="yuer_console",
        # The JSON API is token-based and never sees this check; console blueprints ask for it.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=12 * 3600,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    app.register_blueprint(Blueprint("console_static", __name__, static_folder=str(STATIC),
                                     static_url_path="/console/static"))
    app.register_blueprint(venue_blp)
    app.register_blueprint(admin_blp)
    app.cli.add_command(consoles_cli)
