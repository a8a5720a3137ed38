import pytest


@pytest.fixture
def two_cities(app):
    """The deployment serves 苏州市 and 广元市 for this test."""
    before = app.config["CITIES"]
    app.config["CITIES"] = ("苏州市", "广元市")
    yield
    app.config["CITIES"] = before


from tests.faqbot.conftest import kb  # noqa: E402,F401  (the FAQ content, loaded)
