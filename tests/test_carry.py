"""
tools.carry: a fix made in part N reaches every later part and final/, without
destroying what the later lessons changed, and never silently.

Each test builds a small throwaway course repository (parts 01, 02, 03 and final/),
commits it, edits part 01 the way a maintainer would, and runs the tool on it.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tools.carry import main

REPO_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ("parts/01-a", "parts/02-b", "parts/03-c", "final")
LATER = SNAPSHOTS[1:]

VIEWS = """\
from django.http import JsonResponse


def health(request):
    return JsonResponse({"status": "ok"})


def about(request):
    return JsonResponse({"name": "course"})
"""


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A committed course repository whose four snapshots all hold the same core/views.py."""
    git(tmp_path, "init", "-q", "-b", "main")
    for snapshot in SNAPSHOTS:
        write(tmp_path / snapshot / "core/views.py", VIEWS)
        write(tmp_path / snapshot / "manage.py", "print('manage')\n")
    commit(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new))


def commit(repo: Path, message: str = "snapshot") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def carry(repo: Path, capsys, *args: str) -> tuple[int, str]:
    """Run `python -m tools.carry ARGS --repo REPO` in-process: (exit code, everything printed)."""
    code = main([*args, "--repo", str(repo)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def status_line(output: str, snapshot: str, file: str) -> str:
    """The line the tool printed for `file` under the heading of `snapshot`."""
    lines = output.splitlines()
    for line in lines[lines.index(snapshot) + 1:]:
        if not line.startswith("  "):
            break
        if line[18:].split("  ")[0] == file:  # "  <status, 15 wide> <file>  <detail>"
            return line
    raise AssertionError(f"no line for {file} under {snapshot}:\n{output}")


def files_and_bytes(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(repo).parts}


# --- modified files ------------------------------------------------------------------

def test_a_fix_reaches_every_later_snapshot_that_has_the_same_file(course, capsys):
    """When later copies equal part 01's old file, they simply become the fixed file."""
    # The maintainer fixes a bug in part 01
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    code, output = carry(course, capsys, "1")

    # Parts 02 and 03 and final/ now hold exactly the fixed file
    assert code == 0
    fixed = (course / "parts/01-a/core/views.py").read_text()
    for snapshot in LATER:
        assert (course / snapshot / "core/views.py").read_text() == fixed
        assert "updated" in status_line(output, snapshot, "core/views.py")
    assert "Summary (3 snapshots): 3 updated." in output


def test_a_fix_is_merged_with_what_a_later_lesson_changed_elsewhere_in_the_file(course, capsys):
    """A later copy changed by its own lesson keeps that change and gains the fix."""
    # Part 03's lesson changed the end of the file
    edit(course / "parts/03-c/core/views.py", '"name": "course"', '"name": "course", "part": 3')
    commit(course, "lesson 03")
    # The maintainer fixes the start of the file in part 01
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    code, output = carry(course, capsys, "1")

    # Part 03 has both changes
    assert code == 0
    merged = (course / "parts/03-c/core/views.py").read_text()
    assert '"status": "ok", "version": 1' in merged
    assert '"name": "course", "part": 3' in merged
    assert "merged with this snapshot's own changes" in status_line(output, "parts/03-c", "core/views.py")


def test_a_later_copy_that_already_has_the_fix_is_left_alone(course, capsys):
    """Running the tool twice is harmless: the second run finds the fix already there."""
    # Part 03's lesson changed the end of the file, so its copy is merged, not replaced
    edit(course / "parts/03-c/core/views.py", '"name": "course"', '"name": "course", "part": 3')
    commit(course, "lesson 03")
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')
    carry(course, capsys, "1")
    carried = files_and_bytes(course)

    code, output = carry(course, capsys, "1")

    assert code == 0
    assert files_and_bytes(course) == carried
    for snapshot in LATER:
        assert "already has it" in status_line(output, snapshot, "core/views.py")
    assert "Summary (3 snapshots): 3 already had it." in output


def test_a_conflicting_change_leaves_the_file_untouched_and_is_reported(course, capsys):
    """When a later lesson changed the very lines the fix touches, nothing is written there."""
    # final/ changed the health view's line
    edit(course / "final/core/views.py", '"status": "ok"', '"status": "healthy"')
    commit(course, "final differs")
    before = (course / "final/core/views.py").read_text()
    # The fix changes the same line
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    code, output = carry(course, capsys, "1")

    # final/ is exactly as it was, the conflict is named with its region, and the exit code says so
    assert code == 1
    assert (course / "final/core/views.py").read_text() == before
    assert "CONFLICT" in status_line(output, "final", "core/views.py")
    assert '"status": "healthy"' in output and "<<<<<<< final (this snapshot)" in output
    assert "final/core/views.py" in output.split("Conflicts to resolve by hand:")[1]
    assert "Summary (3 snapshots): 2 updated, 1 conflict." in output
    # The parts without a conflict were still carried
    assert "version" in (course / "parts/02-b/core/views.py").read_text()


def test_conflict_markers_are_written_when_asked_for(course, capsys):
    """With --conflicts markers the conflicting file is written with diff3 markers to resolve."""
    edit(course / "final/core/views.py", '"status": "ok"', '"status": "healthy"')
    commit(course, "final differs")
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    code, output = carry(course, capsys, "1", "--conflicts", "markers")

    assert code == 1
    text = (course / "final/core/views.py").read_text()
    assert "<<<<<<< final (this snapshot)" in text
    assert "||||||| parts/01-a at HEAD (before the fix)" in text
    assert ">>>>>>> parts/01-a (the fix)" in text
    assert "written with conflict markers" in status_line(output, "final", "core/views.py")


def test_a_fix_to_a_file_a_later_lesson_removed_is_a_conflict(course, capsys):
    """If a later snapshot no longer has the file, the fix cannot land there by itself."""
    (course / "parts/03-c/core/views.py").unlink()
    commit(course, "lesson 03 moved the views")
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    code, output = carry(course, capsys, "1")

    assert code == 1
    assert not (course / "parts/03-c/core/views.py").exists()
    assert "not in this snapshot" in status_line(output, "parts/03-c", "core/views.py")


# --- added and deleted files ---------------------------------------------------------

def test_an_added_file_is_copied_with_its_executable_bit(course, capsys):
    """A new file in part 01 is copied into every later snapshot that does not have it."""
    script = course / "parts/01-a/scripts/check.sh"
    write(script, "#!/bin/sh\necho ok\n")
    script.chmod(0o755)

    code, output = carry(course, capsys, "1")

    assert code == 0
    for snapshot in LATER:
        copy = course / snapshot / "scripts/check.sh"
        assert copy.read_text() == "#!/bin/sh\necho ok\n"
        assert copy.stat().st_mode & stat.S_IXUSR
        assert "added" in status_line(output, snapshot, "scripts/check.sh")


def test_making_a_file_executable_is_carried_too(course, capsys):
    """A change of mode alone (chmod +x) is a change worth carrying."""
    (course / "parts/01-a/manage.py").chmod(0o755)

    code, output = carry(course, capsys, "1")

    assert code == 0
    for snapshot in LATER:
        assert (course / snapshot / "manage.py").stat().st_mode & stat.S_IXUSR
        assert "executable bit" in status_line(output, snapshot, "manage.py")


def test_an_added_file_never_replaces_a_different_file_already_there(course, capsys):
    """A later snapshot with its own file at that path keeps it: that is a conflict."""
    write(course / "parts/02-b/core/health.py", "# part 02's own health checks\n")
    commit(course, "lesson 02")
    write(course / "parts/01-a/core/health.py", "# a helper added by the fix\n")

    code, output = carry(course, capsys, "1")

    assert code == 1
    assert (course / "parts/02-b/core/health.py").read_text() == "# part 02's own health checks\n"
    assert "CONFLICT" in status_line(output, "parts/02-b", "core/health.py")
    assert (course / "parts/03-c/core/health.py").read_text() == "# a helper added by the fix\n"


def test_a_deleted_file_is_deleted_where_unchanged_and_a_conflict_where_edited(course, capsys):
    """Deleting a file carries to copies equal to the old file; edited copies are kept."""
    # Part 03's lesson edited manage.py
    edit(course / "parts/03-c/manage.py", "manage", "manage, part 03")
    commit(course, "lesson 03")
    # The fix deletes manage.py from part 01
    (course / "parts/01-a/manage.py").unlink()

    code, output = carry(course, capsys, "1")

    assert code == 1
    assert not (course / "parts/02-b/manage.py").exists()
    assert not (course / "final/manage.py").exists()
    assert "deleted" in status_line(output, "parts/02-b", "manage.py")
    # Part 03's edited copy survives, reported
    assert (course / "parts/03-c/manage.py").read_text() == "print('manage, part 03')\n"
    assert "CONFLICT" in status_line(output, "parts/03-c", "manage.py")


def test_deleting_a_file_a_later_snapshot_does_not_have_leaves_that_snapshot_alone(course, capsys):
    """Deleting a file that a later snapshot never had (or already removed) changes nothing there."""
    (course / "final/manage.py").unlink()
    commit(course, "final has no manage.py")
    (course / "parts/01-a/manage.py").unlink()

    code, output = carry(course, capsys, "1")

    assert code == 0
    assert "unchanged" in status_line(output, "final", "manage.py")
    assert "Summary (3 snapshots): 2 deleted, 1 unchanged." in output


def test_binary_files_are_replaced_only_where_unchanged(course, capsys):
    """Binary files cannot be merged: a later copy equal to the old one is replaced, others conflict."""
    for snapshot in SNAPSHOTS:
        (course / snapshot / "logo.png").write_bytes(b"\x89PNG\0old")
    (course / "final/logo.png").write_bytes(b"\x89PNG\0final's own")
    commit(course, "logos")
    (course / "parts/01-a/logo.png").write_bytes(b"\x89PNG\0fixed")

    code, output = carry(course, capsys, "1")

    assert code == 1
    assert (course / "parts/03-c/logo.png").read_bytes() == b"\x89PNG\0fixed"
    assert (course / "final/logo.png").read_bytes() == b"\x89PNG\0final's own"
    assert "binary" in status_line(output, "final", "logo.png")


# --- options ---------------------------------------------------------------------------

def test_a_dry_run_writes_nothing(course, capsys):
    """--dry-run prints the same decisions but leaves every snapshot as it was."""
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')
    write(course / "parts/01-a/core/extra.py", "EXTRA = True\n")
    (course / "parts/01-a/manage.py").unlink()
    before = files_and_bytes(course)

    code, output = carry(course, capsys, "1", "--dry-run")

    assert code == 0
    assert files_and_bytes(course) == before
    assert "Dry run: nothing will be written." in output
    line = status_line(output, "parts/02-b", "core/views.py")
    assert "updated" in line


def test_only_limits_the_carry_to_the_files_named(course, capsys):
    """--only carries some of part 01's changes and leaves the others for later."""
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')
    edit(course / "parts/01-a/manage.py", "manage", "manage, fixed")

    code, output = carry(course, capsys, "1", "--only", "parts/01-a/manage.py")

    assert code == 0
    assert (course / "parts/02-b/manage.py").read_text() == "print('manage, fixed')\n"
    assert "version" not in (course / "parts/02-b/core/views.py").read_text()
    assert "core/views.py" not in output


def test_only_with_nothing_changed_there_is_a_usage_error(course, capsys):
    """--only naming files that did not change is a mistake worth hearing about: exit 2."""
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    code, output = carry(course, capsys, "1", "--only", "manage.py")

    assert code == 2
    assert "none of the changes in parts/01-a since HEAD is under --only manage.py" in output


def test_base_picks_an_older_revision_so_a_committed_fix_can_be_carried(course, capsys):
    """--base REV compares with REV: a fix already committed in part 01 is carried with --base HEAD~1."""
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')
    commit(course, "fix part 01")

    code, output = carry(course, capsys, "1", "--base", "HEAD~1")

    assert code == 0
    assert "version" in (course / "final/core/views.py").read_text()
    assert "parts/01-a at HEAD~1" not in output  # labels only appear in conflicts
    assert "since HEAD~1" in output


# --- what is never carried, and when there is nothing to do ----------------------------

def test_junk_is_never_carried(course, capsys):
    """Local state (caches, databases, .env) in part 01 stays in part 01."""
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')
    (course / "parts/01-a/core/__pycache__").mkdir()
    (course / "parts/01-a/core/__pycache__/views.cpython-311.pyc").write_bytes(b"\0junk")
    write(course / "parts/01-a/db.sqlite3", "junk")
    write(course / "parts/01-a/.env", "DEBUG=True\n")

    code, output = carry(course, capsys, "1")

    assert code == 0
    for snapshot in LATER:
        assert not (course / snapshot / "core/__pycache__").exists()
        assert not (course / snapshot / "db.sqlite3").exists()
        assert not (course / snapshot / ".env").exists()
    assert "pyc" not in output and "sqlite3" not in output and ".env" not in output


def test_a_repository_without_final_is_fine(course, capsys):
    """final/ may not exist yet: the carry goes to the later parts only."""
    git(course, "rm", "-r", "-q", "final")
    commit(course, "no final yet")
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    code, output = carry(course, capsys, "1")

    assert code == 0
    assert not (course / "final").exists()
    assert "Summary (2 snapshots): 2 updated." in output


def test_no_change_in_the_part_is_a_usage_error(course, capsys):
    """Without an edit in part 01 there is nothing to carry: exit 2 and say what to do."""
    code, output = carry(course, capsys, "1")

    assert code == 2
    assert "no change found in parts/01-a since HEAD: edit the part first" in output


@pytest.mark.parametrize("args, message", [
    (["7"], "there is no part 07"),
    (["1", "--base", "no-such-revision"], "there is no git revision 'no-such-revision'"),
])
def test_a_wrong_part_or_revision_is_a_usage_error(course, capsys, args, message):
    """Exit 2 with a message naming what is wrong."""
    code, output = carry(course, capsys, *args)

    assert code == 2
    assert message in output


def test_a_folder_that_is_not_a_git_repository_is_a_usage_error(tmp_path, capsys):
    write(tmp_path / "parts/01-a/manage.py", "print('manage')\n")

    code, output = carry(tmp_path, capsys, "1")

    assert code == 2
    assert "not inside a git repository" in output


def test_the_command_line_entry_point(course):
    """`python -m tools.carry` runs from the repository root and exits with the carry's code."""
    edit(course / "parts/01-a/core/views.py", '"status": "ok"', '"status": "ok", "version": 1')

    result = subprocess.run([sys.executable, "-m", "tools.carry", "1", "--repo", str(course)],
                            cwd=REPO_ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Summary (3 snapshots): 3 updated." in result.stdout
