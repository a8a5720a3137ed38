"""PIPL: a parent can take everything we hold about them, and can leave. What public-funds
accounting must keep stays, without the person."""
from datetime import timedelta

from sqlalchemy import func, select

from app.accounts.models import Child, User
from app.courses.models import CourseSession
from app.extensions import db
from app.vouchers.models import Redemption, Voucher
from tests.common.test_api_contract import assert_error_shape


def _family_with_history(client, holding, make_session, login):
    """The holding family books two sessions with vouchers; one voucher is redeemed."""
    attended, upcoming = make_session(starts_in=timedelta(minutes=30)), make_session()
    vouchers = holding["vouchers"]
    for where, voucher in ((attended, vouchers[0]), (upcoming, vouchers[1])):
        booked = client.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                             headers=holding["headers"],
                             json={"child_id": holding["child_id"], "voucher_id": voucher["id"]})
        assert booked.status_code == 201, booked.get_json()
    staff = login("venue_staff", venue_id=attended["venue_id"])
    assert client.post("/api/v1/vouchers/redeem", headers=staff, json={
        "code": vouchers[0]["code"], "session_id": attended["session_id"]}).status_code == 201
    return attended, upcoming


def test_export_has_profile_children_bookings_and_vouchers_unmasked(client, holding,
                                                                   make_session, login):
    client.patch("/api/v1/me", headers=holding["headers"], json={"phone": "13912345678"})
    _family_with_history(client, holding, make_session, login)
    data = client.get("/api/v1/me/export", headers=holding["headers"]).get_json()
    assert data["accounts"]["phone"] == "13912345678"
    assert [c["id"] for c in data["accounts"]["children"]] == [holding["child_id"]]
    assert len(data["vouchers"]) == 4
    assert sum(len(v["redemptions"]) for v in data["vouchers"]) == 1
    assert len(data["courses"]) == 2


def test_another_parents_export_holds_none_of_this_family(client, holding, family):
    other = family()
    data = client.get("/api/v1/me/export", headers=other["headers"]).get_json()
    assert data["vouchers"] == [] and data["courses"] == []
    assert [c["id"] for c in data["accounts"]["children"]] == [other["child_id"]]


def test_delete_account_releases_seats_and_keeps_ledger_without_the_person(
        client, holding, make_session, login, app):
    attended, upcoming = _family_with_history(client, holding, make_session, login)
    with app.app_context():
        user_id = db.session.scalars(select(Child.parent_id)).first()
        seats_before = db.session.get(CourseSession, upcoming["session_id"]).seats_taken
    assert seats_before == 1
    assert client.delete("/api/v1/me", headers=holding["headers"]).status_code == 204
    assert_error_shape(client.get("/api/v1/me", headers=holding["headers"]), 401)
    with app.app_context():
        assert db.session.get(User, user_id) is None
        assert db.session.scalar(select(func.count()).select_from(Child)) == 0
        assert db.session.get(CourseSession, upcoming["session_id"]).seats_taken == 0
        vouchers = db.session.scalars(select(Voucher).order_by(Voucher.id)).all()
        assert {v.parent_id for v in vouchers} == {None} and {v.child_id for v in vouchers} == {None}
        assert [v.status for v in vouchers] == ["redeemed", "revoked", "revoked", "revoked"]
        assert {v.district for v in vouchers} == {"320508"}  # 姑苏区: counts by district survive
        assert db.session.scalar(select(func.count()).select_from(Redemption)) == 1


def test_staff_cannot_delete_themselves_here(client, login, make_session):
    staff = login("venue_staff", venue_id=make_session()["venue_id"])
    assert_error_shape(client.delete("/api/v1/me", headers=staff), 403)


def test_deleting_a_child_gives_back_its_seat_and_revokes_its_vouchers(client, holding,
                                                                       make_session, app):
    where = make_session()
    voucher_id = holding["vouchers"][0]["id"]
    assert client.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                       headers=holding["headers"],
                       json={"child_id": holding["child_id"],
                             "voucher_id": voucher_id}).status_code == 201
    deleted = client.delete(f"/api/v1/me/children/{holding['child_id']}",
                            headers=holding["headers"])
    assert deleted.status_code == 200
    assert len(deleted.get_json()["released_bookings"]) == 1
    assert sorted(deleted.get_json()["revoked_vouchers"]) == sorted(
        v["id"] for v in holding["vouchers"])
    with app.app_context():
        assert db.session.get(CourseSession, where["session_id"]).seats_taken == 0
        statuses = {v.status for v in db.session.scalars(select(Voucher))}
        assert statuses == {"revoked"}
    mine = client.get("/api/v1/me/vouchers", headers=holding["headers"]).get_json()
    assert [v["status"] for v in mine] == ["revoked"] * 4
