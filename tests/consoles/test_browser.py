"""A clerk at the door, in a real browser (Debian's Chromium through Playwright): log in, open
today, check a parent in by booking number, redeem a voucher and undo it, export the CSV, mark
no-shows, schedule, edit and cancel a session; after each step the parent's JSON API shows it.
Screenshots at phone and tablet size go to artefacts/screenshots/."""
import csv
import io
from datetime import timedelta

from sqlalchemy import update

from app.common.timeutil import today_local, utcnow
from app.courses.models import CourseSession
from app.extensions import db
from tests.consoles.browser import show_qr
from tests.consoles.conftest import PASSWORD


def _log_in(page):
    page.goto("/venue/")
    assert "/venue/login" in page.url
    page.fill("#username", "clerk-x")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/venue/")


def _flash(page) -> str:
    return page.locator(".flash").first.inner_text()


def _my_booking(client, headers, booking_id):
    for when in ("upcoming", "past"):
        page = client.get(f"/api/v1/me/bookings?when={when}", headers=headers).get_json()
        for booking in page["items"]:
            if booking["id"] == booking_id:
                return booking
    raise AssertionError(f"booking {booking_id} is not among the parent's bookings")


def _my_voucher(client, headers, voucher_id):
    return client.get(f"/api/v1/me/vouchers/{voucher_id}", headers=headers).get_json()


def test_clerk_runs_a_session_at_the_door(screen, client, venue_setup, holding, family):
    sid = venue_setup["soon"]["session_id"]
    with_voucher = client.post(f"/api/v1/sessions/{sid}/bookings", headers=holding["headers"], json={
        "child_id": holding["child_id"], "voucher_id": holding["vouchers"][0]["id"]}).get_json()
    walk_in = family()
    plain = client.post(f"/api/v1/sessions/{sid}/bookings", headers=walk_in["headers"],
                        json={"child_id": walk_in["child_id"]}).get_json()
    page = screen.page

    _log_in(page)
    listed = page.locator("li", has=page.locator(f"a[href='/venue/sessions/{sid}']"))
    assert listed.locator("[data-test=counts]").inner_text() == "已约 2/25 · 候补 0 · 已签到 0"
    assert page.locator("[data-test=signed-in-name]").inner_text() == "王老师"
    screen.shoot("today")

    page.click(f"a[href='/venue/sessions/{sid}']")
    page.fill("#booking_id", str(plain["id"]))
    page.click("#checkin-form button[type=submit]")
    assert _flash(page) == f"预约号 {plain['id']} 签到成功"
    row = page.locator(f"tr[data-booking='{plain['id']}'] [data-test=status]")
    assert row.inner_text().startswith("已签到")
    assert _my_booking(client, walk_in["headers"], plain["id"])["status"] == "attended"

    page.fill("#code", holding["vouchers"][0]["code"])
    page.click("#redeem-form button[type=submit]")
    assert _flash(page).startswith("核销成功") and "已同时签到" in _flash(page)
    assert _my_voucher(client, holding["headers"], holding["vouchers"][0]["id"])["status"] == "redeemed"
    assert _my_booking(client, holding["headers"], with_voucher["id"])["status"] == "attended"
    screen.shoot("session")

    page.click("[data-test=undoable] button")
    assert _flash(page).startswith("已撤销核销，服务券已退回；签到保留")
    assert page.locator("[data-test=undoable]").count() == 0
    assert _my_voucher(client, holding["headers"], holding["vouchers"][0]["id"])["status"] == "reserved"
    assert _my_booking(client, holding["headers"], with_voucher["id"])["status"] == "attended"
    page.locator(f"tr[data-booking='{with_voucher['id']}']").locator("text=撤销签到").click()
    assert _flash(page) == f"已撤销预约号 {with_voucher['id']} 的签到"
    assert _my_booking(client, holding["headers"], with_voucher["id"])["status"] == "confirmed"

    with page.expect_download() as download:
        page.click("text=导出签到表（CSV）")
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["预约号", "孩子", "阶段", "状态", "签到时间", "服务券"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id[str(plain["id"])][3] == "已签到" and by_id[str(with_voucher["id"])][3] == "已预约"
    assert "已预约使用" in by_id[str(with_voucher["id"])][5]


def test_clerk_marks_no_shows_after_the_class(app, screen, client, venue_setup, family):
    sid = venue_setup["x"]["session_id"]
    fam = family()
    booking = client.post(f"/api/v1/sessions/{sid}/bookings", headers=fam["headers"],
                          json={"child_id": fam["child_id"]}).get_json()
    with app.app_context():  # the class took place two hours ago
        start = utcnow() - timedelta(hours=2)
        db.session.execute(update(CourseSession).where(CourseSession.id == sid).values(
            starts_at=start, ends_at=start + timedelta(hours=1),
            booking_opens_at=start - timedelta(days=2), booking_closes_at=start))
        db.session.commit()
    page = screen.page
    _log_in(page)
    page.goto(f"/venue/sessions/{sid}")
    page.click("text=结束场次并标记未到")
    assert _flash(page) == "已结束本场次：1 人标记为未到"
    assert page.locator(f"tr[data-booking='{booking['id']}'] [data-test=status]").inner_text() == "未到"
    assert _my_booking(client, fam["headers"], booking["id"])["status"] == "no_show"
    assert page.locator("text=结束场次并标记未到").count() == 0


def test_clerk_schedules_edits_and_cancels_a_session(screen, client, venue_setup):
    page = screen.page
    venue_id = venue_setup["x"]["venue_id"]
    _log_in(page)
    page.click("nav >> text=排课")
    day = today_local() + timedelta(days=3)
    page.select_option("#course_id", str(venue_setup["x"]["course_id"]))
    page.fill("#day", day.isoformat())
    page.fill("#start", "09:30")
    page.fill("#capacity", "12")
    page.click("#schedule-form button[type=submit]")
    assert _flash(page) == f"已新增场次：{day:%m-%d} 09:30"
    public = client.get(f"/api/v1/sessions?venue_id={venue_id}&from={day}&to={day}").get_json()
    created = public["items"][0]
    assert created["capacity"] == 12 and created["starts_at"].startswith(f"{day}T09:30:00+08:00")
    assert created["ends_at"].startswith(f"{day}T10:30:00+08:00")  # the course's 60 minutes
    screen.shoot("schedule")

    page.click(f"a[href='/venue/schedule/{created['id']}']")
    page.fill("#capacity", "15")
    page.click("form >> text=保存修改")
    assert _flash(page) == "场次已修改"
    assert client.get(f"/api/v1/sessions/{created['id']}").get_json()["capacity"] == 15

    page.click(f"a[href='/venue/schedule/{created['id']}']")
    page.fill("#reason", "场地维修")
    page.click("text=取消该场次")
    assert _flash(page).startswith("场次已取消")
    cancelled = client.get(f"/api/v1/sessions/{created['id']}").get_json()
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "场地维修"


def test_schedule_refuses_a_start_in_the_past_with_the_reason(screen, client, venue_setup):
    page = screen.page
    _log_in(page)
    page.goto("/venue/schedule")
    page.select_option("#course_id", str(venue_setup["x"]["course_id"]))
    page.fill("#day", (today_local() - timedelta(days=1)).isoformat())
    page.fill("#start", "09:30")
    page.fill("#capacity", "12")
    page.click("#schedule-form button[type=submit]")
    assert _flash(page) == "开始时间应晚于现在"
    assert page.locator("#capacity").input_value() == "12"  # what she typed is kept
    screen.shoot("schedule-refused")


def test_clerk_checks_in_by_scanning_the_parents_qr(screen, camera, client, venue_setup, holding,
                                                    family):
    sid = venue_setup["soon"]["session_id"]
    booking = client.post(f"/api/v1/sessions/{sid}/bookings", headers=holding["headers"],
                          json={"child_id": holding["child_id"]}).get_json()
    qr = client.get(f"/api/v1/bookings/{booking['id']}/qr", headers=holding["headers"]).get_json()
    page = screen.page
    _log_in(page)
    page.goto(f"/venue/sessions/{sid}")

    show_qr(camera, qr["token"])  # the parent holds up 「我的预约」's check-in code
    page.click("text=扫码签到")
    page.wait_for_url(f"**/venue/sessions/{sid}")
    assert _flash(page) == f"预约号 {booking['id']} 签到成功"
    assert _my_booking(client, holding["headers"], booking["id"])["status"] == "attended"

    # One voucher pays one seat: a second family, booked too, brings a printed voucher.
    other = family()
    claimed = client.post(f"/api/v1/voucher-batches/{holding['batch']['id']}/claim",
                          headers=other["headers"], json={"child_id": other["child_id"]})
    client.post(f"/api/v1/sessions/{sid}/bookings", headers=other["headers"],
                json={"child_id": other["child_id"]})
    token = client.get(f"/api/v1/me/vouchers/{holding['vouchers'][1]['id']}/qr",
                       headers=holding["headers"]).get_json()["qr_token"]
    printed = claimed.get_json()[0]
    for who, text, voucher_id in (
            (holding, token, holding["vouchers"][1]["id"]),  # the mini-program's voucher QR
            (other, printed["code"], printed["id"])):  # a printed voucher's plain code
        show_qr(camera, text)
        with page.expect_navigation():
            page.click("text=扫码核销")
        assert _flash(page).startswith("核销成功"), text
        assert _my_voucher(client, who["headers"], voucher_id)["status"] == "redeemed"
    screen.shoot("scanned")


def test_clerk_reads_a_home_visits_address_on_the_session_page(screen, client, make_session,
                                                               venue_setup, family):
    visit = make_session(fmt="入户指导", starts_in=timedelta(days=1),
                         venue_id=venue_setup["x"]["venue_id"], title="入户指导：新生儿家庭访视")
    fam = family(months=1)
    address = "姑苏区双塔街道桂花巷演示小区 3 栋 2 单元 501"
    booked = client.post(f"/api/v1/sessions/{visit['session_id']}/bookings",
                         headers=fam["headers"],
                         json={"child_id": fam["child_id"], "address": address}).get_json()
    page = screen.page
    _log_in(page)
    page.click(f"a[href='/venue/sessions/{visit['session_id']}']")
    line = page.locator(f"tr[data-booking='{booked['id']}'] [data-test=visit-address]")
    assert line.inner_text() == f"上门地址：{address}"
    assert line.is_visible()
    screen.shoot("home-visit")
    page.goto(f"/venue/sessions/{venue_setup['x']['session_id']}")
    assert page.locator("[data-test=visit-address]").count() == 0
