"""Settings come from the environment (12-factor) and refuse to start unsafe."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT = (
    "import json, django; from django.conf import settings; django.setup();"
    "db = settings.DATABASES['default'];"
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'debug': settings.DEBUG,"
    " 'hosts': settings.ALLOWED_HOSTS, 'broker': 'redis' if 'redis' in settings.Q_CLUSTER else 'orm',"
    " 'language': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE}))"
)


def load(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "REDIS_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run([sys.executable, "-c", PRINT], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_defaults_are_sqlite_arabic_baghdad_in_debug():
    result = load(DEBUG="1")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert (values["language"], values["tz"], values["broker"]) == ("ar", "Asia/Baghdad", "orm")


def test_production_settings_come_from_the_environment():
    result = load(
        SECRET_KEY="s3cret", DEBUG="false", ALLOWED_HOSTS="shafaf.wasit.gov.iq, 10.0.0.5",
        DATABASE_URL="postgres://shafaf@db.internal:5432/shafaf", REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "shafaf"
    assert values["debug"] is False
    assert values["hosts"] == ["shafaf.wasit.gov.iq", "10.0.0.5"]
    assert values["broker"] == "redis"


@pytest.mark.parametrize("env,message", [
    ({"DEBUG": "0"}, "SECRET_KEY must be set"),
    ({"DEBUG": "maybe", "SECRET_KEY": "x"}, "DEBUG must be a boolean"),
])
def test_unsafe_or_malformed_settings_stop_the_start(env, message):
    result = load(**env)
    assert result.returncode != 0
    assert message in result.stderr
