"""The per-session summary of booking outcomes (session_outcome, kept by triggers on booking)
equals counting the bookings themselves after every kind of write: booking, the waiting list,
cancelling, check-in, a child's erasure, and plain SQL that no service wrote."""
from datetime import timedelta

from sqlalchemy import func, select, text

from app.courses.models import Booking
from app.extensions import db
from app.stats.models import SessionOutcome

COUNTED = ("confirmed", "attended", "no_show")


def _counted(app) -> dict:
    with app.app_context():
        rows = db.session.execute(
            select(Booking.session_id, Booking.status, func.count())
            .where(Booking.status.in_(COUNTED)).group_by(Booking.session_id, Booking.status))
        return {(sid, status): n for sid, status, n in rows}


def _summary(app) -> dict:
    with app.app_context():
        return {(row.session_id, status): getattr(row, status)
                for row in db.session.scalars(select(SessionOutcome))
                for status in COUNTED if getattr(row, status)}


def test_the_summary_follows_every_booking_write(app, client, login, make_session, family):
    soon = make_session(starts_in=timedelta(minutes=30), capacity=2)
    other = make_session(capacity=5, venue_id=soon["venue_id"])
    families = [family() for _ in range(4)]
    bookings = []
    for fam in families:
        booked = client.post(f"/api/v1/sessions/{soon['session_id']}/bookings",
                             headers=fam["headers"], json={"child_id": fam["child_id"]})
        assert booked.status_code == 201, booked.get_json()
        bookings.append(booked.get_json())
    also = client.post(f"/api/v1/sessions/{other['session_id']}/bookings",
                       headers=families[0]["headers"], json={"child_id": families[0]["child_id"]})
    assert also.status_code == 201
    assert [b["status"] for b in bookings] == ["confirmed", "confirmed", "waitlisted",
                                               "waitlisted"]
    assert _summary(app) == _counted(app) == {(soon["session_id"], "confirmed"): 2,
                                              (other["session_id"], "confirmed"): 1}

    # a cancellation frees a seat for the waiting list (promoted or offered)
    cancelled = client.delete(f"/api/v1/bookings/{bookings[0]['id']}",
                              headers=families[0]["headers"])
    assert cancelled.status_code == 200, cancelled.get_json()
    assert _summary(app) == _counted(app)

    staff = login("venue_staff", venue_id=soon["venue_id"])
    checked = client.post(f"/api/v1/sessions/{soon['session_id']}/checkins",
                          headers=staff, json={"booking_id": bookings[1]["id"]})
    assert checked.status_code == 200, checked.get_json()
    assert _summary(app)[(soon["session_id"], "attended")] == 1
    assert _summary(app) == _counted(app)

    erased = client.delete(f"/api/v1/me/children/{families[0]['child_id']}",
                           headers=families[0]["headers"])
    assert erased.status_code == 200, erased.get_json()
    assert (other["session_id"], "confirmed") not in _summary(app)
    assert _summary(app) == _counted(app)

    with app.app_context():   # what no service wrote: a script's bulk change and a deletion
        db.session.execute(text("UPDATE booking SET status = 'no_show' WHERE status = 'confirmed'"))
        db.session.execute(text("UPDATE booking SET session_id = :other WHERE id = :id"),
                           {"other": other["session_id"], "id": bookings[1]["id"]})
        db.session.execute(text("DELETE FROM booking WHERE status = 'waitlisted'"))
        db.session.commit()
    assert _summary(app) == _counted(app)
    assert (other["session_id"], "attended") in _summary(app)
