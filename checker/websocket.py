"""
WebSocket connections for checks (part 12's notifications, part 13's chat), with the
`websockets` library's synchronous client.

Like HTTP requests, every wait is bounded: by the request timeout and by what is left of
the check's time limit. A failure names the socket's URL, what arrived (or that nothing
did), and what was expected; `replay` is a command a learner can paste to try the same
socket (`python -m websockets URL`, the library's interactive client).
"""
from __future__ import annotations

import contextlib
import json
import shlex
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from checker.http import Budget, CheckFailed


def ws_url(base_url: str, path: str) -> str:
    """ws://host:port/path for an http:// base URL (wss:// for https://)."""
    return "ws" + base_url.removeprefix("http") + path


class Socket:
    """One WebSocket connection; use it as a context manager (it always closes)."""

    def __init__(self, url: str, *, timeout: float, budget: Budget | None = None,
                 headers: dict[str, str] | None = None):
        self.url, self.timeout, self.budget, self.headers = url, timeout, budget, headers or {}
        self.connection: ClientConnection | None = None
        self.close_code: int | None = None   # set once the server has closed the socket
        self.refused_status: int | None = None  # set when the handshake was answered with HTTP
        self._stack = contextlib.ExitStack()

    @property
    def replay(self) -> str:
        return f"python -m websockets {shlex.quote(self.url)}"

    def _wait(self, seconds: float | None = None) -> float:
        wait = min(seconds, self.timeout) if seconds is not None else self.timeout
        return self.budget.bound(wait) if self.budget else wait

    def _failed(self, message: str, expected: str) -> CheckFailed:
        return CheckFailed(f"{message} (WebSocket {self.url}; try it with: {self.replay})", expected=expected)

    # -- opening and closing ----------------------------------------------------------------
    def open(self) -> "Socket":
        """Connect; a refused handshake or a server that closes at once is recorded, not raised."""
        self._stack = contextlib.ExitStack()
        try:
            self.connection = self._stack.enter_context(
                connect(self.url, open_timeout=self._wait(), close_timeout=1, proxy=None,
                        additional_headers=self.headers, compression=None))
        except InvalidStatus as refused:
            self.refused_status = refused.response.status_code
        except (InvalidHandshake, OSError, TimeoutError) as problem:
            raise self._failed(f"the WebSocket could not be opened: {problem}",
                               expected="an ASGI server (daphne) routing this path to a consumer") from None
        return self

    def close(self) -> None:
        self._stack.close()
        self.connection = None

    def __enter__(self) -> "Socket":
        return self.open()

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- messages ---------------------------------------------------------------------------
    def send_json(self, data: Any) -> None:
        self._require_open()
        try:
            self.connection.send(json.dumps(data))
        except ConnectionClosed as closed:
            self.close_code = closed.rcvd.code if closed.rcvd else None
            raise self._failed(f"the server closed the socket (code {self.close_code}) before a message could "
                               f"be sent", expected="an open socket") from None

    def receive_json(self, wait: float | None = None, *, what: str = "a message") -> Any:
        """The next message, as JSON; a failure if none arrives within `wait` seconds."""
        self._require_open()
        seconds = self._wait(wait)
        try:
            raw = self.connection.recv(timeout=seconds)
        except TimeoutError:
            raise self._failed(f"no message arrived within {seconds:g} s", expected=what) from None
        except ConnectionClosed as closed:
            self.close_code = closed.rcvd.code if closed.rcvd else None
            raise self._failed(f"the server closed the socket (code {self.close_code}) instead of sending "
                               f"{what}", expected=what) from None
        try:
            return json.loads(raw)
        except ValueError:
            raise self._failed(f"a message that is not JSON arrived: {str(raw)[:300]!r}",
                               expected=f"{what}, as JSON") from None

    def expect_silence(self, wait: float, *, why: str) -> None:
        """No message arrives for `wait` seconds (an event that must not reach this user)."""
        self._require_open()
        try:
            raw = self.connection.recv(timeout=self._wait(wait))
        except (TimeoutError, ConnectionClosed):
            return
        raise self._failed(f"a message arrived: {str(raw)[:300]}", expected=f"no message ({why})")

    def expect_refused(self, code: int) -> None:
        """The server refused this socket: closed with `code`, or the handshake answered with HTTP 403."""
        if self.refused_status is not None:
            if self.refused_status == 403:
                return
            raise self._failed(f"the handshake was answered with HTTP {self.refused_status}",
                               expected=f"the socket refused (closed with code {code}, or 403)")
        try:
            raw = self.connection.recv(timeout=self._wait())
        except TimeoutError:
            raise self._failed("the socket stayed open", expected=f"the socket closed with code {code}") from None
        except ConnectionClosed as closed:
            self.close_code = closed.rcvd.code if closed.rcvd else None
            if self.close_code == code:
                return
            raise self._failed(f"the socket was closed with code {self.close_code}",
                               expected=f"code {code}") from None
        raise self._failed(f"the socket stayed open and sent {str(raw)[:200]}",
                           expected=f"the socket closed with code {code}")

    def _require_open(self) -> None:
        if self.connection is None:
            shown = f"HTTP {self.refused_status}" if self.refused_status else "no connection"
            raise self._failed(f"the socket was not opened ({shown})", expected="the WebSocket accepted")
