"""Booking a session with a voucher reserves it; cancelling releases it; check-in redeems it."""
from datetime import timedelta

from app.extensions import db
from app.vouchers.models import Voucher
from tests.common.test_api_contract import assert_error_shape


def _book(client, fam, session_id, voucher_id):
    return client.post(f"/api/v1/sessions/{session_id}/bookings", headers=fam["headers"],
                       json={"child_id": fam["child_id"], "voucher_id": voucher_id})


def _status(client, fam, voucher_id):
    return client.get(f"/api/v1/me/vouchers/{voucher_id}", headers=fam["headers"]).get_json()


def test_booking_reserves_and_cancelling_releases(client, holding, make_session):
    where = make_session()
    voucher_id = holding["vouchers"][0]["id"]
    booking = _book(client, holding, where["session_id"], voucher_id)
    assert booking.status_code == 201, booking.get_json()
    reserved = _status(client, holding, voucher_id)
    assert reserved["status"] == "reserved" and reserved["booking_id"] == booking.get_json()["id"]
    cancelled = client.delete(f"/api/v1/bookings/{booking.get_json()['id']}",
                              headers=holding["headers"])
    assert cancelled.status_code in (200, 204)
    released = _status(client, holding, voucher_id)
    assert released["status"] == "issued" and released["booking_id"] is None


def test_a_reserved_voucher_cannot_book_twice(client, holding, make_session):
    first, second = make_session(), make_session()
    voucher_id = holding["vouchers"][0]["id"]
    assert _book(client, holding, first["session_id"], voucher_id).status_code == 201
    response = _book(client, holding, second["session_id"], voucher_id)
    assert_error_shape(response, 409, "voucher_reserved")
    # Nothing half-written: the second booking did not happen either.
    mine = _all_bookings(client, holding)
    assert sum(1 for b in mine if b["session_id"] == second["session_id"]) == 0


def _all_bookings(client, fam):
    return [item for when in ("upcoming", "past") for item in client.get(
        f"/api/v1/me/bookings?when={when}", headers=fam["headers"]).get_json()["items"]]


def test_voucher_of_another_child_or_course_not_covered(client, holding, make_session, family):
    where = make_session()
    lecture = make_session(fmt="专题讲座", title="科学喂养专题讲座")
    voucher_id = holding["vouchers"][0]["id"]
    body = assert_error_shape(_book(client, holding, lecture["session_id"], voucher_id), 409,
                              "voucher_not_covered")
    assert "科学喂养专题讲座" in body["message"]
    # A second child of the same parent may not use the first child's voucher.
    second = client.post("/api/v1/me/children", headers=holding["headers"],
                         json={"nickname": "二宝", "birth_date": "2025-06-01"}).get_json()
    sibling = {"headers": holding["headers"], "child_id": second["id"]}
    assert_error_shape(_book(client, sibling, where["session_id"], voucher_id), 409,
                       "voucher_wrong_child")
    stranger = family()
    assert_error_shape(_book(client, stranger, where["session_id"], voucher_id), 404,
                       "voucher_not_found")


def test_redeeming_at_the_session_marks_the_booking_attended(client, holding, make_session,
                                                            login):
    where = make_session(starts_in=timedelta(minutes=10))
    voucher = holding["vouchers"][0]
    booking = _book(client, holding, where["session_id"], voucher["id"]).get_json()
    staff = login("venue_staff", venue_id=where["venue_id"])
    redeemed = client.post("/api/v1/vouchers/redeem", headers=staff,
                           json={"code": voucher["code"], "session_id": where["session_id"]})
    assert redeemed.status_code == 201, redeemed.get_json()
    assert redeemed.get_json()["booking_id"] == booking["id"]
    assert redeemed.get_json()["booking_attended"] is True
    mine = _all_bookings(client, holding)
    assert [b["status"] for b in mine if b["id"] == booking["id"]] == ["attended"]


def test_reserved_for_another_session_cannot_be_redeemed_here(client, holding, make_session,
                                                             login):
    booked, walk_in = make_session(), make_session(starts_in=timedelta(minutes=30))
    voucher = holding["vouchers"][0]
    assert _book(client, holding, booked["session_id"], voucher["id"]).status_code == 201
    staff = login("venue_staff", venue_id=walk_in["venue_id"])
    body = assert_error_shape(client.post("/api/v1/vouchers/redeem", headers=staff, json={
        "code": voucher["code"], "session_id": walk_in["session_id"]}), 409,
        "voucher_reserved_elsewhere")
    assert "场次" in body["message"]


def test_cancelling_the_session_releases_reserved_vouchers(client, holding, make_session, admin,
                                                          app):
    where = make_session()
    voucher_id = holding["vouchers"][0]["id"]
    assert _book(client, holding, where["session_id"], voucher_id).status_code == 201
    cancelled = client.post(f"/api/v1/admin/sessions/{where['session_id']}/cancel",
                            headers=admin, json={"reason": "场地维修"})
    assert cancelled.status_code in (200, 201), cancelled.get_json()
    with app.app_context():
        voucher = db.session.get(Voucher, voucher_id)
        assert voucher.status == "issued" and voucher.booking_id is None


def test_a_cancelled_session_redeems_nothing(client, holding, make_session, admin, login):
    where = make_session()
    client.post(f"/api/v1/admin/sessions/{where['session_id']}/cancel", headers=admin, json={})
    staff = login("venue_staff", venue_id=where["venue_id"])
    assert_error_shape(client.post("/api/v1/vouchers/redeem", headers=staff, json={
        "code": holding["vouchers"][0]["code"], "session_id": where["session_id"]}), 409,
        "session_cancelled")
