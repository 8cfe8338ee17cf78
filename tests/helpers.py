"""Helpers shared by the repository's tests."""
from __future__ import annotations

import json
import subprocess
import sys
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
