"""属地管理 in the statistics: a district office reads its own district (also when it names
none), another district's figures are a 404 as another district's object is; a city admin
reads their own city only when the deployment serves several."""
from datetime import timedelta

import pytest

from app.courses.models import Venue
from app.extensions import db

URL = "/api/v1/admin/stats/overview"


def _get(client, headers, **query):
    return client.get(URL, headers=headers, query_string=query)


def test_a_district_admin_reads_their_district_without_naming_it(client, login, held):
    gusu = login("admin", district="姑苏区")
    figures = _get(client, gusu).get_json()
    assert figures["district"] == "姑苏区"
    assert (figures["classes"]["sessions_held"], figures["classes"]["seats_booked"]) == (2, 7)
    by_alias = _get(client, gusu, district="姑苏").get_json()
    assert by_alias["classes"] == figures["classes"]


def test_another_district_is_a_404_for_a_district_admin(client, login, held):
    gusu = login("admin", district="姑苏区")
    refused = _get(client, gusu, district="吴中区")
    assert refused.status_code == 404
    assert refused.get_json()["code"] == "district_not_found"
    csv = _get(client, gusu, district="吴中区", format="csv", section="classes")
    assert csv.status_code == 404
    # a name that is no district at all is still the 422 naming the field
    assert _get(client, gusu, district="火星区").status_code == 422


def test_a_district_admins_supply_and_vouchers_are_their_own(client, login, admin, registry):
    wuzhong = login("admin", district="吴中区")
    supply = _get(client, wuzhong).get_json()["supply"]
    assert [d["district"] for d in supply["by_district"]] == ["吴中区"]
    assert (supply["facilities"], supply["places"], supply["population"]) == (1, 200, 1390000)


@pytest.fixture
def guangyuan_class(app, two_cities, make_session):
    """A class held in 利州区 (广元市) beside the 姑苏区 ones."""
    lizhou = make_session(starts_in=-timedelta(hours=2), capacity=11)
    with app.app_context():
        db.session.get(Venue, lizhou["venue_id"]).district = "510802"
        db.session.commit()
    return lizhou


def test_a_city_admin_reads_their_city_only(client, login, held, guangyuan_class):
    everyone = _get(client, login("admin")).get_json()["classes"]
    assert (everyone["sessions_held"], everyone["seats_offered"]) == (4, 23)
    suzhou_admin = login("admin", district="苏州市")
    suzhou = _get(client, suzhou_admin).get_json()
    assert suzhou["district"] is None
    assert (suzhou["classes"]["sessions_held"], suzhou["classes"]["seats_offered"]) == (3, 12)
    guangyuan = _get(client, login("admin", district="广元市")).get_json()["classes"]
    assert (guangyuan["sessions_held"], guangyuan["seats_offered"]) == (1, 11)
    assert _get(client, suzhou_admin, district="利州区").status_code == 404
    assert _get(client, suzhou_admin, district="吴中区").get_json()["classes"]["sessions_held"] == 1
