"""
The HTTP side of a check: send one request, keep what came back, assert on it.

Every request is bounded by a timeout, and every failure carries the request (as a curl
line a learner can paste), the status and body that came back, and what was expected.
"""
from __future__ import annotations

import html
import http.cookies
import json as jsonlib
import re
import shlex
import textwrap
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

BODY_LIMIT = 1200  # characters of a response body shown in a failure


class CheckFailed(AssertionError):
    """A check's expectation was not met: the learner's code needs a change."""

    def __init__(self, message: str, *, expected: str = "", response: "Response | None" = None,
                 hint: str = "", step: str = ""):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.response = response
        self.hint = hint
        # The shared step (checker/steps.py) this failure happened in, if any.
        self.step = step


class OutOfTime(CheckFailed):
    """The check used up its own time limit (every check has one; see Budget)."""

    def __init__(self, seconds: float):
        super().__init__(f"the check did not finish within its time limit of {seconds:g} s",
                         expected="each check to finish in a few seconds",
                         hint="Something in your project answers very slowly (a sleep, a slow loop, "
                              "a call to another server?). The server log below may show where.")


class Budget:
    """One check's time limit: every wait inside the check is cut to what is left of it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def bound(self, wait: float) -> float:
        """`wait`, or less when the check has less time left; OutOfTime when none is left."""
        left = self.remaining()
        if left <= 0:
            raise OutOfTime(self.seconds)
        return min(wait, left)


class ServerUnreachable(Exception):
    """The server did not answer at all (refused, reset or timed out)."""

    def __init__(self, message: str, request: "Request", *, timed_out: bool = False):
        super().__init__(message)
        self.request = request
        self.timed_out = timed_out  # connected, but no answer in time (rather than refused or reset)


@dataclass
class Request:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    # For multipart uploads: how curl would send each part (-F name=@file or -F name=value).
    form_parts: list[str] = field(default_factory=list)

    def as_curl(self) -> str:
        parts = ["curl", "-i", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.headers.items():
            if self.form_parts and name == "Content-Type":
                continue  # curl -F sets its own multipart Content-Type
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.form_parts:
            for part in self.form_parts:
                parts += ["-F", shlex.quote(part)]
        elif self.body is not None:
            shown = self.body.decode("utf-8", "replace")
            if len(shown) > 2000:
                shown = shown[:2000] + f"…({len(shown) - 2000} more characters)"
            parts += ["--data-raw", shlex.quote(shown)]
        return " ".join(parts)


def multipart_body(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
                   ) -> tuple[bytes, str, list[str]]:
    """Encode form fields and files (name -> (filename, content, content type)) as multipart."""
    boundary = f"----checker{uuid.uuid4().hex}"
    chunks, curl_parts = [], []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        curl_parts.append(f"{name}={value}")
    for name, (filename, content, content_type) in files.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                      f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
        curl_parts.append(f"{name}=@{filename};type={content_type}")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}", curl_parts


@dataclass
class Response:
    request: Request
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: int
    set_cookies: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> Any:
        try:
            return jsonlib.loads(self.body)
        except ValueError:
            raise CheckFailed(
                "the response is not JSON",
                expected="a JSON body",
                response=self,
                hint="API views should return JSON: use DRF's Response (or JsonResponse).",
            ) from None

    def body_for_display(self, limit: int = BODY_LIMIT) -> tuple[str, bool]:
        """The body, pretty-printed when it is JSON, trimmed with a note when long."""
        try:
            shown = jsonlib.dumps(jsonlib.loads(self.body), indent=2, ensure_ascii=False)
        except ValueError:
            shown = html_as_text(self.text) if "html" in self.content_type else self.text
        if len(shown) <= limit:
            return shown, False
        return f"{shown[:limit]}\n… ({len(shown) - limit} more characters not shown)", True

    # -- expectations ----------------------------------------------------------------
    def expect_status(self, *allowed: int, hint: str = "") -> "Response":
        if self.status not in allowed:
            wanted = " or ".join(str(code) for code in allowed)
            raise CheckFailed(f"expected status {wanted}, got {self.status}",
                              expected=f"status {wanted}", response=self, hint=hint)
        return self

    def expect_json(self, subset: dict[str, Any], hint: str = "") -> "Response":
        """The body is a JSON object containing `subset` (values compared, or matchers called)."""
        data = self.json()
        shown = describe(subset)
        if not isinstance(data, dict):
            raise CheckFailed("the JSON body is not an object", expected=f"a JSON object with {shown}",
                              response=self, hint=hint)
        for key, wanted in subset.items():
            if key not in data:
                raise CheckFailed(f'the JSON body has no "{key}" key',
                                  expected=f"a JSON object with {shown}", response=self, hint=hint)
            if not matches(wanted, data[key]):
                raise CheckFailed(f'"{key}" is {jsonlib.dumps(data[key])}',
                                  expected=f"a JSON object with {shown}", response=self, hint=hint)
        return self

    def expect_json_content_type(self, hint: str = "") -> "Response":
        if not self.content_type.startswith("application/json"):
            raise CheckFailed(f"Content-Type is {self.content_type or 'missing'!r}",
                              expected="Content-Type: application/json", response=self, hint=hint)
        return self

    def expect_text_absent(self, *fragments: str, hint: str = "") -> "Response":
        lowered = self.text.lower()
        for fragment in fragments:
            if fragment.lower() in lowered:
                raise CheckFailed(f"the body contains {fragment!r}",
                                  expected=f"a body that does not mention {fragment!r}",
                                  response=self, hint=hint)
        return self


def html_as_text(page: str) -> str:
    """An HTML page as its title and visible text: what a learner needs to recognise it."""
    title = re.search(r"<title[^>]*>(.*?)</title>", page, flags=re.IGNORECASE | re.DOTALL)
    visible = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.IGNORECASE | re.DOTALL)
    visible = html.unescape(re.sub(r"<[^>]+>", " ", visible))
    visible = re.sub(r"\s+", " ", visible).strip()
    heading = f"(HTML page: {html.unescape(title.group(1).strip())!r})\n" if title else "(HTML page)\n"
    return heading + textwrap.fill(visible, width=100)


# -- matchers: callables usable as values in expect_json ------------------------------
class Matcher:
    def __init__(self, test: Callable[[Any], bool], description: str):
        self.test, self.description = test, description

    def __call__(self, value: Any) -> bool:
        return self.test(value)

    def __repr__(self) -> str:
        return self.description


def one_of(*choices: Any) -> Matcher:
    return Matcher(lambda value: value in choices, " or ".join(jsonlib.dumps(c) for c in choices))


def not_equal(forbidden: Any) -> Matcher:
    return Matcher(lambda value: value != forbidden, f"anything but {jsonlib.dumps(forbidden)}")


def matches(wanted: Any, actual: Any) -> bool:
    return wanted(actual) if isinstance(wanted, Matcher) else wanted == actual


def describe(subset: dict[str, Any]) -> str:
    shown = ", ".join(
        f'"{key}": {value!r}' if isinstance(value, Matcher) else f'"{key}": {jsonlib.dumps(value)}'
        for key, value in subset.items()
    )
    return "{" + shown + "}"


# -- the client ----------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A tiny HTTP client bound to one server; every call has a timeout."""

    def __init__(self, base_url: str, timeout: float = 10.0,
                 on_response: Callable[[Response], None] | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.on_response = on_response
        self.cookies: dict[str, str] = {}
        self._opener = urllib.request.build_opener(_NoRedirect)
        self.budget: Budget | None = None  # the running check's time limit

    def browser(self) -> "Client":
        """A client of its own that keeps cookies, as a browser does (sessions, CSRF)."""
        browser = Client(self.base_url, self.timeout, self.on_response)
        browser.budget = self.budget
        return browser

    def request(self, method: str, path: str, *, json: Any = None, data: bytes | None = None,
                form: dict[str, str] | None = None, files: dict[str, tuple[str, bytes, str]] | None = None,
                headers: dict[str, str] | None = None) -> Response:
        all_headers = {"Accept": "application/json", **(headers or {})}
        body, form_parts = data, []
        if files is not None:
            body, all_headers["Content-Type"], form_parts = multipart_body(form or {}, files)
            form = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            all_headers.setdefault("Content-Type", "application/json")
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        request = Request(method, url, all_headers, body, form_parts)
        response = self._send(request)
        self._keep_cookies(response)
        if self.on_response:
            self.on_response(response)
        return response

    def _keep_cookies(self, response: Response) -> None:
        for header in response.set_cookies:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.request("POST", path, **kwargs)

    def _send(self, request: Request) -> Response:
        raw = urllib.request.Request(request.url, data=request.body, method=request.method,
                                     headers=request.headers)
        timeout = self.budget.bound(self.timeout) if self.budget else self.timeout
        started = time.monotonic()
        try:
            with self._opener.open(raw, timeout=timeout) as answer:
                status, headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                if timeout < self.timeout:
                    raise OutOfTime(self.budget.seconds) from None
                raise ServerUnreachable(f"no answer within {self.timeout:g} s", request, timed_out=True) from None
            raise ServerUnreachable(f"could not connect ({reason})", request) from None
        elapsed = int((time.monotonic() - started) * 1000)
        lowered = {name.lower(): value for name, value in headers.items()}
        return Response(request, status, lowered, body, elapsed, headers.get_all("Set-Cookie") or [])
