"""A deployment cannot be misconfigured into an open door: APP_ENV is read forgivingly, and a
production server refuses the settings that make development convenient."""
import subprocess
import sys

import pytest

from app.config import DEV_SECRET_KEY, ROOT, ConfigError, check_production, load_config

GOOD_KEY = "k" * 40


@pytest.fixture
def environ(monkeypatch):
    """The real process environment, emptied of the settings under test."""
    for name in ("APP_ENV", "SECRET_KEY", "DEV_LOGIN", "DB_STATEMENT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        config = load_config()
        check_production(config)
        return config
    return set_env


@pytest.mark.parametrize("spelling", ["production", "Production", "PRODUCTION", "prod",
                                      " production ", "production\n", "staging", "live", ""])
def test_anything_not_development_or_test_is_production_and_refuses_dev_login(environ, spelling):
    with pytest.raises(ConfigError, match="DEV_LOGIN must be off in production"):
        environ(APP_ENV=spelling, SECRET_KEY=GOOD_KEY, DEV_LOGIN="1")


@pytest.mark.parametrize("spelling,expected", [("development", "development"),
                                               (" Development ", "development"),
                                               ("DEV", "development"), ("Test", "test"),
                                               ("testing", "test")])
def test_development_and_test_spellings_allow_dev_login(environ, spelling, expected):
    assert environ(APP_ENV=spelling, DEV_LOGIN="1")["APP_ENV"] == expected


def test_unset_app_env_is_development(environ):
    assert environ(DEV_LOGIN="1")["APP_ENV"] == "development"


@pytest.mark.parametrize("key,reason", [
    (None, "SECRET_KEY must be set"),
    (DEV_SECRET_KEY, "SECRET_KEY must be set"),
    ("x" * 31, "at least 32 bytes"),
    ("密钥" * 5, "at least 32 bytes"),  # 30 bytes in UTF-8
])
def test_production_refuses_a_missing_development_or_short_secret_key(environ, key, reason):
    values = {"APP_ENV": "Production "}
    if key is not None:
        values["SECRET_KEY"] = key
    with pytest.raises(ConfigError, match=reason):
        environ(**values)


def test_production_with_a_real_key_and_no_dev_login_is_accepted(environ):
    assert environ(APP_ENV="prod", SECRET_KEY=GOOD_KEY)["APP_ENV"] == "production"


def test_a_duration_that_postgresql_would_reject_is_refused(environ):
    with pytest.raises(ConfigError, match="DB_STATEMENT_TIMEOUT='forever' is not a PostgreSQL"):
        environ(DB_STATEMENT_TIMEOUT="forever")


def test_the_server_process_itself_refuses_to_start():
    """What gunicorn would do: build the app from the environment alone."""
    code = "from app import create_app; create_app()"
    env = {"PATH": "/usr/bin:/bin", "INSTANCE_PATH": "/tmp/yuer-config-test",
           "APP_ENV": "Prod", "SECRET_KEY": GOOD_KEY, "DEV_LOGIN": "1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DEV_LOGIN must be off in production" in result.stderr
