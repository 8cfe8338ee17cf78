"""
Settings come from the environment. Each test starts a fresh Python process with a
chosen environment and asks it for the resulting setting, exactly as a server would
read them at start-up.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def settings_under(environment: dict[str, str], *names: str) -> subprocess.CompletedProcess:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings", **environment}
    return subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env,
        capture_output=True, text=True, timeout=60,
    )


def read(environment: dict[str, str], *names: str) -> dict[str, str]:
    result = settings_under(environment, *names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_is_off_unless_asked_for():
    assert read({"DEBUG": "False", "SECRET_KEY": "k"}, "DEBUG") == {"DEBUG": "False"}
    assert read({"DEBUG": "True"}, "DEBUG") == {"DEBUG": "True"}


def test_a_server_without_debug_refuses_to_start_without_a_secret_key():
    # An explicitly empty key (real environment variables win over any .env file).
    result = settings_under({"DEBUG": "False", "SECRET_KEY": ""}, "SECRET_KEY")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_url_chooses_the_database():
    url = "postgres://social:secret@db.example:5432/social"
    databases = read({"DEBUG": "True", "DATABASE_URL": url}, "DATABASES")["DATABASES"]

    assert "django.db.backends.postgresql" in databases
    assert "db.example" in databases


def test_redis_url_switches_the_cache_to_redis():
    without = read({"DEBUG": "True", "REDIS_URL": ""}, "CACHES")["CACHES"]
    with_redis = read({"DEBUG": "True", "REDIS_URL": "redis://cache.example:6379/0"}, "CACHES")

    assert "LocMemCache" in without
    assert "RedisCache" in with_redis["CACHES"]
    assert "redis://cache.example:6379/0" in with_redis["CACHES"]


def test_database_connections_are_kept_open_and_checked_before_reuse():
    default = read({"DEBUG": "True"}, "DATABASES")["DATABASES"]
    short = read({"DEBUG": "True", "CONN_MAX_AGE": "0"}, "DATABASES")["DATABASES"]

    assert "'CONN_MAX_AGE': 60" in default
    assert "'CONN_HEALTH_CHECKS': True" in default
    assert "'CONN_MAX_AGE': 0" in short
