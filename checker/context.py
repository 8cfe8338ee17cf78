"""What a check function receives: an HTTP client and, when available, the project."""
from __future__ import annotations

import contextlib
import email
import re
import time
from pathlib import Path

from checker.http import CheckFailed, Client, Response
from checker.project import BootedProject


class Context:
    def __init__(self, client: Client, *, project_path: Path | None, booted: BootedProject | None,
                 mail_dir: Path | None = None):
        self.http = client
        self.project_path = project_path
        self.booted = booted
        # Where the project's file e-mail backend writes: the checker's own folder when it
        # booted the project, or the learner's EMAIL_FILE_PATH given with --mail-dir.
        self.mail_dir = booted.mail_dir if booted else mail_dir
        self.last_response: Response | None = None
        client.on_response = self._remember

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

    def project_file(self, relative: str) -> Path:
        """A file of the project; a missing one fails the check with its name."""
        path = self.project_path / relative
        if not path.is_file():
            raise CheckFailed(f"{relative} is missing", expected=f"a file {relative} in your project")
        return path

    def manage(self, *args: str, **env_overrides: str) -> tuple[int | None, str]:
        return self.booted.manage(*args, **env_overrides)

    def django_shell(self, code: str, **env_overrides: str) -> str:
        """Run Python inside the project (`manage.py shell -c`); its output, or a failure."""
        exit_code, output = self.manage("shell", "--verbosity", "0", "-c", code, **env_overrides)
        if exit_code != 0:
            raise CheckFailed("running code in `manage.py shell` failed:\n" + output.strip()[-1500:],
                              expected="`python manage.py shell` to run")
        return output.strip()

    def emails_to(self, address: str) -> list[email.message.Message]:
        """Every e-mail the project has sent to `address`, oldest first (file backend)."""
        found = []
        for path in sorted(self.mail_dir.glob("*"), key=lambda p: (p.stat().st_mtime, p.name)):
            for chunk in re.split(r"^-{79}$", path.read_text(encoding="utf-8", errors="replace"), flags=re.M):
                if chunk.strip():
                    message = email.message_from_string(chunk.strip())
                    if address.lower() in str(message.get("To", "")).lower():
                        found.append(message)
        return found

    def code_sent_to(self, address: str, *, after: int = 0, wait: float = 3.0) -> str:
        """The 6-digit code in e-mail number `after`+1 (or later) to `address`; waits a little."""
        deadline = time.monotonic() + wait
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
                raise CheckFailed(f"no e-mail reached {address} (the checker reads the files in {self.mail_dir})",
                                  expected="an e-mail with a 6-digit code, sent with Django's send_mail")
            time.sleep(0.1)

    @contextlib.contextmanager
    def database_unreachable(self):
        with self.booted.database_unreachable():
            yield


def _text_of(message: email.message.Message) -> str:
    if message.is_multipart():
        parts = [part for part in message.walk() if part.get_content_type() == "text/plain"]
        message = parts[0] if parts else message
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8", "replace") if payload else ""
