"""
Broken projects get distinct, clear outcomes within the time bound, and the checker
always cleans up its processes and temporary files.

Each sample is part 01 with one deliberate mistake, made fresh for every test.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from checker.layout import REPO_ROOT, part_dir
from checker.registry import NEEDS_BOOTED_SERVER, checks_for
from tests.helpers import run_checker, statuses

pytestmark = pytest.mark.slow

# Generous bounds for samples that do boot (a loaded CI machine is slow); the samples
# that hang pass short ones, so that giving up is quick.
BOUNDS = ("--boot-timeout", "30", "--migrate-timeout", "120", "--request-timeout", "10")


@pytest.fixture
def sample(tmp_path):
    """A copy of part 01 to break; TMPDIR points inside tmp_path so leftovers can be seen."""
    project = tmp_path / "project"
    shutil.copytree(part_dir(1).path, project, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return project, {**os.environ, "TMPDIR": str(scratch)}


def grade(project, env, tmp_path, *extra):
    started = time.monotonic()
    code, report, output = run_checker("--part", "1", *BOUNDS, *extra, str(project), tmp_path=tmp_path, env=env)
    return code, report, output, time.monotonic() - started


def assert_cleaned_up(env):
    assert os.listdir(env["TMPDIR"]) == [], "the checker left temporary files behind"
    leftovers = subprocess.run(["pgrep", "-f", env["TMPDIR"]], capture_output=True, text=True).stdout
    assert leftovers.strip() == "", "the checker left processes running"


def test_a_folder_without_manage_py_is_not_a_django_project(tmp_path, sample):
    project, env = sample
    (project / "manage.py").unlink()

    code, report, output, _ = grade(project, env, tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "not-a-django-project"
    assert "no manage.py" in output


def test_a_syntax_error_fails_migrate_and_shows_the_error(tmp_path, sample):
    project, env = sample
    (project / "core" / "views.py").write_text("def health(request:\n    pass\n")

    code, report, output, _ = grade(project, env, tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "migrate-failed"
    assert "SyntaxError" in report["error"]["log"]
    assert_cleaned_up(env)


def test_a_server_that_crashes_on_boot_is_reported_with_its_log(tmp_path, sample):
    project, env = sample
    # migrate never loads the WSGI application; runserver does, and dies.
    (project / "core" / "wsgi.py").write_text("raise RuntimeError('boom at start-up')\n")

    code, report, output, _ = grade(project, env, tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "server-exited"
    assert "boom at start-up" in report["error"]["log"]
    assert_cleaned_up(env)


def test_a_server_that_hangs_is_given_up_on_within_the_bound(tmp_path, sample):
    project, env = sample
    (project / "core" / "wsgi.py").write_text("import time\ntime.sleep(600)\n")

    code, report, output, elapsed = grade(project, env, tmp_path, "--boot-timeout", "4")

    assert code == 2
    assert report["error"]["kind"] == "server-never-answered"
    assert elapsed < 30
    assert_cleaned_up(env)


def test_migrate_that_hangs_is_given_up_on_within_the_bound(tmp_path, sample):
    project, env = sample
    settings = project / "core" / "settings.py"
    settings.write_text(settings.read_text() + "\nimport time\ntime.sleep(600)\n")

    code, report, output, elapsed = grade(project, env, tmp_path, "--migrate-timeout", "6")

    assert code == 2
    assert report["error"]["kind"] == "migrate-timed-out"
    assert elapsed < 30
    assert_cleaned_up(env)


def test_a_view_that_answers_500_fails_its_checks_and_shows_the_traceback(tmp_path, sample):
    project, env = sample
    (project / "core" / "views.py").write_text(
        "from rest_framework.decorators import api_view\n\n\n"
        "@api_view(['GET'])\n"
        "def health(request):\n"
        "    raise ValueError('health exploded')\n"
    )

    code, report, output, _ = grade(project, env, tmp_path)

    assert code == 1
    failed = [check for check in report["checks"] if check["status"] == "fail"]
    assert failed and all(check["response_status"] == 500 for check in failed if check["response_status"])
    assert "health exploded" in failed[0]["server_log"]
    assert "curl -i -X GET" in output
    assert_cleaned_up(env)


def test_a_server_that_dies_while_graded_stops_the_grading(tmp_path, sample):
    project, env = sample
    (project / "core" / "views.py").write_text(
        "import os\n\nfrom rest_framework.decorators import api_view\n\n\n"
        "@api_view(['GET'])\n"
        "def health(request):\n"
        "    os._exit(3)\n"
    )

    code, report, output, _ = grade(project, env, tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "server-exited"
    assert "error" in statuses(report).values()
    assert_cleaned_up(env)


def test_a_python_without_django_cannot_grade(tmp_path, sample):
    project, env = sample
    bare = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)

    code, report, output, _ = grade(project, env, tmp_path, "--python", str(bare / "bin" / "python"))

    assert code == 2
    assert report["error"]["kind"] == "python-unusable"
    assert_cleaned_up(env)


def test_url_mode_grades_a_running_server_and_skips_what_needs_a_boot(tmp_path):
    """--url: HTTP checks run against the given server; file and boot checks say why they skip."""
    from checker.project import BootedProject

    with BootedProject(part_dir(2).path, say=lambda message: None) as booted:
        code, report, output = run_checker("--part", "2", "--url", booted.base_url, tmp_path=tmp_path)

    assert code == 0, output
    found = statuses(report)
    assert found["02.health.components"] == "pass"
    assert found["02.files.env-example"] == "skip"
    assert found["02.health.database-down-503"] == "skip"


def test_url_mode_with_nothing_listening_cannot_grade(tmp_path):
    from checker.project import free_port

    code, report, output = run_checker("--part", "1", "--url", f"http://127.0.0.1:{free_port()}",
                                       tmp_path=tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "server-unreachable"


def test_unknown_part_and_missing_target_are_usage_errors(tmp_path):
    for args in (("--part", "99", "parts/01-introduction"), ("--part", "1")):
        completed = subprocess.run([sys.executable, "-m", "checker", "check", *args], cwd=REPO_ROOT,
                                   capture_output=True, text=True, timeout=60)
        assert completed.returncode == 2
        assert completed.stderr == ""


def test_ctrl_c_stops_the_project_and_cleans_up(tmp_path, sample):
    project, env = sample
    (project / "core" / "wsgi.py").write_text("import time\ntime.sleep(600)\n")
    checker = subprocess.Popen([sys.executable, "-m", "checker", "check", "--part", "1", "--no-colour",
                                "--boot-timeout", "120", str(project)],
                               cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # Wait until the server has been started (and is hanging), then press Ctrl-C.
    deadline = time.monotonic() + 60
    while "Starting the server" not in (line := checker.stdout.readline()) and time.monotonic() < deadline:
        assert line, "the checker ended before starting the server"
    checker.send_signal(signal.SIGINT)
    output, _ = checker.communicate(timeout=30)

    assert checker.returncode == 130
    assert "Interrupted" in output
    assert_cleaned_up(env)


def test_url_mode_with_mail_dir_grades_the_email_checks_too(tmp_path):
    """A learner's own server writing e-mails to files: --mail-dir lets those checks run."""
    from checker.project import BootedProject

    with BootedProject(part_dir(6).path, say=lambda message: None) as booted:
        code, report, output = run_checker("--part", "6", "--url", booted.base_url, "--mail-dir",
                                           str(booted.mail_dir), tmp_path=tmp_path)

    assert code == 0, output
    found = statuses(report)
    assert found["04.register.emails-a-code"] == "pass"
    assert found["06.block.blocker-vanishes"] == "pass"
    assert found["04.me.rejects-expired-token"] == "skip"  # needs the key the checker gave its own server
    assert found["03.admin.login-with-email"] == "skip"    # needs manage.py createsuperuser


def test_url_mode_without_mail_dir_says_how_to_grade_the_email_checks(tmp_path):
    from checker.project import BootedProject

    with BootedProject(part_dir(4).path, say=lambda message: None) as booted:
        code, report, output = run_checker("--part", "4", "--only", "--url", booted.base_url, tmp_path=tmp_path)

    assert code == 0, output
    skipped = [check for check in report["checks"] if check["status"] == "skip"]
    # Checks that need the checker's own server (its key, its clock) say that instead.
    own_server = {check.id for check in checks_for(4) if NEEDS_BOOTED_SERVER in check.needs}
    assert skipped and all("--mail-dir" in check["message"] for check in skipped if check["id"] not in own_server)


def test_mail_dir_goes_with_url(tmp_path):
    completed = subprocess.run([sys.executable, "-m", "checker", "check", "--part", "4", "--mail-dir", str(tmp_path),
                                "parts/04-authentication"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)

    assert completed.returncode == 2
    assert "--mail-dir goes with --url" in completed.stdout
