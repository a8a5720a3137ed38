"""Every district field takes a name, alias or code, stores the code and shows the name."""
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db


def _me(client, headers, **changes):
    return client.patch("/api/v1/me", headers=headers, json=changes)


def test_a_parent_types_an_alias_and_sees_the_districts_name(client, login, app):
    headers = login("parent", openid="mum-1")
    me = _me(client, headers, district="园区").get_json()
    assert (me["district"], me["district_code"], me["city"], me["city_code"]) == (
        "苏州工业园区", "320576", "苏州市", "320500")
    assert _me(client, headers, district="苏州市虎丘区").get_json()["district"] == "虎丘区"
    assert _me(client, headers, district="320508").get_json()["district"] == "姑苏区"
    with app.app_context():
        stored = db.session.scalars(select(User.district).where(User.openid == "mum-1")).one()
    assert stored == "320508"


def test_an_unknown_district_is_a_422_suggesting_the_nearest_names(client, login):
    headers = login("parent")
    response = _me(client, headers, district="姑苏去")
    assert response.status_code == 422
    message = response.get_json()["errors"]["district"][0]
    assert "姑苏去" in message and "姑苏区" in message
    assert client.get("/api/v1/me", headers=headers).get_json()["district"] is None


def test_a_district_of_a_city_not_served_is_refused_naming_the_served_cities(client, login):
    response = _me(client, login("parent"), district="利州区")
    assert response.status_code == 422
    assert "苏州市" in response.get_json()["errors"]["district"][0]


def test_a_parent_chooses_a_city_from_their_district_or_explicitly(client, login, two_cities):
    headers = login("parent")
    assert _me(client, headers, district="利州区").get_json()["city"] == "广元市"
    me = _me(client, headers, city="苏州").get_json()
    assert (me["city"], me["district"]) == ("苏州市", None)   # 利州区 is not in 苏州市
    refused = _me(client, headers, city="广元市", district="姑苏区")
    assert refused.status_code == 422 and "district" in refused.get_json()["errors"]
    unknown = _me(client, headers, city="成都")
    assert unknown.status_code == 422 and "city" in unknown.get_json()["errors"]


def test_a_mother_who_typed_an_alias_gets_her_districts_vouchers(client, make_batch, family):
    batch = make_batch(districts=["虎丘"])
    assert batch["districts"] == ["虎丘区"]
    for typed in ("高新区", "苏州市虎丘区", "新区"):
        fam = family(district=typed)
        claimed = client.post(f"/api/v1/voucher-batches/{batch['id']}/claim",
                              headers=fam["headers"], json={"child_id": fam["child_id"]})
        assert claimed.status_code == 201, (typed, claimed.get_json())


def test_a_batch_for_an_unknown_district_is_refused(client, admin, make_batch):
    response = client.post("/api/v1/admin/voucher-batches", headers=admin, json={
        "name": "批次", "issuer": "虎丘区卫生健康委员会", "total": 10,
        "valid_from": "2026-01-01T00:00:00+08:00", "valid_until": "2026-12-31T00:00:00+08:00",
        "districts": ["虎丘", "Mars"]})
    assert response.status_code == 422
    assert "Mars" in str(response.get_json()["errors"]["districts"])


def test_the_bot_answers_a_guangyuan_parent_with_sichuans_rule(client, login, kb, two_cities):
    headers = login("parent")
    assert _me(client, headers, district="利州区").status_code == 200
    answer = client.post("/api/v1/bot/ask", json={"question": "产假多少天"}, headers=headers)
    assert answer.status_code == 200
    assert answer.get_json()["province"] == "四川"
    suzhou = login("parent")
    _me(client, suzhou, district="姑苏区")
    assert client.post("/api/v1/bot/ask", json={"question": "产假多少天"},
                       headers=suzhou).get_json()["province"] == "江苏"
