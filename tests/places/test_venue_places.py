"""Venues and sessions: districts by name, alias or code; lists keep to one city."""
import pytest

from app.common import cache
from tests.courses.conftest import Catalogue


@pytest.fixture
def cat(client, login):
    return Catalogue(client, login)


def _names(client, path, headers=None, **params):
    response = client.get(path, headers=headers or {}, query_string=params)
    assert response.status_code == 200, response.get_json()
    items = response.get_json()["items"]
    return [item["venue"]["name"] if "venue" in item else item["name"] for item in items]


def test_a_venue_saved_as_an_alias_shows_under_the_official_name(cat, client):
    venue = cat.venue(name="金鸡湖社区优育课堂", district="工业园区")
    assert (venue["district"], venue["district_code"]) == ("苏州工业园区", "320576")
    cat.session(venue=venue)
    for typed in ("苏州工业园区", "园区", "320576"):
        assert _names(client, "/api/v1/sessions", district=typed) == ["金鸡湖社区优育课堂"]
        assert _names(client, "/api/v1/venues", district=typed) == ["金鸡湖社区优育课堂"]
    refused = client.get("/api/v1/sessions", query_string={"district": "火星"})
    assert refused.status_code == 422 and "district" in refused.get_json()["errors"]


def test_sessions_and_venues_keep_to_the_parents_city(cat, client, login, two_cities, app):
    course = cat.course()
    cat.session(course=course, venue=cat.venue(name="姑苏课堂", district="姑苏区"))
    cat.session(course=course, venue=cat.venue(name="利州课堂", district="利州区",
                                                lat=32.43, lng=105.84))
    app.config["PUBLIC_CACHE_SECONDS"] = 60   # the cached copy must not cross cities either
    try:
        guangyuan = login("parent")
        client.patch("/api/v1/me", headers=guangyuan, json={"district": "利州区"})
        suzhou = login("parent")
        client.patch("/api/v1/me", headers=suzhou, json={"district": "姑苏区"})
        for path in ("/api/v1/sessions", "/api/v1/venues"):
            assert _names(client, path, suzhou) == ["姑苏课堂"]
            assert _names(client, path, guangyuan) == ["利州课堂"]
            assert _names(client, path) == ["姑苏课堂"]
            assert _names(client, path, city="广元") == ["利州课堂"]
    finally:
        app.config["PUBLIC_CACHE_SECONDS"] = 0
        cache._entries.clear()
