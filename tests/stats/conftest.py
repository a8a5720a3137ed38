"""What the statistics tests share (the dashboard's page tests too): classes held in two
districts, a small facility registry with the demo population figures, an outbox, and the
deployment serving a second city."""
from datetime import timedelta

import pytest

from app.accounts.models import User
from app.courses.models import Booking, CourseSession
from app.extensions import db


@pytest.fixture
def held(app, make_session, login):
    """Two sessions held two hours ago in 姑苏区 and one in 吴中区 (bookings of every kind), a
    cancelled one and one still to come, which the figures must leave out."""

    def bookings(session_id, statuses):
        with app.app_context():
            parents = [User(role="parent", openid=f"p-{session_id}-{i}")
                       for i in range(len(statuses))]
            db.session.add_all(parents)
            db.session.flush()
            ticket = 0
            for parent, status in zip(parents, statuses):
                ticket += status == "waitlisted"
                db.session.add(Booking(session_id=session_id, parent_id=parent.id, status=status,
                                       waitlist_ticket=ticket if status == "waitlisted" else None))
            session = db.session.get(CourseSession, session_id)
            session.seats_taken = sum(s in ("confirmed", "attended", "no_show") for s in statuses)
            session.waitlist_issued = session.waitlist_length = ticket
            db.session.commit()

    a = make_session(starts_in=-timedelta(hours=2), capacity=5)
    b = make_session(starts_in=-timedelta(hours=3), capacity=3, venue_id=a["venue_id"])
    bookings(a["session_id"], ["attended"] * 3 + ["no_show", "cancelled", "waitlisted"])
    bookings(b["session_id"], ["attended", "attended", "no_show", "waitlisted", "waitlisted"])
    c = make_session(starts_in=-timedelta(hours=2), capacity=4)
    with app.app_context():
        db.session.get(CourseSession, c["session_id"]).venue.district = "320506"  # 吴中区
        db.session.commit()
    bookings(c["session_id"], ["attended", "confirmed"])
    cancelled = make_session(starts_in=-timedelta(hours=2), capacity=9)
    with app.app_context():
        db.session.get(CourseSession, cancelled["session_id"]).status = "cancelled"
        db.session.commit()
    bookings(make_session(starts_in=timedelta(days=3), capacity=7)["session_id"], ["confirmed"])


@pytest.fixture
def registry(client, admin, runner):
    assert runner.invoke(args=["content", "load", "--only", "stats"]).exit_code == 0
    for name, district, places, inclusive, demo in [
            ("姑苏甲托育园", "姑苏区", 120, 80, "city"), ("姑苏乙托育园", "姑苏区", 60, None, None),
            ("吴中甲托育园", "吴中区", 200, 150, None)]:
        body = {"name": name, "district": district, "filing_no": f"苏托备-{name}",
                "places": places, "inclusive": inclusive is not None}
        if inclusive is not None:
            body["inclusive_places"] = inclusive
        if demo:
            body["demonstration_level"] = demo
        response = client.post("/api/v1/admin/facilities", headers=admin, json=body)
        assert response.status_code == 201, response.get_json()



@pytest.fixture
def outbox(app):
    """Notifications to a 姑苏区 parent and a 吴中区 parent: sent, refused, failed, pending; one
    created before the default period."""
    from app.accounts.models import User
    from app.common.timeutil import utcnow
    from app.notifications.models import Notification

    now = utcnow()
    with app.app_context():
        gusu = User(role="parent", openid="notice-gusu", district="320508")
        wuzhong = User(role="parent", openid="notice-wz", district="320506")
        db.session.add_all([gusu, wuzhong])
        db.session.flush()
        for n, (user, status, ago) in enumerate([
                (gusu, "sent", 0), (gusu, "sent", 1), (gusu, "refused", 1),
                (gusu, "no_subscription", 2), (gusu, "failed", 0), (wuzhong, "sent", 0),
                (wuzhong, "pending", 0), (wuzhong, "sent", 40)]):
            at = now - timedelta(days=ago)
            db.session.add(Notification(user_id=user.id, kind="booking_confirmed",
                                        object_ref=f"booking:{n}", template="booking_result",
                                        title="预约成功", body="您已预约", payload={},
                                        status=status, not_before=at, created_at=at))
        db.session.commit()


from tests.places.conftest import two_cities  # noqa: E402,F401  (the deployment serves 广元市 too)
