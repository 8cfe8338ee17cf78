"""The code learners read has no unused imports, undefined names or similar slips."""
import subprocess
import sys

from checker.layout import REPO_ROOT


def test_ruff_finds_no_mistakes():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "parts", "final", "checker", "tools", "tests"],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
