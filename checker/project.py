"""
Booting a Django project for grading: the project's own Python, a temporary database,
e-mail and media folder, `migrate`, then `runserver` on a free port.

Every wait is bounded, every way of failing has its own clear outcome (`CannotGrade`),
and the processes and temporary files are always cleaned up.
"""
from __future__ import annotations

import contextlib
import hashlib
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
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from checker.diagnosis import explain, manage_py_below
from checker.warm import WarmManage

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
# Variables that commands read when they run, not the settings: a warm process can take them.
RUN_TIME_VARIABLES = ("DJANGO_SUPERUSER_",)
FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    kept = text.rstrip().splitlines()[-lines:]
    return "\n".join(kept)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_python(project: Path, explicit: str | None) -> tuple[str, str]:
    """The Python that runs the project, and why: --python wins; else the project's own
    virtual environment; else this Python."""
    if explicit:
        return explicit, "given with --python"
    for venv in (".venv", "venv"):
        for candidate in (project / venv / "bin" / "python", project / venv / "Scripts" / "python.exe"):
            if candidate.exists():
                return str(candidate), f"your project's virtual environment {venv}"
    return sys.executable, "the checker's own: your project has no .venv or venv folder"


def settings_module_of(project: Path) -> str:
    """The settings module manage.py points at (DJANGO_SETTINGS_MODULE's default)."""
    source = (project / "manage.py").read_text(encoding="utf-8", errors="replace")
    found = re.search(r"""DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']""", source)
    return found.group(1) if found else "core.settings"


def migrations_fingerprint(project: Path, python: str) -> str:
    """What `migrate` depends on: the project's migration files, its settings, and its Python."""
    digest = hashlib.sha256(python.encode())
    settings = project / Path(*settings_module_of(project).split("."))
    sources = [*project.glob("*/migrations/*.py"), *project.glob("*/*/migrations/*.py"),
               settings.with_suffix(".py"), *settings.glob("*.py")]
    for source in sorted(path for path in sources if path.is_file()):
        digest.update(str(source.relative_to(project)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:24]


HTTPS_HINT = ("The checker talks plain HTTP to 127.0.0.1, as a proxy does after handling TLS. Something "
              "redirects to https anyway (SECURE_SSL_REDIRECT is already off for grading: a middleware of "
              "your own?). Redirect only when a setting from the environment says so.")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def first_answer(url: str, timeout: float = 1.0) -> tuple[int, str] | None:
    """(status, Location) of GET `url` without following redirects; None if nothing answers."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=timeout) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as error:  # any HTTP status means the server is answering
        return error.code, error.headers.get("Location", "")
    except (OSError, ValueError):
        return None


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

DATABASES = {{"default": {database!r}}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and __import__("django").VERSION >= (5, 1):
    # A throw-away database: no waiting for the disk after each write (Django 5.1+ runs this
    # on every connection). Grading signs up hundreds of people.
    DATABASES["default"]["OPTIONS"] = {{"init_command": "PRAGMA synchronous=OFF;"}}
EMAIL_BACKEND = {email_backend!r}
EMAIL_FILE_PATH = {mail!r}
MEDIA_ROOT = {media!r}
ALLOWED_HOSTS = [*globals().get("ALLOWED_HOSTS", []), "127.0.0.1", "localhost"]
# The checker speaks plain HTTP to 127.0.0.1, as a proxy does after it has handled TLS.
SECURE_SSL_REDIRECT = False
# A fast hasher, as test suites use: grading signs up many users, and real hashers are
# slow on purpose. Nothing else about passwords changes.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The checker's clock: lets it grade rules that depend on time (a code that expires
# after 10 minutes) by moving this process's clock forward instead of waiting.
import checker_clock  # noqa: E402

checker_clock.install({clock!r})
'''

_CLOCK = '''\
"""
Written by the course checker: this process's clock, moved forward by the number of
seconds in a file the checker writes. It moves Django's clock (django.utils.timezone.now,
which auto_now fields and the course's code use) and time.time(); datetime.now() is not moved.
"""
import datetime
import time

import django.utils.timezone

_real_time = time.time
_real_now = django.utils.timezone.now
_offset_file = ""


def offset() -> float:
    try:
        with open(_offset_file) as saved:
            return float(saved.read() or 0)
    except (OSError, ValueError):
        return 0.0


class _MovedTime:
    """time.time, moved; a callable object, so `timer = time.time` in a class never binds it."""

    def __call__(self) -> float:
        return _real_time() + offset()


def _now():
    return _real_now() + datetime.timedelta(seconds=offset())


def install(offset_file: str) -> None:
    global _offset_file
    _offset_file = offset_file
    time.time = _MovedTime()
    django.utils.timezone.now = _now
'''


# Run with the project's own Python, which has the PostgreSQL driver its settings use.
_POSTGRES_ADMIN = '''\
import sys

url, action, name = sys.argv[1:4]
try:
    import psycopg
    connection = psycopg.connect(url, autocommit=True)
except ImportError:
    import psycopg2
    connection = psycopg2.connect(url)
    connection.autocommit = True
cursor = connection.cursor()
quoted = '"' + name.replace('"', '""') + '"'
if action == "create":
    cursor.execute("CREATE DATABASE " + quoted)
elif action == "drop":
    cursor.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)")
elif action == "refuse":
    cursor.execute("ALTER DATABASE " + quoted + " WITH ALLOW_CONNECTIONS false")
    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
elif action == "accept":
    cursor.execute("ALTER DATABASE " + quoted + " WITH ALLOW_CONNECTIONS true")
'''


@dataclass
class ServerDatabase:
    """A temporary database on a PostgreSQL server (--database URL), dropped when grading ends."""

    admin_url: str   # the URL given: the server, a user allowed to create databases, any database
    name: str
    python: str
    timeout: float

    @classmethod
    def create(cls, admin_url: str, python: str, timeout: float) -> "ServerDatabase":
        if urllib.parse.urlsplit(admin_url).scheme not in ("postgres", "postgresql"):
            raise CannotGrade("database-unusable", f"--database {admin_url} is not a PostgreSQL URL",
                              hint="Pass postgres://USER:PASSWORD@HOST:5432/postgres (any database the user "
                                   "may connect to; the checker creates its own next to it).")
        database = cls(admin_url, f"checker_{secrets.token_hex(6)}", python, timeout)
        database._admin("create")
        return database

    @property
    def server(self) -> str:
        parts = urllib.parse.urlsplit(self.admin_url)
        return f"{parts.hostname or 'localhost'}:{parts.port or 5432}"

    @property
    def url(self) -> str:
        return urllib.parse.urlsplit(self.admin_url)._replace(path="/" + self.name).geturl()

    def settings(self) -> dict:
        parts = urllib.parse.urlsplit(self.admin_url)
        return {"ENGINE": "django.db.backends.postgresql", "NAME": self.name,
                "USER": urllib.parse.unquote(parts.username or ""), "PASSWORD": urllib.parse.unquote(parts.password or ""),
                "HOST": parts.hostname or "", "PORT": str(parts.port or "")}

    def _admin(self, action: str) -> None:
        code, output = run_bounded([self.python, "-c", _POSTGRES_ADMIN, self.admin_url, action, self.name],
                                   cwd=Path(tempfile.gettempdir()), env=dict(os.environ), timeout=self.timeout)
        if code != 0:
            raise CannotGrade("database-unusable", f"could not {action} the database {self.name} on {self.server}",
                              hint="Is PostgreSQL running there, may that user create databases, and does the "
                                   "project's Python have psycopg (or psycopg2)?", log=tail(output))

    def drop(self) -> None:
        with contextlib.suppress(CannotGrade):
            self._admin("drop")

    @contextlib.contextmanager
    def refusing_connections(self):
        self._admin("refuse")
        try:
            yield
        finally:
            self._admin("accept")


class BootedProject:
    """A project migrated and served by the checker; use it as a context manager."""

    def __init__(self, path: Path, *, python: str | None = None, timeouts: Timeouts = DEFAULT_TIMEOUTS,
                 say=print, email_backend: str = FILE_EMAIL_BACKEND, migrated_cache: Path | None = None,
                 database_url: str | None = None):
        self.path = path.resolve()
        # --database: a temporary database on the learner's PostgreSQL server instead of SQLite.
        self.database_url = database_url
        self.server_database: ServerDatabase | None = None
        # A folder of databases migrated before, by migrations fingerprint (--migrated-cache).
        self.migrated_cache = migrated_cache
        self.python_arg = python
        self.timeouts = timeouts
        self.say = say
        self.tmp: Path | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.secret_key = secrets.token_urlsafe(40)  # one key for the server and every command
        self.email_backend = email_backend  # files in mail_dir, so checks can read the codes
        self.warm: WarmManage | None = None  # started by the first command that can use it

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
    def clock_file(self) -> Path:
        return self.tmp / "clock-offset"

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
            below = manage_py_below(self.path)
            if below:
                found = ", ".join(str(path.relative_to(self.path)) for path in below)
                raise CannotGrade("not-a-django-project", f"there is no manage.py in {self.path}, but there is "
                                  f"{found}", hint=f"Pass the folder that holds it: {below[0].parent}")
            raise CannotGrade("not-a-django-project", f"there is no manage.py in {self.path}",
                              hint="Pass the folder that holds your project's manage.py "
                                   "(e.g. parts/01-introduction).")
        self.python, self.python_reason = find_python(self.path, self.python_arg)
        self.say(f"Using {self.python} ({self.python_reason}).")
        self.tmp = Path(tempfile.mkdtemp(prefix="course-checker-"))
        for folder in (self.database_dir, self.mail_dir, self.media_dir, self.tmp / "pythonpath"):
            folder.mkdir()
        self._check_python()
        if self.database_url:
            self.server_database = ServerDatabase.create(self.database_url, self.python, self.timeouts.command)
            self.say(f"Using a temporary database, {self.server_database.name}, on {self.server_database.server}.")
        self._write_settings_wrapper()
        self._migrate()
        self._serve()

    def close(self) -> None:
        if self.warm is not None:
            self.warm.close()
            self.warm = None
        if self.process is not None:
            _kill_group(self.process)
            self.process = None
        if self.server_database is not None:
            self.server_database.drop()
            self.server_database = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    # -- steps -----------------------------------------------------------------------------
    def _write_settings_wrapper(self) -> None:
        wrapper = _WRAPPER.format(
            module=settings_module_of(self.path),
            database=self.database_settings(),
            email_backend=self.email_backend,
            mail=str(self.mail_dir),
            media=str(self.media_dir),
            clock=str(self.clock_file),
        )
        (self.tmp / "pythonpath" / "checker_settings.py").write_text(wrapper)
        (self.tmp / "pythonpath" / "checker_clock.py").write_text(_CLOCK)

    def environment(self, **overrides: str | None) -> dict[str, str]:
        """The environment of every command; an override of None removes that variable."""
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
            DATABASE_URL=self.server_database.url if self.server_database else
            f"sqlite:///{self.database_dir / 'db.sqlite3'}",
            REDIS_URL="",
            EMAIL_BACKEND=self.email_backend,
            EMAIL_FILE_PATH=str(self.mail_dir),
            MEDIA_ROOT=str(self.media_dir),
            SERVE_MEDIA="True",  # so uploaded files can be fetched back (from part 05 on)
            # Grading signs up and logs in a hundred people from 127.0.0.1 (part 04 on):
            # lift the per-client limits; the per-address ones stay at their defaults.
            THROTTLE_REGISTRATIONS_PER_CLIENT="10000/hour",
            THROTTLE_LOGIN_FAILURES_PER_CLIENT="10000/hour",
        )
        # Names many projects use for the same settings (the course's are the ones above).
        env.update(DJANGO_DEBUG=env["DEBUG"], DJANGO_SECRET_KEY=env["SECRET_KEY"],
                   DJANGO_ALLOWED_HOSTS=env["ALLOWED_HOSTS"])
        for name, value in overrides.items():
            if value is None:
                env.pop(name, None)
                env.pop(f"DJANGO_{name}", None)
            else:
                env[name] = value
                if f"DJANGO_{name}" in env:
                    env[f"DJANGO_{name}"] = value
        return env

    def _check_python(self) -> None:
        """That Python exists (whether it has Django, migrate tells: one process less per run)."""
        found = shutil.which(self.python) if os.sep not in self.python else self.python
        if not found or not Path(found).is_file():
            raise CannotGrade("python-unusable", f"there is no Python at {self.python} ({self.python_reason})",
                              hint="Choose an existing Python with --python, or create .venv in your project.")

    def _python_unusable(self, output: str) -> CannotGrade:
        return CannotGrade(
            "python-unusable", f"{self.python} ({self.python_reason}) cannot import Django",
            hint="Install your project's requirements into that Python "
                 "(pip install -r requirements.txt), or choose another with --python.",
            log=tail(output))

    def manage(self, *args: str, timeout: float | None = None, project: Path | None = None, warm: bool = True,
               **env_overrides: str | None) -> tuple[int | None, str]:
        """Run `python manage.py ARGS` in the checker's environment (bounded); in `project`, a
        copy of the project, when given.

        Commands whose environment only adds variables read at run time (not by the settings)
        go to a warm process that has Django loaded already (checker/warm.py)."""
        timeout = timeout or self.timeouts.command
        if warm and project is None and all(name.startswith(RUN_TIME_VARIABLES) and value is not None
                                   for name, value in env_overrides.items()):
            if self.warm is None:
                self.warm = WarmManage(self.python, self.path, self.environment())
            answer = self.warm.run(list(args), extra_env=env_overrides, timeout=timeout)
            if answer is not None:
                return answer
        env = self.environment(**env_overrides)
        if project is not None:
            env["PYTHONPATH"] = env["PYTHONPATH"].replace(str(self.path), str(project))
        return run_bounded([self.python, "manage.py", *args], cwd=project or self.path, env=env, timeout=timeout)

    @contextlib.contextmanager
    def copy_without_dotenv(self):
        """A copy of the project without its .env files, to see what settings do when a variable
        is really unset (a learner's .env would fill it in)."""
        copy = Path(tempfile.mkdtemp(prefix="project-", dir=self.tmp))
        ignored = shutil.ignore_patterns(".env", ".env.*", ".venv", "venv", "node_modules", ".git", "media",
                                         "*.sqlite3", "__pycache__", "staticfiles")
        try:
            shutil.copytree(self.path, copy, ignore=ignored, dirs_exist_ok=True, symlinks=True)
            yield copy
        finally:
            shutil.rmtree(copy, ignore_errors=True)

    def database_settings(self) -> dict:
        if self.server_database:
            return self.server_database.settings()
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(self.database_dir / "db.sqlite3")}

    def _migrate(self) -> None:
        database = self.database_dir / "db.sqlite3"
        cached = self.migrated_cache / f"{migrations_fingerprint(self.path, self.python)}.sqlite3" \
            if self.migrated_cache and not self.server_database else None
        if cached is not None and cached.is_file():
            self.say("Using a copy of a database migrated before (same migrations and settings)…")
            shutil.copyfile(cached, database)
            return
        self.say("Migrating a temporary database…")
        code, output = self.manage("migrate", "--noinput", timeout=self.timeouts.migrate, warm=False)
        if code is None:
            raise CannotGrade("migrate-timed-out",
                              f"`manage.py migrate` did not finish within {self.timeouts.migrate:g} s",
                              hint="Something at import time waits forever (a network call in "
                                   "settings, an input() call?).", log=tail(output))
        if code != 0 and ("No module named 'django'" in output or "Couldn't import Django" in output):
            raise self._python_unusable(output)
        if code != 0:
            raise CannotGrade("migrate-failed", f"`manage.py migrate` failed (exit code {code})",
                              hint=explain(output, self.path, self.python, self.python_reason)
                              or "Run `python manage.py migrate` in your project and fix the first "
                                 "error it shows.", log=tail(output))
        if cached is not None and database.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
            shutil.copyfile(database, partial)
            os.replace(partial, cached)  # whole or not at all, even with several checkers at once

    def _serve(self) -> None:
        # --insecure serves the admin's static files with DEBUG off. Some runserver commands
        # (daphne's, a project's own) do not know it: then the server starts without it.
        if not self._start_server("--insecure"):
            self.say("This project's runserver does not accept --insecure (daphne's?): starting it without.")
            self._start_server()

    def _start_server(self, *options: str) -> bool:
        """Start runserver and wait for an answer; False if it refused one of `options`."""
        self.port = free_port()
        self.say(f"Starting the server on {self.base_url}…")
        log = open(self.log_path, "wb")
        try:
            self.process = subprocess.Popen(
                [self.python, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", *options],
                cwd=self.path, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            log.close()
        try:
            self._wait_until_answering()
        except CannotGrade as problem:
            refused = [option for option in options if f"unrecognized arguments: {option}" in problem.log]
            if problem.kind == "server-exited" and refused:
                return False
            raise
        return True

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + self.timeouts.boot
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_tail()
                raise CannotGrade("server-exited",
                                  f"the server exited during start-up (exit code {self.process.returncode})",
                                  hint=explain(log, self.path, self.python, self.python_reason)
                                  or "Run `python manage.py runserver` yourself and fix the error shown below.",
                                  log=log)
            answer = first_answer(self.base_url + "/")
            if answer is not None:
                status, location = answer
                if 300 <= status < 400 and location.startswith("https://"):
                    raise CannotGrade("redirects-to-https", f"the server answers every request with a "
                                      f"{status} redirect to {location}",
                                      hint=HTTPS_HINT, log=self.log_tail())
                return
            time.sleep(0.1)
        raise CannotGrade("server-never-answered",
                          f"the server did not answer HTTP within {self.timeouts.boot:g} s",
                          hint="Something blocks start-up or every request (an endless loop or a "
                               "sleep at import time?).", log=self.log_tail())

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
    def clock_moved(self, seconds: float):
        """The server's clock (and its commands') runs `seconds` ahead, then comes back."""
        self.clock_file.write_text(repr(float(seconds)))
        try:
            yield
        finally:
            self.clock_file.write_text("0")

    @contextlib.contextmanager
    def database_unreachable(self):
        """Take the database away while the server runs, then put it back."""
        if self.server_database:
            with self.server_database.refusing_connections():
                yield
            return
        away = self.tmp / "database-away"
        self.database_dir.rename(away)
        try:
            yield
        finally:
            away.rename(self.database_dir)
