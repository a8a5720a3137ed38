"""`flask vouchers ...`"""
import click
from flask.cli import AppGroup

from app.vouchers import service

vouchers_cli = AppGroup("vouchers", help="Voucher housekeeping.")


@vouchers_cli.command("expire")
def expire():
    """Mark live vouchers of batches past valid_until as expired."""
    click.echo(f"expired {service.expire_overdue()} vouchers")
