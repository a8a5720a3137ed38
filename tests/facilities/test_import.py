"""`flask facilities import`: the district office's spreadsheet, all or nothing."""
from app.extensions import db
from app.facilities.models import Facility
from app.facilities.records import credit_code_problem
from tests.facilities.helpers import HEADER, credit_code, import_file, row, to_csv, write_csv


def facilities(app):
    with app.app_context():
        db.session.expire_all()
        return {f.name: f for f in db.session.query(Facility)}


def test_valid_file_is_imported_and_searchable(runner, client, tmp_path, app):
    path = write_csv(tmp_path, [row("红星托育所", 1), row("蓝天托育园", 2, 服务类型="全日托，计时托")])
    result = import_file(runner, path)
    assert result.exit_code == 0, result.output
    assert "新增 2 条，更新 0 条" in result.output
    stored = facilities(app)
    assert stored["蓝天托育园"].care_types == ["full_day", "hourly"]
    assert stored["红星托育所"].source == "district_office"
    assert client.get("/api/v1/facilities?q=蓝天").get_json()["total"] == 1


def test_one_bad_row_writes_nothing_and_names_line_column_reason(runner, tmp_path, app):
    bad_code = credit_code(3)[:-1] + ("0" if credit_code(3)[-1] != "0" else "1")
    path = write_csv(tmp_path, [
        row("好的托育园", 1),
        row("校验位错误托育园", 3, 统一社会信用代码=bad_code),
        row("空位太多托育园", 4, 托位数="20", 空余托位="25"),
        row("", 5),
        row("月龄反了托育园", 6, 收托月龄下限="30", 收托月龄上限="12"),
        row("坐标错误托育园", 7, 经度="31.3", 纬度="120.6"),
        row("未知服务托育园", 8, 服务类型="全日托、寄宿托"),
        row("超龄托育园", 9, 收托月龄上限="48"),
    ])
    result = import_file(runner, path)
    assert result.exit_code == 1
    out = result.output
    assert "第 3 行 [统一社会信用代码] 统一社会信用代码校验位不正确" in out
    assert "第 4 行 [空余托位] 空余托位（25）不能多于托位数（20）" in out
    assert "第 5 行 [机构名称] 机构名称不能为空" in out
    assert "第 6 行 [收托月龄上限]" in out
    assert "第 7 行 [纬度] 坐标不在中国境内" in out
    assert "第 8 行 [服务类型] 未知的服务类型“寄宿托”" in out
    assert "第 9 行 [收托月龄上限] 收托月龄应在 0 到 36 之间" in out
    assert "未写入任何数据" in out
    assert facilities(app) == {}


def test_gbk_file_from_excel_is_read(runner, tmp_path, app):
    path = write_csv(tmp_path, [row("苏州市姑苏区平江托育中心", 1, 街道="平江街道")], encoding="gbk")
    result = import_file(runner, path)
    assert result.exit_code == 0, result.output
    assert facilities(app)["苏州市姑苏区平江托育中心"].street == "平江街道"


def test_utf8_with_bom_and_full_width_digits(runner, tmp_path, app):
    path = write_csv(tmp_path, [row("全角托育园", 1, 托位数="６０", 空余托位="１２", 收托月龄下限=" 18 ")],
                     encoding="utf-8-sig")
    result = import_file(runner, path)
    assert result.exit_code == 0, result.output
    stored = facilities(app)["全角托育园"]
    assert (stored.places, stored.open_places, stored.age_min_months) == (60, 12, 18)


def test_dry_run_reports_counts_and_writes_nothing(runner, tmp_path, app):
    import_file(runner, write_csv(tmp_path, [row("已有托育园", 1)], name="first.csv"))
    path = write_csv(tmp_path, [row("已有托育园", 1, 空余托位="9"), row("新的托育园", 2)])
    result = import_file(runner, path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "将新增 1 条，将更新 1 条" in result.output and "未写入" in result.output
    stored = facilities(app)
    assert set(stored) == {"已有托育园"} and stored["已有托育园"].open_places == 5


def test_reimport_updates_by_credit_code_then_filing_number(runner, client, tmp_path, app):
    import_file(runner, write_csv(tmp_path, [
        row("红星托育所", 1), row("无代码托育点", 2, 统一社会信用代码="")], name="v1.csv"))
    ids = {name: f.id for name, f in facilities(app).items()}
    result = import_file(runner, write_csv(tmp_path, [
        row("红星托育所（平江店）", 1, 空余托位="0"),
        row("无代码托育点", 2, 统一社会信用代码="", 托位数="12", 空余托位="2")], name="v2.csv"))
    assert "新增 0 条，更新 2 条" in result.output, result.output
    stored = facilities(app)
    assert {name: f.id for name, f in stored.items()} == {
        "红星托育所（平江店）": ids["红星托育所"], "无代码托育点": ids["无代码托育点"]}
    assert stored["红星托育所（平江店）"].open_places == 0
    assert stored["无代码托育点"].places == 12
    # The renamed record is found under its new name only, once.
    assert [i["id"] for i in client.get("/api/v1/facilities?q=平江店").get_json()["items"]] == [
        ids["红星托育所"]]


def test_wgs84_coordinates_are_stored_as_gcj02(runner, tmp_path, app):
    import_file(runner, write_csv(tmp_path, [row("GPS托育园", 1, 坐标系="WGS84",
                                                 经度="120.6300", 纬度="31.3200")]))
    stored = facilities(app)["GPS托育园"]
    # Suzhou's GCJ-02 offset is about +0.0044° longitude and -0.0020° latitude.
    assert 0.0040 < stored.lng - 120.63 < 0.0050 and -0.0025 < stored.lat - 31.32 < -0.0015


def test_duplicate_rows_in_one_file_are_rejected(runner, tmp_path, app):
    result = import_file(runner, write_csv(tmp_path, [row("甲托育园", 1), row("乙托育园", 1)]))
    assert result.exit_code == 1
    assert "第 3 行 [统一社会信用代码] 与第 2 行重复" in result.output
    assert facilities(app) == {}


def test_missing_required_column_is_reported_on_line_1(runner, tmp_path, app):
    header = [h for h in HEADER if h != "区县"]
    result = import_file(runner, write_csv(tmp_path, [row("甲托育园", 1)], header=header))
    assert result.exit_code == 1 and "第 1 行 [表头] 缺少必需的列：区县" in result.output


def test_check_character_agrees_with_real_credit_codes():
    for code in ("91350100M000100Y43", "91310000710936241R", "91440300708461136T"):
        assert credit_code_problem(code) is None
    assert credit_code_problem("91350100M000100Y44") == "统一社会信用代码校验位不正确"
    assert credit_code_problem("91350100M000100I43") == "统一社会信用代码含有无效字符“I”"


def test_content_load_imports_the_folder_and_a_bad_file_changes_nothing(runner, tmp_path, app):
    folder = tmp_path / "content" / "facilities"
    folder.mkdir(parents=True)
    write_csv(folder, [row("内容托育园", 1)], name="facilities_demo.csv")
    result = runner.invoke(args=["content", "load", "--dir", str(tmp_path / "content"),
                                 "--only", "facilities"])
    assert result.exit_code == 0, result.output
    assert "facilities_created=1" in result.output
    again = runner.invoke(args=["content", "load", "--dir", str(tmp_path / "content"),
                                "--only", "facilities"])
    assert "facilities_created=0" in again.output and len(facilities(app)) == 1
    write_csv(folder, [row("第二家托育园", 2), row("坏托育园", 3, 托位数="1", 空余托位="2")],
              name="facilities_more.csv")
    bad = runner.invoke(args=["content", "load", "--dir", str(tmp_path / "content"),
                              "--only", "facilities"])
    assert bad.exit_code == 1 and "facilities_more.csv" in bad.output and "第 3 行" in bad.output
    assert set(facilities(app)) == {"内容托育园"}


def test_filing_number_of_another_facility_is_a_row_error_not_a_crash(runner, tmp_path, app):
    import_file(runner, write_csv(tmp_path, [row("甲托育园", 1), row("乙托育园", 2)], name="v1.csv"))
    clash = row("甲托育园", 1, 备案编号=row("乙托育园", 2)["备案编号"])
    result = import_file(runner, write_csv(tmp_path, [clash], name="v2.csv"))
    assert result.exit_code == 1
    assert "第 2 行 [备案编号] 备案编号已属于另一家机构" in result.output


def test_demo_registry_loads_and_is_marked_synthetic(runner, app, client):
    import sys
    from pathlib import Path

    from app.facilities.models import NursingRoom
    from app.facilities.records import DISTRICTS
    from app.places.service import district_name

    result = runner.invoke(args=["content", "load", "--only", "facilities"])
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(Path(app.root_path).parent / "scripts"))
    from gen_facilities import in_lake

    with app.app_context():
        stored = list(facilities(app).values())
        rooms = db.session.query(NursingRoom).all()
        assert len(stored) >= 600 and len(rooms) >= 150
        assert {district_name(f.district) for f in stored} == set(DISTRICTS)
        assert {f.source for f in stored} == {"synthetic"} == {r.source for r in rooms}
        assert all("非真实机构" in f.source_note for f in stored)
        assert not any(in_lake(f.lat, f.lng) for f in stored + rooms)
    assert client.get("/api/v1/facilities?q=xinta").get_json()["total"] >= 1


# ---- broken and hostile files: an error with its line, never a traceback ----------------------
def test_a_field_over_the_csv_limit_names_its_line(runner, tmp_path, app):
    """An unclosed quote swallows the rest of the file into one field past csv's limit."""
    good = to_csv([row("好的托育园", 1)])
    path = tmp_path / "facilities.csv"
    path.write_text(good + '"未闭合的引号托育园,' + "x" * 200_000 + "\n", encoding="utf-8")
    result = import_file(runner, path)
    assert result.exit_code == 1
    assert "第 3 行 [文件] 从这一行起有一个字段超过 131072 个字符" in result.output
    assert isinstance(result.exception, SystemExit)  # a report, not a crash
    assert facilities(app) == {}


def test_an_over_long_cell_and_a_nul_byte_name_line_and_column(runner, tmp_path, app):
    path = write_csv(tmp_path, [row("好的托育园", 1), row("地址太长托育园", 2, 地址="路" * 3000),
                                row("空\x00字符托育园", 3)])
    result = import_file(runner, path)
    assert result.exit_code == 1
    assert "第 3 行 [地址] 内容过长（3000 个字符，最多 2000 个）" in result.output
    assert "第 4 行 [机构名称] 含有空字符（NUL）" in result.output
    assert facilities(app) == {}


def test_garbage_bytes_are_refused_at_the_header(runner, tmp_path, app):
    path = tmp_path / "facilities.csv"
    path.write_bytes(bytes(range(256)) * 4000)  # a binary file picked by mistake
    result = import_file(runner, path)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a report, not a crash
    first = result.output.strip().splitlines()[0]
    assert first.startswith(("第 1 行 [文件]", "第 1 行 [表头] 缺少必需的列")), first


def test_a_file_too_big_to_be_a_registry_is_refused_before_it_is_read(runner, tmp_path, app):
    path = tmp_path / "facilities.csv"
    with path.open("wb") as out:  # sparse: 3 GB on paper, nothing on disk
        out.truncate(3 * 1024 ** 3)
    result = import_file(runner, path)
    assert result.exit_code != 0
    assert "文件过大（3072.0 MB，上限 20 MB）" in result.output
    assert facilities(app) == {}


def test_the_report_lists_the_first_100_errors_and_the_total(runner, tmp_path, app):
    rows = [row(f"托育园{n}", n, 托位数="很多") for n in range(1, 251)]
    result = import_file(runner, write_csv(tmp_path, rows))
    assert result.exit_code == 1
    listed = [line for line in result.output.splitlines() if line.startswith("第 ")]
    assert len(listed) == 100
    assert listed[0].startswith("第 2 行 [托位数]") and listed[-1].startswith("第 101 行")
    assert "……另有 150 处错误未列出" in result.output
    assert "共发现 250 处错误，未写入任何数据。" in result.output


def test_excel_unicode_text_in_utf16_is_read(runner, tmp_path, app):
    path = tmp_path / "facilities.csv"
    path.write_bytes(to_csv([row("统一编码托育园", 1)]).encode("utf-16"))
    result = import_file(runner, path)
    assert result.exit_code == 0, result.output
    assert "统一编码托育园" in facilities(app)


def test_an_admin_page_can_check_then_confirm_an_import_in_its_own_transaction(app, client):
    # The function a web page calls (service.run_import(stage, data, dry_run)): it joins the
    # caller's unit of work, so a dry run leaves nothing, a confirmed import commits with the
    # caller, and an error later in the same request takes the import back with it.
    import pytest

    from app.common.uow import transaction
    from app.facilities import service

    data = to_csv([row("网页导入托育园", 31), row("网页导入二园", 32)]).encode()
    with app.app_context():
        with transaction():
            report = service.run_import(service.stage_facility_import, data, dry_run=True)
        assert (report.ok, report.created, report.updated) == (True, 2, 0)
    assert facilities(app) == {}

    with app.app_context(), pytest.raises(RuntimeError):
        with transaction():
            assert service.run_import(service.stage_facility_import, data, dry_run=False).ok
            raise RuntimeError("the page failed after the import")
    assert facilities(app) == {}
    assert client.get("/api/v1/facilities?q=网页导入").get_json()["total"] == 0

    with app.app_context():
        with transaction():
            report = service.run_import(service.stage_facility_import, data, dry_run=False)
        assert (report.created, report.updated) == (2, 0)
    assert set(facilities(app)) == {"网页导入托育园", "网页导入二园"}
    assert client.get("/api/v1/facilities?q=网页导入").get_json()["total"] == 2
