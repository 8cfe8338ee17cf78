"""
The docker-compose stack, started without Docker: each compose file's web command runs
on this machine with the web service's own environment, its service host names pointed
at the local PostgreSQL and Redis, and the health endpoint must see both services.
"""
import contextlib
import json
import os
import shlex
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg
from psycopg import sql
import pytest

from checker.project import free_port
from tests import services
from tests.helpers import first_answer, serving
from tests.test_compose import COMPOSE_FILES, build_context, environment_of, label, load

pytestmark = [pytest.mark.slow, pytest.mark.services]


@pytest.fixture
def compose_database(request):
    """The compose file's PostgreSQL role, and a fresh database of its own for this run."""
    services.require("postgres", "redis")
    url = urlparse(request.param)
    name = f"{url.path.lstrip('/')}_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(services.POSTGRES_URL, autocommit=True)
    role = sql.Identifier(url.username)
    # Parallel tests may create the same role at the same moment: one at a time.
    admin.execute("SELECT pg_advisory_lock(4242)")
    try:
        with contextlib.suppress(psycopg.errors.DuplicateObject):  # made by an earlier run
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(url.password)))
    finally:
        admin.execute("SELECT pg_advisory_unlock(4242)")
    admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), role))
    yield f"postgres://{url.username}:{url.password}@127.0.0.1:{url.port or 5432}/{name}"
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


def local_environment(compose_env: dict[str, str], database_url: str) -> dict[str, str]:
    environment = dict(compose_env)
    environment["DATABASE_URL"] = database_url
    redis = urlparse(compose_env["REDIS_URL"])
    environment["REDIS_URL"] = compose_env["REDIS_URL"].replace(f"//{redis.hostname}", "//127.0.0.1", 1)
    return environment


CASES = [(path, environment_of(load(path)["services"]["web"])["DATABASE_URL"]) for path in COMPOSE_FILES]


@pytest.mark.parametrize(("path", "compose_database"), CASES, ids=[label(p) for p, _ in CASES],
                         indirect=["compose_database"])
def test_the_web_command_serves_a_healthy_stack(path: Path, compose_database, tmp_path):
    web = load(path)["services"]["web"]
    port = free_port()
    command = web["command"].replace("0.0.0.0:8000", f"127.0.0.1:{port}")
    env = {**os.environ, **local_environment(environment_of(web), compose_database),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = tmp_path / "web.log"
    with serving(shlex.split(command), cwd=build_context(path, web), env=env, log=log) as process:
        status, body = first_answer(f"http://127.0.0.1:{port}/api/health/", process)

    assert status == 200, log.read_text()
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
