"""Voucher batches, vouchers, redemptions (an append-only ledger)."""


def init_app(app):
    from app.common import personal_data
    from app.courses import hooks as booking_hooks
    from app.extensions import api
    from app.vouchers import commands, content, models, service  # noqa: F401
    from app.vouchers.hooks import HOOK
    from app.vouchers.routes import blp

    api.register_blueprint(blp)
    app.cli.add_command(commands.vouchers_cli)
    booking_hooks.register(HOOK)
    personal_data.register("vouchers", service.export_for, service.erase_for,
                           service.erase_for_child)
