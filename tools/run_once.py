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
import time
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


def once(key: str, compute: Callable[[], dict], *, borrowed: bool = False) -> dict:
    """compute() the first time `key` is asked for in this test run; its JSON result after that.

    `borrowed`: the asking test takes another test's run (a replay taking a part's suite run).
    Every ask is written to the run's ledger (see `shared_seconds`), so that the time the run
    took is counted for the test that owns it, whichever test happened to ask first.
    """
    folder = os.environ.get(FOLDER_VARIABLE)
    if not folder:
        return compute()
    stored = Path(folder) / f"{key}.json"
    started = time.monotonic()
    computed = None
    with open(Path(folder) / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second asker waits here for the first
        if stored.exists():
            result = json.loads(stored.read_text())
        else:
            result = compute()
            stored.write_text(json.dumps(result))
            computed = time.monotonic() - started
    _write_to_ledger(folder, key=key, borrowed=borrowed, computed=computed, seconds=time.monotonic() - started)
    return result


LEDGER = "ledger.jsonl"


def _write_to_ledger(folder: str, **entry) -> None:
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    with open(Path(folder) / LEDGER, "a") as ledger:
        ledger.write(json.dumps({"test": test, **entry}) + "\n")  # one short line: appends do not interleave


def shared_seconds(folder: Path) -> dict[str, float]:
    """
    From the run's ledger, how each test's measured seconds should change so that a shared
    run counts for the test that owns it: every test loses the seconds it spent in once()
    (computing or waiting), and the owner of each run (the test that asked without
    borrowing) gains the seconds the run took to compute. A run nobody owned in this test
    run stays with the test that computed it.
    """
    ledger = Path(folder) / LEDGER
    entries = [json.loads(line) for line in ledger.read_text().splitlines()] if ledger.exists() else []
    change: dict[str, float] = {}
    for entry in entries:
        change[entry["test"]] = change.get(entry["test"], 0.0) - entry["seconds"]
    for key in {entry["key"] for entry in entries}:
        asks = [entry for entry in entries if entry["key"] == key]
        computed = next(entry for entry in asks if entry["computed"] is not None)
        owner = next((entry["test"] for entry in asks if not entry["borrowed"]), computed["test"])
        change[owner] = change.get(owner, 0.0) + computed["computed"]
    return change
