"""What kind of process this is."""
import os


def serving_process(app) -> bool:
    """True where requests are served (gunicorn, flask run), false in tests and CLI commands,
    which should not pay for warming in-memory indexes they will not use."""
    return not app.testing and not os.environ.get("FLASK_RUN_FROM_CLI")
