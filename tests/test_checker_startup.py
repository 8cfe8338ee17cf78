"""
Projects shaped differently from the course's still get graded, or get a start-up
diagnosis that names the real cause: daphne's runserver, a redirect to https, manage.py
one folder down, a module missing from the Python used, a variable the settings need.

Each sample is a course part with one change, made fresh for every test.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from checker.diagnosis import explain, manage_py_below
from checker.layout import REPO_ROOT, part_dir
from tests.helpers import run_checker, statuses

pytestmark = pytest.mark.slow

BOUNDS = ("--boot-timeout", "30", "--migrate-timeout", "120", "--request-timeout", "10")


def copy_of(number: int, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(part_dir(number).path, project, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3", ".env"))
    return project


def append(path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_a_runserver_without_insecure_is_started_without_it(tmp_path):
    """daphne's runserver (and a project's own) may not know --insecure: start it without."""
    project = copy_of(1, tmp_path)
    command = project / "plainserver" / "management" / "commands"
    command.mkdir(parents=True)
    for folder in (project / "plainserver", project / "plainserver" / "management", command):
        (folder / "__init__.py").write_text("")
    (command / "runserver.py").write_text("from django.core.management.commands.runserver import Command  # noqa\n")
    settings = project / "core" / "settings.py"
    settings.write_text(settings.read_text().replace("INSTALLED_APPS = [", 'INSTALLED_APPS = [\n    "plainserver",'))

    code, report, output = run_checker("--part", "1", *BOUNDS, str(project), tmp_path=tmp_path)

    assert code == 0, output
    assert "does not accept --insecure" in output


def test_ssl_redirect_in_the_settings_does_not_stop_grading(tmp_path):
    project = copy_of(1, tmp_path)
    append(project / "core" / "settings.py", "\nSECURE_SSL_REDIRECT = True\n")

    code, report, output = run_checker("--part", "1", *BOUNDS, str(project), tmp_path=tmp_path)

    assert code == 0, output


def test_a_redirect_to_https_is_named_at_once(tmp_path):
    """Something else redirecting to https: a named cause, without waiting for the boot time-out."""
    project = copy_of(1, tmp_path)
    (project / "core" / "https_only.py").write_text(
        "from django.http import HttpResponsePermanentRedirect\n\n\n"
        "def https_only(get_response):\n"
        "    return lambda request: HttpResponsePermanentRedirect('https://' + request.get_host() + request.path)\n")
    settings = project / "core" / "settings.py"
    settings.write_text(settings.read_text().replace("MIDDLEWARE = [", 'MIDDLEWARE = [\n    "core.https_only.https_only",'))

    started = time.monotonic()
    code, report, output = run_checker("--part", "1", *BOUNDS, str(project), tmp_path=tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "redirects-to-https"
    assert "301 redirect to https://127.0.0.1" in report["error"]["message"]
    assert time.monotonic() - started < 25


def test_manage_py_one_folder_down_is_named(tmp_path):
    project = copy_of(1, tmp_path)
    outer = tmp_path / "repository"
    outer.mkdir()
    project.rename(outer / "social_media_api")

    code, report, output = run_checker("--part", "1", str(outer), tmp_path=tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "not-a-django-project"
    assert "social_media_api/manage.py" in report["error"]["message"]
    assert report["error"]["hint"] == f"Pass the folder that holds it: {outer / 'social_media_api'}"


def test_manage_py_search_skips_virtual_environments(tmp_path):
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "manage.py").write_text("")
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "manage.py").write_text("")

    assert manage_py_below(tmp_path) == [tmp_path / "a" / "b" / "manage.py"]


def test_a_missing_module_names_the_python_used_and_why(tmp_path):
    project = copy_of(1, tmp_path)
    settings = project / "core" / "settings.py"
    settings.write_text(settings.read_text().replace("INSTALLED_APPS = [", 'INSTALLED_APPS = [\n    "daphne",'))

    code, report, output = run_checker("--part", "1", *BOUNDS, str(project), tmp_path=tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "migrate-failed"
    assert "has no module `daphne`" in report["error"]["hint"]
    assert "the checker's own: your project has no .venv or venv folder" in report["error"]["hint"]
    assert f"Using {sys.executable} (the checker's own" in output


def test_a_variable_the_settings_need_is_named(tmp_path):
    project = copy_of(1, tmp_path)
    append(project / "core" / "settings.py", '\nimport os\nEMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]\n')
    (project / ".env.example").write_text("EMAIL_HOST_PASSWORD=\n")

    code, report, output = run_checker("--part", "1", *BOUNDS, str(project), tmp_path=tmp_path)

    assert report["error"]["kind"] == "migrate-failed"
    assert "Your settings need the environment variable EMAIL_HOST_PASSWORD" in report["error"]["hint"]
    assert "a .env.example but no .env" in report["error"]["hint"]


def test_python_decouple_and_django_environ_errors_are_recognised(tmp_path):
    decouple = "decouple.UndefinedValueError: DJANGO_SECRET_KEY not found. Declare it as envvar or define a default value."
    environ = "django.core.exceptions.ImproperlyConfigured: Set the STRIPE_KEY environment variable"

    assert "DJANGO_SECRET_KEY (python-decouple's config() found none)" in explain(decouple, tmp_path, "py", "why")
    assert "STRIPE_KEY (django-environ's env() found none)" in explain(environ, tmp_path, "py", "why")
    assert explain("SyntaxError: invalid syntax", tmp_path, "py", "why") == ""


def test_a_project_reading_django_secret_key_is_graded(tmp_path):
    """DJANGO_SECRET_KEY / DJANGO_DEBUG are common names: the checker sets them as well."""
    project = copy_of(1, tmp_path)
    settings = project / "core" / "settings.py"
    settings.write_text(settings.read_text().replace(
        'SECRET_KEY = "django-insecure-part-01-development-key-change-me"',
        'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'))

    code, report, output = run_checker("--part", "1", *BOUNDS, str(project), tmp_path=tmp_path)

    assert code == 0, output


# -- settings that run a server unsafely -------------------------------------------------------
def test_a_committed_insecure_key_used_when_secret_key_is_unset_fails(tmp_path):
    """An empty SECRET_KEY is refused, but an unset one falls back to a key in the repository."""
    project = copy_of(2, tmp_path)
    settings = project / "core" / "settings.py"
    source = settings.read_text()
    start, end = source.index("if DEBUG:\n    SECRET_KEY"), source.index("ALLOWED_HOSTS = ")
    settings.write_text(source[:start] + 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", '
                        '"django-insecure-committed-by-mistake")\n\n' + source[end:])

    code, report, output = run_checker("--part", "2", "--only", *BOUNDS, str(project), tmp_path=tmp_path)

    result = next(check for check in report["checks"] if check["id"] == "02.settings.secret-key-required")
    assert result["status"] == "fail"
    assert result["message"] == ("with DEBUG=False and SECRET_KEY unset, the settings use the key written in "
                                 "core/settings.py (django-insecure-comm…)")
    assert statuses(report)["02.settings.debug-off-by-default"] == "pass"


def test_debug_on_by_default_fails_even_with_a_dotenv_that_turns_it_on(tmp_path):
    project = copy_of(2, tmp_path)
    settings = project / "core" / "settings.py"
    settings.write_text(settings.read_text().replace('env.bool("DEBUG", default=False)', 'env.bool("DEBUG", default=True)'))
    shutil.copy(project / ".env.example", project / ".env")

    code, report, output = run_checker("--part", "2", "--only", *BOUNDS, str(project), tmp_path=tmp_path)

    assert statuses(report)["02.settings.debug-off-by-default"] == "fail"
    assert statuses(report)["02.settings.secret-key-required"] == "pass"
    assert (project / ".env").is_file(), "the learner's .env must be left alone"


def test_the_course_dotenv_does_not_fail_the_settings_checks(tmp_path):
    """`cp .env.example .env` (DEBUG=True and a django-insecure key for development) is right."""
    project = copy_of(2, tmp_path)
    shutil.copy(project / ".env.example", project / ".env")

    code, report, output = run_checker("--part", "2", "--only", *BOUNDS, str(project), tmp_path=tmp_path)

    assert code == 0, output


# -- replaying failures --------------------------------------------------------------------------
def test_keep_running_keeps_the_server_until_ctrl_c(tmp_path):
    project = copy_of(1, tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    checker = subprocess.Popen([sys.executable, "-m", "checker", "check", "--part", "1", "--no-colour",
                                "--keep-running", str(project)], cwd=REPO_ROOT, env={**os.environ, "TMPDIR": str(scratch)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline, seen = time.monotonic() + 90, []
    while time.monotonic() < deadline:
        seen.append(line := checker.stdout.readline())
        assert line, "".join(seen)
        if line.startswith("The server is still running at "):
            break
    url = line.split(" at ")[1].split(",")[0]

    with urllib.request.urlopen(url + "/api/health/", timeout=10) as answer:
        assert answer.status == 200
    checker.send_signal(signal.SIGINT)
    output, _ = checker.communicate(timeout=30)

    assert checker.returncode == 0, output
    assert "Stopped the server and removed its temporary folder." in output
    assert os.listdir(scratch) == []


def test_without_keep_running_failures_say_how_to_replay_their_curl_lines(tmp_path):
    code, report, output = run_checker("--part", "2", "--only", "--max-failures", "1",
                                       str(part_dir(1).path), tmp_path=tmp_path)

    assert code == 1
    assert "run the checker again with --keep-running" in output
    assert list(statuses(report).values()).count("skip") == len(report["checks"]) - 1


# -- the warm manage.py --------------------------------------------------------------------------
def test_commands_without_settings_changes_run_in_one_warm_process_within_their_bound():
    """createsuperuser and `shell -c` reuse a process that has Django loaded; a hang is still cut."""
    from checker.project import BootedProject

    with BootedProject(part_dir(1).path, say=lambda message: None) as booted:
        assert booted.manage("shell", "-v", "0", "-c", "print(6 * 7)") == (0, "42\n")
        worker = booted.warm.process.pid
        assert booted.manage("shell", "-v", "0", "-c", "import os; print(os.environ['DJANGO_SUPERUSER_X'])",
                             DJANGO_SUPERUSER_X="seen") == (0, "seen\n")
        assert booted.warm.process.pid == worker

        code, output = booted.manage("shell", "-v", "0", "-c", "raise SystemExit(3)")
        assert code == 3
        code, output = booted.manage("shell", "-v", "0", "-c", "import time; time.sleep(30)", timeout=2)
        assert code is None and booted.warm is not None and booted.warm.process is None

        # Settings changes need a process of their own: the warm one has read the settings once.
        assert booted.manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)",
                             DEBUG="True") == (0, "True\n")


# -- a case-sensitive e-mail lookup --------------------------------------------------------------
def test_a_case_sensitive_login_fails_only_the_any_case_check(tmp_path):
    """E-mails are stored in lower case: logging in as stored works even with an exact lookup."""
    project = copy_of(3, tmp_path)
    managers = project / "accounts" / "managers.py"
    lookup = "self.with_email(email).get()"  # the part's lookup on LOWER(email)
    assert managers.read_text().count(lookup) == 1
    managers.write_text(managers.read_text().replace(lookup, "self.get(email=email)"))

    code, report, output = run_checker("--part", "3", "--only", *BOUNDS, str(project), tmp_path=tmp_path)

    found = statuses(report)
    assert found["03.admin.login-with-email"] == "pass", output
    assert found["03.admin.login-any-case"] == "fail"


def test_a_python_that_does_not_exist_cannot_grade(tmp_path):
    code, report, output = run_checker("--part", "1", "--python", str(tmp_path / "no-such-python"),
                                       str(part_dir(1).path), tmp_path=tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "python-unusable"
    assert report["error"]["message"] == f"there is no Python at {tmp_path / 'no-such-python'} (given with --python)"


def test_url_mode_names_a_redirect_to_https(tmp_path):
    from tests.stub_server import StubServer, reply

    with StubServer() as stub:
        stub.route("GET", "/", lambda request: reply(301, headers={"Location": "https://127.0.0.1/"}))
        code, report, output = run_checker("--part", "1", "--url", stub.url, tmp_path=tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "redirects-to-https"
