"""Courses, venues, course sessions, bookings, waiting list, check-in."""


def init_app(app):
    from app.common import personal_data
    from app.courses import commands, content, models, search_content, service  # noqa: F401 (loaders)
    from app.courses.routes import blp
    from app.extensions import api

    api.register_blueprint(blp)
    app.cli.add_command(commands.courses_cli)
    personal_data.register("courses", service.export_for, service.erase_for,
                           service.erase_for_child)
