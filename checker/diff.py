"""What one lesson changed: the unified diff between two part snapshots, junk left out."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from checker.layout import snapshot_files

_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def _lines(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None  # binary file


def _file_diff(old_root: Path, new_root: Path, relative: Path, old_label: str, new_label: str,
               in_old: bool, in_new: bool) -> str:
    old = _lines(old_root / relative) if in_old else []
    new = _lines(new_root / relative) if in_new else []
    from_name = f"{old_label}/{relative}" if in_old else "/dev/null"
    to_name = f"{new_label}/{relative}" if in_new else "/dev/null"
    if old is None or new is None:
        same = in_old and in_new and (old_root / relative).read_bytes() == (new_root / relative).read_bytes()
        return "" if same else f"Binary files {from_name} and {to_name} differ\n"
    if old == new:
        # An empty file that appears or disappears still changes the snapshot.
        return "" if in_old == in_new else f"--- {from_name}\n+++ {to_name}\n"
    for lines in (old, new):
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n\\ No newline at end of file\n"
    return "".join(difflib.unified_diff(old, new, fromfile=from_name, tofile=to_name))


def snapshot_diff(old_root: Path, new_root: Path, old_label: str, new_label: str) -> str:
    return "".join(text for _, text in file_diffs(old_root, new_root, old_label, new_label))


def file_diffs(old_root: Path, new_root: Path, old_label: str, new_label: str) -> list[tuple[Path, str]]:
    """(file, its unified diff) for each file added, changed or removed, in path order."""
    old_files, new_files = set(snapshot_files(old_root)), set(snapshot_files(new_root))
    diffs = [(relative, _file_diff(old_root, new_root, relative, old_label, new_label,
                                   relative in old_files, relative in new_files))
             for relative in sorted(old_files | new_files)]
    return [(relative, text) for relative, text in diffs if text]


def diff_stat(diff_text: str) -> list[tuple[str, int, int]]:
    """(file, lines added, lines removed) for each file in a unified diff."""
    stats: dict[str, list[int]] = {}
    old_name = current = None
    old_left = new_left = 0  # lines still to come in the current hunk
    for line in diff_text.splitlines():
        if old_left or new_left:
            if line.startswith("+"):
                stats[current][0] += 1
                new_left -= 1
            elif line.startswith("-"):
                stats[current][1] += 1
                old_left -= 1
            elif not line.startswith("\\"):
                old_left, new_left = old_left - 1, new_left - 1
        elif line.startswith("--- "):
            old_name = None if line[4:] == "/dev/null" else line[4:].split("/", 1)[-1]
        elif line.startswith("+++ "):
            current = old_name if line[4:] == "/dev/null" else line[4:].split("/", 1)[-1]
            stats.setdefault(current, [0, 0])
        elif match := _HUNK.match(line):
            old_left = int(match.group(1) if match.group(1) is not None else 1)
            new_left = int(match.group(2) if match.group(2) is not None else 1)
    return [(name, added, removed) for name, (added, removed) in stats.items()]
