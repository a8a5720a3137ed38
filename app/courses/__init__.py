"""Courses, venues, course sessions, bookings, waiting list, check-in."""


def init_app(app):
    from app.courses import models  # noqa: F401
