"""Near me, checked against a brute-force haversine over the whole registry.

The index measures only the facilities of grid cells the circle's edge crosses (cells wholly
inside join unmeasured, cells wholly outside are skipped) and pages by distance from the nearest
cells, so these tests put 300 facilities on a 6 km square around the point: every kind of cell
occurs, and each radius below cuts through many of them."""
import random

import pytest

from app.common.geo import haversine_m
from tests.facilities.helpers import import_file, row, write_csv

CENTRE = (31.3000, 120.6200)


@pytest.fixture
def dense(runner, tmp_path):
    """300 facilities at random points of the square; returns {id: (lat, lng)}."""
    rnd = random.Random(13)
    rows = [row(f"测距托育{n}号园", 100 + n, 经度=f"{CENTRE[1] + rnd.uniform(-0.032, 0.032):.6f}",
                纬度=f"{CENTRE[0] + rnd.uniform(-0.027, 0.027):.6f}") for n in range(300)]
    result = import_file(runner, write_csv(tmp_path, rows))
    assert result.exit_code == 0, result.output
    from app.extensions import db
    from app.facilities.models import Facility

    with runner.app.app_context():
        return {f.id: (f.lat, f.lng) for f in db.session.query(Facility)}


def brute_force(points, lat, lng, radius_m=None):
    measured = sorted((haversine_m(lat, lng, *p), i) for i, p in points.items())
    return [(i, d) for d, i in measured if radius_m is None or d <= radius_m]


def all_pages(client, **params):
    items, page = [], 1
    while True:
        body = client.get("/api/v1/facilities", query_string={
            **params, "sort": "distance", "per_page": 50, "page": page}).get_json()
        items += body["items"]
        if page * 50 >= body["total"]:
            return body["total"], items
        page += 1


@pytest.mark.parametrize("lat, lng, radius_km", [
    (*CENTRE, 2.0), (*CENTRE, 0.7), (31.3123, 120.6077, 1.3), (31.2811, 120.6410, 2.5)])
def test_near_me_lists_exactly_the_facilities_within_the_radius_nearest_first(
        client, dense, lat, lng, radius_km):
    expected = brute_force(dense, lat, lng, radius_km * 1000)
    assert 10 < len(expected) < len(dense)   # the circle cuts through the registry
    total, items = all_pages(client, lat=lat, lng=lng, radius_km=radius_km)
    assert total == len(expected)
    assert [item["id"] for item in items] == [i for i, _ in expected]
    assert all(abs(item["distance_m"] - d) <= 1 for item, (_, d) in zip(items, expected))


def test_the_radius_edge_is_decided_by_the_distance_itself(client, dense):
    # A facility half a metre inside the radius is listed; half a metre outside it is not.
    for facility_id, d in brute_force(dense, *CENTRE)[40:200:40]:
        inside = all_pages(client, lat=CENTRE[0], lng=CENTRE[1], radius_km=(d + 0.5) / 1000)[1]
        outside = all_pages(client, lat=CENTRE[0], lng=CENTRE[1], radius_km=(d - 0.5) / 1000)[1]
        assert inside[-1]["id"] == facility_id
        assert facility_id not in [item["id"] for item in outside]
        assert len(outside) == len(inside) - 1


def test_nearest_first_without_a_radius_pages_like_the_brute_force(client, dense):
    expected = [i for i, _ in brute_force(dense, 31.2950, 120.6300)]
    seen = []
    for page in range(1, 4):
        body = client.get("/api/v1/facilities", query_string={
            "lat": 31.2950, "lng": 120.6300, "sort": "distance", "per_page": 20,
            "page": page}).get_json()
        seen += [item["id"] for item in body["items"]]
    assert body["total"] == len(dense) and seen == expected[:60]


def test_a_typo_near_me_finds_the_corrected_name_inside_the_radius(client, registry):
    near = {"q": "金色摇兰", "lat": 31.3110, "lng": 120.6690, "radius_km": 2}
    body = client.get("/api/v1/facilities", query_string=near).get_json()
    assert [item["name"] for item in body["items"]] == ["金色摇篮东环托育中心"]
    assert body["mode"] == "fuzzy" and body["items"][0]["match"] == "fuzzy"
    far = client.get("/api/v1/facilities", query_string={
        **near, "lat": 31.3850, "lng": 120.9800}).get_json()   # Kunshan, ~30 km away
    assert far["total"] == 0
