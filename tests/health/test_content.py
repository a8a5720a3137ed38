"""content/health/: loaded by `flask content load`, validated by the same code that answers
parents, never half-loaded; and the schedule functions work without Flask."""
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import yaml

from app.health import content, schedule

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_load_reports_counts_and_loading_twice_is_the_same(runner):
    first = runner.invoke(args=["content", "load", "--only", "health"])
    assert first.exit_code == 0, first.output
    assert "immunization=" in first.output and "warning_signs=32" in first.output
    second = runner.invoke(args=["content", "load", "--only", "health"])
    assert second.output.splitlines()[0] == first.output.splitlines()[0]


def _broken(tmp_path, edit):
    shutil.copytree(CONTENT / "health", tmp_path / "health")
    path = tmp_path / "health" / "immunization.yaml"
    document = yaml.safe_load(path.read_text("utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    return tmp_path


def test_a_bad_schedule_changes_nothing_and_says_where(app, runner, client, kid, tmp_path):
    child = kid(days=100)  # loads the real content
    before = client.get(f"{child['url']}/vaccinations", headers=child["headers"]).get_json()

    def skip_a_dose(document):
        document["vaccines"][0]["doses"][1]["dose"] = 5
        document["vaccines"][1]["name"] = "改了名的卡介苗"

    root = _broken(tmp_path, skip_a_dose)
    result = runner.invoke(args=["content", "load", "--dir", str(root), "--only", "health"])
    assert result.exit_code == 1
    assert "immunization.yaml [hepb] dose" in result.output and "连续编号" in result.output
    after = client.get(f"{child['url']}/vaccinations", headers=child["headers"]).get_json()
    assert after == before


def test_an_unknown_confidence_label_or_source_is_refused(runner, tmp_path):
    def bad_label(document):
        document["vaccines"][0]["doses"][0]["confidence"] = "probably"

    result = runner.invoke(args=["content", "load", "--dir", str(_broken(tmp_path / "a", bad_label)),
                                 "--only", "health"])
    assert result.exit_code == 1 and "confidence" in result.output

    def bad_source(document):
        document["vaccines"][0]["doses"][0]["source"] = "nowhere"

    result = runner.invoke(args=["content", "load", "--dir", str(_broken(tmp_path / "b", bad_source)),
                                 "--only", "health"])
    assert result.exit_code == 1 and "nowhere" in result.output


def _plans():
    def read(name):
        return content._json_ready(yaml.safe_load((CONTENT / "health" / f"{name}.yaml")
                                                  .read_text("utf-8")))
    return (schedule.immunization_from(read("immunization")),
            schedule.checkups_from(read("checkups")))


def test_schedule_functions_answer_without_flask():
    immunization, checkups = _plans()
    child = SimpleNamespace(birth_date=date(2026, 1, 31), sex="female")
    today = date(2026, 3, 31)
    given = {("hepb", 1): date(2026, 1, 31), ("bcg", 1): date(2026, 1, 31)}
    soon = schedule.next_doses(child, given, today, immunization, within_days=7)
    assert {(d["vaccine"], d["dose"]) for d in soon} == {("hepb", 2), ("polio", 1), ("dtap", 1)}
    assert all(d["source"]["title"] for d in soon)
    # 31 January + 2 months is the last day of March, not an invalid 31 February.
    assert next(d for d in soon if d["vaccine"] == "dtap")["earliest_on"] == date(2026, 3, 31)
    visit = schedule.next_checkup(child, {"newborn_visit": date(2026, 2, 3)}, today, checkups)
    assert visit["visit"] == "full_month" and visit["status"] == "due"
    assert schedule.next_checkup(child, {}, date(2033, 2, 1), checkups) is None


def test_ages_are_written_one_way():
    assert schedule.Age.parse("13y6m").after(date(2020, 1, 15)) == date(2033, 7, 15)
    assert schedule.Age.parse("0d").label() == "出生时"
    for bad in ("", "6 months", "m2"):
        try:
            schedule.Age.parse(bad)
        except ValueError as exc:
            assert "2m" in str(exc)
        else:
            raise AssertionError(bad)
