"""A child's allowance belongs to the child: claiming needs its identity number, kept only as a
keyed hash and a masked form, and no re-add, nickname or second guardian yields new vouchers."""
from app.accounts.models import Child
from app.extensions import db
from tests.common.test_api_contract import assert_error_shape
from tests.domain_fixtures import id_number
from tests.runlog import RunLog


def _consenting(client, login, district="姑苏区"):
    headers = login("parent")
    client.patch("/api/v1/me", headers=headers, json={"consent": True, "district": district})
    return headers


def _add(client, headers, number=None, nickname="乐乐"):
    body = {"nickname": nickname, "birth_date": "2026-01-10"}
    if number:
        body["id_number"] = number
    return client.post("/api/v1/me/children", headers=headers, json=body)


def _claim(client, headers, batch_id, child_id):
    return client.post(f"/api/v1/voucher-batches/{batch_id}/claim", headers=headers,
                       json={"child_id": child_id})


def test_identity_numbers_are_checked_hashed_and_masked(client, login, app):
    headers = _consenting(client, login)
    number = id_number("20260110")
    wrong_check = number[:-1] + ("0" if number[-1] != "0" else "1")
    errors = assert_error_shape(_add(client, headers, wrong_check), 422)["errors"]
    assert "校验位" in errors["id_number"][0]
    assert "出生医学证明" in assert_error_shape(_add(client, headers, "12345"), 422)[
        "errors"]["id_number"][0]
    child = _add(client, headers, number).get_json()
    assert child["id_number_masked"] == f"{number[:4]}**********{number[-4:]}"
    assert "id_number" not in child
    assert _add(client, headers, "Q440123456").status_code == 201  # a 出生医学证明编号
    with app.app_context():
        stored = db.session.get(Child, child["id"])
        assert stored.id_hash and number not in (stored.id_hash, stored.id_masked)
    export = client.get("/api/v1/me/export", headers=headers).get_data(as_text=True)
    assert number not in export and child["id_number_masked"] in export
    assert not any(number in line for line in RunLog.lines)
    again = assert_error_shape(_add(client, headers, number, nickname="乐乐宝"), 409,
                               "child_already_added")
    assert "id_number" in again["errors"]


def test_claiming_needs_the_number(client, login, make_batch):
    batch = make_batch()
    headers = _consenting(client, login)
    child = _add(client, headers).get_json()
    body = assert_error_shape(_claim(client, headers, batch["id"], child["id"]), 409,
                              "id_number_required")
    assert "身份证号" in body["message"]
    client.patch(f"/api/v1/me/children/{child['id']}", headers=headers,
                 json={"id_number": id_number("20260110")})
    assert _claim(client, headers, batch["id"], child["id"]).status_code == 201


def test_re_adding_the_child_or_a_second_guardian_gets_nothing_new(client, login, make_batch):
    batch = make_batch()
    number = id_number("20260110")
    mother = _consenting(client, login)
    first = _add(client, mother, number).get_json()
    assert len(_claim(client, mother, batch["id"], first["id"]).get_json()) == 4
    father = _consenting(client, login)
    his = _add(client, father, number, nickname="小乐").get_json()
    body = assert_error_shape(_claim(client, father, batch["id"], his["id"]), 409,
                              "held_by_other_guardian")
    assert "另一位监护人" in body["message"]
    deleted = client.delete(f"/api/v1/me/children/{first['id']}", headers=mother)
    assert len(deleted.get_json()["revoked_vouchers"]) == 4
    readded = _add(client, mother, number, nickname="乐乐2").get_json()
    assert_error_shape(_claim(client, mother, batch["id"], readded["id"]), 409, "already_claimed")
    remaining = client.get(f"/api/v1/admin/voucher-batches/{batch['id']}",
                           headers=login("admin")).get_json()
    assert remaining["issued_count"] == 4
