"""`flask vouchers ...`"""
import click
from flask.cli import AppGroup

from app.common.uow import transaction
from app.vouchers.expiry import expire_overdue

vouchers_cli = AppGroup("vouchers", help="Voucher housekeeping.")


@vouchers_cli.command("expire")
def expire():
    """Mark live vouchers of batches past valid_until as expired."""
    with transaction():
        count = expire_overdue()
    click.echo(f"expired {count} vouchers")
