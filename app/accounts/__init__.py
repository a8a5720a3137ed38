"""Accounts: users, children, WeChat login, tokens."""


def init_app(app):
    from app.accounts import commands, models, service  # noqa: F401
    from app.common import personal_data
    from app.accounts.routes import blp
    from app.common.auth import register_user_loader
    from app.extensions import api

    api.register_blueprint(blp)
    register_user_loader(service.user_by_id)
    app.cli.add_command(commands.users_cli)
    personal_data.register("accounts", service.export_profile)
