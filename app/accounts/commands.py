"""`flask users ...`"""
import click
from flask.cli import AppGroup

from app.accounts import service
from app.common.errors import DomainError
from app.common.uow import transaction

users_cli = AppGroup("users", help="Manage staff and admin accounts.")


@users_cli.command("create-admin")
@click.option("--username", required=True)
@click.password_option(help="At least 8 characters; prompted for when omitted.")
def create_admin(username, password):
    """Create an admin account with a hashed password."""
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="--password")
    try:
        with transaction():
            user = service.create_staff_account(username, password, "admin", None)
    except DomainError as exc:
        raise click.ClickException(exc.message)
    click.echo(f"admin {user.username} created (id {user.id})")
