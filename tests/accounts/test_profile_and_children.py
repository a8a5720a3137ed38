"""A parent's profile, guardian consent, and children that nobody else can see."""
from datetime import timedelta

from app.common.timeutil import today_local
from tests.common.test_api_contract import assert_error_shape


def test_phone_is_stored_but_shown_masked(client, login):
    headers = login("parent")
    response = client.patch("/api/v1/me", headers=headers,
                            json={"phone": "13812345678", "nickname": "乐乐妈", "district": "姑苏区"})
    assert response.status_code == 200
    assert response.get_json()["phone"] == "138****5678"
    assert "13812345678" not in client.get("/api/v1/me", headers=headers).get_data(as_text=True)


def test_bad_phone_is_rejected_with_field(client, login):
    body = assert_error_shape(client.patch("/api/v1/me", headers=login("parent"),
                                           json={"phone": "12345"}), 422)
    assert "phone" in body["errors"]


def test_child_needs_consent_first(client, login):
    headers = login("parent")
    born = (today_local() - timedelta(days=200)).isoformat()
    response = client.post("/api/v1/me/children", headers=headers,
                           json={"nickname": "乐乐", "birth_date": born})
    assert_error_shape(response, 403, "consent_required")
    assert client.get("/api/v1/me/children", headers=headers).get_json() == []
    client.patch("/api/v1/me", headers=headers, json={"consent": True})
    assert client.get("/api/v1/me", headers=headers).get_json()["consent_at"].endswith("+08:00")
    assert client.post("/api/v1/me/children", headers=headers,
                       json={"nickname": "乐乐", "birth_date": born}).status_code == 201


def test_child_age_in_months_and_expected_baby_in_weeks(client, parent_with_consent):
    today = today_local()
    born = today.replace(year=today.year - 1)
    child = client.post("/api/v1/me/children", headers=parent_with_consent,
                        json={"nickname": "大宝", "birth_date": born.isoformat()}).get_json()
    assert child["age_months"] == 12 and child["expected"] is False
    due = today + timedelta(days=140)  # 20 weeks to go: 20 weeks pregnant
    baby = client.post("/api/v1/me/children", headers=parent_with_consent,
                       json={"nickname": "二宝", "due_date": due.isoformat()}).get_json()
    assert baby["expected"] is True and baby["pregnancy_weeks"] == 20
    assert baby["age_months"] is None


def test_child_needs_exactly_one_date_and_sane_dates(client, parent_with_consent):
    today = today_local()
    for payload, field in [
        ({"nickname": "x"}, "birth_date"),
        ({"nickname": "x", "birth_date": today.isoformat(), "due_date": today.isoformat()},
         "birth_date"),
        ({"nickname": "x", "birth_date": (today + timedelta(days=3)).isoformat()}, "birth_date"),
        ({"nickname": "x", "due_date": (today + timedelta(days=400)).isoformat()}, "due_date"),
        ({"nickname": "x", "birth_date": "2024-02-30"}, "birth_date"),
    ]:
        body = assert_error_shape(client.post("/api/v1/me/children", headers=parent_with_consent,
                                              json=payload), 422)
        assert field in body["errors"], payload
    assert client.get("/api/v1/me/children", headers=parent_with_consent).get_json() == []


def test_expected_baby_is_born(client, parent_with_consent):
    today = today_local()
    baby = client.post("/api/v1/me/children", headers=parent_with_consent, json={
        "nickname": "小宝", "due_date": (today + timedelta(days=5)).isoformat()}).get_json()
    born = client.patch(f"/api/v1/me/children/{baby['id']}", headers=parent_with_consent,
                        json={"birth_date": today.isoformat()}).get_json()
    assert born["expected"] is False and born["age_months"] == 0 and born["due_date"] is None


def test_another_parents_child_is_not_found(client, login, parent_with_consent):
    born = (today_local() - timedelta(days=100)).isoformat()
    child = client.post("/api/v1/me/children", headers=parent_with_consent,
                        json={"nickname": "乐乐", "birth_date": born}).get_json()
    other = login("parent")
    client.patch("/api/v1/me", headers=other, json={"consent": True})
    url = f"/api/v1/me/children/{child['id']}"
    assert_error_shape(client.get(url, headers=other), 404, "child_not_found")
    assert_error_shape(client.patch(url, headers=other, json={"nickname": "偷改"}), 404)
    assert_error_shape(client.delete(url, headers=other), 404)
    assert client.get("/api/v1/me/children", headers=other).get_json() == []
    assert client.get(url, headers=parent_with_consent).get_json()["nickname"] == "乐乐"


def test_delete_child_and_withdraw_consent(client, parent_with_consent):
    born = (today_local() - timedelta(days=100)).isoformat()
    child = client.post("/api/v1/me/children", headers=parent_with_consent,
                        json={"nickname": "乐乐", "birth_date": born}).get_json()
    refused = client.patch("/api/v1/me", headers=parent_with_consent, json={"consent": False})
    assert_error_shape(refused, 409, "children_need_consent")
    assert client.delete(f"/api/v1/me/children/{child['id']}",
                         headers=parent_with_consent).status_code == 200
    withdrawn = client.patch("/api/v1/me", headers=parent_with_consent, json={"consent": False})
    assert withdrawn.status_code == 200 and withdrawn.get_json()["consent_at"] is None


def test_staff_cannot_manage_children(client, login, app):
    from tests.accounts.test_auth_and_roles import make_venue

    staff = login("venue_staff", venue_id=make_venue(app))
    assert_error_shape(client.get("/api/v1/me/children", headers=staff), 403)
