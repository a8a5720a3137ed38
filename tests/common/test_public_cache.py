"""The catalogue's few-seconds cache: lists are served from a copy for a moment, to logged-in
parents too (nearly everyone in the mini-program is), except where the answer depends on who
asks; bookings never read the copy."""
from app import create_app


def _cached_app(app):
    return create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "INSTANCE_PATH": app.instance_path, "PUBLIC_CACHE_SECONDS": 60,
                       "SECRET_KEY": app.config["SECRET_KEY"]})


def test_session_lists_are_a_short_copy_for_everyone_and_bookings_decide_fresh(
        app, make_session, family, client):
    browser = _cached_app(app).test_client()
    where = make_session(capacity=1)
    url = f"/api/v1/sessions/{where['session_id']}"
    first, second = family(), family()
    assert browser.get(url, headers=first["headers"]).get_json()["seats_left"] == 1
    booked = browser.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                          headers=first["headers"], json={"child_id": first["child_id"]})
    assert booked.get_json()["status"] == "confirmed"
    assert browser.get(url).get_json()["seats_left"] == 1                           # the copy
    assert browser.get(url, headers=second["headers"]).get_json()["seats_left"] == 1  # also
    late = browser.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                        headers=second["headers"], json={"child_id": second["child_id"]})
    assert late.get_json()["status"] == "waitlisted"   # the booking read the database
    assert client.get(url).get_json()["seats_left"] == 0                  # no cache configured


def test_the_course_list_with_a_token_is_never_served_from_the_copy(app, make_session, family):
    browser = _cached_app(app).test_client()
    fam = family()
    make_session(title="亲子阅读：绘本里的世界")
    before = browser.get("/api/v1/courses").get_json()["total"]
    assert browser.get("/api/v1/courses", headers=fam["headers"]).get_json()["total"] == before
    make_session(title="亲子阅读：第二课")
    assert browser.get("/api/v1/courses").get_json()["total"] == before           # the copy
    assert browser.get("/api/v1/courses", headers=fam["headers"]).get_json()["total"] == \
        before + 1                                                                  # fresh
