"""The admin console's content in a real browser (Debian's Chromium through Playwright, 1440 ×
900): a city admin creates a voucher batch, reads the eligibility preview, activates and issues
it, and the parents' API shows the vouchers; a district admin does not see another district's
venue and its address is a 404 page. Screenshots go to artefacts/screenshots/."""
from datetime import timedelta

from app.common.timeutil import to_local, utcnow
from app.courses.models import Venue
from app.extensions import db
from tests.consoles.conftest import PASSWORD, make_admin


def _log_in(page, username):
    page.goto("/admin/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/admin/dashboard")


def _day(delta_days: int) -> str:
    return to_local(utcnow() + timedelta(days=delta_days)).strftime("%Y-%m-%d")


def test_city_admin_creates_previews_activates_and_issues_a_batch(admin_screen, app, client,
                                                                  family):
    eligible = [family(months=6), family(months=20)]
    family(months=12, district="吴中区")            # another district: not reached
    make_admin(app, "admin-city", "市卫健委李科长")
    page = admin_screen.page
    _log_in(page, "admin-city")

    page.click("nav.side >> text=服务券批次")
    page.click("text=新建批次")
    page.fill("#name", "姑苏区婴幼儿养育照护服务券")
    page.fill("#issuer", "姑苏区卫生健康委员会")
    page.fill("#min_age_months", "0")
    page.fill("#max_age_months", "36")
    page.fill("#per_child", "2")
    page.fill("#total", "500")
    page.fill("#valid_from", _day(-1))
    page.fill("#valid_until", _day(90))
    page.check("input[name=districts][value='320508']")
    page.check("input[name=covers_formats][value='亲子游戏']")
    admin_screen.shoot("batch-form")
    page.click("#batch-form button.primary")

    assert "已保存为草稿" in page.locator(".flash").first.inner_text()
    assert page.locator("[data-test=batch-status]").inner_text() == "草稿"
    assert page.locator("[data-test=preview-children]").inner_text() == "2"
    assert "姑苏区" in page.locator("[data-test=preview-districts]").inner_text()
    admin_screen.shoot("batch-preview")

    page.click("#activate")
    assert page.locator("[data-test=batch-status]").inner_text() == "发放中"
    page.click("#issue")
    assert "已向 2 名儿童发放 4 张服务券" in page.locator(".flash").first.inner_text()
    assert page.locator("[data-test=stats-total] td").first.inner_text() == "4"
    admin_screen.shoot("batch-issued")

    for fam in eligible:
        mine = client.get("/api/v1/me/vouchers", headers=fam["headers"]).get_json()
        held = mine["items"] if isinstance(mine, dict) else mine
        assert [v["batch_name"] for v in held] == ["姑苏区婴幼儿养育照护服务券"] * 2


def test_a_district_admin_never_sees_another_districts_venue(admin_screen, app, make_session):
    gusu = make_session()                       # a 姑苏区 venue
    with app.app_context():
        db.session.add(Venue(name="吴中区儿童早期发展基地", kind="儿童早期发展基地",
                             district="320506", address="东吴北路 1 号"))
        db.session.commit()
    make_admin(app, "admin-wz", "吴中区卫健委", scope="吴中区")
    page = admin_screen.page
    _log_in(page, "admin-wz")
    assert page.locator("[data-test=admin-scope]").inner_text() == "管理范围：吴中区"

    page.click("nav.side >> text=场地")
    rows = page.locator("[data-test=venues] tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == "吴中区儿童早期发展基地"
    page.goto("/admin/venues?district=320508")   # asking for 姑苏区 still shows 吴中区 only
    assert page.locator("[data-test=venues] tbody tr").count() == 1
    assert "社区优育课堂" not in page.locator("[data-test=venues]").inner_text()
    admin_screen.shoot("district-venues")

    seen = len(admin_screen.errors)
    answer = page.goto(f"/admin/venues/{gusu['venue_id']}")
    assert answer.status == 404
    # Chromium reports the 404 itself as a console error: that one is expected, nothing else.
    assert [e for e in admin_screen.errors[seen:] if "404" not in e] == []
    del admin_screen.errors[seen:]
    assert "页面不存在" in page.locator("main").inner_text()
    admin_screen.shoot("district-venue-404")
