"""
final/ served on PostgreSQL and Redis, as in production (DEBUG=False), for the reliability
suite (tests/reliability/) and the scale benchmark (python -m tools.bench scale).

    with ServedProject(database="reliability_gw0", redis_url="redis://127.0.0.1:6379/14") as served:
        served.run_script("tests/reliability/populate.py", "out.json")   # final's settings, same database
        urllib.request.urlopen(served.base_url + "/api/health/")

It creates a fresh database of its own, migrates it, serves it with gunicorn (two workers,
threads, as the production-like stack does) or `runserver` when gunicorn is not installed,
and on the way out stops the server, drops the database and deletes its cache keys.

A settings wrapper changes only what a test bed must: a fast password hasher (as every test
suite uses), the e-mail file backend, a cache key prefix of its own (so parallel runs never
share throttle counters), and one extra URL, /bench/trivial/, a JSON view that touches
neither the database nor the cache: the floor every other request is compared with.
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from checker.layout import REPO_ROOT
from checker.project import _kill_group as stop_process_group
from checker.project import free_port

FINAL_DIR = REPO_ROOT / "final"
POSTGRES_ADMIN_URL = os.environ.get("COURSE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")

_SETTINGS = '''\
# Written by tools/pgstack.py: final's own settings, plus what a test bed needs.
from core.settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if "default" in CACHES and "redis" in CACHES["default"]["BACKEND"].lower():
    CACHES["default"]["KEY_PREFIX"] = {key_prefix!r}
ROOT_URLCONF = "pgstack_urls"
'''

_URLS = '''\
from django.http import JsonResponse
from django.urls import path

from core.urls import *  # noqa: F401,F403
from core.urls import urlpatterns as project_patterns


def trivial(request):
    return JsonResponse({{"ok": True}})


urlpatterns = [path("bench/trivial/", trivial), *project_patterns]
'''


def gunicorn_available() -> bool:
    return importlib.util.find_spec("gunicorn") is not None


def postgres_admin():
    import psycopg

    return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True)


def database_url(name: str) -> str:
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


class ServedProject:
    """final/ migrated on a database of its own and served on a free port (a context manager)."""

    def __init__(self, *, database: str, redis_url: str, extra_env: dict[str, str] | None = None,
                 workers: int = 2, threads: int = 8, keep_database: bool = False, reuse_database: bool = False,
                 say=lambda text: None):
        self.database = database
        self.reuse_database = reuse_database  # migrate an existing database instead of starting afresh
        self.redis_url = redis_url
        self.extra_env = extra_env or {}
        self.workers, self.threads = workers, threads
        self.keep_database = keep_database
        self.say = say
        self.key_prefix = f"pgstack-{uuid.uuid4().hex[:8]}"
        self.secret_key = secrets.token_urlsafe(40)
        self.tmp: Path | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0

    # -- where things are ------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.tmp / "server.log"

    @property
    def database_url(self) -> str:
        return database_url(self.database)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def environment(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if name not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV"}}
        env.update(
            DJANGO_SETTINGS_MODULE="pgstack_settings",
            PYTHONPATH=os.pathsep.join([str(self.tmp / "pythonpath"), str(FINAL_DIR), str(REPO_ROOT)]),
            PYTHONUNBUFFERED="1",
            PYTHONDONTWRITEBYTECODE="1",
            DEBUG="False",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.tmp / "mail"),
            MEDIA_ROOT=str(self.tmp / "media"),
            LOG_LEVEL="WARNING",
        )
        env.update(self.extra_env)
        return env

    # -- life cycle ----------------------------------------------------------------------------
    def __enter__(self) -> "ServedProject":
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def start(self, *, serve: bool = True) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="pgstack-"))
        for folder in ("pythonpath", "mail", "media"):
            (self.tmp / folder).mkdir()
        (self.tmp / "pythonpath" / "pgstack_settings.py").write_text(_SETTINGS.format(key_prefix=self.key_prefix))
        (self.tmp / "pythonpath" / "pgstack_urls.py").write_text(_URLS.format())
        if not (self.reuse_database and self.database_exists()):
            self._create_database()
        self.say(f"migrating {self.database}…")
        self.manage("migrate", "--noinput")
        if serve:
            self.serve()

    def database_exists(self) -> bool:
        with postgres_admin() as admin:
            return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.database]).fetchone() is not None

    def _create_database(self) -> None:
        from psycopg import sql

        with postgres_admin() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.database)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database)))

    def manage(self, *args: str, timeout: float = 300) -> str:
        return self.run([sys.executable, "manage.py", *args], timeout=timeout)

    def run_script(self, script: Path | str, *args: str, timeout: float = 1800) -> str:
        """Run a Python script with final's settings on this database (it calls django.setup())."""
        return self.run([sys.executable, str(Path(script).resolve()), *args], timeout=timeout)

    def run(self, command: list[str], *, timeout: float) -> str:
        completed = subprocess.run(command, cwd=FINAL_DIR, env=self.environment(), capture_output=True,
                                   text=True, timeout=timeout)
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(command[1:])} failed ({completed.returncode}):\n"
                               f"{completed.stdout[-3000:]}{completed.stderr[-3000:]}")
        return completed.stdout

    def serve(self) -> None:
        self.port = free_port()
        if gunicorn_available():
            command = [sys.executable, "-m", "gunicorn", "core.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                       "--workers", str(self.workers), "--threads", str(self.threads), "--timeout", "120",
                       "--keep-alive", "60",  # clients reuse connections; never close one mid-reuse
                       "--log-level", "warning"]
        else:
            command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload",
                       "--insecure"]
        self.say(f"serving on {self.base_url} ({'gunicorn' if gunicorn_available() else 'runserver'})…")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=FINAL_DIR, env=self.environment(), stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        self._wait_until_answering()

    def _wait_until_answering(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited during start-up:\n{self.log_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.base_url + "/bench/trivial/", timeout=2).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout:g} s:\n{self.log_text()[-3000:]}")

    def stop_server(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None

    def close(self) -> None:
        self.stop_server()
        if self.tmp is not None:
            self._forget_cache_keys()
            if not (self.keep_database or self.reuse_database):
                self._drop_database()
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def _drop_database(self) -> None:
        from psycopg import sql

        with contextlib.suppress(Exception), postgres_admin() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.database)))

    def _forget_cache_keys(self) -> None:
        if not self.redis_url:
            return
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(self.redis_url)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
