"""Venue staff redeem vouchers at check-in: once, at the right venue, and can undo within 15 min.

These sessions start in half an hour (check-in is open) and the child walks in: the redemption
books a free seat first (see test_redemption_rules.py for the booking rules themselves)."""
from datetime import timedelta

from app.common.timeutil import utcnow
from app.extensions import db
from app.vouchers.models import Redemption, Voucher, VoucherBatch
from tests.common.test_api_contract import assert_error_shape


SOON = timedelta(minutes=30)


def _redeem(client, headers, session_id, code=None, qr=None, key=None, walk_in=True):
    body = {"session_id": session_id, "walk_in": walk_in}
    body.update({"code": code} if code else {"qr_token": qr})
    extra = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/vouchers/redeem", headers={**headers, **extra}, json=body)


def test_redeem_by_typed_code_then_again_says_when_and_where(client, holding, make_session, login):
    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    code = holding["vouchers"][0]["code"]
    typed = " " + code.replace("-", "").lower() + " "
    first = _redeem(client, staff, where["session_id"], code=typed)
    assert first.status_code == 201
    assert first.get_json()["voucher_id"] == holding["vouchers"][0]["id"]
    again = _redeem(client, staff, where["session_id"], code=code)
    body = assert_error_shape(again, 409, "voucher_already_redeemed")
    assert "核销" in body["message"] and "社区优育课堂" in body["message"]
    mine = client.get(f"/api/v1/me/vouchers/{holding['vouchers'][0]['id']}",
                      headers=holding["headers"]).get_json()
    assert mine["status"] == "redeemed"


def test_mistyped_code_is_caught_before_lookup(client, holding, make_session, login):
    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    code = holding["vouchers"][0]["code"].replace("-", "")
    wrong = ("3" if code[2] != "3" else "4")
    typo = code[:2] + wrong + code[3:]
    body = assert_error_shape(_redeem(client, staff, where["session_id"], code=typo), 400,
                              "code_mistyped")
    assert "code" in body["errors"]
    assert_error_shape(_redeem(client, staff, where["session_id"], code="O0I1-XXXX"), 400,
                       "code_mistyped")


def test_qr_token_redeems_and_expires(client, holding, make_session, login, app):
    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    voucher_id = holding["vouchers"][1]["id"]
    qr = client.get(f"/api/v1/me/vouchers/{voucher_id}/qr", headers=holding["headers"]).get_json()
    assert qr["expires_in"] == 300 and qr["code"] == holding["vouchers"][1]["code"]
    assert _redeem(client, staff, where["session_id"], qr=qr["qr_token"]).status_code == 201
    import jwt

    stale = jwt.encode({"typ": "voucher", "vid": holding["vouchers"][2]["id"],
                        "exp": utcnow() - timedelta(seconds=1)}, app.config["SECRET_KEY"],
                       algorithm="HS256")
    assert_error_shape(_redeem(client, staff, where["session_id"], qr=stale), 400, "qr_expired")
    assert_error_shape(_redeem(client, staff, where["session_id"], qr="garbage"), 400, "qr_invalid")


def test_another_parents_voucher_qr_is_404(client, holding, family):
    other = family()
    assert_error_shape(client.get(f"/api/v1/me/vouchers/{holding['vouchers'][0]['id']}/qr",
                                  headers=other["headers"]), 404, "voucher_not_found")


def test_staff_of_another_venue_is_refused(client, holding, make_session, login):
    where = make_session(starts_in=SOON)
    elsewhere = make_session(starts_in=SOON)
    staff_elsewhere = login("venue_staff", venue_id=elsewhere["venue_id"])
    assert_error_shape(_redeem(client, staff_elsewhere, where["session_id"],
                               code=holding["vouchers"][0]["code"]), 403, "not_your_venue")
    parent = holding["headers"]
    assert_error_shape(_redeem(client, parent, where["session_id"],
                               code=holding["vouchers"][0]["code"]), 403, "forbidden_role")


def test_course_not_covered(client, holding, make_session, login):
    lecture = make_session(fmt="专题讲座", title="科学喂养专题讲座", starts_in=SOON)
    staff = login("venue_staff", venue_id=lecture["venue_id"])
    body = assert_error_shape(_redeem(client, staff, lecture["session_id"],
                                      code=holding["vouchers"][0]["code"]), 409,
                              "voucher_not_covered")
    assert "亲子游戏、父母培训" in body["message"] and "科学喂养专题讲座" in body["message"]


def test_expired_revoked_and_not_yet_valid(client, holding, make_session, login, app):
    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    v0, v1, v2 = (v["id"] for v in holding["vouchers"][:3])
    with app.app_context():
        db.session.get(Voucher, v1).status = "revoked"
        db.session.commit()
    assert_error_shape(_redeem(client, staff, where["session_id"],
                               code=holding["vouchers"][1]["code"]), 409, "voucher_revoked")
    with app.app_context():
        batch = db.session.get(VoucherBatch, holding["batch"]["id"])
        batch.valid_from = utcnow() + timedelta(days=3)
        db.session.commit()
    body = assert_error_shape(_redeem(client, staff, where["session_id"],
                                      code=holding["vouchers"][2]["code"]), 409,
                              "voucher_not_yet_valid")
    assert "起可用" in body["message"]
    with app.app_context():
        batch = db.session.get(VoucherBatch, holding["batch"]["id"])
        batch.valid_from = utcnow() - timedelta(days=10)
        batch.valid_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    # Past valid_until a voucher reads as expired before the expiry job has run.
    assert client.get(f"/api/v1/me/vouchers/{v0}",
                      headers=holding["headers"]).get_json()["status"] == "expired"
    assert_error_shape(_redeem(client, staff, where["session_id"],
                               code=holding["vouchers"][0]["code"]), 409, "voucher_expired")


def test_expire_command_marks_overdue_vouchers(client, holding, runner, app):
    with app.app_context():
        batch = db.session.get(VoucherBatch, holding["batch"]["id"])
        batch.valid_from = utcnow() - timedelta(days=10)
        batch.valid_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    result = runner.invoke(args=["vouchers", "expire"])
    assert "expired 4 vouchers" in result.output
    with app.app_context():
        assert {v.status for v in db.session.scalars(db.select(Voucher))} == {"expired"}


def test_idempotency_key_returns_the_first_result(client, holding, make_session, login, app):
    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    code = holding["vouchers"][0]["code"]
    first = _redeem(client, staff, where["session_id"], code=code, key="scan-42")
    repeat = _redeem(client, staff, where["session_id"], code=code, key="scan-42")
    assert first.status_code == repeat.status_code == 201
    assert first.get_json() == repeat.get_json()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Redemption)) == 1


def test_reverse_within_window_restores_voucher_and_ledger_keeps_both(client, holding,
                                                                      make_session, login, app):
    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    code = holding["vouchers"][0]["code"]
    redemption = _redeem(client, staff, where["session_id"], code=code).get_json()
    other_staff = login("venue_staff", venue_id=make_session(starts_in=SOON)["venue_id"])
    assert_error_shape(client.post(f"/api/v1/vouchers/redemptions/{redemption['id']}/reverse",
                                   headers=other_staff, json={}), 404, "redemption_not_found")
    undone = client.post(f"/api/v1/vouchers/redemptions/{redemption['id']}/reverse",
                         headers=staff, json={"reason": "扫错了"})
    # The voucher goes back to the seat it pays for (the walk-in's booking stays).
    assert undone.status_code == 201 and undone.get_json()["voucher_status"] == "reserved"
    assert_error_shape(client.post(f"/api/v1/vouchers/redemptions/{redemption['id']}/reverse",
                                   headers=staff, json={}), 409, "redemption_already_reversed")
    again = _redeem(client, staff, where["session_id"], code=code)
    assert again.status_code == 201  # usable again after the undo
    with app.app_context():
        rows = db.session.scalars(db.select(Redemption).order_by(Redemption.id)).all()
        assert [r.redemption_no for r in rows] == [1, 2]
        assert rows[0].reversal is not None and rows[1].reversal is None


def test_reverse_after_fifteen_minutes_is_refused(client, holding, make_session, login, app,
                                                  monkeypatch):
    from app.vouchers import redemption as redeeming

    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    redemption = _redeem(client, staff, where["session_id"],
                         code=holding["vouchers"][0]["code"]).get_json()
    # 16 minutes later (the ledger row itself cannot be aged: the database refuses UPDATE).
    monkeypatch.setattr(redeeming, "utcnow", lambda: utcnow() + timedelta(minutes=16))
    assert_error_shape(client.post(f"/api/v1/vouchers/redemptions/{redemption['id']}/reverse",
                                   headers=staff, json={}), 409, "reversal_window_passed")


def test_ledger_rows_cannot_be_changed_or_deleted(client, holding, make_session, login, app):
    import pytest

    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    redemption = _redeem(client, staff, where["session_id"],
                         code=holding["vouchers"][0]["code"]).get_json()
    with app.app_context():
        row = db.session.get(Redemption, redemption["id"])
        row.venue_id = 999
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
        row = db.session.get(Redemption, redemption["id"])
        db.session.delete(row)
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()


def test_failed_redeems_are_rate_limited_and_logged_without_the_code(client, holding,
                                                                   make_session, login, caplog):
    import logging

    caplog.set_level(logging.WARNING, logger="app.vouchers")
    where = make_session(starts_in=SOON)
    staff = login("venue_staff", venue_id=where["venue_id"])
    code = holding["vouchers"][0]["code"].replace("-", "")
    bad = code[:-1] + ("3" if code[-1] != "3" else "4")
    statuses = [_redeem(client, staff, where["session_id"], code=bad).status_code
                for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    limited = _redeem(client, staff, where["session_id"], code=code)
    assert_error_shape(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "code_mistyped" in logged and code not in logged and bad not in logged
