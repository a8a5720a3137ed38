"""Voucher batches, vouchers, redemptions (an append-only ledger)."""


def init_app(app):
    from app.common.personal_data import register as register_holder
    from app.courses import hooks as booking_hooks
    from app.extensions import api
    from app.vouchers import commands, content, models, personal_data  # noqa: F401
    from app.vouchers.hooks import HOOK
    from app.vouchers.routes import blp

    api.register_blueprint(blp)
    app.cli.add_command(commands.vouchers_cli)
    booking_hooks.register(HOOK)
    register_holder("vouchers", personal_data.export_for, personal_data.erase_for,
                    personal_data.erase_for_child)
