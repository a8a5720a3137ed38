"""`flask facilities import FILE.csv [--dry-run]`, `flask nursing-rooms import FILE.csv
[--dry-run]`, and the content loader that imports content/facilities/*.csv through the same code."""
import csv
import io
from pathlib import Path

import click
from flask.cli import AppGroup

from app.common.content import ContentError, content_loader
from app.common.uow import transaction
from app.facilities import csvimport, service
from app.places.service import unserved_city

facilities_cli = AppGroup("facilities", help="托育机构：导入区县导出的 CSV。")
rooms_cli = AppGroup("nursing-rooms", help="母婴室：导入 CSV。")

FACILITY_FILES = "facilities*.csv"
ROOM_FILES = "nursing_rooms*.csv"


def _run(stage, path: str, dry_run: bool) -> None:
    too_big = csvimport.size_problem(Path(path).stat().st_size)
    if too_big:
        raise click.ClickException(str(too_big))
    with transaction():
        report = service.run_import(stage, Path(path).read_bytes(), dry_run)
    if not report.ok:
        for line in csvimport.report_lines(report.errors):
            click.echo(line, err=True)
        raise SystemExit(1)
    verb = "将新增" if dry_run else "新增"
    click.echo(f"{verb} {report.created} 条，{'将更新' if dry_run else '更新'} {report.updated} 条"
               + ("（试运行，未写入）" if dry_run else ""))


@facilities_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="只检查并报告，不写入。")
def import_facilities(path, dry_run):
    """导入托育机构 CSV（UTF-8/GBK）：全部行有效才写入；按统一社会信用代码、备案编号更新。"""
    _run(service.stage_facility_import, path, dry_run)


@rooms_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="只检查并报告，不写入。")
def import_rooms(path, dry_run):
    """导入母婴室 CSV：全部行有效才写入；按编号（或同名同地址）更新。"""
    _run(service.stage_room_import, path, dry_run)


@content_loader("facilities", order=40)
def load_facility_content(root: Path) -> dict:
    counts = {"facilities_created": 0, "facilities_updated": 0, "rooms_created": 0,
              "rooms_updated": 0}
    folder = root / "facilities"
    for pattern, stage, prefix in ((FACILITY_FILES, service.stage_facility_import, "facilities"),
                                   (ROOM_FILES, service.stage_room_import, "rooms")):
        for path in sorted(folder.glob(pattern)):
            if _all_in_unserved_cities(path.read_bytes()):
                counts["files_skipped"] = counts.get("files_skipped", 0) + 1
                continue
            report = stage(path.read_bytes(), default_source="content")
            if not report.ok:
                first = report.errors[0]
                raise ContentError(path, first.reason, entry=f"第 {first.line} 行",
                                   field=first.column)
            counts[f"{prefix}_created"] += report.created
            counts[f"{prefix}_updated"] += report.updated
    return counts


def _all_in_unserved_cities(data: bytes) -> bool:
    """A demo file of a city this deployment does not serve (CITIES) is left out whole; a file
    mixing cities is imported, so its rows outside the served cities are reported as errors."""
    try:
        rows = list(csv.DictReader(io.StringIO(csvimport.decode(data))))
    except (csv.Error, ValueError):
        return False   # the import reports what is wrong with it
    districts = {(row.get("区县") or "").strip() for row in rows}
    return bool(rows) and all(d and unserved_city(d) is not None for d in districts)
