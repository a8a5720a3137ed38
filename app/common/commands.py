"""`flask idempotency ...`: housekeeping of the shared tables, run by the scheduler."""
from datetime import timedelta

import click
from flask.cli import AppGroup

from app.common import idempotency
from app.common.uow import transaction

idempotency_cli = AppGroup("idempotency", help="Idempotency-Key records.")


@idempotency_cli.command("purge")
@click.option("--days", default=idempotency.RETENTION.days, show_default=True,
              help="Keep the records of the last DAYS days.")
def purge(days):
    """Forget Idempotency-Key records older than the retention period (e.g. daily)."""
    with transaction():
        count = idempotency.purge_older_than(timedelta(days=days))
    click.echo(f"purged {count} idempotency records older than {days} days")
