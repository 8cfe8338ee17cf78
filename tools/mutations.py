"""
python -m tools.mutations: do the checks catch the classic learner mistakes?

    python -m tools.mutations                  grade every mutation, print the catch rate
    python -m tools.mutations --part 4         only part 04's mutations
    python -m tools.mutations --any-check      caught = any check of part N fails
                                               (measures a checker without the catalogue's ids)

The catalogue lives in tests/mutations/partNN.yaml. Each file names its `part` and lists
`mutations`, each one a classic mistake made in a copy of that part's snapshot:

    id         stable, unique within its part
    kind       "mistake" (the default) or "cheat": a hard-coded answer imitating the behaviour
    mistake    what the learner got wrong, in one sentence
    moves      optional [{from, to}]: files or folders renamed first
    edits      [{file, old, new}]: `old` occurs exactly once in `file`, and becomes `new`
    caught_by  the check ids that must fail on it
    says       words the failure of those checks must contain (message, expected or hint)
    database   optional "postgres": graded on a PostgreSQL server (--database), for races

A mutation is caught when every check in `caught_by` fails and their failures, together,
contain every word of `says` (any letter case). Only those checks are graded
(`--check ID`), so the whole catalogue costs one short boot per mutation.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checker.layout import REPO_ROOT, part_dir

CATALOGUE_DIR = REPO_ROOT / "tests" / "mutations"
KINDS = ("mistake", "cheat")
# Where mutations marked `database: postgres` are graded (the checker creates a database there).
POSTGRES_URL = os.environ.get("COURSE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# What a copy of a snapshot leaves out: caches and anything a local run left behind.
NOT_COPIED = shutil.ignore_patterns("__pycache__", "*.sqlite3", ".venv", "venv", ".env", "media", "sent-emails",
                                    "staticfiles", ".pytest_cache")


@dataclass(frozen=True)
class Edit:
    file: str
    old: str
    new: str


@dataclass(frozen=True)
class Mutation:
    part: int
    id: str
    mistake: str
    edits: tuple[Edit, ...]
    caught_by: tuple[str, ...]
    says: tuple[str, ...]
    kind: str = "mistake"
    moves: tuple[tuple[str, str], ...] = ()
    database: str = "sqlite"

    @property
    def name(self) -> str:
        return f"{self.part:02d}.{self.id}"


@dataclass
class Outcome:
    mutation: Mutation
    statuses: dict[str, str] = field(default_factory=dict)
    text: str = ""            # the failures' message, expected and hint, together
    output: str = ""          # the checker's whole output, to show when something is off

    @property
    def not_failing(self) -> list[str]:
        return [check for check in self.mutation.caught_by if self.statuses.get(check) != "fail"]

    @property
    def missing_words(self) -> list[str]:
        return [word for word in self.mutation.says if word.lower() not in self.text.lower()]

    @property
    def caught(self) -> bool:
        return not self.not_failing and not self.missing_words


def catalogue(directory: Path = CATALOGUE_DIR) -> list[Mutation]:
    """Every mutation of every part, in part order then file order."""
    mutations = []
    for path in sorted(directory.glob("part*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["mutations"]:
            mutations.append(Mutation(
                part=data["part"], id=item["id"], mistake=item["mistake"], kind=item.get("kind", "mistake"),
                edits=tuple(Edit(edit["file"], edit["old"], edit["new"]) for edit in item.get("edits", [])),
                moves=tuple((move["from"], move["to"]) for move in item.get("moves", [])),
                caught_by=tuple(item["caught_by"]), says=tuple(str(word) for word in item["says"]),
                database=item.get("database", "sqlite")))
    return mutations


def apply(mutation: Mutation, destination: Path) -> Path:
    """A copy of the mutation's part snapshot at `destination`, with the mistake made in it."""
    shutil.copytree(part_dir(mutation.part).path, destination, ignore=NOT_COPIED)
    for source, target in mutation.moves:
        (destination / source).rename(destination / target)
    for edit in mutation.edits:
        path = destination / edit.file
        text = path.read_text(encoding="utf-8")
        found = text.count(edit.old)
        if found != 1:
            raise ValueError(f"{mutation.name}: {edit.file} holds the text to replace {found} times, not once:\n"
                             f"{edit.old}")
        path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
    return destination


def grade(mutation: Mutation, workdir: Path, *, any_check: bool = False, migrated_cache: Path | None = None,
          postgres_url: str = POSTGRES_URL, in_process: bool = False, timeout: float = 300) -> Outcome:
    """
    Make the mistake in a copy under `workdir` and grade it with the checks that should catch it.

    With `migrated_cache`, mutations that leave the migrations alone start from a database
    migrated once (the checker's --migrated-cache), which halves the cost of each one.
    `in_process` runs the checker in this process (one process per caller at a time: it
    captures sys.stdout), saving its start-up.
    """
    project = apply(mutation, workdir / "project")
    results = workdir / "results.json"
    arguments = ["check", "--part", str(mutation.part), "--no-colour", "--json", str(results)]
    if any_check:
        arguments.append("--only")
    else:
        arguments += [argument for check in mutation.caught_by for argument in ("--check", check)]
    if migrated_cache is not None:
        arguments += ["--migrated-cache", str(migrated_cache)]
    if mutation.database == "postgres":
        arguments += ["--database", postgres_url]
    outcome = Outcome(mutation, output=_run_checker([*arguments, str(project)], in_process, timeout))
    if results.exists():
        report = json.loads(results.read_text())
        outcome.statuses = {check["id"]: check["status"] for check in report["checks"]}
        failures = [check for check in report["checks"] if check["status"] == "fail"]
        outcome.text = "\n".join(f"{c['message']}\n{c['expected']}\n{c['hint']}" for c in failures)
        if any_check and failures:
            # Measuring a checker that may not have the catalogue's checks: any failure counts.
            outcome.statuses.update({check: "fail" for check in mutation.caught_by})
            outcome.text += "\n" + " ".join(mutation.says)
    return outcome


def _run_checker(arguments: list[str], in_process: bool, timeout: float) -> str:
    """The checker's output; its results are in the --json file."""
    if in_process:
        from checker.cli import main as checker_main

        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            checker_main(arguments)
        return output.getvalue()
    completed = subprocess.run([sys.executable, "-m", "checker", *arguments], cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=timeout)
    return completed.stdout + completed.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mutations", description=__doc__.strip().splitlines()[0])
    parser.add_argument("--part", type=int, action="append", help="only this part's mutations (repeatable)")
    parser.add_argument("--any-check", action="store_true", help="caught = any check of part N fails")
    parser.add_argument("--workers", type=int, default=2, help="mutations graded at once (default 2)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the outcomes as JSON")
    args = parser.parse_args(argv)

    mutations = [m for m in catalogue() if not args.part or m.part in args.part]
    with tempfile.TemporaryDirectory(prefix="course-mutations-") as scratch:
        def run(indexed):
            index, mutation = indexed
            workdir = Path(scratch) / str(index)
            workdir.mkdir()
            return grade(mutation, workdir, any_check=args.any_check, migrated_cache=Path(scratch) / "migrated")

        with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
            outcomes = list(pool.map(run, enumerate(mutations)))

    for outcome in outcomes:
        verdict = "caught" if outcome.caught else "MISSED"
        detail = ""
        if outcome.not_failing:
            detail = "; not failing: " + ", ".join(f"{c} ({outcome.statuses.get(c, 'not run')})"
                                                   for c in outcome.not_failing)
        elif outcome.missing_words:
            detail = "; the failure does not say: " + ", ".join(outcome.missing_words)
        print(f"{verdict:<7} {outcome.mutation.name:<45} {outcome.mutation.kind:<8}{detail}")
    caught = sum(outcome.caught for outcome in outcomes)
    print(f"\nCatch rate: {caught}/{len(outcomes)} ({100 * caught / max(1, len(outcomes)):.0f}%)")
    if args.json:
        args.json.write_text(json.dumps([{"mutation": o.mutation.name, "kind": o.mutation.kind, "caught": o.caught,
                                          "statuses": o.statuses} for o in outcomes], indent=2))
    return 0 if caught == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
