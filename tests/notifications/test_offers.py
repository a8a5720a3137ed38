"""Time-boxed waiting-list offers, the default: a freed seat is held for the first in line, who
accepts it in time or loses it to the next; shorter close to booking close, confirmed at once
only when no offer could be answered in time; never after booking closes; a held seat is offered
to one person at a time, also with cancellations, acceptances and expiries racing (PostgreSQL)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.common.timeutil import utcnow
from app.courses.models import Booking, CourseSession
from app.extensions import db
from tests.notifications.conftest import book, race
from app.notifications.sender import lapse_offers


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
                                                                      make_session):
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


def test_an_expired_offer_passes_to_the_next_in_line(app, client, family, make_session):
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
                                                              make_session):
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


def test_close_to_booking_close_an_offer_is_shorter_and_a_declined_one_passes_on(
        app, client, family, make_session):
    made, (_, second, third), (_, queued, behind) = _seat_freed(
        client, family, make_session, starts_in=timedelta(minutes=21))  # closes in 20 minutes
    with app.app_context():
        closes = db.session.get(CourseSession, made["session_id"]).booking_closes_at
    first_offer = _booking(app, queued["id"]).offer_expires_at
    # half the time left (10 minutes), so the next in line still gets a turn before the close
    assert timedelta(minutes=9) < closes - first_offer <= timedelta(minutes=10)
    declined = client.delete(f"/api/v1/bookings/{queued['id']}", headers=second["headers"])
    assert declined.status_code == 200
    second_offer = _booking(app, behind["id"]).offer_expires_at
    assert first_offer < second_offer < closes
    assert "offer_made" in _kinds(client, third)
    assert _held(app, made["session_id"]) == (1, 0, 1)


def test_offers_last_between_the_minimum_and_the_configured_time_and_never_past_the_close(app):
    from app.courses.offers import validity

    now = utcnow()
    with app.app_context():
        assert validity(now, now + timedelta(days=3)) == timedelta(minutes=30)
        assert validity(now, now + timedelta(minutes=40)) == timedelta(minutes=20)
        assert validity(now, now + timedelta(minutes=8)) == timedelta(minutes=5)
        assert validity(now, now + timedelta(minutes=5)) == timedelta(minutes=5)
        assert validity(now, now + timedelta(minutes=4)) is None  # too late: confirmed at once


def test_too_close_to_booking_close_the_first_in_line_is_confirmed_and_told(app, client, family,
                                                                          make_session):
    made = make_session(capacity=1, starts_in=timedelta(minutes=4))  # closes in 3 minutes
    first, second = family(), family()
    seat, queued = (book(client, fam, made["session_id"]) for fam in (first, second))
    client.delete(f"/api/v1/bookings/{seat['id']}", headers=first["headers"])
    promoted = _booking(app, queued["id"])
    assert promoted.status == "confirmed" and promoted.offer_expires_at is None
    assert _kinds(client, second)[0] == "booking_confirmed"
    assert _held(app, made["session_id"]) == (1, 1, 0)


def test_an_offer_cannot_be_configured_away(monkeypatch):
    from app.config import ConfigError, load_config

    monkeypatch.setenv("WAITLIST_OFFER_MINUTES", "0")
    with pytest.raises(ConfigError, match="WAITLIST_OFFER_MIN_MINUTES"):
        load_config()


def test_racing_cancellations_acceptances_and_expiries_offer_a_seat_to_one_at_a_time(
        app, client, family, make_session):
    race(app, [])  # skips on SQLite before building the families
    capacity = 3
    made = make_session(capacity=capacity)
    families = [family() for _ in range(12)]
    bookings = [book(client, fam, made["session_id"]) for fam in families]
    errors = []

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
        errors += race(app, jobs)
        taken, confirmed, open_offers = _held(app, made["session_id"])
        assert taken == confirmed + open_offers <= capacity, (round_, taken, confirmed,
                                                              open_offers)
    assert errors == []


def test_the_voucher_of_a_waitlisted_booking_follows_its_offer(app, client, family, holding,
                                                                make_session):
    """Reserved while waiting, still reserved for the accepted seat; back to the family when the
    offer lapses."""
    made = make_session(capacity=1)
    first = family()
    seat = book(client, first, made["session_id"])
    vouchers = [v["id"] for v in holding["vouchers"][:2]]

    def voucher(vid):
        return client.get(f"/api/v1/me/vouchers/{vid}", headers=holding["headers"]).get_json()

    queued = client.post(f"/api/v1/sessions/{made['session_id']}/bookings",
                         headers=holding["headers"],
                         json={"child_id": holding["child_id"], "voucher_id": vouchers[0]})
    assert queued.status_code == 201 and queued.get_json()["status"] == "waitlisted"
    queued = queued.get_json()
    client.delete(f"/api/v1/bookings/{seat['id']}", headers=first["headers"])
    assert voucher(vouchers[0])["status"] == "reserved"  # held with the offer
    _expire(app, queued["id"])
    assert _lapse(app) == 1
    assert (voucher(vouchers[0])["status"], voucher(vouchers[0])["booking_id"]) == ("issued", None)

    other = make_session(capacity=1)
    seat = book(client, first, other["session_id"])
    waiting = client.post(f"/api/v1/sessions/{other['session_id']}/bookings",
                          headers=holding["headers"],
                          json={"child_id": holding["child_id"], "voucher_id": vouchers[1]})
    assert waiting.status_code == 201, waiting.get_json()
    client.delete(f"/api/v1/bookings/{seat['id']}", headers=first["headers"])
    accepted = client.post(f"/api/v1/bookings/{waiting.get_json()['id']}/accept-offer",
                           headers=holding["headers"])
    assert accepted.status_code == 200
    assert voucher(vouchers[1])["booking_id"] == waiting.get_json()["id"]
    assert voucher(vouchers[1])["status"] == "reserved"
