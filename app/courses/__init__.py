"""Courses, venues, course sessions, bookings, waiting list, check-in."""


def init_app(app):
    from app.courses import commands, content, models  # noqa: F401  (content registers a loader)
    from app.courses.routes import blp
    from app.extensions import api

    api.register_blueprint(blp)
    app.cli.add_command(commands.courses_cli)
