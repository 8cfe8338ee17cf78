"""
Every snapshot runs on its own the way its README says: copy it anywhere, copy
.env.example to .env (from part 02 on), migrate, runserver, and the API answers.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from checker.layout import is_junk, part_dirs
from checker.project import free_port

pytestmark = pytest.mark.slow


def clean_env() -> dict[str, str]:
    # Nothing from the test run's environment: only what the snapshot's own .env says.
    variables = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT",
                 "EMAIL_BACKEND", "ALLOWED_HOSTS", "SERVE_MEDIA")
    return {name: value for name, value in os.environ.items() if name not in variables}


@pytest.mark.parametrize("part", part_dirs(), ids=lambda part: part.name)
def test_the_snapshot_runs_alone_as_its_readme_says(part, tmp_path):
    project = tmp_path / part.name
    shutil.copytree(part.path, project, ignore=lambda folder, names: [name for name in names if is_junk(Path(name))])
    if (project / ".env.example").exists():
        shutil.copy(project / ".env.example", project / ".env")
    env = clean_env()
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=project, env=env,
                             capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr

    port = free_port()
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        status, body = _health(port, server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        log.close()

    assert status == 200, (tmp_path / "server.log").read_text()
    assert json.loads(body)["status"] == "ok"


def _health(port, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "runserver exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/", timeout=2) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            time.sleep(0.2)
    raise AssertionError("runserver never answered")
