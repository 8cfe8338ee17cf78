"""What a check function receives: an HTTP client and, when available, the project."""
from __future__ import annotations

import codecs
import contextlib
import email
import re
import time
from pathlib import Path

from checker.http import Budget, CheckFailed, Client, OutOfTime, Response
from checker.mailbox import Mailbox
from checker.project import BootedProject, settings_module_of
from checker.websocket import Socket, ws_url


class Context:
    def __init__(self, client: Client, *, project_path: Path | None, booted: BootedProject | None,
                 mail_dir: Path | None = None):
        self.http = client
        self.project_path = project_path
        self.booted = booted
        # Where the project's file e-mail backend writes: the checker's own folder when it
        # booted the project, or the learner's EMAIL_FILE_PATH given with --mail-dir.
        self.mail_dir = booted.mail_dir if booted else mail_dir
        self.mailbox = Mailbox(self.mail_dir) if self.mail_dir else None
        self.last_response: Response | None = None
        self.budget: Budget | None = None
        client.on_response = self._remember

    def start_check(self, time_limit: float) -> None:
        """A new check begins: forget the last answer, start its time limit."""
        self.last_response = None
        self.budget = self.http.budget = Budget(time_limit)

    def _remember(self, response: Response) -> None:
        self.last_response = response

    # Shortcuts, so checks read like the API reference.
    def get(self, path: str, **kwargs) -> Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.http.post(path, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> Response:
        return self.http.request(method, path, **kwargs)

    def put(self, path: str, **kwargs) -> Response:
        return self.http.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs) -> Response:
        return self.http.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs) -> Response:
        return self.http.request("DELETE", path, **kwargs)

    def websocket(self, path: str, *, token: str | None = None) -> Socket:
        """A WebSocket to the server (`with ctx.websocket("/ws/notifications/", token=access) as socket:`),
        bounded like every request."""
        query = f"{'&' if '?' in path else '?'}token={token}" if token else ""
        return Socket(ws_url(self.http.base_url, path + query), timeout=self.http.timeout, budget=self.budget)

    def project_file(self, relative: str, *also_accepted: str) -> Path:
        """A file of the project (or one of the other names tools accept for it); a missing one
        fails the check with its name."""
        for name in (relative, *also_accepted):
            path = self.project_path / name
            if path.is_file():
                return path
        others = f" (or {', '.join(also_accepted)})" if also_accepted else ""
        raise CheckFailed(f"{relative}{others} is missing", expected=f"a file {relative} in your project")

    def project_text(self, relative: str, *also_accepted: str) -> str:
        """A text file of the project, whatever its encoding: UTF-8 with or without a BOM, UTF-16."""
        return decode_text(self.project_file(relative, *also_accepted).read_bytes())

    @property
    def project_package(self) -> str:
        """The package holding the project's settings (`core` in the course, a learner's own name)."""
        if self.project_path is None or not (self.project_path / "manage.py").is_file():
            return "core"
        return settings_module_of(self.project_path).split(".")[0]

    def manage(self, *args: str, **env_overrides: str | None) -> tuple[int | None, str]:
        """`manage.py ARGS` in the project, within the command bound and the check's time limit."""
        allowed = self.booted.timeouts.command
        bounded = self.budget.bound(allowed) if self.budget else allowed
        code, output = self.booted.manage(*args, timeout=bounded, **env_overrides)
        if code is None and bounded < allowed:
            raise OutOfTime(self.budget.seconds)
        return code, output

    def django_shell(self, code: str, **env_overrides: str | None) -> str:
        """Run Python inside the project (`manage.py shell -c`); its output, or a failure."""
        exit_code, output = self.manage("shell", "--verbosity", "0", "-c", code, **env_overrides)
        if exit_code != 0:
            raise CheckFailed("running code in `manage.py shell` failed:\n" + output.strip()[-1500:],
                              expected="`python manage.py shell` to run")
        return output.strip()

    def emails_to(self, address: str) -> list[email.message.Message]:
        """Every e-mail the project has sent to `address`, oldest first (file backend)."""
        return self.mailbox.to(address)

    def code_sent_to(self, address: str, *, after: int = 0, wait: float = 3.0) -> str:
        """The 6-digit code in e-mail number `after`+1 (or later) to `address`; waits a little."""
        deadline = time.monotonic() + (self.budget.bound(wait) if self.budget else wait)
        while True:
            messages = self.emails_to(address)
            if len(messages) > after:
                body = _text_of(messages[-1])
                code = re.search(r"\b(\d{6})\b", body)
                if code:
                    return code.group(1)
                raise CheckFailed(f"the e-mail to {address} has no 6-digit code in it:\n{body[:600]}",
                                  expected="an e-mail containing a 6-digit code")
            if time.monotonic() > deadline:
                raise CheckFailed(f"no e-mail reached {address} ({self._where_mail_is_read()})",
                                  expected="an e-mail with a 6-digit code, sent with Django's send_mail")
            time.sleep(0.1)

    def copy_without_dotenv(self):
        """A copy of the project without its .env files (for `manage(..., project=copy)`)."""
        return self.booted.copy_without_dotenv()

    def _where_mail_is_read(self) -> str:
        if self.booted is None:
            return f"the checker reads the files in {self.mail_dir}, your --mail-dir"
        return ("the checker reads the files its file e-mail backend writes to a temporary folder, removed "
                "when grading ends; --keep-running keeps it, and the server, to look at")

    @contextlib.contextmanager
    def clock_moved(self, *, minutes: float):
        """Run the server `minutes` in the future (needs a booted server)."""
        with self.booted.clock_moved(minutes * 60):
            yield

    @contextlib.contextmanager
    def database_unreachable(self):
        with self.booted.database_unreachable():
            yield


def decode_text(raw: bytes) -> str:
    """Bytes of a text file as editors save them: a BOM says UTF-8 or UTF-16; else UTF-8, then Latin-1."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding, "replace")
    if raw[1:2] == b"\x00" or raw[:1] == b"\x00":  # UTF-16 without a BOM (PowerShell's `>` writes one, most do)
        return raw.decode("utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _text_of(message: email.message.Message) -> str:
    if message.is_multipart():
        parts = [part for part in message.walk() if part.get_content_type() == "text/plain"]
        message = parts[0] if parts else message
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8", "replace") if payload else ""
