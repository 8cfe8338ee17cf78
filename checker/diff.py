"""What one lesson changed: the unified diff between two part snapshots, junk left out."""
from __future__ import annotations

import difflib
from pathlib import Path

from checker.layout import snapshot_files


def _lines(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None  # binary file


def snapshot_diff(old_root: Path, new_root: Path, old_label: str, new_label: str) -> str:
    old_files, new_files = set(snapshot_files(old_root)), set(snapshot_files(new_root))
    chunks = []
    for relative in sorted(old_files | new_files):
        old = _lines(old_root / relative) if relative in old_files else []
        new = _lines(new_root / relative) if relative in new_files else []
        if old is None or new is None:
            if (old_root / relative).read_bytes() != (new_root / relative).read_bytes():
                chunks.append(f"Binary files {old_label}/{relative} and {new_label}/{relative} differ\n")
            continue
        if old == new:
            continue
        for line in (old, new):
            if line and not line[-1].endswith("\n"):
                line[-1] += "\n\\ No newline at end of file\n"
        chunks.extend(difflib.unified_diff(
            old, new,
            fromfile=f"{old_label}/{relative}" if relative in old_files else "/dev/null",
            tofile=f"{new_label}/{relative}" if relative in new_files else "/dev/null",
        ))
    return "".join(chunks)


def diff_stat(diff_text: str) -> list[tuple[str, int, int]]:
    """(file, lines added, lines removed) for each file in a unified diff."""
    stats: dict[str, list[int]] = {}
    old_name = current = None
    for line in diff_text.splitlines():
        if line.startswith("--- "):
            old_name = None if line[4:] == "/dev/null" else line[4:].split("/", 1)[-1]
        elif line.startswith("+++ "):
            current = old_name if line[4:] == "/dev/null" else line[4:].split("/", 1)[-1]
            stats.setdefault(current, [0, 0])
        elif current and line.startswith("+"):
            stats[current][0] += 1
        elif current and line.startswith("-"):
            stats[current][1] += 1
    return [(name, added, removed) for name, (added, removed) in stats.items()]
