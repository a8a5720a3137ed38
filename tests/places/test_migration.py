"""Migration 0009 turns the district text people typed into codes and reports what it could not."""
import logging

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db


def test_old_text_becomes_codes_and_the_unmapped_rows_are_reported(tmp_path, caplog):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with app.app_context():
        upgrade(revision="0007_one_history")
        with db.engine.begin() as conn:
            for openid, district in (("a", "高新区"), ("b", "苏州市姑苏区"), ("c", "火星区"),
                                     ("d", None)):
                conn.execute(text("INSERT INTO user_account (role, openid, district, "
                                  "token_version, is_active, created_at) VALUES ('parent', "
                                  ":o, :d, 1, 1, '2026-01-01 00:00:00')"),
                             {"o": openid, "d": district})
            conn.execute(text(
                "INSERT INTO voucher_batch (name, issuer, status, covers_course_ids, "
                "covers_formats, covers_domains, includes_pregnancy, districts, per_child, total, "
                "issued_count, valid_from, valid_until, created_at) VALUES ('b', 'i', 'active', "
                "'[]', '[]', '[]', 0, '[\"虎丘\", \"园区\"]', 1, 10, 0, '2026-01-01', "
                "'2027-01-01', '2026-01-01')"))
        with caplog.at_level(logging.INFO):
            upgrade(revision="0009_places")
        with db.engine.connect() as conn:
            users = dict(conn.execute(text(
                "SELECT openid, district || '/' || coalesce(city, '') FROM user_account")).all())
            districts = conn.execute(text("SELECT districts FROM voucher_batch")).scalar()
        assert users == {"a": "320505/320500", "b": "320508/320500", "c": "火星区/", "d": None}
        assert districts.replace(" ", "") == '["320505","320576"]'
        assert any("user_account.district" in r.message and "火星区" in r.message
                   for r in caplog.records)
        downgrade(revision="0007_one_history")
        with db.engine.connect() as conn:
            back = dict(conn.execute(text("SELECT openid, district FROM user_account")).all())
        assert back == {"a": "虎丘区", "b": "姑苏区", "c": "火星区", "d": None}
        db.engine.dispose()
