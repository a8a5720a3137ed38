"""`flask notifications work`: the sender process (make run starts one beside gunicorn)."""
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from app.notifications.sender import Sender, lapse_offers, schedule_health_reminders

notifications_cli = AppGroup("notifications", help="The notification sender.")


@notifications_cli.command("work")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option("--batch", type=click.IntRange(1, 1000), default=None,
              help="Notifications claimed at a time (NOTIFY_BATCH_SIZE, default 50).")
@click.option("--idle", type=click.FloatRange(0.05, 60), default=1.0,
              help="Seconds to wait when nothing is due.")
def work(once, batch, idle):
    """Deliver due notifications as WeChat subscribe messages, until stopped (SIGTERM, Ctrl-C)."""
    app = current_app._get_current_object()
    if batch:
        app.config["NOTIFY_BATCH_SIZE"] = batch
    sender = Sender(app)
    try:
        if once:
            lapse_offers()
            schedule_health_reminders()
            totals: dict = {}
            while True:
                report = sender.drain_once()
                for status, count in report.outcomes.items():
                    totals[status] = totals.get(status, 0) + count
                if not report.claimed or sender.pause:
                    break
            click.echo(" ".join(f"{k}={v}" for k, v in sorted(totals.items())) or "nothing due")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        click.echo(f"notification sender {sender.name} running")
        sender.run(stop, idle_seconds=idle)
    finally:
        sender.close()
