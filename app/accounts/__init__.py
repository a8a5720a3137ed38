"""Accounts: users, children, WeChat login, tokens."""


def init_app(app):
    from app.accounts import commands, models  # noqa: F401
    from app.accounts.routes import blp
    from app.extensions import api

    api.register_blueprint(blp)
    app.cli.add_command(commands.users_cli)
