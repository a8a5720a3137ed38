"""Courses, venues, course sessions, bookings, waiting list, check-in."""


def init_app(app):
    from app.common.personal_data import register as register_holder
    from app.courses import (commands, content, home_visits, models,  # noqa: F401 (loaders)
                             personal_data, search_content)
    from app.courses.routes import blp
    from app.courses.venue_routes import blp as venue_blp
    from app.accounts import service as accounts
    from app.extensions import api, db

    api.register_blueprint(blp)
    api.register_blueprint(venue_blp)
    app.cli.add_command(commands.courses_cli)
    home_visits.init_app(app)
    accounts.register_venue_lookup(
        lambda venue_id: db.session.get(models.Venue, venue_id) is not None,
        lambda venue_id: db.session.get(models.Venue, venue_id).district)
    register_holder("courses", personal_data.export_for, personal_data.erase_for,
                    personal_data.erase_for_child)
