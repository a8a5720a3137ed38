"""`flask consoles demo-accounts`: the `make run` newcomer can sign in to both consoles."""
from tests.consoles.conftest import sign_in

from app.consoles.commands import DEMO_PASSWORD


def test_demo_accounts_open_the_admin_and_venue_consoles(app, client, runner, make_session):
    make_session()  # a venue of the city served
    made = runner.invoke(args=["consoles", "demo-accounts"])
    assert made.exit_code == 0, made.output
    assert DEMO_PASSWORD in made.output
    assert sign_in(client, "demo-suzhou", DEMO_PASSWORD, console="admin").status_code == 302
    assert "管理范围：苏州市" in client.get("/admin/dashboard").get_data(as_text=True)
    with client.session_transaction() as cookie:
        cookie.clear()
    assert sign_in(client, "demo-wuzhong", DEMO_PASSWORD, console="admin").status_code == 302
    assert "管理范围：吴中区" in client.get("/admin/dashboard").get_data(as_text=True)
    with client.session_transaction() as cookie:
        cookie.clear()
    assert sign_in(client, "demo-clerk", DEMO_PASSWORD).status_code == 302
    # 广元 is not served by this deployment: no account for its commission.
    assert "demo-guangyuan" not in made.output
    again = runner.invoke(args=["consoles", "demo-accounts"])
    assert again.exit_code == 0 and "admin demo-suzhou" not in again.output


def test_never_in_production(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    refused = runner.invoke(args=["consoles", "demo-accounts"])
    assert refused.exit_code != 0 and "never" in refused.output
