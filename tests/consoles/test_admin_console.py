"""The admin console's frame: who may enter, and what every page shows (name, scope, logout)."""
import pytest

from tests.consoles.conftest import make_admin, make_clerk, post_form, sign_in


@pytest.fixture
def city_admin(app, client):
    make_admin(app, "admin-city", "市卫健委李科长")
    assert sign_in(client, "admin-city", console="admin").status_code == 302
    return client


def test_signed_out_goes_to_the_admin_login_and_comes_back(client, app):
    make_admin(app, "admin-city")
    response = client.get("/admin/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=/admin/dashboard")
    login = sign_in(client, "admin-city", console="admin")
    assert login.status_code == 302 and login.headers["Location"] == "/admin/dashboard"


def test_every_page_shows_the_name_the_scope_and_logout(city_admin):
    page = city_admin.get("/admin/dashboard").get_data(as_text=True)
    assert "市卫健委李科长" in page
    assert "管理范围：全部服务城市" in page
    assert "退出登录" in page
    out = post_form(city_admin, "/admin/dashboard", "/admin/logout")
    assert "已退出登录" in out.get_data(as_text=True)
    assert city_admin.get("/admin/dashboard").status_code == 302


def test_a_district_admin_sees_their_district_named(app, client):
    make_admin(app, "admin-wz", "吴中区卫健委", scope="吴中区")
    sign_in(client, "admin-wz", console="admin")
    assert "管理范围：吴中区" in client.get("/admin/dashboard").get_data(as_text=True)


def test_venue_staff_cannot_enter_the_admin_console(app, client, make_session):
    venue_id = make_session()["venue_id"]
    make_clerk(app, venue_id, "clerk-admin-try")
    refused = sign_in(client, "clerk-admin-try", console="admin")
    assert refused.status_code == 403
    assert "该账号不能登录此管理台" in refused.get_data(as_text=True)
    assert client.get("/admin/dashboard").status_code == 302  # still signed out


def test_a_clerk_signed_in_at_the_venue_console_is_refused_admin_pages(app, client,
                                                                      make_session):
    make_clerk(app, make_session()["venue_id"], "clerk-at-door")
    assert sign_in(client, "clerk-at-door").status_code == 302
    assert client.get("/admin/dashboard").status_code == 403


def test_a_district_admin_is_not_offered_the_city_only_faq_page(app, client):
    make_admin(app, "admin-gs", "姑苏区卫健委", scope="姑苏区")
    sign_in(client, "admin-gs", console="admin")
    page = client.get("/admin/dashboard").get_data(as_text=True)
    assert 'href="/admin/facilities"' in page
    assert 'href="/admin/faq"' not in page
    assert client.get("/admin/faq").status_code == 403


def test_a_city_admin_is_offered_every_area(city_admin):
    page = city_admin.get("/admin/dashboard").get_data(as_text=True)
    for path in ("/admin/venues", "/admin/batches", "/admin/facilities", "/admin/faq",
                 "/admin/audit"):
        assert f'href="{path}"' in page, path
