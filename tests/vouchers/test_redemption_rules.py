"""What an auditor must be able to rely on at the door: a voucher pays for this child's seat in
this session, inside the check-in window, once; a reversal undoes the redemption only."""
from datetime import timedelta

from sqlalchemy import select

from app.common.timeutil import utcnow
from app.courses.models import Booking
from app.extensions import db
from app.vouchers.models import Redemption, Voucher
from tests.common.test_api_contract import assert_error_shape

SOON = timedelta(minutes=30)


def _book(client, holding, session_id, voucher_id=None):
    return client.post(f"/api/v1/sessions/{session_id}/bookings", headers=holding["headers"],
                       json={"child_id": holding["child_id"], "voucher_id": voucher_id})


def _redeem(client, staff, session_id, code, **extra):
    return client.post("/api/v1/vouchers/redeem", headers=staff,
                       json={"code": code, "session_id": session_id, **extra})


def test_a_voucher_needs_the_childs_booking_in_that_session(client, holding, make_session,
                                                            login, app):
    door = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=door["venue_id"])
    code = holding["vouchers"][0]["code"]
    body = assert_error_shape(_redeem(client, staff, door["session_id"], code), 409,
                              "no_booking_in_session")
    assert "现场登记" in body["message"]
    walked_in = _redeem(client, staff, door["session_id"], code, walk_in=True)
    assert walked_in.status_code == 201, walked_in.get_json()
    assert walked_in.get_json()["walk_in"] is True
    assert walked_in.get_json()["booking_attended"] is True
    roster = client.get(f"/api/v1/sessions/{door['session_id']}/roster", headers=staff).get_json()
    assert [e["status"] for e in roster["items"]] == ["attended"]
    mine = client.get("/api/v1/me/bookings?when=upcoming", headers=holding["headers"]).get_json()
    assert mine["total"] == 0  # attended now: not an upcoming booking to cancel


def test_a_booked_voucher_is_redeemed_with_its_booking_and_not_days_early(client, holding,
                                                                          make_session, login):
    later = make_session(starts_in=timedelta(days=2))
    voucher = holding["vouchers"][0]
    assert _book(client, holding, later["session_id"], voucher["id"]).status_code == 201
    staff = login("venue_staff", venue_id=later["venue_id"])
    body = assert_error_shape(_redeem(client, staff, later["session_id"], voucher["code"]), 409,
                              "checkin_not_open")
    assert "开放" in body["message"]


def test_a_code_typed_at_the_wrong_session_names_its_own(client, holding, make_session, login):
    booked = make_session(starts_in=timedelta(days=2))
    door = make_session(starts_in=SOON)
    voucher = holding["vouchers"][0]
    assert _book(client, holding, booked["session_id"], voucher["id"]).status_code == 201
    staff = login("venue_staff", venue_id=door["venue_id"])
    body = assert_error_shape(_redeem(client, staff, door["session_id"], voucher["code"],
                                      walk_in=True), 409, "voucher_reserved_elsewhere")
    assert f"场次 {booked['session_id']}" in body["message"]


def test_one_seat_is_paid_by_one_voucher(client, holding, make_session, login):
    door = make_session(starts_in=SOON)
    first, second = holding["vouchers"][:2]
    assert _book(client, holding, door["session_id"], first["id"]).status_code == 201
    staff = login("venue_staff", venue_id=door["venue_id"])
    assert_error_shape(_redeem(client, staff, door["session_id"], second["code"]), 409,
                       "booking_has_other_voucher")
    assert _redeem(client, staff, door["session_id"], first["code"]).status_code == 201


def test_a_reversal_keeps_the_attendance_unless_told(client, holding, make_session, login, app):
    door = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=door["venue_id"])
    voucher = holding["vouchers"][0]
    receipt = _redeem(client, staff, door["session_id"], voucher["code"], walk_in=True).get_json()
    undone = client.post(f"/api/v1/vouchers/redemptions/{receipt['id']}/reverse", headers=staff,
                         json={"reason": "扫错券"})
    assert undone.status_code == 201 and undone.get_json()["voucher_status"] == "reserved"
    with app.app_context():
        assert db.session.get(Booking, receipt["booking_id"]).status == "attended"
    again = _redeem(client, staff, door["session_id"], voucher["code"]).get_json()
    undone = client.post(f"/api/v1/vouchers/redemptions/{again['id']}/reverse", headers=staff,
                         json={"reason": "孩子没来，签到也错了", "undo_checkin": True})
    assert undone.status_code == 201
    with app.app_context():
        assert db.session.get(Booking, receipt["booking_id"]).status == "confirmed"


def test_after_fifteen_minutes_only_an_admin_reverses_with_a_reason(client, holding,
                                                                    make_session, login, admin,
                                                                    app, monkeypatch):
    from app.vouchers import redemption as redeeming

    door = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=door["venue_id"])
    receipt = _redeem(client, staff, door["session_id"], holding["vouchers"][0]["code"],
                      walk_in=True).get_json()
    # Three hours later (the ledger row itself cannot be aged: the database refuses UPDATE).
    monkeypatch.setattr(redeeming, "utcnow", lambda: utcnow() + timedelta(hours=3))
    url = f"/api/v1/vouchers/redemptions/{receipt['id']}/reverse"
    assert_error_shape(client.post(url, headers=staff, json={}), 409, "reversal_window_passed")
    assert "reason" in assert_error_shape(client.post(url, headers=admin, json={}), 422,
                                          "reason_required")["errors"]
    done = client.post(url, headers=admin, json={"reason": "家长投诉误核销，经核实撤销"})
    assert done.status_code == 201
    with app.app_context():
        reversal = db.session.get(Redemption, receipt["id"]).reversal
        assert reversal.reason.startswith("家长投诉") and reversal.staff_id is not None


def test_staff_list_their_venues_redemptions(client, holding, make_session, login):
    door = make_session(starts_in=SOON)
    elsewhere = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=door["venue_id"])
    receipt = _redeem(client, staff, door["session_id"], holding["vouchers"][0]["code"],
                      walk_in=True).get_json()
    listed = client.get(f"/api/v1/vouchers/redemptions?session_id={door['session_id']}",
                        headers=staff).get_json()
    assert [r["id"] for r in listed["items"]] == [receipt["id"]]
    item = listed["items"][0]
    full = holding["vouchers"][0]["code"]
    assert item["reversed"] is False and item["code"] != full and item["undo_until"]
    other = login("venue_staff", venue_id=elsewhere["venue_id"])
    assert client.get("/api/v1/vouchers/redemptions", headers=other).get_json()["total"] == 0
    yesterday = (utcnow() - timedelta(days=1)).astimezone().date().isoformat()
    assert client.get(f"/api/v1/vouchers/redemptions?date={yesterday}",
                      headers=staff).get_json()["total"] == 0


def test_a_no_show_gives_the_voucher_back_or_forfeits_it_as_the_batch_says(
        client, make_batch, family, make_session, runner, app):
    kept = make_batch(name="缺席退回批次")
    strict = make_batch(name="缺席作废批次", no_show_forfeits=True)
    fam = family()
    for batch in (kept, strict):
        claimed = client.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                              headers=fam["headers"], json={"child_id": fam["child_id"]})
        assert claimed.status_code == 201, claimed.get_json()
    mine = client.get("/api/v1/me/vouchers", headers=fam["headers"]).get_json()
    by_batch = {}
    for voucher in mine:
        by_batch.setdefault(voucher["batch_id"], voucher)
    for batch in (kept, strict):
        session = make_session()
        booked = client.post(f"/api/v1/sessions/{session['session_id']}/bookings",
                             headers=fam["headers"],
                             json={"child_id": fam["child_id"],
                                   "voucher_id": by_batch[batch["id"]]["id"]})
        assert booked.status_code == 201, booked.get_json()
        with app.app_context():
            booking = db.session.get(Booking, booked.get_json()["id"])
            session_row = booking.session
            session_row.booking_closes_at = utcnow() - timedelta(hours=3)
            session_row.starts_at = utcnow() - timedelta(hours=2)
            session_row.ends_at = utcnow() - timedelta(hours=1)
            session_row.booking_opens_at = utcnow() - timedelta(days=3)
            db.session.commit()
    assert "no_show=2" in runner.invoke(args=["courses", "finish-sessions"]).output
    after = {v["id"]: v for v in client.get("/api/v1/me/vouchers",
                                            headers=fam["headers"]).get_json()}
    returned, forfeited = after[by_batch[kept["id"]]["id"]], after[by_batch[strict["id"]]["id"]]
    assert returned["status"] == "issued" and returned["booking_id"] is None
    assert "预约课程时选择" in returned["usability"]
    assert forfeited["status"] == "forfeited" and "未到场" in forfeited["usability"]
    with app.app_context():
        stuck = db.session.scalars(select(Voucher).where(Voucher.status == "reserved")).all()
        assert stuck == []
