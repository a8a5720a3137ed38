"""`flask courses ...`"""
import click
from flask.cli import AppGroup

from app.courses import service

courses_cli = AppGroup("courses", help="Course sessions and bookings.")


@courses_cli.command("finish-sessions")
def finish_sessions():
    """Close sessions that have ended: unchecked confirmed bookings become no_show and anyone
    still on the waiting list is released. Safe to run as often as you like (e.g. hourly)."""
    counts = service.finish_sessions()
    click.echo(", ".join(f"{k}={v}" for k, v in counts.items()))
