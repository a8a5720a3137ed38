"""One unit of work per request: what a request changes commits together or not at all, an
Idempotency-Key commits with its work and answers only the request it came with, and row locks
are only taken inside a unit of work."""
import pytest
from sqlalchemy import func, select

from app.common.locking import lock_rows
from app.common.models import IdempotencyRecord
from app.courses import routes as course_routes
from app.courses.models import Booking
from app.extensions import db
from tests.common.test_api_contract import assert_error_shape


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_failure_after_the_work_leaves_nothing_and_the_key_can_be_retried(
        app, client, family, make_session, monkeypatch):
    fam, where = family(), make_session()
    url = f"/api/v1/sessions/{where['session_id']}/bookings"
    headers = {**fam["headers"], "Idempotency-Key": "tap-1"}
    body = {"child_id": fam["child_id"]}
    real_dump = course_routes._BOOKING.dump

    def broken(obj, *args, **kwargs):  # the answer fails after the seat was written
        raise RuntimeError("connection lost while answering")

    monkeypatch.setattr(course_routes._BOOKING, "dump", broken)
    assert_error_shape(client.post(url, headers=headers, json=body), 500, "internal_error")
    assert _count(app, Booking) == 0 and _count(app, IdempotencyRecord) == 0
    monkeypatch.setattr(course_routes._BOOKING, "dump", real_dump)
    retried = client.post(url, headers=headers, json=body)
    assert retried.status_code == 201 and retried.get_json()["status"] == "confirmed"
    replay = client.post(url, headers=headers, json=body)
    assert replay.get_json() == retried.get_json()
    assert _count(app, Booking) == 1


def test_a_key_answers_only_the_request_it_came_with(app, client, family, make_session):
    fam, first, second = family(), make_session(), make_session()
    headers = {**fam["headers"], "Idempotency-Key": "same-key"}
    body = {"child_id": fam["child_id"]}
    assert client.post(f"/api/v1/sessions/{first['session_id']}/bookings", headers=headers,
                       json=body).status_code == 201
    other_session = client.post(f"/api/v1/sessions/{second['session_id']}/bookings",
                                headers=headers, json=body)
    reply = assert_error_shape(other_session, 422, "idempotency_key_reused")
    assert "Idempotency-Key" in reply["errors"]
    other_body = client.post(f"/api/v1/sessions/{first['session_id']}/bookings",
                             headers=headers, json={"child_id": fam["child_id"],
                                                    "voucher_id": 1})
    assert_error_shape(other_body, 422, "idempotency_key_reused")
    assert _count(app, Booking) == 1


def test_old_keys_are_purged(app, client, family, make_session, runner):
    from datetime import timedelta

    from app.common.timeutil import utcnow

    fam, where = family(), make_session()
    client.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                headers={**fam["headers"], "Idempotency-Key": "old"},
                json={"child_id": fam["child_id"]})
    with app.app_context():
        db.session.execute(db.update(IdempotencyRecord).values(
            created_at=utcnow() - timedelta(days=8)))
        db.session.commit()
    result = runner.invoke(args=["idempotency", "purge"])
    assert "purged 1" in result.output
    assert _count(app, IdempotencyRecord) == 0


def test_locks_refuse_to_be_taken_outside_a_unit_of_work(app):
    with app.app_context():
        with pytest.raises(RuntimeError, match="unit of work"):
            lock_rows(session=1)
