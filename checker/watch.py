"""
--watch: grade, then grade again each time the project's files change, until Ctrl-C.

The project's files are compared by modification time every half second (no extra
dependency, works on every system); local state such as `__pycache__`, databases, media
and virtual environments is ignored, and so are the results files the checker writes.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from checker.layout import is_junk

NOT_WATCHED = ("node_modules", ".git", ".idea", ".vscode")


def snapshot(project: Path, ignored: set[Path] = frozenset()) -> dict[str, int]:
    """Every watched file of the project, with its modification time."""
    found = {}
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if (set(relative.parts) & set(NOT_WATCHED) or is_junk(relative) or path.resolve() in ignored
                or not path.is_file()):
            continue
        try:
            found[relative.as_posix()] = path.stat().st_mtime_ns
        except OSError:  # removed between listing and looking
            continue
    return found


def changes(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Files added, changed or removed, sorted."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def wait_for_change(project: Path, before: dict[str, int], *, ignored: set[Path] = frozenset(),
                    poll: float = 0.5, settle: float = 0.3,
                    sleep: Callable[[float], None] = time.sleep) -> tuple[list[str], dict[str, int]]:
    """Wait until files change, then until they stop changing for `settle` s (an editor saving
    several files); the changed names and the new snapshot."""
    while True:
        sleep(poll)
        now = snapshot(project, ignored)
        changed = changes(before, now)
        if changed:
            break
    while True:  # let a burst of saves finish
        sleep(settle)
        later = snapshot(project, ignored)
        if later == now:
            return changes(before, now), now
        now = later


def watch(project: Path, grade_once: Callable[[], int], say: Callable[[str], None], *,
          ignored: set[Path] = frozenset(), rounds: int | None = None, poll: float = 0.5) -> int:
    """Grade, then re-grade after every change (`rounds` times, or until Ctrl-C); the last exit code."""
    code = grade_once()
    before = snapshot(project, ignored)
    done = 0
    try:
        while rounds is None or done < rounds:
            say(f"\nWatching {project} for changes (Ctrl-C to stop)…")
            changed, before = wait_for_change(project, before, ignored=ignored, poll=poll)
            shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
            say(f"Changed: {shown}. Grading again.\n")
            code = grade_once()
            before = snapshot(project, ignored)
            done += 1
    except KeyboardInterrupt:
        say("\nStopped watching.")
    return code
