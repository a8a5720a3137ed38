"""`flask users ...`"""
import click
from flask.cli import AppGroup

from app.accounts import service
from app.common.errors import DomainError
from app.common.uow import transaction

users_cli = AppGroup("users", help="Manage staff and admin accounts.")


@users_cli.command("create-admin")
@click.option("--username", required=True)
@click.option("--district", default=None,
              help="A district admin (name, alias or code); or a city for a city admin.")
@click.password_option(help="At least 8 characters; prompted for when omitted.")
def create_admin(username, district, password):
    """Create an admin account with a hashed password (of the whole deployment, a city, or a
    district)."""
    from app.places.service import district_code, district_name

    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="--password")
    try:
        with transaction():
            scope = district_code(district, allow_city=True) if district else None
            user = service.create_staff_account(username, password, "admin", None, scope=scope)
    except DomainError as exc:
        raise click.ClickException(exc.message)
    where = f", scope {district_name(scope)} {scope}" if scope else ""
    click.echo(f"admin {user.username} created (id {user.id}{where})")
