"""
Every snapshot runs on its own the way its README says: copy it anywhere, copy
.env.example to .env (from part 02 on), migrate, runserver, and the API answers.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.layout import is_junk, part_dirs
from checker.project import free_port
from tests.helpers import first_answer, serving

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
    log = tmp_path / "server.log"
    with serving([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                 cwd=project, env=env, log=log) as server:
        status, body = first_answer(f"http://127.0.0.1:{port}/api/health/", server)

    assert status == 200, log.read_text()
    assert json.loads(body)["status"] == "ok"
