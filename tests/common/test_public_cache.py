"""The catalogue's few-seconds cache: anonymous lists are served from a copy for a moment, a
logged-in parent always gets a fresh answer, and bookings never read the copy."""
from app import create_app


def test_anonymous_session_list_is_a_short_copy_and_a_token_bypasses_it(app, make_session,
                                                                      family, client):
    cached = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "INSTANCE_PATH": app.instance_path, "PUBLIC_CACHE_SECONDS": 60,
                         "SECRET_KEY": app.config["SECRET_KEY"]})
    browser = cached.test_client()
    where = make_session(capacity=2)
    url = f"/api/v1/sessions/{where['session_id']}"
    assert browser.get(url).get_json()["seats_left"] == 2
    fam = family()
    booked = browser.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                          headers=fam["headers"], json={"child_id": fam["child_id"]})
    assert booked.get_json()["status"] == "confirmed"
    assert browser.get(url).get_json()["seats_left"] == 2          # the copy, for a moment
    assert browser.get(url, headers=fam["headers"]).get_json()["seats_left"] == 1  # fresh
    assert client.get(url).get_json()["seats_left"] == 1           # no cache configured
