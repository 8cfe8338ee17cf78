"""
Booting a Django project for grading: the project's own Python, a temporary database,
e-mail and media folder, `migrate`, then `runserver` on a free port.

Every wait is bounded, every way of failing has its own clear outcome (`CannotGrade`),
and the processes and temporary files are always cleaned up.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

LOG_TAIL_LINES = 30


class CannotGrade(Exception):
    """The project could not be graded at all (as opposed to a check failing)."""

    def __init__(self, kind: str, message: str, *, hint: str = "", log: str = ""):
        super().__init__(message)
        self.kind, self.message, self.hint, self.log = kind, message, hint, log


@dataclass(frozen=True)
class Timeouts:
    migrate: float = 180.0
    boot: float = 30.0
    request: float = 10.0
    command: float = 60.0


DEFAULT_TIMEOUTS = Timeouts()
FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    kept = text.rstrip().splitlines()[-lines:]
    return "\n".join(kept)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_python(project: Path, explicit: str | None) -> str:
    """--python wins; else the project's own virtual environment; else this Python."""
    if explicit:
        return explicit
    for venv in (".venv", "venv"):
        for candidate in (project / venv / "bin" / "python", project / venv / "Scripts" / "python.exe"):
            if candidate.exists():
                return str(candidate)
    return sys.executable


def settings_module_of(project: Path) -> str:
    """The settings module manage.py points at (DJANGO_SETTINGS_MODULE's default)."""
    source = (project / "manage.py").read_text(encoding="utf-8", errors="replace")
    found = re.search(r"""DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']""", source)
    return found.group(1) if found else "core.settings"


def run_bounded(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float
                ) -> tuple[int | None, str]:
    """Run a command to completion or until `timeout`; None as exit code means it timed out."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        _kill_group(process)
        output, _ = process.communicate()
        return None, output.decode("utf-8", "replace")


def _kill_group(process: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


_WRAPPER = '''\
# Written by the course checker: the project's own settings, with the checker's
# temporary database, e-mail folder and media folder, so grading never touches yours.
from {module} import *  # noqa: F401,F403

DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {database!r}}}}}
EMAIL_BACKEND = {email_backend!r}
EMAIL_FILE_PATH = {mail!r}
MEDIA_ROOT = {media!r}
ALLOWED_HOSTS = [*globals().get("ALLOWED_HOSTS", []), "127.0.0.1", "localhost"]
# A fast hasher, as test suites use: grading signs up many users, and real hashers are
# slow on purpose. Nothing else about passwords changes.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
'''


class BootedProject:
    """A project migrated and served by the checker; use it as a context manager."""

    def __init__(self, path: Path, *, python: str | None = None, timeouts: Timeouts = DEFAULT_TIMEOUTS,
                 say=print, email_backend: str = FILE_EMAIL_BACKEND):
        self.path = path.resolve()
        self.python_arg = python
        self.timeouts = timeouts
        self.say = say
        self.tmp: Path | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.secret_key = secrets.token_urlsafe(40)  # one key for the server and every command
        self.email_backend = email_backend  # files in mail_dir, so checks can read the codes

    # -- paths inside the temporary folder ------------------------------------------------
    @property
    def database_dir(self) -> Path:
        return self.tmp / "database"

    @property
    def mail_dir(self) -> Path:
        return self.tmp / "mail"

    @property
    def media_dir(self) -> Path:
        return self.tmp / "media"

    @property
    def log_path(self) -> Path:
        return self.tmp / "server.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- life cycle ----------------------------------------------------------------------
    def __enter__(self) -> "BootedProject":
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _start(self) -> None:
        if not self.path.is_dir():
            raise CannotGrade("not-a-django-project", f"{self.path} is not a folder",
                              hint="Pass the folder that holds your project's manage.py.")
        if not (self.path / "manage.py").is_file():
            raise CannotGrade("not-a-django-project", f"there is no manage.py in {self.path}",
                              hint="Pass the folder that holds your project's manage.py "
                                   "(e.g. parts/01-introduction).")
        self.python = find_python(self.path, self.python_arg)
        self.tmp = Path(tempfile.mkdtemp(prefix="course-checker-"))
        for folder in (self.database_dir, self.mail_dir, self.media_dir, self.tmp / "pythonpath"):
            folder.mkdir()
        self._write_settings_wrapper()
        self._check_python()
        self._migrate()
        self._serve()

    def close(self) -> None:
        if self.process is not None:
            _kill_group(self.process)
            self.process = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    # -- steps -----------------------------------------------------------------------------
    def _write_settings_wrapper(self) -> None:
        wrapper = _WRAPPER.format(
            module=settings_module_of(self.path),
            database=str(self.database_dir / "db.sqlite3"),
            email_backend=self.email_backend,
            mail=str(self.mail_dir),
            media=str(self.media_dir),
        )
        (self.tmp / "pythonpath" / "checker_settings.py").write_text(wrapper)

    def environment(self, **overrides: str) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if name not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV"}}
        env.update(
            DJANGO_SETTINGS_MODULE="checker_settings",
            PYTHONPATH=os.pathsep.join([str(self.tmp / "pythonpath"), str(self.path)]),
            PYTHONUNBUFFERED="1",
            PYTHONDONTWRITEBYTECODE="1",
            # The course's settings variables (COURSE.md), at their embedded defaults.
            DEBUG="False",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=f"sqlite:///{self.database_dir / 'db.sqlite3'}",
            REDIS_URL="",
            EMAIL_BACKEND=self.email_backend,
            EMAIL_FILE_PATH=str(self.mail_dir),
            MEDIA_ROOT=str(self.media_dir),
            SERVE_MEDIA="True",  # so uploaded files can be fetched back (from part 05 on)
        )
        env.update(overrides)
        return env

    def _check_python(self) -> None:
        code, output = run_bounded([self.python, "-c", "import django, sys; print(django.get_version())"],
                                   cwd=self.path, env=self.environment(), timeout=self.timeouts.command)
        if code != 0:
            raise CannotGrade(
                "python-unusable", f"{self.python} cannot import Django",
                hint="Install your project's requirements into that Python "
                     "(pip install -r requirements.txt), or choose another with --python.",
                log=tail(output))

    def manage(self, *args: str, timeout: float | None = None, **env_overrides: str
               ) -> tuple[int | None, str]:
        """Run `python manage.py ARGS` in the checker's environment (bounded)."""
        return run_bounded([self.python, "manage.py", *args], cwd=self.path,
                           env=self.environment(**env_overrides),
                           timeout=timeout or self.timeouts.command)

    def _migrate(self) -> None:
        self.say("Migrating a temporary database…")
        code, output = self.manage("migrate", "--noinput", timeout=self.timeouts.migrate)
        if code is None:
            raise CannotGrade("migrate-timed-out",
                              f"`manage.py migrate` did not finish within {self.timeouts.migrate:g} s",
                              hint="Something at import time waits forever (a network call in "
                                   "settings, an input() call?).", log=tail(output))
        if code != 0:
            raise CannotGrade("migrate-failed", f"`manage.py migrate` failed (exit code {code})",
                              hint="Run `python manage.py migrate` in your project and fix the first "
                                   "error it shows.", log=tail(output))

    def _serve(self) -> None:
        self.port = free_port()
        self.say(f"Starting the server on {self.base_url}…")
        log = open(self.log_path, "wb")
        try:
            self.process = subprocess.Popen(
                [self.python, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--insecure"],
                cwd=self.path, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            log.close()
        self._wait_until_answering()

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + self.timeouts.boot
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CannotGrade("server-exited",
                                  f"the server exited during start-up (exit code {self.process.returncode})",
                                  hint="Run `python manage.py runserver` yourself and fix the error "
                                       "shown below.", log=self.log_tail())
            if self._answers():
                return
            time.sleep(0.1)
        raise CannotGrade("server-never-answered",
                          f"the server did not answer HTTP within {self.timeouts.boot:g} s",
                          hint="Something blocks start-up or every request (an endless loop or a "
                               "sleep at import time?).", log=self.log_tail())

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(self.base_url + "/", timeout=1).close()
        except urllib.error.HTTPError:
            return True  # any HTTP status means the server is answering
        except (OSError, ValueError):
            return False
        return True

    # -- used by checks -----------------------------------------------------------------------
    def exited(self, grace: float = 0.0) -> bool:
        """Has the server process ended? Waits up to `grace` seconds for it to finish dying."""
        if self.process is None:
            return True
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            return False
        return True

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def log_tail(self) -> str:
        return tail(self.log_since(0)) if self.tmp and self.log_path.exists() else ""

    @contextlib.contextmanager
    def database_unreachable(self):
        """Take the SQLite database's folder away while the server runs, then put it back."""
        away = self.tmp / "database-away"
        self.database_dir.rename(away)
        try:
            yield
        finally:
            away.rename(self.database_dir)
