"""Voucher rules under concurrency, proven on PostgreSQL: many requests at once, each on its own
thread and database connection, released together by a barrier."""
import threading
from collections import Counter
from datetime import timedelta

import pytest

from app.extensions import db, limiter
from app.vouchers.models import Redemption, Voucher, VoucherBatch

pytestmark = pytest.mark.usefixtures("needs_postgres")


@pytest.fixture
def needs_postgres(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite serialises writers, so it cannot show a race; run on PostgreSQL")


def _race(app, calls):
    """Run each call(client) on its own thread, all released at once; return their statuses."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        client = app.test_client()
        barrier.wait()
        results[index] = call(client)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_one_voucher_redeemed_by_100_racers_at_two_venues(app, client, holding, make_session,
                                                         login):
    here = make_session(starts_in=timedelta(minutes=30))
    there = make_session(starts_in=timedelta(minutes=30))
    booked = client.post(f"/api/v1/sessions/{here['session_id']}/bookings",
                         headers=holding["headers"],
                         json={"child_id": holding["child_id"],
                               "voucher_id": holding["vouchers"][0]["id"]})
    assert booked.status_code == 201, booked.get_json()
    # Ten clerks per venue, so no one clerk reaches the failed-attempt limit.
    staff = ([login("venue_staff", venue_id=here["venue_id"]) for _ in range(10)]
             + [login("venue_staff", venue_id=there["venue_id"]) for _ in range(10)])
    code = holding["vouchers"][0]["code"]

    def redeem_as(headers):
        return lambda c: c.post("/api/v1/vouchers/redeem", headers=headers,
                                json={"code": code, "session_id": here["session_id"]}).status_code

    statuses = _race(app, [redeem_as(staff[i % 20]) for i in range(100)])
    counts = Counter(statuses)
    assert counts[201] == 1, counts
    assert set(counts) <= {201, 409, 403}, counts
    assert counts[403] == 50  # the clerks of the other venue are always refused
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Redemption)) == 1
        voucher = db.session.get(Voucher, holding["vouchers"][0]["id"])
        assert voucher.status == "redeemed" and voucher.redemption_no == 1


def test_batch_never_issues_more_than_its_total(app, client, make_batch, family):
    batch = make_batch(per_child=4, total=40)
    families = [family() for _ in range(100)]

    def claim(fam):
        return lambda c: c.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                                headers=fam["headers"],
                                json={"child_id": fam["child_id"]}).status_code

    counts = Counter(_race(app, [claim(f) for f in families]))
    assert counts == {201: 10, 409: 90}, counts
    with app.app_context():
        assert db.session.get(VoucherBatch, batch["id"]).issued_count == 40
        assert db.session.scalar(db.select(db.func.count()).select_from(Voucher)) == 40


def test_two_guardians_claiming_at_once_get_one_allowance(app, client, make_batch, login):
    from tests.domain_fixtures import id_number

    batch = make_batch(per_child=4, total=1000)
    number = id_number("20260110")
    guardians = []
    for _ in range(2):
        headers = login("parent")
        client.patch("/api/v1/me", headers=headers, json={"consent": True, "district": "姑苏区"})
        child = client.post("/api/v1/me/children", headers=headers, json={
            "nickname": "乐乐", "birth_date": "2026-01-10", "id_number": number}).get_json()
        guardians.append((headers, child["id"]))

    def claim(headers, child_id):
        return lambda c: c.post(f"/api/v1/voucher-batches/{batch['id']}/claim", headers=headers,
                                json={"child_id": child_id}).status_code

    limiter.enabled = False
    try:
        counts = Counter(_race(app, [claim(*guardians[i % 2]) for i in range(40)]))
    finally:
        limiter.enabled = True
    assert counts[201] == 1 and counts[409] == 39, counts
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Voucher)) == 4
        assert db.session.get(VoucherBatch, batch["id"]).issued_count == 4


def test_a_child_never_exceeds_its_allowance(app, client, make_batch, family):
    batch = make_batch(per_child=4, total=1000)
    fam = family()

    def claim(c):
        return c.post(f"/api/v1/voucher-batches/{batch['id']}/claim", headers=fam["headers"],
                      json={"child_id": fam["child_id"]}).status_code

    # One parent firing 100 claims would be rate-limited long before the database is reached;
    # switch the limiter off so every claim races in the service.
    limiter.enabled = False
    try:
        counts = Counter(_race(app, [claim] * 100))
    finally:
        limiter.enabled = True
    assert counts[201] == 1 and counts[409] == 99, counts
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Voucher)) == 4
        assert db.session.get(VoucherBatch, batch["id"]).issued_count == 4
