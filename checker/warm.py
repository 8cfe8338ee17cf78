"""
A warm `manage.py`: one Python process of the project that has already imported Django
and the project's settings, and runs management commands on request.

Starting Python and Django for every `manage.py createsuperuser` or `shell -c` costs one
to two seconds; grading a late part runs dozens of them. Commands that need the same
environment as the server go to this process instead (about 50 ms each). Commands with
environment changes (DEBUG=False, another settings module...) still start a process of
their own, since settings are read once per process.

Protocol: one JSON line in ({"argv": [...], "env": {...}}), one JSON line out
({"code": exit code, "output": text}). Every wait is bounded; a worker that does not
answer in time is stopped, and the next command starts a new one.
"""
from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import time
from pathlib import Path

# Runs inside the project's Python. Kept small: stdlib and Django only.
WORKER = r'''
import contextlib, io, json, os, sys, traceback
import django
django.setup()
from django.core.management import ManagementUtility
from django.db import connections
answers = os.fdopen(os.dup(1), "w")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # only answers go to the checker
sys.stdout = sys.stderr = io.StringIO()
print(json.dumps({"ready": True}), file=answers, flush=True)
for line in sys.stdin:
    request = json.loads(line)
    saved = dict(os.environ)
    os.environ.update(request.get("env", {}))
    captured = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        try:
            ManagementUtility(["manage.py", *request["argv"]]).execute()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
    os.environ.clear()
    os.environ.update(saved)
    connections.close_all()  # hold no SQLite lock between commands
    print(json.dumps({"code": code, "output": captured.getvalue()}), file=answers, flush=True)
'''


class WarmManage:
    """One warm worker for a project; `run(argv, env, timeout)` like `manage.py ARGV`."""

    def __init__(self, python: str, cwd: Path, env: dict[str, str]):
        self.python, self.cwd, self.env = python, cwd, env
        self.process: subprocess.Popen | None = None

    def run(self, argv: list[str], *, extra_env: dict[str, str], timeout: float) -> tuple[int | None, str] | None:
        """(exit code, output), (None, "") when it timed out, or None when no worker could start."""
        deadline = time.monotonic() + timeout
        if self.process is None:
            started = self._start(deadline)
            if started != "ready":
                # A worker that could not start: a process of its own shows why (or times out).
                return None if started == "ended" else (None, "")
        self.process.stdin.write(json.dumps({"argv": argv, "env": extra_env}) + "\n")
        self.process.stdin.flush()
        answer = self._read_line(deadline)
        if answer is None:
            self.close()
            return None, ""
        return answer["code"], answer["output"]

    def _start(self, deadline: float) -> str:
        """"ready", "ended" (it failed at start-up) or "timeout"."""
        self.process = subprocess.Popen([self.python, "-c", WORKER], cwd=self.cwd, env=self.env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        if self._read_line(deadline) is not None:
            return "ready"
        ended = self.process.poll() is not None
        self.close()
        return "ended" if ended else "timeout"

    def _read_line(self, deadline: float) -> dict | None:
        line = ""
        while not line.endswith("\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.process.stdout], [], [], left)[0]:
                return None
            chunk = self.process.stdout.readline()
            if not chunk:  # the worker ended
                return None
            line += chunk
        try:
            return json.loads(line)
        except ValueError:
            return None

    def close(self) -> None:
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        self.process = None
