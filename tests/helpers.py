"""Helpers shared by the repository's tests."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from checker.layout import REPO_ROOT


def run_checker(*args: str, tmp_path: Path, timeout: float = 300, env: dict | None = None
                ) -> tuple[int, dict | None, str]:
    """Run `python -m checker check ARGS --json FILE` as a learner would; return its results."""
    results = tmp_path / f"results-{len(list(tmp_path.glob('results-*')))}.json"
    completed = subprocess.run(
        [sys.executable, "-m", "checker", "check", *args, "--no-colour", "--json", str(results)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, env=env,
    )
    report = json.loads(results.read_text()) if results.exists() else None
    return completed.returncode, report, completed.stdout + completed.stderr


def statuses(report: dict) -> dict[str, str]:
    return {check["id"]: check["status"] for check in report["checks"]}


@contextlib.contextmanager
def serving(command: list[str], *, cwd: Path, env: dict[str, str], log: Path):
    """Run a server command in its own process group; stop the whole group afterwards."""
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)


def first_answer(url: str, process: subprocess.Popen, timeout: float = 60) -> tuple[int, bytes]:
    """Poll `url` until it answers (any status); fail if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server process exited before {url} answered"
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout:g} s")
