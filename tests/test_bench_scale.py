"""
`python -m tools.bench scale` keeps working: a tiny run (300 people) seeds, counts, times
and prints every ratio and target. The numbers themselves are not judged here: at this
size and on a busy machine they mean little (the full run is for people, not for CI).
"""
import re
import subprocess
import sys

import pytest

from checker.layout import REPO_ROOT
from tests import services

pytestmark = [pytest.mark.slow, pytest.mark.services]


def test_a_tiny_scale_run_prints_every_target():
    services.require("postgres", "redis")

    run = subprocess.run([sys.executable, "-m", "tools.bench", "scale", "--users", "300", "--samples", "2"],
                         cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert re.search(r"seeded 300 users, \d+ follows", run.stdout)
    for target in (r"every list ≤ 8 queries", r"suggestions p50 = [\d.]+ × profile p50",
                   r"search p50 = [\d.]+ × profile p50", r"followers page \d+ p50 = [\d.]+ × page 1"):
        assert re.search(rf"^(PASS|FAIL)  {target}", run.stdout, re.MULTILINE), run.stdout
    assert re.search(r"trivial JSON view: \d+ requests/s", run.stdout)
