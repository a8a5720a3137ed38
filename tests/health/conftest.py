"""Health-record fixtures: the real content/health/ loaded by the real loader, and a family
whose parent has given both consents, with a child of a chosen sex and age."""
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.common.content import load_all
from app.common.timeutil import today_local
from app.extensions import db


@pytest.fixture
def health_content(app):
    with app.app_context():
        load_all(Path(app.config["CONTENT_DIR"]), ["health"])
        db.session.remove()


@pytest.fixture
def kid(client, login, health_content):
    """kid(days=None, born=None, sex="male", health_consent=True) -> {"headers", "id", "born", "url"}."""

    def _make(days: int | None = 200, born: date | None = None, sex: str | None = "male",
              health_consent: bool = True, headers: dict | None = None):
        headers = headers or login("parent")
        consent = {"consent": True, **({"health_consent": True} if health_consent else {})}
        assert client.patch("/api/v1/me", headers=headers, json=consent).status_code == 200
        born = born or today_local() - timedelta(days=days)
        body = {"nickname": "豆豆", "birth_date": born.isoformat(), "sex": sex}
        response = client.post("/api/v1/me/children", headers=headers, json=body)
        assert response.status_code == 201, response.get_json()
        child_id = response.get_json()["id"]
        return {"headers": headers, "id": child_id, "born": born,
                "url": f"/api/v1/me/children/{child_id}"}

    return _make


def on(born: date, days: int) -> str:
    return (born + timedelta(days=days)).isoformat()
