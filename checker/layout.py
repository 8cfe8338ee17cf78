"""Where things are in the course repository, and which files belong to a snapshot."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PARTS_DIR = REPO_ROOT / "parts"
FINAL_DIR = REPO_ROOT / "final"

# Local state a running project creates: never part of a snapshot, a diff or a carry.
JUNK_PATTERNS = (
    "__pycache__", "*.pyc", "*.pyo", ".pytest_cache", ".venv", "venv", ".env",
    "db.sqlite3", "db.sqlite3-journal", "*.sqlite3", "media", "staticfiles",
    "sent-emails", ".DS_Store", "*.egg-info", ".mypy_cache", ".ruff_cache",
)

_PART_DIR_NAME = re.compile(r"^(\d{2})-([a-z0-9-]+)$")


@dataclass(frozen=True)
class PartDir:
    number: int
    slug: str
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


def is_junk(relative: Path) -> bool:
    return any(fnmatch.fnmatch(piece, pattern) for piece in relative.parts for pattern in JUNK_PATTERNS)


def part_dirs(parts_dir: Path = PARTS_DIR) -> list[PartDir]:
    found = []
    for child in sorted(parts_dir.iterdir()) if parts_dir.is_dir() else []:
        match = _PART_DIR_NAME.match(child.name)
        if child.is_dir() and match:
            found.append(PartDir(int(match.group(1)), match.group(2), child))
    return found


def part_dir(number: int, parts_dir: Path = PARTS_DIR) -> PartDir:
    for part in part_dirs(parts_dir):
        if part.number == number:
            return part
    raise LookupError(f"there is no part {number:02d} under {parts_dir}")


def snapshot_files(root: Path) -> list[Path]:
    """Every file of a snapshot, relative to its root, without local junk."""
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not is_junk(relative):
            files.append(relative)
    return files
