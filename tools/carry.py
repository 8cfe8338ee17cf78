"""
python -m tools.carry: carry a fix made in part N into every later part and into final/.

    python -m tools.carry N                      carry the uncommitted change in part N
    python -m tools.carry N --base REV           ... the change since revision REV instead of HEAD
    python -m tools.carry N --dry-run            show what would happen, write nothing
    python -m tools.carry N --conflicts markers  write conflicting files with conflict markers
    python -m tools.carry N --only core/urls.py  carry only these files (or folders)

The change is the difference between part N's folder at REV and in the working tree.
Each changed file is merged three ways into each later snapshot (git merge-file), so
what a later lesson changed in that file is kept. Nothing is overwritten silently: a
copy that cannot be merged cleanly is left untouched and reported as a CONFLICT.

Exit codes: 0 everything carried cleanly, 1 some conflicts, 2 nothing could be carried
(no such part, not a git repository, unknown revision, no change found in part N).
"""
from __future__ import annotations

import argparse
import os
import stat
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from checker.layout import REPO_ROOT, PartDir, is_junk, part_dir, part_dirs

EXIT_CLEAN, EXIT_CONFLICTS, EXIT_USAGE = 0, 1, 2

# What happened to one file in one snapshot.
UPDATED = "updated"                # the change was applied to this copy
ADDED = "added"                    # a new file, copied in
DELETED = "deleted"                # the copy equalled the old file, so it was deleted
ALREADY_HAS_IT = "already has it"  # this copy already contains the change: nothing to write
UNCHANGED = "unchanged"            # a deleted file this snapshot does not have: nothing to do
CONFLICT = "CONFLICT"              # could not be carried cleanly: see the details

SUMMARY_WORDS = {UPDATED: "updated", ADDED: "added", DELETED: "deleted", ALREADY_HAS_IT: "already had it",
                 UNCHANGED: "unchanged", CONFLICT: "conflict"}

CONFLICT_LINES_SHOWN = 40


class UsageError(Exception):
    """Nothing can be carried; the message says why."""


@dataclass(frozen=True)
class Change:
    """One file changed in part N: its content before (base) and after (theirs)."""
    path: PurePosixPath          # relative to the part folder
    base: bytes | None           # None: the file is new
    theirs: bytes | None         # None: the file was deleted
    base_executable: bool = False
    theirs_executable: bool = False

    @property
    def kind(self) -> str:
        if self.base is None:
            return "added"
        if self.theirs is None:
            return "deleted"
        return "modified"


@dataclass(frozen=True)
class Snapshot:
    label: str    # "parts/02-environment" or "final"
    root: Path


@dataclass
class Outcome:
    """The decision for one file in one snapshot, and what to write to carry it out."""
    status: str
    detail: str = ""
    content: bytes | None = None    # write this...
    executable: bool | None = None  # ...and/or set the executable bit to this
    delete: bool = False

    @property
    def writes(self) -> bool:
        return self.content is not None or self.executable is not None or self.delete


@dataclass(frozen=True)
class MergeLabels:
    ours: str
    base: str
    theirs: str


# --- the command line --------------------------------------------------------------

def build_parser(repo_root: Path) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.carry", description=__doc__.split("\n\n")[0].strip(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("part", type=int, metavar="N", help="the part you fixed (1..15)")
    parser.add_argument("--base", default="HEAD", metavar="REV",
                        help="the git revision to compare part N with (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")
    parser.add_argument("--conflicts", choices=("report", "markers"), default="report",
                        help="report: leave conflicting files untouched (default); "
                             "markers: write them with conflict markers")
    parser.add_argument("--only", nargs="+", metavar="PATH",
                        help="carry only these files or folders (relative to the part folder)")
    parser.add_argument("--repo", type=Path, default=repo_root, metavar="PATH",
                        help="the course repository (default: %(default)s)")
    return parser


def main(argv: list[str] | None = None, repo_root: Path | None = None) -> int:
    args = build_parser(repo_root or REPO_ROOT).parse_args(argv)
    try:
        return carry(args)
    except UsageError as error:
        print(f"carry: {error}", file=sys.stderr)
        return EXIT_USAGE


def carry(args: argparse.Namespace) -> int:
    repo = args.repo.resolve()
    require_git_work_tree(repo)
    require_revision(repo, args.base)
    source = find_part(repo, args.part)
    changes = select(find_changes(repo, source, args.base), args.only, source, repo, args.base)
    targets = later_snapshots(repo, args.part)

    print_plan(source, args.base, changes, args.dry_run)
    if not targets:
        print(f"\nPart {args.part:02d} is the newest snapshot and there is no final/: nothing to carry into.")
        return EXIT_CLEAN

    outcomes: list[tuple[Snapshot, Change, Outcome]] = []
    for target in targets:
        print(f"\n{target.label}")
        for change in changes:
            outcome = decide(change, target, source, args.base, args.conflicts)
            if not args.dry_run:
                apply(outcome, target.root, change.path)
            print_outcome(change, outcome)
            outcomes.append((target, change, outcome))

    print_summary(outcomes, len(targets), args.dry_run, args.conflicts, args.part)
    return EXIT_CONFLICTS if any(o.status == CONFLICT for _, _, o in outcomes) else EXIT_CLEAN


# --- git ---------------------------------------------------------------------------

def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=check)


def require_git_work_tree(repo: Path) -> None:
    if not repo.is_dir():
        raise UsageError(f"{repo} is not a folder")
    if git(repo, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise UsageError(f"{repo} is not inside a git repository")


def require_revision(repo: Path, revision: str) -> None:
    if git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False).returncode != 0:
        raise UsageError(f"there is no git revision {revision!r} in {repo}")


def nul_separated(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def files_at_revision(repo: Path, folder: Path, revision: str) -> dict[PurePosixPath, tuple[bool, str]]:
    """Every file of `folder` at `revision`: relative path -> (executable?, blob id)."""
    listing = git(repo, "ls-tree", "-r", "-z", revision, "--", f"{folder.relative_to(repo).as_posix()}/").stdout
    files = {}
    for entry in nul_separated(listing):
        meta, name = entry.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind == "blob":
            files[PurePosixPath(name).relative_to(folder.relative_to(repo).as_posix())] = (mode == "100755", blob)
    return files


def changed_paths(repo: Path, folder: Path, revision: str) -> set[PurePosixPath]:
    """Files under `folder` that differ between `revision` and the working tree, new ones included."""
    where = f"{folder.relative_to(repo).as_posix()}/"
    tracked = git(repo, "diff", "--name-only", "-z", "--no-renames", "--relative", revision, "--", where).stdout
    untracked = git(repo, "ls-files", "-z", "--others", "--exclude-standard", "--", where).stdout
    names = nul_separated(tracked) + nul_separated(untracked)
    return {PurePosixPath(name).relative_to(where.rstrip("/")) for name in names}


def read_blob(repo: Path, blob: str) -> bytes:
    return git(repo, "cat-file", "blob", blob).stdout


# --- what changed in part N --------------------------------------------------------

def find_part(repo: Path, number: int) -> PartDir:
    try:
        return part_dir(number, repo / "parts")
    except LookupError:
        known = ", ".join(f"{p.number:02d}" for p in part_dirs(repo / "parts")) or "none"
        raise UsageError(f"there is no part {number:02d} under {repo / 'parts'} (parts found: {known})") from None


def find_changes(repo: Path, source: PartDir, revision: str) -> list[Change]:
    before = files_at_revision(repo, source.path, revision)
    changes = []
    for relative in sorted(changed_paths(repo, source.path, revision)):
        if is_junk(Path(relative)):
            continue
        change = describe_change(repo, source.path / relative, relative, before.get(relative))
        if change is not None:
            changes.append(change)
    return changes


def describe_change(repo: Path, now: Path, relative: PurePosixPath,
                    before: tuple[bool, str] | None) -> Change | None:
    """The change to one file, or None when its content and mode are in fact the same."""
    base_executable, blob = before if before else (False, None)
    base = read_blob(repo, blob) if blob else None
    theirs = now.read_bytes() if now.is_file() else None
    theirs_executable = is_executable(now) if now.is_file() else False
    if base == theirs and base_executable == theirs_executable:
        return None
    return Change(relative, base, theirs, base_executable, theirs_executable)


def select(changes: list[Change], only: list[str] | None, source: PartDir, repo: Path,
           revision: str) -> list[Change]:
    """Keep the changes that --only names (files or folders); complain when nothing is left."""
    folder = source.path.relative_to(repo).as_posix()
    if not changes:
        raise UsageError(f"no change found in {folder} since {revision}: edit the part first, "
                         "or give --base REV to carry a change that is already committed")
    if only:
        wanted = [part_relative(name, source, repo) for name in only]
        changes = [c for c in changes if any(c.path == w or w in c.path.parents for w in wanted)]
        if not changes:
            raise UsageError(f"none of the changes in {folder} since {revision} is under "
                             f"--only {' '.join(only)}")
    return changes


def part_relative(name: str, source: PartDir, repo: Path) -> PurePosixPath:
    """Accept "core/urls.py" as well as "parts/01-introduction/core/urls.py"."""
    path = PurePosixPath(name.rstrip("/"))
    for prefix in (source.path.relative_to(repo).as_posix(), source.name):
        if path.is_relative_to(prefix):
            return path.relative_to(prefix)
    return path


def later_snapshots(repo: Path, number: int) -> list[Snapshot]:
    snapshots = [Snapshot(f"parts/{p.name}", p.path) for p in part_dirs(repo / "parts") if p.number > number]
    if (repo / "final").is_dir():
        snapshots.append(Snapshot("final", repo / "final"))
    return snapshots


# --- deciding, per file and snapshot -----------------------------------------------

def decide(change: Change, target: Snapshot, source: PartDir, revision: str, conflicts: str) -> Outcome:
    ours_path = target.root / change.path
    ours = ours_path.read_bytes() if ours_path.is_file() else None
    if change.kind == "added":
        return decide_added(change, ours)
    if change.kind == "deleted":
        return decide_deleted(change, ours)
    labels = MergeLabels(ours=f"{target.label} (this snapshot)",
                         base=f"parts/{source.name} at {revision} (before the fix)",
                         theirs=f"parts/{source.name} (the fix)")
    return decide_modified(change, ours, ours_path, labels, conflicts)


def decide_added(change: Change, ours: bytes | None) -> Outcome:
    if ours is None:
        return Outcome(ADDED, content=change.theirs, executable=change.theirs_executable)
    if ours == change.theirs:
        return Outcome(ALREADY_HAS_IT)
    return Outcome(CONFLICT, "new in this part, but this snapshot already has a different file there; left untouched")


def decide_deleted(change: Change, ours: bytes | None) -> Outcome:
    if ours is None:
        return Outcome(UNCHANGED, "(not in this snapshot: nothing to delete)")
    if ours == change.base:
        return Outcome(DELETED, delete=True)
    return Outcome(CONFLICT, "deleted in this part, but this snapshot's copy was edited since; left untouched")


def decide_modified(change: Change, ours: bytes | None, ours_path: Path, labels: MergeLabels,
                    conflicts: str) -> Outcome:
    if ours is None:
        return Outcome(CONFLICT, "not in this snapshot (a later lesson removed or moved it): carry the fix by hand")
    executable = mode_to_carry(change, ours_path)
    if ours == change.theirs:
        return content_already_there("", executable)
    if ours == change.base:
        return Outcome(UPDATED, content=change.theirs, executable=executable)
    if is_binary(ours) or is_binary(change.base) or is_binary(change.theirs):
        return Outcome(CONFLICT, "binary, and this snapshot's copy differs from the old one, so it cannot be "
                                 "merged; left untouched")
    merged, conflict_count = merge_file(ours_path, change.base, change.theirs, labels)
    if conflict_count:
        return conflict_outcome(merged, conflict_count, conflicts)
    if merged == ours:
        return content_already_there("(its own version already includes the change)", executable)
    return Outcome(UPDATED, "(merged with this snapshot's own changes)", content=merged, executable=executable)


def content_already_there(detail: str, executable: bool | None) -> Outcome:
    """Nothing to write, unless the executable bit still has to change."""
    if executable is None:
        return Outcome(ALREADY_HAS_IT, detail)
    return Outcome(UPDATED, "(executable bit)", executable=executable)


def conflict_outcome(merged: bytes, conflict_count: int, conflicts: str) -> Outcome:
    regions = "1 conflicting region" if conflict_count == 1 else f"{conflict_count} conflicting regions"
    shown = "\n".join(conflict_regions(merged.decode("utf-8", "replace")))
    if conflicts == "markers":
        return Outcome(CONFLICT, f"{regions}; written with conflict markers, resolve them\n{shown}", content=merged)
    return Outcome(CONFLICT, f"{regions}; left untouched\n{shown}")


def mode_to_carry(change: Change, ours_path: Path) -> bool | None:
    """The executable bit to set on this copy, when part N changed it and the copy lacks it."""
    if change.base_executable == change.theirs_executable:
        return None
    if is_executable(ours_path) == change.theirs_executable:
        return None
    return change.theirs_executable


# --- merging -----------------------------------------------------------------------

def merge_file(ours_path: Path, base: bytes, theirs: bytes, labels: MergeLabels) -> tuple[bytes, int]:
    """Three-way merge with git merge-file: (the merged bytes, how many conflicts)."""
    with tempfile.TemporaryDirectory(prefix="carry-") as scratch:
        base_path, theirs_path = Path(scratch, "base"), Path(scratch, "theirs")
        base_path.write_bytes(base)
        theirs_path.write_bytes(theirs)
        result = subprocess.run(
            ["git", "merge-file", "-p", "--diff3",
             "-L", labels.ours, "-L", labels.base, "-L", labels.theirs,
             str(ours_path), str(base_path), str(theirs_path)],
            capture_output=True)
    if result.returncode >= 128:  # git merge-file reports errors as negative numbers
        raise RuntimeError(f"git merge-file failed on {ours_path}: {result.stderr.decode(errors='replace')}")
    return result.stdout, result.returncode


def conflict_regions(merged: str) -> list[str]:
    """The conflict blocks of a merged file, each with the line it starts on, indented for the report."""
    shown, inside = [], False
    for number, line in enumerate(merged.splitlines(), start=1):
        if line.startswith("<<<<<<< "):
            inside = True
            shown.append(f"      --- conflict at line {number} of the merge result:")
        if inside:
            shown.append(f"      {line}")
        if line.startswith(">>>>>>> "):
            inside = False
    if len(shown) > CONFLICT_LINES_SHOWN:
        shown = shown[:CONFLICT_LINES_SHOWN] + [f"      ... ({len(shown) - CONFLICT_LINES_SHOWN} more lines)"]
    return shown


def is_binary(content: bytes | None) -> bool:
    return content is not None and b"\0" in content[:8000]  # git's own test


def is_executable(path: Path) -> bool:
    return bool(path.stat().st_mode & stat.S_IXUSR)


# --- writing -----------------------------------------------------------------------

def apply(outcome: Outcome, root: Path, relative: PurePosixPath) -> None:
    target = root / relative
    if outcome.delete:
        target.unlink()
        remove_empty_folders(target.parent, stop_at=root)
        return
    if outcome.content is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(outcome.content)
    if outcome.executable is not None:
        set_executable(target, outcome.executable)


def set_executable(path: Path, executable: bool) -> None:
    mode = path.stat().st_mode
    everyone_x = stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
    readable_x = everyone_x & ((mode & 0o444) >> 2)  # +x wherever it is readable, like git checkout
    os.chmod(path, (mode | readable_x) if executable else (mode & ~everyone_x))


def remove_empty_folders(folder: Path, stop_at: Path) -> None:
    """Remove the folders a deletion left empty, up to (not including) the snapshot's root."""
    while folder != stop_at and stop_at in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# --- the report --------------------------------------------------------------------

def print_plan(source: PartDir, revision: str, changes: list[Change], dry_run: bool) -> None:
    if dry_run:
        print("Dry run: nothing will be written.")
    count = "1 file" if len(changes) == 1 else f"{len(changes)} files"
    print(f"Carrying the change in parts/{source.name} since {revision} ({count}):")
    for change in changes:
        print(f"  {change.kind:<9} {change.path}")


def print_outcome(change: Change, outcome: Outcome) -> None:
    first, *rest = outcome.detail.split("\n") if outcome.detail else [""]
    print(f"  {outcome.status:<15} {change.path}{'  ' + first if first else ''}".rstrip())
    for line in rest:
        print(line)


def print_summary(outcomes: list[tuple[Snapshot, Change, Outcome]], snapshot_count: int,
                  dry_run: bool, conflicts: str, part: int) -> None:
    counts = Counter(outcome.status for _, _, outcome in outcomes)
    tally = ", ".join(f"{counts[status]} {plural(SUMMARY_WORDS[status], counts[status])}"
                      for status in SUMMARY_WORDS if counts[status])
    snapshots = "1 snapshot" if snapshot_count == 1 else f"{snapshot_count} snapshots"
    print(f"\nSummary ({snapshots}): {tally}.")
    clashes = [(snapshot, change) for snapshot, change, outcome in outcomes if outcome.status == CONFLICT]
    if dry_run:
        print("Dry run: nothing was written.")
    if clashes:
        print_conflict_advice(clashes, conflicts, dry_run)
    elif not dry_run:
        print(f"Review with `git diff`, check with `python -m checker diff {part} {part + 1}` and `make test`, "
              "then commit.")


def plural(word: str, count: int) -> str:
    return f"{word}s" if word == "conflict" and count != 1 else word


def print_conflict_advice(clashes: list[tuple[Snapshot, Change]], conflicts: str, dry_run: bool) -> None:
    print("Conflicts to resolve by hand:")
    for snapshot, change in clashes:
        print(f"  {snapshot.label}/{change.path}")
    if conflicts == "markers" and not dry_run:
        print("Text conflicts were written with <<<<<<< ||||||| ======= >>>>>>> markers: "
              "edit each region to keep both lessons' intent, then check that no markers are left.")
    else:
        print("Those files were left as they were. Apply the fix to them by hand, or run again with "
              "--conflicts markers to have the text conflicts written into the files.")


if __name__ == "__main__":
    sys.exit(main())
