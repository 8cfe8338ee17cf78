"""`make run` really serves the finished backend: started, health-checked, stopped."""
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from checker.layout import REPO_ROOT
from checker.project import free_port

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_final_on_its_embedded_defaults(tmp_path):
    port = free_port()
    # A throw-away database, so the test never touches a reader's final/db.sqlite3.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MAKEFLAGS": ""}
    for variable in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"):
        env.pop(variable, None)
    log = open(tmp_path / "make-run.log", "w")
    process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=REPO_ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        status, body = _wait_for(f"http://127.0.0.1:{port}/api/health/", process, timeout=300)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
        log.close()

    assert status == 200, (tmp_path / "make-run.log").read_text()
    assert json.loads(body)["status"] == "ok"
    assert (tmp_path / "db.sqlite3").exists(), "make run did not migrate the configured database"


def _wait_for(url, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None, b"make run exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            time.sleep(0.3)
    return None, b"no answer"
