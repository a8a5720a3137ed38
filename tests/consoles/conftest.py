"""Console fixtures: a clerk with a password at a venue, and a logged-in console client that
goes through the real login form (CSRF token and all)."""
import re

import pytest

from app.accounts.service import create_staff_account
from app.extensions import db

PASSWORD = "door-tablet-2026"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def make_clerk(app, venue_id: int, username: str = "clerk-x", nickname: str = "王老师",
               role: str = "venue_staff") -> int:
    with app.app_context():
        user = create_staff_account(username, PASSWORD, role, venue_id, nickname=nickname)
        db.session.commit()
        return user.id


def make_admin(app, username: str = "admin-city", nickname: str = "市卫健委李科长",
               scope: str | None = None) -> int:
    """An admin with a console password: of every served city (scope None), or of the city or
    district named by `scope` (a name, alias or code)."""
    from app.places.service import district_code

    with app.app_context():
        if scope is not None:
            scope = district_code(scope, allow_city=True)
        user = create_staff_account(username, PASSWORD, "admin", None, nickname=nickname,
                                    scope=scope)
        db.session.commit()
        return user.id


def sign_in(client, username: str, password: str = PASSWORD, follow=False, console="venue"):
    page = client.get(f"/{console}/login")
    return client.post(f"/{console}/login",
                       data={"username": username, "password": password,
                             "csrf_token": csrf_of(page.get_data(as_text=True))},
                       follow_redirects=follow)


def post_form(client, page_url: str, action: str, data: dict | None = None, follow=True):
    """Submit a form the way the browser does: the CSRF token read from the page it is on."""
    token = csrf_of(client.get(page_url).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **(data or {})},
                       follow_redirects=follow)


@pytest.fixture
def venue_setup(app, make_session):
    """A session at venue X starting in 30 minutes, a clerk at X (signed out), and venue Y."""
    x = make_session()
    from datetime import timedelta

    soon = make_session(starts_in=timedelta(minutes=30), venue_id=x["venue_id"])
    y = make_session()
    make_clerk(app, x["venue_id"])
    return {"x": x, "soon": soon, "y": y}


@pytest.fixture
def clerk(client, venue_setup):
    response = sign_in(client, "clerk-x")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture(scope="session")
def live_server(app):
    from tests.consoles.browser import LiveServer

    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def camera(tmp_path_factory):
    """The video file the browser's camera shows; tests put a QR code in it (browser.show_qr)."""
    return tmp_path_factory.mktemp("camera") / "camera.y4m"


@pytest.fixture(scope="session")
def browser(camera):
    from playwright.sync_api import sync_playwright

    from tests.consoles.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright, camera)
        yield chromium
        chromium.close()


@pytest.fixture
def admin_screen(browser, live_server, request):
    """A desktop-sized page (1440 × 900) for the admin console; console errors fail the test."""
    from tests.consoles.browser import DESKTOP, Screen

    opened = Screen(browser, live_server.url, request.node.name, sizes=(("desktop", DESKTOP),))
    yield opened
    errors = opened.close()
    assert errors == [], f"console errors in the browser: {errors}"


@pytest.fixture
def screen(browser, live_server, request):
    from tests.consoles.browser import Screen

    opened = Screen(browser, live_server.url, request.node.name)
    yield opened
    errors = opened.close()
    assert errors == [], f"console errors in the browser: {errors}"
