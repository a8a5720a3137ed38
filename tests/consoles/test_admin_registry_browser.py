"""A district admin in a real browser (Debian's Chromium, 1440 × 900): upload a GBK CSV with a
bad row and see the line and column named with nothing written; fix it and import it; find the
rows in the list; edit one record's public notice; read the import and the edit in the audit
log. Screenshots go to artefacts/screenshots/."""
from sqlalchemy import select

from app.extensions import db
from app.facilities.models import Facility
from tests.consoles.conftest import PASSWORD, make_admin
from tests.facilities.helpers import row, to_csv


def _names(app) -> set:
    with app.app_context():
        db.session.expire_all()
        return set(db.session.scalars(select(Facility.name)))


def _upload(page, name: str, data: bytes) -> None:
    page.goto("/admin/facilities")
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/admin/facilities/uploads/*")


def test_district_admin_imports_the_registry_and_reads_the_audit_log(admin_screen, app):
    make_admin(app, "admin-wz", "吴中区卫健委王科员", scope="吴中区")
    page = admin_screen.page
    page.goto("/admin/facilities")
    page.fill("#username", "admin-wz")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/admin/facilities")
    assert page.locator("[data-test=admin-scope]").inner_text() == "管理范围：吴中区"

    rows = [row("吴中区木渎托育园", 1, 区县="吴中区", 街道="木渎镇"),
            row("吴中区长桥托育中心", 2, 区县="吴中区", 街道="长桥街道", 托位数="20", 空余托位="25")]
    _upload(page, "吴中区托育机构.csv", to_csv(rows).encode("gbk"))
    errors = page.locator("[data-test=row-error]")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t") == ["第 3 行", "空余托位", "空余托位（25）不能多于托位数（20）"]
    assert "未写入任何数据" in page.locator("[data-test=upload-errors] h2").inner_text()
    assert page.locator("text=确认导入").count() == 0
    admin_screen.shoot("upload-refused")
    assert _names(app) == set()

    rows[1]["空余托位"] = "2"
    _upload(page, "吴中区托育机构-改.csv", to_csv(rows).encode("gbk"))
    assert page.locator("[data-test=upload-counts]").inner_text() == "将新增 2 条，将更新 0 条。"
    admin_screen.shoot("upload-checked")
    assert _names(app) == set(), "the dry run writes nothing"
    page.click("text=确认导入")
    page.wait_for_url("**/admin/facilities")
    assert "导入完成：新增 2 条，更新 0 条" in page.locator(".flash").first.inner_text()
    listed = page.locator("[data-test=facilities] tbody tr")
    assert listed.count() == 2
    assert {listed.nth(i).locator("td").first.inner_text() for i in range(2)} == \
        {"吴中区木渎托育园", "吴中区长桥托育中心"}
    admin_screen.shoot("registry-list")

    page.locator("tr", has_text="吴中区长桥托育中心").locator("text=编辑").click()
    page.fill("#quality_grade", "B级")
    page.fill("#quality_assessed_on", "2025-09-30")
    page.click("#facility-form button.primary")
    assert "已保存：吴中区长桥托育中心" in page.locator(".flash").first.inner_text()
    assert page.input_value("#quality_grade") == "B级"
    admin_screen.shoot("facility-edited")

    page.click("nav.side >> text=操作日志")
    page.wait_for_url("**/admin/audit")
    entries = page.locator("[data-test=audit] tbody tr")
    assert entries.count() == 3  # two created by the import, one edit
    edit = entries.first
    assert edit.locator("[data-test=actor]").inner_text() == "吴中区卫健委王科员"
    assert "修改" in edit.inner_text()
    assert "质量评估等级：（空） → B级" in edit.locator("[data-test=changes]").inner_text()
    assert all("新增" in entries.nth(i).inner_text() for i in (1, 2))
    admin_screen.shoot("audit-log")
    with page.expect_download() as download:
        page.click("[data-test=audit-csv]")
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert exported.count("\n") == 4 and "B级" in exported
