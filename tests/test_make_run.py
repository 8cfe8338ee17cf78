"""`make run` really serves the finished backend: started, health-checked, stopped."""
import json
import os
import shutil

import pytest

from checker.layout import REPO_ROOT
from checker.project import free_port
from tests.helpers import first_answer, serving

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_final_on_its_embedded_defaults(tmp_path):
    port = free_port()
    # A throw-away database, so the test never touches a reader's final/db.sqlite3.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MAKEFLAGS": ""}
    for variable in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"):
        env.pop(variable, None)
    log = tmp_path / "make-run.log"

    with serving(["make", "run", f"PORT={port}"], cwd=REPO_ROOT, env=env, log=log) as process:
        status, body = first_answer(f"http://127.0.0.1:{port}/api/health/", process, timeout=300)

    assert status == 200, log.read_text()
    assert json.loads(body)["status"] == "ok"
    assert (tmp_path / "db.sqlite3").exists(), "make run did not migrate the configured database"
