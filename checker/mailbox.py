"""
The e-mails a project sent, read from the folder its file e-mail backend writes to.

Django's file backend appends each message to a file followed by a line of 79 dashes.
The mailbox reads every file once, only the bytes added since it last looked, and keeps
the messages by recipient, so finding a code costs the same on the 5th e-mail as on the
5,000th (grading signs up hundreds of people as the course grows).
"""
from __future__ import annotations

import email
import email.message
import email.utils
import re
from pathlib import Path

SEPARATOR = re.compile(rb"^-{79}\r?(?:\n|$)", flags=re.MULTILINE)


class Mailbox:
    def __init__(self, folder: Path):
        self.folder = folder
        self._read_up_to: dict[Path, int] = {}
        self._by_address: dict[str, list[email.message.Message]] = {}
        self.files_read = 0  # bytes were read from a file this many times (for tests)

    def to(self, address: str) -> list[email.message.Message]:
        """Every message sent to `address` (any letter case), oldest first."""
        self._read_new()
        return list(self._by_address.get(address.lower(), []))

    def _read_new(self) -> None:
        if not self.folder.is_dir():
            return
        files = [path for path in self.folder.iterdir() if path.is_file()]
        for path in sorted(files, key=lambda p: (p.stat().st_mtime, p.name)):
            if path.stat().st_size > self._read_up_to.get(path, 0):
                self._read_file(path)

    def _read_file(self, path: Path) -> None:
        start = self._read_up_to.get(path, 0)
        with open(path, "rb") as file:
            file.seek(start)
            added = file.read()
        self.files_read += 1
        # Only whole messages: one may still be being written after the last separator.
        separators = list(SEPARATOR.finditer(added))
        if not separators:
            return
        self._read_up_to[path] = start + separators[-1].end()
        chunks = SEPARATOR.split(added[:separators[-1].start()])
        for chunk in chunks:
            if chunk.strip():
                self._add(email.message_from_bytes(chunk.strip()))

    def _add(self, message: email.message.Message) -> None:
        recipients = email.utils.getaddresses([str(message.get(name, "")) for name in ("To", "Cc", "Bcc")])
        for address in {address.lower() for _, address in recipients if address}:
            self._by_address.setdefault(address, []).append(message)
