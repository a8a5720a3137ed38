"""The demo catalogue in content/courses/: loads, loads twice without change, refuses bad files."""
import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.common.timeutil import utcnow
from app.courses.models import DOMAINS, FORMATS, Course, CourseSession, Venue
from app.extensions import db

CONTENT = Path(__file__).resolve().parents[2] / "content"


def load(runner, directory=CONTENT):
    return runner.invoke(args=["content", "load", "--only", "courses", "--dir", str(directory)])


def snapshot(app) -> list:
    with app.app_context():
        rows = []
        for model in (Venue, Course, CourseSession):
            for row in db.session.scalars(select(model).order_by(model.id)):
                rows.append({c.name: getattr(row, c.key) for c in model.__table__.columns})
        return rows


def test_demo_catalogue_covers_suzhou(app, runner):
    result = load(runner)
    assert result.exit_code == 0, result.output
    with app.app_context():
        courses = db.session.scalars(select(Course)).all()
        venues = db.session.scalars(select(Venue)).all()
        sessions = db.session.scalars(select(CourseSession)).all()
        assert len(courses) >= 30 and len(venues) >= 20 and len(sessions) >= 120
        assert {c.domain for c in courses} == set(DOMAINS)
        assert {c.format for c in courses} == set(FORMATS)
        from app.places.service import district_name

        districts = {district_name(v.district) for v in venues}
        assert {"姑苏区", "吴中区", "相城区", "吴江区", "虎丘区", "苏州工业园区", "常熟市",
                "张家港市", "昆山市", "太仓市"} <= districts
        now = utcnow()
        assert all(now < s.starts_at < now + timedelta(weeks=8, days=1) for s in sessions)
        assert all(s.booking_closes_at == s.starts_at - timedelta(hours=2) for s in sessions)
        for venue in venues:
            if venue.kind != "线上":
                assert 30.7 < venue.lat < 32.1 and 120.2 < venue.lng < 121.4, venue.key


def test_loading_twice_changes_nothing(app, runner):
    assert load(runner).exit_code == 0
    before = snapshot(app)
    again = load(runner)
    assert again.exit_code == 0 and "new_sessions=0" in again.output
    assert snapshot(app) == before


def test_a_bad_file_names_file_entry_and_field_and_changes_nothing(app, runner, tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT / "courses", copy / "courses")
    path = copy / "courses" / "courses.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("domain: 动作", "domain: 体育", 1),
                    encoding="utf-8")
    result = load(runner, copy)
    assert result.exit_code == 1
    assert "courses.yaml" in result.output and "[infant-gross-motor] domain" in result.output
    assert snapshot(app) == []


def test_demo_sessions_can_be_browsed_and_booked(app, runner, client, cat):
    assert load(runner).exit_code == 0
    near = client.get("/api/v1/sessions", query_string={
        "lat": 31.3175, "lng": 120.7120, "available": "true"}).get_json()
    assert near["items"][0]["venue"]["name"] == "金鸡湖街道湖东社区优育课堂"
    open_now = [s for s in client.get("/api/v1/sessions?per_page=50").get_json()["items"]
                if s["booking_state"] == "open" and s["course"]["stage"].startswith("0–36")]
    headers, child = cat.parent_with_child(12)
    booked = cat.book(open_now[0]["id"], headers, child)
    assert booked.status_code == 201 and booked.get_json()["status"] == "confirmed"
    found = client.get("/api/v1/courses", query_string={"q": "辅食"}).get_json()["items"]
    assert found[0]["title"].startswith("6月龄起辅食添加")
