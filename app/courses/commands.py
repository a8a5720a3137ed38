"""`flask courses ...`"""
import click
from flask.cli import AppGroup

from app.common.uow import transaction
from app.courses import home_visits
from app.courses.attendance import finish_sessions as finish

courses_cli = AppGroup("courses", help="Course sessions and bookings.")


@courses_cli.command("finish-sessions")
def finish_sessions():
    """Close sessions that have ended: unchecked confirmed bookings become no_show and anyone
    still on the waiting list is released; home visits that are over forget their addresses.
    Safe to run as often as you like (e.g. hourly)."""
    with transaction():
        counts = finish()
        counts["visit_addresses_erased"] = home_visits.forget_finished()
    click.echo(", ".join(f"{k}={v}" for k, v in counts.items()))
