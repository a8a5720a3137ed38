"""The venue pages through the test client: what a clerk reads (counts, roster without phones,
the CSV Excel opens) and the rules she runs into, shown in Chinese."""
from datetime import timedelta

from tests.consoles.conftest import post_form


def test_today_counts_booked_waiting_checked_in(clerk, client, make_session, venue_setup, family,
                                                login):
    full = make_session(starts_in=timedelta(minutes=20), capacity=1,
                        venue_id=venue_setup["x"]["venue_id"])
    first, second = family(), family()
    ids = [client.post(f"/api/v1/sessions/{full['session_id']}/bookings", headers=f["headers"],
                       json={"child_id": f["child_id"]}).get_json()["id"] for f in (first, second)]
    post_form(clerk, f"/venue/sessions/{full['session_id']}",
              f"/venue/sessions/{full['session_id']}/checkin", {"booking_id": ids[0]})
    html = clerk.get("/venue/").get_data(as_text=True)
    assert "已约 <b>1</b>/1 · 候补 <b>1</b> · 已签到 <b>1</b>" in html
    assert f"/venue/sessions/{venue_setup['y']['session_id']}" not in html


def test_roster_and_csv_hold_no_phone_numbers(app, clerk, client, venue_setup, family):
    sid = venue_setup["soon"]["session_id"]
    fam = family()
    client.patch("/api/v1/me", headers=fam["headers"], json={"phone": "13912345678"})
    client.post(f"/api/v1/sessions/{sid}/bookings", headers=fam["headers"],
                json={"child_id": fam["child_id"]})
    page = clerk.get(f"/venue/sessions/{sid}").get_data(as_text=True)
    assert "乐乐" in page and "10月龄" in page
    csv = clerk.get(f"/venue/sessions/{sid}/attendance.csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in csv.headers["Content-Disposition"]
    body = csv.get_data()
    assert body.startswith("\ufeff预约号".encode())
    text = body.decode("utf-8-sig")
    assert "乐乐" in text and "已预约" in text
    for where in (page, text):
        assert "13912345678" not in where and "5678" not in where


def test_rules_come_back_in_chinese(clerk, venue_setup):
    sid = venue_setup["x"]["session_id"]  # in two days: check-in is not open yet
    page = f"/venue/sessions/{sid}"
    missing = post_form(clerk, page, f"/venue/sessions/{sid}/checkin", {})
    assert "请输入预约号或扫描签到二维码" in missing.get_data(as_text=True)
    no_code = post_form(clerk, page, f"/venue/sessions/{sid}/redeem", {"code": "  "})
    assert "请输入券码或扫描服务券二维码" in no_code.get_data(as_text=True)
    unknown = post_form(clerk, page, f"/venue/sessions/{sid}/checkin", {"booking_id": 999})
    assert "没有找到这条预约" in unknown.get_data(as_text=True)
    soon = venue_setup["soon"]["session_id"]
    mistyped = post_form(clerk, page, f"/venue/sessions/{soon}/redeem", {"code": "0000"})
    assert "券码有误" in mistyped.get_data(as_text=True)
    not_open = post_form(clerk, page, f"/venue/sessions/{sid}/redeem", {"code": "0000"})
    assert "签到将于开课前 60 分钟开放" in not_open.get_data(as_text=True)
    early = post_form(clerk, page, f"/venue/sessions/{sid}/no-shows", {})
    assert "课程结束后才能标记未到" in early.get_data(as_text=True)


def test_a_wrong_check_in_is_undone_within_15_minutes(app, clerk, client, venue_setup, holding,
                                                      family):
    sid = venue_setup["soon"]["session_id"]
    page = f"/venue/sessions/{sid}"
    fam = family()
    wrong = client.post(f"/api/v1/sessions/{sid}/bookings", headers=fam["headers"],
                        json={"child_id": fam["child_id"]}).get_json()
    post_form(clerk, page, f"/venue/sessions/{sid}/checkin", {"booking_id": wrong["id"]})
    assert "撤销签到" in clerk.get(page).get_data(as_text=True)
    undone = post_form(clerk, page, f"/venue/sessions/{sid}/checkins/{wrong['id']}/undo")
    assert f"已撤销预约号 {wrong['id']} 的签到" in undone.get_data(as_text=True)
    mine = client.get("/api/v1/me/bookings", headers=fam["headers"]).get_json()["items"]
    assert mine[0]["status"] == "confirmed"
    again = post_form(clerk, page, f"/venue/sessions/{sid}/checkins/{wrong['id']}/undo")
    assert "该预约尚未签到，无需撤销" in again.get_data(as_text=True)

    # a check-in made by redeeming a voucher is undone by undoing the redemption
    with_voucher = client.post(f"/api/v1/sessions/{sid}/bookings", headers=holding["headers"], json={
        "child_id": holding["child_id"], "voucher_id": holding["vouchers"][0]["id"]}).get_json()
    post_form(clerk, page, f"/venue/sessions/{sid}/redeem", {"code": holding["vouchers"][0]["code"]})
    refused = post_form(clerk, page, f"/venue/sessions/{sid}/checkins/{with_voucher['id']}/undo")
    assert "该签到由核销服务券完成" in refused.get_data(as_text=True)

    # after 15 minutes it stands
    post_form(clerk, page, f"/venue/sessions/{sid}/checkin", {"booking_id": wrong["id"]})
    with app.app_context():
        from sqlalchemy import update

        from app.common.timeutil import utcnow
        from app.courses.models import Booking
        from app.extensions import db

        db.session.execute(update(Booking).where(Booking.id == wrong["id"]).values(
            checked_in_at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    late = post_form(clerk, page, f"/venue/sessions/{sid}/checkins/{wrong['id']}/undo")
    assert "签到超过15分钟，不能撤销" in late.get_data(as_text=True)
