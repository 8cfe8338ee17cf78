"""Shared by the repository's tests: a closing line with the mutation catch rate, and a
record of how long every test took."""
import json
import os
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tools import run_once

MUTATION_TEST = "test_mutations.py::test_the_checks_catch_the_mistake"


def pytest_terminal_summary(terminalreporter):
    """After a run that graded mutations, say how many of them the checks caught."""
    outcomes = [report for status in ("passed", "failed") for report in terminalreporter.stats.get(status, [])
                if MUTATION_TEST in report.nodeid and report.when == "call"]
    if outcomes:
        caught = sum(report.passed for report in outcomes)
        terminalreporter.write_line(f"Mutation catch rate: {caught}/{len(outcomes)} classic mistakes caught "
                                    f"({100 * caught / len(outcomes):.0f}%)")


# Every run leaves the seconds each test took (setup, call and teardown together) in
# build/test-durations.json; `python -m tools.bench suite` projects `make test` to fifteen
# parts from it. Under pytest-xdist the workers' reports reach the controller, which writes.
# A run shared through tools/run_once.py counts for the test that owns it (its ledger).
DURATIONS_FILE = Path(__file__).resolve().parent.parent / "build" / "test-durations.json"
durations: dict[str, float] = defaultdict(float)
started = time.time()


def pytest_configure(config):
    """One folder per run where tools/run_once.py keeps results the tests share; the
    pytest-xdist workers, started after this, inherit the variable."""
    if run_once.FOLDER_VARIABLE not in os.environ:
        os.environ[run_once.FOLDER_VARIABLE] = tempfile.mkdtemp(prefix="course-run-once-")
        config._course_run_once_made = True


def pytest_unconfigure(config):
    if getattr(config, "_course_run_once_made", False):
        shutil.rmtree(os.environ.pop(run_once.FOLDER_VARIABLE), ignore_errors=True)


def pytest_runtest_logreport(report):
    durations[report.nodeid] += report.duration


def pytest_sessionfinish(session):
    config = session.config
    is_xdist_worker = hasattr(config, "workerinput")
    whole_suite = (config.args_source == pytest.Config.ArgsSource.TESTPATHS
                   and not config.option.keyword and not config.option.markexpr)
    if is_xdist_worker or not whole_suite or not durations or config.option.collectonly:
        return
    for nodeid, change in run_once.shared_seconds(os.environ[run_once.FOLDER_VARIABLE]).items():
        if nodeid in durations:
            durations[nodeid] = max(0.0, durations[nodeid] + change)
    workers = config.getoption("numprocesses", default=None) or 1
    DURATIONS_FILE.parent.mkdir(exist_ok=True)
    DURATIONS_FILE.write_text(json.dumps({
        "wall_seconds": round(time.time() - started, 1),
        "workers": workers if isinstance(workers, int) else os.cpu_count(),
        "tests": {nodeid: round(seconds, 3) for nodeid, seconds in sorted(durations.items())},
    }, indent=1) + "\n")
