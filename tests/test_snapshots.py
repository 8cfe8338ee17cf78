"""
The snapshots stay honest: no local junk tracked or diffed, each part has what a learner
needs to run it, and final/ is the newest part plus only the extras listed here.
"""
import subprocess
from pathlib import Path

import pytest

from checker.diff import snapshot_diff
from checker.layout import FINAL_DIR, REPO_ROOT, is_junk, part_dirs, snapshot_files

# Files final/ may have that differ from (or are absent in) the newest part, with why.
FINAL_EXTRAS = {
    "README.md": "describes the finished backend rather than one lesson",
    "accounts/management/__init__.py": "demo data (mentioned, not taught)",
    "accounts/management/commands/__init__.py": "demo data (mentioned, not taught)",
    "accounts/management/commands/seed_demo.py": "demo data: python manage.py seed_demo (make run runs it)",
    "accounts/test_seed_demo.py": "the demo data command's test",
}

PARTS = part_dirs()


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def test_no_junk_is_tracked_in_any_snapshot():
    junk = [name for name in tracked_files()
            if name.startswith(("parts/", "final/")) and is_junk(Path(name))]
    assert junk == []


def test_parts_are_numbered_from_01_without_gaps():
    assert [part.number for part in PARTS] == list(range(1, len(PARTS) + 1))


@pytest.mark.parametrize("part", PARTS, ids=lambda part: part.name)
def test_each_part_has_what_a_learner_needs_to_run_it(part):
    for name in ("manage.py", "requirements.txt", "README.md", "pytest.ini", "core/settings.py"):
        assert (part.path / name).is_file(), f"{part.name} has no {name}"


@pytest.mark.parametrize("older,newer", list(zip(PARTS, PARTS[1:])), ids=lambda part: part.name)
def test_consecutive_parts_differ_and_the_diff_has_no_junk(older, newer):
    diff = snapshot_diff(older.path, newer.path, older.name, newer.name)
    assert diff, f"{newer.name} is identical to {older.name}"
    for line in diff.splitlines():
        if line.startswith(("--- ", "+++ ")) and "/dev/null" not in line:
            assert not is_junk(Path(line[4:].split("/", 1)[1]))


def test_final_is_the_newest_part_plus_its_extras():
    newest = PARTS[-1].path
    in_part, in_final = set(map(str, snapshot_files(newest))), set(map(str, snapshot_files(FINAL_DIR)))
    assert in_part - in_final == set(), "final/ lacks files of the newest part"
    assert in_final - in_part <= set(FINAL_EXTRAS), "final/ has files that are neither in the part nor extras"
    differing = {name for name in in_part & in_final
                 if (newest / name).read_bytes() != (FINAL_DIR / name).read_bytes()}
    assert differing <= set(FINAL_EXTRAS), f"final/ differs from {PARTS[-1].name} in {sorted(differing - set(FINAL_EXTRAS))}"
