"""Parents are told what happens to their bookings, through the real booking API: the
confirmation and its two reminders, the waiting list and the promotion out of it, a moved or
cancelled session. Every row is written in the booking's own transaction."""
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from tests.notifications.conftest import book
from app.notifications.models import Notification


def _rows(app, **where):
    with app.app_context():
        stmt = select(Notification).order_by(Notification.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(Notification, name) == value)
        rows = db.session.scalars(stmt).all()
        db.session.expunge_all()
        return rows


def _inbox(client, fam):
    return client.get("/api/v1/me/notifications", headers=fam["headers"]).get_json()["items"]


def test_a_booking_is_confirmed_at_once_and_reminded_24_and_2_hours_before(app, client,
                                                                           family, make_session):
    fam = family()
    made = make_session(starts_in=timedelta(days=2))
    booking = book(client, fam, made["session_id"])
    [confirmation] = _inbox(client, fam)
    assert confirmation["kind"] == "booking_confirmed"
    assert confirmation["body"].startswith("乐乐的「亲子游戏：宝宝的第一次探索」已预约成功")
    reminders = {r.kind: r for r in _rows(app) if r.kind.startswith("reminder")}
    with app.app_context():
        from app.courses.models import CourseSession

        starts = db.session.get(CourseSession, made["session_id"]).starts_at
    assert reminders["reminder_24h"].not_before == starts - timedelta(hours=24)
    assert reminders["reminder_2h"].not_before == starts - timedelta(hours=2)
    assert {r.expires_at for r in reminders.values()} == {starts}
    assert all(r.status == "pending" for r in reminders.values())
    # cancelling withdraws the reminders
    assert client.delete(f"/api/v1/bookings/{booking['id']}",
                         headers=fam["headers"]).status_code in (200, 204)
    assert {r.status for r in _rows(app) if r.kind.startswith("reminder")} == {"cancelled"}


def test_a_class_starting_within_two_hours_gets_the_confirmation_without_reminders(
        app, client, family, make_session):
    fam = family()
    made = make_session(starts_in=timedelta(minutes=90))
    book(client, fam, made["session_id"])
    assert [r.kind for r in _rows(app)] == ["booking_confirmed"]


def test_the_waitlisted_parent_is_offered_the_freed_seat_and_told_when_it_is_theirs(
        app, client, family, make_session):
    first, second = family(), family()
    made = make_session(capacity=1)
    seat = book(client, first, made["session_id"])
    queued = book(client, second, made["session_id"])
    assert queued["status"] == "waitlisted"
    assert [n["kind"] for n in _inbox(client, second)] == ["waitlisted"]
    client.delete(f"/api/v1/bookings/{seat['id']}", headers=first["headers"])
    offer = _inbox(client, second)[0]
    assert offer["kind"] == "offer_made" and "请在" in offer["body"]
    assert not any(r.kind.startswith("reminder") for r in _rows(app)
                   if r.payload.get("booking_id") == queued["id"])  # not theirs yet
    accepted = client.post(f"/api/v1/bookings/{queued['id']}/accept-offer",
                           headers=second["headers"])
    assert accepted.status_code == 200
    kinds = [n["kind"] for n in _inbox(client, second)]
    assert sorted(kinds) == ["booking_confirmed", "offer_made", "waitlisted"]
    promoted = [r for r in _rows(app) if r.payload.get("booking_id") == queued["id"]]
    assert {r.kind for r in promoted} == {"waitlisted", "offer_made", "booking_confirmed",
                                          "reminder_24h", "reminder_2h"}


def test_a_moved_session_tells_the_parent_and_moves_the_reminders(app, client, family,
                                                                  make_session, admin):
    fam = family()
    made = make_session(starts_in=timedelta(days=2))
    book(client, fam, made["session_id"])
    with app.app_context():
        from app.courses.models import CourseSession

        old = db.session.get(CourseSession, made["session_id"])
        new_start, new_end = old.starts_at + timedelta(days=1), old.ends_at + timedelta(days=1)
    moved = client.patch(f"/api/v1/admin/sessions/{made['session_id']}", headers=admin,
                         json={"starts_at": new_start.isoformat(),
                               "ends_at": new_end.isoformat()})
    assert moved.status_code == 200, moved.get_json()
    assert "session_changed" in [n["kind"] for n in _inbox(client, fam)]
    pending = [r for r in _rows(app, status="pending") if r.kind.startswith("reminder")]
    assert sorted(r.not_before for r in pending) == [new_start - timedelta(hours=24),
                                                     new_start - timedelta(hours=2)]
    assert len([r for r in _rows(app, status="cancelled")]) == 2


def test_a_cancelled_session_tells_every_booked_parent_why(app, client, family, make_session,
                                                           admin):
    first, second = family(), family()
    made = make_session(capacity=1)
    book(client, first, made["session_id"])
    book(client, second, made["session_id"])
    cancelled = client.post(f"/api/v1/admin/sessions/{made['session_id']}/cancel",
                            headers=admin, json={"reason": "讲师临时生病"})
    assert cancelled.status_code == 200, cancelled.get_json()
    for fam in (first, second):
        [latest] = [n for n in _inbox(client, fam) if n["kind"] == "session_cancelled"]
        assert "讲师临时生病" in latest["body"]
    assert not [r for r in _rows(app, status="pending") if r.kind.startswith("reminder")]


def test_reminders_are_written_once_however_often_the_event_is_seen(app, client, family,
                                                                    make_session):
    from app.courses.models import Booking
    from app.notifications import events

    fam = family()
    made = make_session(starts_in=timedelta(days=2))
    booking = book(client, fam, made["session_id"])
    with app.app_context():
        row = db.session.get(Booking, booking["id"])
        for _ in range(3):  # another instance, a retried job: the same event again
            events.confirmed(db.session, row)
        db.session.commit()
    assert sorted(r.kind for r in _rows(app)) == ["booking_confirmed", "reminder_24h",
                                                  "reminder_2h"]
