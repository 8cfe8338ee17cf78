"""
A tiny HTTP server for unit tests of checks: no Django, no boot, answers in microseconds.

A test says what each route answers, runs a check against it, and asserts on the result:

    stub = StubServer()
    stub.route("POST", "/api/auth/login/", lambda request: reply(200, {"token": "abc"}))
    with stub:
        result = run_check("04.me.with-token", stub)

Routes are matched on method and path (a regular expression matched in full). Routes
may send e-mails the way Django's file backend writes them (`stub.send_mail`), so checks
that read sign-up codes work too. `learner_api(stub)` installs a small learner-like
sign-up flow (register, verify with an e-mailed code, log in) that tests can then vary.
"""
from __future__ import annotations

import json
import re
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from checker.context import Context
from checker.http import Client
from checker.registry import Check, all_parts
from checker.results import CheckResult, Report
from checker.runner import run_all


@dataclass
class StubRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def reply(status: int, data: Any = None, headers: dict[str, str] | None = None, *, delay: float = 0.0) -> Reply:
    """A JSON answer (or an empty one when `data` is None), after `delay` seconds."""
    if delay:
        time.sleep(delay)
    body = b"" if data is None else json.dumps(data).encode()
    return Reply(status, body, {"Content-Type": "application/json", **(headers or {})})


class QuietServer(ThreadingHTTPServer):
    """A client that hangs up before its answer (the checker giving up on a slow route, as
    some tests make it) is expected here: no traceback for it in the test output."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class StubServer:
    def __init__(self, mail_dir: Path | None = None):
        self.routes: list[tuple[str, re.Pattern, Callable[[StubRequest], Reply]]] = []
        self.mail_dir = mail_dir
        self.requests: list[StubRequest] = []
        self._server: ThreadingHTTPServer | None = None

    def route(self, method: str, path: str, answer: Callable[[StubRequest], Reply]) -> None:
        """`answer(request)` for METHOD PATH; later routes win over earlier ones."""
        self.routes.insert(0, (method, re.compile(path), answer))

    def send_mail(self, to: str, text: str) -> None:
        """Write an e-mail as Django's file backend does: the message, then a line of 79 dashes."""
        message = f"Content-Type: text/plain; charset=\"utf-8\"\nSubject: Your code\nTo: {to}\n\n{text}\n"
        with open(self.mail_dir / f"{time.time_ns()}-{secrets.token_hex(2)}.log", "a") as file:
            file.write(message + "-" * 79 + "\n")

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, request: StubRequest) -> Reply:
        self.requests.append(request)
        path = request.path.split("?")[0]
        for method, pattern, answer in self.routes:
            if method == request.method and pattern.fullmatch(path):
                return answer(request)
        return reply(404, {"detail": "Not found."})

    def __enter__(self) -> "StubServer":
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = StubRequest(self.command, self.path, dict(self.headers), self.rfile.read(length))
                answer = stub.answer(request)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

            def log_message(self, *args):  # quiet
                pass

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- running checks against a stub ------------------------------------------------------------------
def check_by_id(check_id: str) -> Check:
    return next(check for part in all_parts() for check in part.checks if check.id == check_id)


def stub_context(stub: StubServer, *, project: Path | None = None, request_timeout: float = 5.0) -> Context:
    return Context(Client(stub.url, timeout=request_timeout), project_path=project, booted=None,
                   mail_dir=stub.mail_dir)


def run_checks(checks: list[Check], stub: StubServer, **context_options) -> Report:
    """Run `checks` against the stub as the runner does (with --url); the report."""
    report = Report(part=max(check.part for check in checks), only=False, target=stub.url)
    run_all(checks, stub_context(stub, **context_options), report, on_result=lambda result: None)
    return report


def run_check(check_id: str, stub: StubServer, **context_options) -> CheckResult:
    return run_checks([check_by_id(check_id)], stub, **context_options).results[0]


# -- a learner-like API to vary ---------------------------------------------------------------------
def learner_api(stub: StubServer, *, login_answer: Callable[[dict], dict] | None = None) -> dict[str, dict]:
    """Register (201, e-mails a code), verify (200 with that code), log in (JWT-shaped by default),
    GET /api/auth/me/ with the access token. The dict of users it returns fills up as they sign up."""
    users: dict[str, dict] = {}

    def register(request):
        data = request.json() or {}
        code = f"{secrets.randbelow(10**6):06d}"
        users[data["email"].lower()] = {**data, "code": code, "verified": False, "id": len(users) + 1}
        stub.send_mail(data["email"], f"Your code is {code}.")
        return reply(201, {"email": data["email"], "username": data["username"]})

    def verify(request):
        data = request.json() or {}
        user = users.get(str(data.get("email")).lower())
        if user and data.get("code") == user["code"]:
            user["verified"] = True
            return reply(200, {"detail": "verified"})
        return reply(400, {"code": ["Wrong code."]})

    def login(request):
        data = request.json() or {}
        user = users.get(str(data.get("email")).lower())
        if not user or user["password"] != data.get("password"):
            return reply(401, {"detail": "No."})
        answer = login_answer(user) if login_answer else {
            "access": f"access-{user['id']}", "refresh": f"refresh-{user['id']}", "user": {"id": user["id"]}}
        return reply(200, answer)

    def me(request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        for user in users.values():
            if token == f"access-{user['id']}":
                return reply(200, {"id": user["id"], "email": user["email"], "username": user["username"]})
        return reply(401, {"detail": "Not authenticated."})

    stub.route("POST", "/api/auth/register/", register)
    stub.route("POST", "/api/auth/verify-email/", verify)
    stub.route("POST", "/api/auth/login/", login)
    stub.route("GET", "/api/auth/me/", me)
    return users
