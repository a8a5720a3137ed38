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


def test_the_bots_day_summary_follows_its_log(app, client):
    from datetime import datetime, timezone

    from app.common.timeutil import to_local
    from app.faqbot.models import FaqLog
    from app.stats.models import BotDay

    def counted():
        with app.app_context():
            days = {}
            for log in db.session.scalars(select(FaqLog)):
                key = (to_local(log.asked_at).date().isoformat(), log.decision)
                days[key] = days.get(key, 0) + 1
            return days

    def summary():
        with app.app_context():
            return {(r.day, r.decision): r.questions for r in db.session.scalars(select(BotDay))
                    if r.questions}

    asked = client.post("/api/v1/bot/ask", json={"question": "产假多少天"})   # logged by the bot
    assert asked.status_code == 200 and sum(summary().values()) == 1
    # 23:30 on the 1st in Beijing is 15:30 UTC; 00:30 on the 2nd is still the 1st in UTC. A day
    # long past, so the question just asked never falls on it, whatever the clock says.
    with app.app_context():
        for n, hour in enumerate((15, 16)):
            db.session.add(FaqLog(answer_id=f"s{n}", question="火星", normalized="火星",
                                  decision="decline",
                                  asked_at=datetime(2020, 3, 1, hour, 30, tzinfo=timezone.utc)))
        db.session.commit()
    assert summary() == counted()
    assert summary()[("2020-03-01", "decline")] == 1
    assert summary()[("2020-03-02", "decline")] == 1
    with app.app_context():
        db.session.execute(text("UPDATE faq_log SET decision = 'answer' WHERE answer_id = 's0'"))
        db.session.execute(text("DELETE FROM faq_log WHERE answer_id = 's1'"))
        db.session.commit()
    assert summary() == counted()
    assert ("2020-03-02", "decline") not in summary()
