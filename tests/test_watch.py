"""
--watch grades again when the project's files change: bounded, ignoring local state and
the results files it writes itself.
"""
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from checker.layout import REPO_ROOT, part_dir
from checker.watch import changes, snapshot, watch


def test_the_snapshot_leaves_out_local_state_and_ignored_files(tmp_path):
    for name in ("core/views.py", "core/__pycache__/views.cpython-312.pyc", "db.sqlite3", ".venv/bin/python",
                 "node_modules/x.js", "results.xml", "requirements.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")

    assert sorted(snapshot(tmp_path, ignored={(tmp_path / "results.xml").resolve()})) == [
        "core/views.py", "requirements.txt"]


def test_changes_name_added_changed_and_removed_files():
    assert changes({"a.py": 1, "b.py": 1}, {"a.py": 2, "c.py": 1}) == ["a.py", "b.py", "c.py"]


def test_a_change_grades_again_once_the_saving_has_settled(tmp_path):
    (tmp_path / "views.py").write_text("one")
    grades, said = [], []

    def edit_later():
        time.sleep(0.3)
        (tmp_path / "views.py").write_text("two")
        (tmp_path / "urls.py").write_text("new")

    threading.Thread(target=edit_later).start()
    code = watch(tmp_path, lambda: grades.append(time.monotonic()) or len(grades), said.append, rounds=1, poll=0.1)

    assert len(grades) == 2 and code == 2
    assert "Changed: urls.py, views.py. Grading again.\n" in said


@pytest.mark.slow
def test_watch_regrades_a_project_when_it_changes_until_ctrl_c(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(part_dir(1).path, project, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3"))
    results = project / "results.xml"  # inside the project: writing it must not trigger a new run
    checker = subprocess.Popen([sys.executable, "-m", "checker", "check", "--part", "1", "--no-colour", "--watch",
                                "--junit", str(results), str(project)], cwd=REPO_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []

    def read_until(text: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines.append(checker.stdout.readline())
            assert lines[-1], "".join(lines)
            if text in lines[-1]:
                return
        raise AssertionError(f"{text!r} not seen:\n{''.join(lines)}")

    read_until("Watching")
    (project / "core" / "views.py").write_text(
        "from rest_framework.decorators import api_view\nfrom rest_framework.response import Response\n\n\n"
        "@api_view(['GET'])\ndef health(request):\n    return Response({'status': 'broken'})\n")
    read_until("Changed: core/views.py. Grading again.")
    read_until("Watching")
    time.sleep(1.5)  # nothing changed meanwhile (not even results.xml): no third run
    checker.send_signal(signal.SIGINT)
    output, _ = checker.communicate(timeout=30)
    everything = "".join(lines) + output

    assert everything.count("Grading ") == 2 + 1  # two runs (and the "Grading again" line)
    assert "Stopped watching." in everything
    assert checker.returncode == 1  # the last run's outcome: the health check now fails


def test_watch_needs_a_folder_and_not_keep_running(tmp_path):
    for extra in (["--keep-running", str(tmp_path)], ["--url", "http://127.0.0.1:9"]):
        completed = subprocess.run([sys.executable, "-m", "checker", "check", "--part", "1", "--watch", *extra],
                                   cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
        assert completed.returncode == 2
        assert "--watch" in completed.stdout
