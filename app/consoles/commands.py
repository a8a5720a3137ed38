"""`flask consoles demo-accounts`: sign-ins for the consoles of the `make run` demo.

A newcomer opening /admin/ or /venue/ needs an account with a password; these are made with
the same service as `flask users create-admin` and never in production.
"""
import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.service import create_staff_account
from app.common.uow import transaction
from app.courses.models import Venue
from app.extensions import db
from app.places.service import district_code, district_name, served_cities

consoles_cli = AppGroup("consoles", help="The venue and admin consoles.")

DEMO_PASSWORD = "yuer-demo-2026"
# (username, nickname, scope): a city health commission and one district office per city.
_DEMO_ADMINS = {"320500": (("demo-suzhou", "苏州市卫健委（演示）", "苏州市"),
                           ("demo-wuzhong", "吴中区卫健委（演示）", "吴中区")),
                "510800": (("demo-guangyuan", "广元市卫健委（演示）", "广元市"),
                           ("demo-lizhou", "利州区卫健委（演示）", "利州区"))}


@consoles_cli.command("demo-accounts")
def demo_accounts():
    """Create the demo's admin and venue-staff accounts (skipped where they exist)."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException("demo accounts are never made in production")
    with transaction():
        made = [_admin(*row) for city in served_cities() for row in _DEMO_ADMINS.get(city, ())]
        made.append(_clerk())
    for line in filter(None, made):
        click.echo(line)
    click.echo(f"password of every demo account: {DEMO_PASSWORD} "
               "(admins at /admin/login, the clerk at /venue/login)")


def _exists(username: str) -> bool:
    return db.session.scalars(select(User.id).where(User.username == username)).first() is not None


def _admin(username: str, nickname: str, place: str) -> str | None:
    if _exists(username):
        return None
    scope = district_code(place, allow_city=True)
    create_staff_account(username, DEMO_PASSWORD, "admin", None, nickname=nickname, scope=scope)
    return f"admin {username}: {district_name(scope)}"


def _clerk() -> str | None:
    """A clerk at the first active venue of the first city served."""
    cities = served_cities()
    if _exists("demo-clerk") or not cities:
        return None
    venue = db.session.scalars(select(Venue).where(
        Venue.is_active.is_(True), Venue.district.startswith(cities[0][:4]))
        .order_by(Venue.id)).first()
    if venue is None:
        return None
    create_staff_account("demo-clerk", DEMO_PASSWORD, "venue_staff", venue.id,
                         nickname="场地工作人员（演示）")
    return f"venue staff demo-clerk: {venue.name}"
