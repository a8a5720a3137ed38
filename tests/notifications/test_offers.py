"""Time-boxed waiting-list offers: a freed seat is held for the first in line, who accepts it in
time or loses it to the next; never after booking closes; a held seat is offered to one person
at a time, also with cancellations, acceptances and expiries racing (PostgreSQL)."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.common.timeutil import utcnow
from app.courses.models import Booking, CourseSession
from app.extensions import db
from tests.notifications.conftest import book
from app.notifications.sender import lapse_offers


@pytest.fixture
def offers_on(app):
    app.config["WAITLIST_OFFER_MINUTES"] = 30
    yield
    app.config["WAITLIST_OFFER_MINUTES"] = 0


def _seat_freed(client, family, make_session, **session):
    """A one-seat session booked by the first of three families, the other two waiting; the
    first cancels. -> (session, families, bookings)."""
    families = [family(), family(), family()]
    made = make_session(capacity=1, **session)
    bookings = [book(client, fam, made["session_id"]) for fam in families]
    client.delete(f"/api/v1/bookings/{bookings[0]['id']}", headers=families[0]["headers"])
    return made, families, bookings


def _booking(app, booking_id):
    with app.app_context():
        found = db.session.get(Booking, booking_id)
        db.session.expunge_all()
        return found


def _expire(app, booking_id):
    with app.app_context():
        db.session.execute(update(Booking).where(Booking.id == booking_id)
                           .values(offer_expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def _lapse(app):
    with app.app_context():
        return lapse_offers()


def _kinds(client, fam):
    items = client.get("/api/v1/me/notifications", headers=fam["headers"]).get_json()["items"]
    return [item["kind"] for item in items]


def _held(app, session_id):
    """(seats_taken, confirmed, open offers) of the session."""
    with app.app_context():
        taken = db.session.get(CourseSession, session_id).seats_taken
        confirmed = db.session.scalar(select(func.count()).where(
            Booking.session_id == session_id, Booking.status == "confirmed"))
        offered = db.session.scalar(select(func.count()).where(
            Booking.session_id == session_id, Booking.status == "waitlisted",
            Booking.offer_expires_at.is_not(None)))
        db.session.remove()
        return taken, confirmed, offered


def test_a_freed_seat_is_offered_to_the_first_in_line_who_accepts_it(app, client, family,
                                                                      make_session, offers_on):
    made, (first, second, third), (seat, queued, behind) = _seat_freed(client, family,
                                                                        make_session)
    offered = _booking(app, queued["id"])
    assert offered.status == "waitlisted" and offered.offer_expires_at is not None
    assert timedelta(minutes=29) < offered.offer_expires_at - utcnow() <= timedelta(minutes=30)
    assert _booking(app, behind["id"]).offer_expires_at is None
    assert _held(app, made["session_id"]) == (1, 0, 1)  # the seat is held for the offer
    assert "offer_made" in _kinds(client, second)
    mine = client.get("/api/v1/me/bookings", headers=second["headers"]).get_json()
    assert any(b["offer_expires_at"] for b in mine["items"])
    accepted = client.post(f"/api/v1/bookings/{queued['id']}/accept-offer",
                           headers=second["headers"])
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "confirmed"
    assert _kinds(client, second)[0] == "booking_confirmed"
    assert _held(app, made["session_id"]) == (1, 1, 0)
    # nobody else can take it, nor accept an offer they were not made
    other = client.post(f"/api/v1/bookings/{behind['id']}/accept-offer", headers=third["headers"])
    assert other.status_code == 409 and other.get_json()["code"] == "no_offer"
    stranger = client.post(f"/api/v1/bookings/{queued['id']}/accept-offer",
                           headers=third["headers"])
    assert stranger.status_code == 404


def test_an_expired_offer_passes_to_the_next_in_line(app, client, family, make_session,
                                                     offers_on):
    made, (first, second, third), (seat, queued, behind) = _seat_freed(client, family,
                                                                        make_session)
    _expire(app, queued["id"])
    late = client.post(f"/api/v1/bookings/{queued['id']}/accept-offer",
                       headers=second["headers"])
    assert late.status_code == 409 and late.get_json()["code"] == "offer_expired"
    assert _lapse(app) == 1
    assert _lapse(app) == 0  # once
    lapsed = _booking(app, queued["id"])
    assert lapsed.status == "cancelled" and lapsed.cancel_reason == "offer_expired"
    assert "offer_expired" in _kinds(client, second)
    assert _booking(app, behind["id"]).offer_expires_at is not None
    assert "offer_made" in _kinds(client, third)
    assert _held(app, made["session_id"]) == (1, 0, 1)


def test_no_offer_after_booking_closes_the_seat_is_given_back(app, client, family,
                                                              make_session, offers_on):
    made, (first, second, third), (seat, queued, behind) = _seat_freed(client, family,
                                                                        make_session)
    with app.app_context():  # booking has closed meanwhile
        db.session.execute(update(CourseSession).where(CourseSession.id == made["session_id"])
                           .values(booking_closes_at=utcnow() - timedelta(seconds=2)))
        db.session.commit()
    _expire(app, queued["id"])
    assert _lapse(app) == 1
    assert _booking(app, behind["id"]).offer_expires_at is None
    assert _held(app, made["session_id"]) == (0, 0, 0)


def test_an_offer_never_outlives_booking_and_a_cancelled_offer_passes_on(app, client, family,
                                                                         make_session,
                                                                         offers_on):
    made, (_, second, _), (_, queued, behind) = _seat_freed(
        client, family, make_session, starts_in=timedelta(minutes=20))  # closes in 19 minutes
    with app.app_context():
        closes = db.session.get(CourseSession, made["session_id"]).booking_closes_at
    assert _booking(app, queued["id"]).offer_expires_at == closes
    client.delete(f"/api/v1/bookings/{queued['id']}", headers=second["headers"])
    assert _booking(app, behind["id"]).offer_expires_at is not None
    assert _held(app, made["session_id"]) == (1, 0, 1)


def test_racing_cancellations_acceptances_and_expiries_offer_a_seat_to_one_at_a_time(
        app, client, family, make_session, offers_on):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("the race needs PostgreSQL's row locks (SQLite serialises writers)")
    capacity = 3
    made = make_session(capacity=capacity)
    families = [family() for _ in range(12)]
    bookings = [book(client, fam, made["session_id"]) for fam in families]
    errors = []

    def run(fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - a thread's failure fails the test below
            errors.append(repr(exc))

    def cancel(i):
        response = app.test_client().delete(f"/api/v1/bookings/{bookings[i]['id']}",
                                            headers=families[i]["headers"])
        assert response.status_code in (200, 409), response.get_json()

    def accept(i):
        response = app.test_client().post(f"/api/v1/bookings/{bookings[i]['id']}/accept-offer",
                                          headers=families[i]["headers"])
        assert response.status_code in (200, 409), response.get_json()

    def lapse():
        with app.app_context():
            lapse_offers()

    for round_ in range(4):
        with app.app_context():
            offered = db.session.scalars(select(Booking.id).where(
                Booking.session_id == made["session_id"], Booking.status == "waitlisted",
                Booking.offer_expires_at.is_not(None))).all()
            db.session.remove()
        for booking_id in offered[:1]:
            _expire(app, booking_id)
        live = [i for i, b in enumerate(bookings)
                if _booking(app, b["id"]).status in ("confirmed", "waitlisted")]
        jobs = [lambda i=i: cancel(i) for i in live[:2]]
        jobs += [lambda i=i: accept(i) for i in live[2:]]
        jobs += [lapse, lapse]
        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        taken, confirmed, open_offers = _held(app, made["session_id"])
        assert taken == confirmed + open_offers <= capacity, (round_, taken, confirmed,
                                                              open_offers)
    assert errors == []
