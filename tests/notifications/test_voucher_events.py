"""Parents are told about their vouchers: issued (once per batch and child, however many
vouchers), expiring in 7 days, redeemed at a venue, the redemption reversed."""
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Notification


def _kinds(client, fam):
    items = client.get("/api/v1/me/notifications", headers=fam["headers"]).get_json()["items"]
    return [item["kind"] for item in items], items


def test_voucher_issued_redeemed_and_reversed(app, client, holding, make_session, login):
    kinds, items = _kinds(client, holding)
    assert kinds == ["voucher_issued"]  # four vouchers, one notification
    assert "2026年苏州市科学育儿公共指导服务券" in items[0]["body"]
    with app.app_context():
        expiring = db.session.scalars(select(Notification).where(
            Notification.kind == "voucher_expiring")).one()
        from app.vouchers.models import VoucherBatch

        until = db.session.get(VoucherBatch, holding["batch"]["id"]).valid_until
        assert expiring.not_before == until - timedelta(days=7)
        assert expiring.expires_at == until and expiring.status == "pending"
    where = make_session(starts_in=timedelta(minutes=30))  # check-in open; the child walks in
    staff = login("venue_staff", venue_id=where["venue_id"])
    redeemed = client.post("/api/v1/vouchers/redeem", headers=staff, json={
        "code": holding["vouchers"][0]["code"], "session_id": where["session_id"],
        "walk_in": True})
    assert redeemed.status_code == 201, redeemed.get_json()
    kinds, items = _kinds(client, holding)
    assert kinds[0] == "voucher_redeemed" and "社区优育课堂" in items[0]["body"]
    reversed_ = client.post(f"/api/v1/vouchers/redemptions/{redeemed.get_json()['id']}/reverse",
                            headers=staff, json={})
    assert reversed_.status_code == 201, reversed_.get_json()
    kinds, _ = _kinds(client, holding)
    assert kinds[0] == "voucher_reversed"
