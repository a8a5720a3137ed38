"""`flask content load`: validated, all-or-nothing, and loading twice changes nothing."""
import shutil
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.vouchers.models import VoucherBatch

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _batches(app):
    with app.app_context():
        return db.session.execute(select(VoucherBatch.key, VoucherBatch.name,
                                         VoucherBatch.total)).all()


def test_load_twice_changes_nothing(app, runner, client):
    first = runner.invoke(args=["content", "load", "--only", "vouchers"])
    assert first.exit_code == 0, first.output
    assert "batches_created=1" in first.output
    loaded = _batches(app)
    version = client.get("/api/v1/health").get_json()["content_version"]
    assert version
    second = runner.invoke(args=["content", "load", "--only", "vouchers"])
    assert "batches_created=0" in second.output and "batches_updated=1" in second.output
    assert _batches(app) == loaded
    assert client.get("/api/v1/health").get_json()["content_version"] == version


def test_a_bad_file_changes_nothing_and_names_file_entry_field(app, runner, tmp_path):
    shutil.copytree(CONTENT / "vouchers", tmp_path / "vouchers")
    good = runner.invoke(args=["content", "load", "--dir", str(tmp_path), "--only", "vouchers"])
    assert good.exit_code == 0, good.output
    before = _batches(app)
    (tmp_path / "vouchers" / "zz-broken.yaml").write_text(
        "- key: second\n  name: 另一批\n  issuer: 吴中区卫生健康委员会\n  total: 10\n"
        "  per_child: 1\n  min_age_months: 0\n  valid_from: 2026-01-01\n  valid_until: 2025-01-01\n",
        encoding="utf-8")
    # Edit the good batch too: a failed load must not keep this change either.
    path = tmp_path / "vouchers" / "batches.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("total: 200000", "total: 5"),
                    encoding="utf-8")
    bad = runner.invoke(args=["content", "load", "--dir", str(tmp_path), "--only", "vouchers"])
    assert bad.exit_code == 1
    assert "zz-broken.yaml" in bad.output and "[second]" in bad.output
    assert "valid_until" in bad.output
    assert _batches(app) == before


def test_broken_yaml_is_reported_with_its_line(app, runner, tmp_path):
    (tmp_path / "vouchers").mkdir()
    (tmp_path / "vouchers" / "a.yaml").write_text("- key: [unclosed\n", encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--dir", str(tmp_path), "--only", "vouchers"])
    assert result.exit_code == 1 and "a.yaml" in result.output and "第 2 行" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VoucherBatch)) == 0
