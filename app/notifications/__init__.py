"""Notifications: the outbox and inbox, WeChat subscribe messages, subscriptions."""


def init_app(app):
    from app.common import personal_data
    from app.extensions import api
    from app.notifications import commands, content, events, models, service  # noqa: F401
    from app.notifications.routes import blp

    api.register_blueprint(blp)
    app.cli.add_command(commands.notifications_cli)
    personal_data.register("notifications", service.export_for, service.erase_for)
    events.register()
