"""
Every snapshot's own test suite passes, as a learner would run it (`pytest` inside the
part's folder), on the embedded defaults (SQLite, local-memory cache) and again on the
real services (PostgreSQL and Redis) from the first part that reads DATABASE_URL.
"""
import os
import subprocess
import sys
import uuid

import pytest

from checker.layout import FINAL_DIR, part_dirs
from tests import services

SNAPSHOTS = [*part_dirs(), None]  # None stands for final/
FIRST_PART_WITH_SERVICES = 2

pytestmark = pytest.mark.slow


def snapshot_id(part):
    return "final" if part is None else part.name


def run_suite(folder, extra_env):
    env = {name: value for name, value in os.environ.items()
           if name not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE",
                           "PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_ADDOPTS"}}
    env.update(extra_env, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=folder,
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("part", SNAPSHOTS, ids=snapshot_id)
def test_snapshot_suite_passes_on_the_embedded_defaults(part):
    result = run_suite(FINAL_DIR if part is None else part.path, {})

    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


@pytest.mark.services
@pytest.mark.parametrize("part", [p for p in SNAPSHOTS if p is None or p.number >= FIRST_PART_WITH_SERVICES],
                         ids=snapshot_id)
def test_snapshot_suite_passes_on_postgresql_and_redis(part):
    services.require("postgres", "redis")
    # A database of its own per run, and a Redis database of its own per snapshot (the
    # suites clear their cache), so parallel runs never share state.
    database = f"{services.POSTGRES_URL.rsplit('/', 1)[0]}/course_{uuid.uuid4().hex[:10]}"
    redis_db = 1 if part is None else part.number  # 0 stays for the stack tests
    redis = f"{services.REDIS_URL.rsplit('/', 1)[0]}/{redis_db}"
    result = run_suite(FINAL_DIR if part is None else part.path, {"DATABASE_URL": database, "REDIS_URL": redis})

    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
