"""
Within one run of the test suite, a slow command runs once for the same inputs.

Several tests need the same expensive result: a part's own suite on SQLite is what
tests/test_part_suites.py asserts passes and what lesson N's replay runs at its `pytest -q`
step; the checker's two runs of a part are what tests/test_checker_parts.py asserts and
what the replays run at the start and end of a lesson. Same files, same command, same
environment: the same answer. The first test to ask computes it; the others, on any pytest-xdist worker, wait
for it and read it.

The results live in the folder named by COURSE_RUN_ONCE_DIR, which tests/conftest.py makes
for one run and removes after it, so nothing outlives the run that computed it. Outside a
test run (a maintainer running tools.docs_snippets) the variable is unset and every call
simply computes.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from checker.layout import snapshot_files

FOLDER_VARIABLE = "COURSE_RUN_ONCE_DIR"


def fingerprint(*texts: str, paths: tuple[Path, ...] = ()) -> str:
    """A key for the inputs: the given texts, and every file of `paths` (files or folders,
    name and bytes; a folder's local junk left out)."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode() + b"\0")
    for root in paths:
        for relative in [Path()] if root.is_file() else snapshot_files(root):
            name = f"{root.name}/{relative.as_posix()}"
            digest.update(name.encode() + b"\0" + (root / relative).read_bytes() + b"\0")
    return digest.hexdigest()


def once(key: str, compute: Callable[[], dict]) -> dict:
    """compute() the first time `key` is asked for in this test run; its JSON result after that."""
    folder = os.environ.get(FOLDER_VARIABLE)
    if not folder:
        return compute()
    stored = Path(folder) / f"{key}.json"
    with open(Path(folder) / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second asker waits here for the first
        if stored.exists():
            return json.loads(stored.read_text())
        result = compute()
        stored.write_text(json.dumps(result))
        return result
