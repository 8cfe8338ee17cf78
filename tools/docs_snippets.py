"""
python -m tools.docs_snippets: generate the text that the course site's pages include.

    python -m tools.docs_snippets            write docs/snippets/ (only files that changed)
    python -m tools.docs_snippets --check    write nothing; exit 1 listing stale files
    python -m tools.docs_snippets --fast     only what needs no server: diffs, stats, trees

Everything it writes is committed, and pages include it with pymdownx.snippets:

    docs/snippets/diffs/NN-slug.diff       part N-1 -> part N (N >= 2), as `python -m checker diff`
    docs/snippets/diffs/NN-slug.stat.md    the files part N added, changed or removed, as a table
                                           (part 01: every file of the new project)
    docs/snippets/trees/NN-slug.txt        the snapshot's files as a tree, new and changed ones marked
    docs/snippets/captured/*               real output of real commands: the checker, curl-like
                                           requests to a booted snapshot, pytest, manage.py;
                                           what each lesson shows is listed in LESSON_CAPTURES
                                           (a new lesson adds its function there)

Terminal output on a page is never typed by hand. What varies from run to run is
normalised so that regenerating gives byte-identical files: server ports become 8000,
check timings and pytest durations are left out, JSON/JUnit durations become 0, and
temporary or repository paths become fixed placeholders.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Callable, Iterator

from checker.diff import diff_stat, snapshot_diff
from checker.http import Client
from checker.layout import REPO_ROOT, PartDir, part_dir, part_dirs, snapshot_files
from checker.project import BootedProject

SNIPPETS_DIR = REPO_ROOT / "docs" / "snippets"

# Each group owns one folder of docs/snippets/: files there that the group no longer
# produces are stale too (and deleted when writing).
FAST_GROUPS = ("diffs", "trees")
SLOW_GROUPS = ("captured",)

# Variables that would change what a snapshot does; captured commands run without them.
_SCRUBBED = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND",
    "EMAIL_FILE_PATH", "MEDIA_ROOT", "DEFAULT_FROM_EMAIL", "LOG_LEVEL", "DJANGO_SETTINGS_MODULE",
    "PYTHONPATH", "VIRTUAL_ENV", "NO_COLOR", "FORCE_COLOR", "PY_COLORS",
}
COMMAND_TIMEOUT = 300


# -- diffs, stats and trees (cheap) -------------------------------------------------------
def part_diff(new: PartDir) -> str:
    """What lesson N changed: exactly `python -m checker diff N-1 N`."""
    old = part_dir(new.number - 1)
    return snapshot_diff(old.path, new.path, old.name, new.name)


def stat_table(new: PartDir) -> str:
    """A Markdown table of the files part N added, changed or removed (part 01: all of them)."""
    new_files = set(snapshot_files(new.path))
    if new.number == 1:
        old_files: set[Path] = set()
        counts = {relative: (len((new.path / relative).read_text(encoding="utf-8").splitlines()), 0)
                  for relative in new_files}
    else:
        old_files = set(snapshot_files(part_dir(new.number - 1).path))
        counts = {Path(name): (added, removed) for name, added, removed in diff_stat(part_diff(new))}
        # A new or removed empty file (an app's __init__.py) has no lines, so no diff: add it.
        for relative in new_files ^ old_files:
            counts.setdefault(relative, (0, 0))
    rows = []
    for relative in sorted(counts, key=lambda path: path.as_posix().lower()):
        added, removed = counts[relative]
        change = ("new" if relative not in old_files else
                  "removed" if relative not in new_files else "changed")
        lines = " ".join(filter(None, [f"+{added}" if added else "", f"−{removed}" if removed else ""]))
        rows.append(f"| `{relative.as_posix()}` | {change} | {lines or ('empty' if change == 'new' else '0')} |")
    total_added = sum(added for added, _ in counts.values())
    total_removed = sum(removed for _, removed in counts.values())
    files = "file" if len(rows) == 1 else "files"
    if new.number == 1:
        summary = f"The new project: {len(rows)} {files}, {total_added} lines."
    else:
        summary = (f"From `{part_dir(new.number - 1).name}` to `{new.name}`: {len(rows)} {files}, "
                   f"{total_added} lines added, {total_removed} removed.")
    return "\n".join([summary, "", "| File | Change | Lines |", "| --- | --- | ---: |", *rows]) + "\n"


def tree(new: PartDir) -> str:
    """The snapshot's files as a tree; for N >= 2, files new or changed since part N-1 are marked."""
    files = snapshot_files(new.path)
    marks: dict[Path, str] = {}
    if new.number > 1:
        old_root = part_dir(new.number - 1).path
        for relative in files:
            before = old_root / relative
            if not before.is_file():
                marks[relative] = "new"
            elif before.read_bytes() != (new.path / relative).read_bytes():
                marks[relative] = "changed"
    rows: list[tuple[str, str]] = []

    def walk(folder: Path, depth_prefix: str) -> None:
        children: dict[str, bool] = {}  # name -> is a folder
        for relative in files:
            try:
                rest = relative.relative_to(folder)
            except ValueError:
                continue
            children.setdefault(rest.parts[0], len(rest.parts) > 1)
        names = sorted(children, key=lambda n: (not children[n], n.lower()))
        for index, name in enumerate(names):
            last = index == len(names) - 1
            branch = "└── " if last else "├── "
            path = folder / name
            if children[name]:
                rows.append((f"{depth_prefix}{branch}{name}/", ""))
                walk(path, depth_prefix + ("    " if last else "│   "))
            else:
                rows.append((f"{depth_prefix}{branch}{name}", marks.get(path, "")))

    walk(Path("."), "")
    width = max(len(text) for text, _ in rows) + 3
    lines = [f"{new.name}/"]
    lines += [f"{text.ljust(width)}({mark})" if mark else text for text, mark in rows]
    return "\n".join(lines) + "\n"


def fast_outputs() -> dict[str, str]:
    """docs/snippets/ paths (relative) -> content, for everything that needs no server."""
    outputs = {}
    for part in part_dirs():
        outputs[f"trees/{part.name}.txt"] = tree(part)
        outputs[f"diffs/{part.name}.stat.md"] = stat_table(part)
        if part.number >= 2:
            outputs[f"diffs/{part.name}.diff"] = part_diff(part)
    return outputs


# -- captured command output (boots servers: a few seconds each) ----------------------------
def clean_environment(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if name not in _SCRUBBED and not name.startswith(("PYTEST_", "COV_"))}
    env.update(COLUMNS="80", LINES="24", PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1", TERM="dumb")
    env.update(extra)
    return env


_PORT = re.compile(r"(127\.0\.0\.1|localhost):\d{2,5}")
_CHECK_TIMING = re.compile(r" \(\d+ ms\)$", flags=re.MULTILINE)
_TEMP = re.compile(r"/[^\s'\"]*?/course-(checker|docs)-[A-Za-z0-9_]+")


def normalise(text: str) -> str:
    text = _PORT.sub(r"\1:8000", text)
    text = _CHECK_TIMING.sub("", text)
    text = _TEMP.sub("/tmp/course-checker-XXXXXXXX", text)
    text = text.replace(str(REPO_ROOT) + os.sep, "").replace(str(REPO_ROOT), ".")
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return text.strip("\n") + "\n"


def run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    completed = subprocess.run(command, cwd=cwd, env=env or clean_environment(), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=COMMAND_TIMEOUT)
    return completed.returncode, completed.stdout.decode("utf-8", "replace")


def checker(*args: str, cwd: Path = REPO_ROOT) -> tuple[int, str]:
    """`python -m checker ARGS` as a learner runs it from the repository root."""
    env = clean_environment(PYTHONPATH=str(REPO_ROOT))
    return run([sys.executable, "-m", "checker", *args], cwd=cwd, env=env)


@contextmanager
def snapshot_copy(part: PartDir) -> Iterator[Path]:
    """A fresh copy of a snapshot (no .env, no database, no caches), as a learner's clone has it."""
    with tempfile.TemporaryDirectory(prefix="course-docs-") as folder:
        copy = Path(folder) / part.name
        for relative in snapshot_files(part.path):
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(part.path / relative, copy / relative)
        yield copy


def curl_like(client: Client, path: str) -> str:
    """What `curl -i URL` prints, less the headers that change on every run (Date, Server)."""
    response = client.get(path, headers={"Accept": "*/*"})
    lines = [f"HTTP/1.1 {response.status} {HTTPStatus(response.status).phrase}"]
    for name, value in response.headers.items():
        if name == "allow":  # DRF builds it from a set: its order changes from run to run
            value = ", ".join(sorted(method.strip() for method in value.split(",")))
        if name not in {"date", "server"}:
            lines.append(f"{'-'.join(word.capitalize() for word in name.split('-'))}: {value}")
    return "\n".join([*lines, "", response.text]) + "\n"


def _stem(part: PartDir) -> str:
    return part.path.relative_to(REPO_ROOT).as_posix()


def check_run(part: PartDir, *extra: str, only: bool = False, target: PartDir | None = None) -> str:
    """`python -m checker check --part N [--only] parts/...` on part N (or on `target`)."""
    args = ["check", "--part", str(part.number), *(["--only"] if only else []), "--no-colour",
            "--python", sys.executable, _stem(target or part), *extra]
    return checker(*args)[1]


def pytest_run(part: PartDir) -> str:
    """`pytest -q` in a fresh copy of the snapshot (-p no:cacheprovider leaves no cache; same output)."""
    with snapshot_copy(part) as copy:
        text = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=copy)[1]
    return _PYTEST_DURATION.sub("", normalise(text))


def manage_run(part: PartDir, *args: str, **env: str) -> str:
    """`python manage.py ARGS` in a fresh copy of the snapshot, with only `env` set."""
    with snapshot_copy(part) as copy:
        return run([sys.executable, "manage.py", *args], cwd=copy, env=clean_environment(**env))[1]


def requests_to(part: PartDir, requests: list[tuple[str, str, bool]]) -> dict[str, str]:
    """(file stem, path, with the database taken away?) -> what `curl -i` shows, on a booted snapshot."""
    outputs = {}
    with BootedProject(part.path, python=sys.executable, say=lambda text: None) as booted:
        client = Client(booted.base_url)
        for stem, path, database_away in requests:
            if database_away:
                with booted.database_unreachable():
                    outputs[f"{stem}-{part.name}.txt"] = curl_like(client, path)
            else:
                outputs[f"{stem}-{part.name}.txt"] = curl_like(client, path)
    return outputs


_PYTEST_DURATION = re.compile(r" in \d+(\.\d+)?s( \(\d+:\d\d:\d\d\))?(?= |$)", flags=re.MULTILINE)


# -- what each page shows: a lesson that needs more output adds a function here --------------
# Each function returns jobs; a job runs commands and returns {file name: output}. Jobs run
# in parallel (each boots its own server on its own port, in its own temporary folder).
Job = Callable[[], dict[str, str]]


def job(name: str, make: Callable[..., str], *args, **kwargs) -> Job:
    return lambda: {name: make(*args, **kwargs)}


def secret_key_missing(part: PartDir) -> str:
    """`manage.py check` with DEBUG off and no SECRET_KEY: the traceback's last line."""
    last = manage_run(part, "check", DEBUG="False").strip().splitlines()[-1]
    return f"Traceback (most recent call last):\n  ...\n{last}\n"


def capture_part_01(part: PartDir) -> list[Job]:
    return [
        job(f"migrate-{part.name}.txt", manage_run, part, "migrate"),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
        lambda: requests_to(part, [("health", "/api/health/", False)]),
    ]


def capture_part_02(part: PartDir) -> list[Job]:
    previous = part_dir(1)
    return [
        job(f"check-02-only-on-{previous.name}.txt", check_run, part, only=True, target=previous),
        job(f"secret-key-missing-{part.name}.txt", secret_key_missing, part),
        job(f"check-debug-{part.name}.txt", manage_run, part, "check", DEBUG="True"),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
        lambda: requests_to(part, [("health", "/api/health/", False),
                                   ("not-found", "/api/no-such-endpoint/", False),
                                   ("health-database-down", "/api/health/", True)]),
    ]


LESSON_CAPTURES: dict[int, Callable[[PartDir], list[Job]]] = {
    1: capture_part_01,
    2: capture_part_02,
}


def result_files() -> dict[str, str]:
    """Both file formats, from part 02's checks on part 01 (lesson 02 shows the same run)."""
    with tempfile.TemporaryDirectory(prefix="course-docs-") as folder:
        json_path, junit_path = Path(folder) / "results.json", Path(folder) / "results.xml"
        check_run(part_dir(2), "--json", str(json_path), "--junit", str(junit_path), only=True,
                  target=part_dir(1))
        return {
            "results-failed.json": re.sub(r'"duration_ms": \d+', '"duration_ms": 0', json_path.read_text()),
            "results-failed.xml": re.sub(r'time="[\d.]+"', 'time="0.000"', junit_path.read_text()),
        }


def not_a_project() -> dict[str, str]:
    """A folder that is not a Django project: the checker cannot grade it (exit code 2)."""
    with tempfile.TemporaryDirectory(prefix="course-docs-") as folder:
        project = Path(folder) / "my-project"
        project.mkdir()
        error_path = Path(folder) / "results-error.json"
        code, text = checker("check", "--part", "1", "--no-colour", str(project), "--json", str(error_path))
        error_json = error_path.read_text()
        for real in (str(Path(folder).resolve()), folder):
            text, error_json = text.replace(real, "/home/you"), error_json.replace(real, "/home/you")
    return {"check-not-a-project.txt": f"{text}\n$ echo $?\n{code}\n", "results-error.json": error_json}


def capture_reference() -> list[Job]:
    """The checker reference and the how-to page: file formats, a could-not-grade run, list, diff."""
    return [
        result_files,
        not_a_project,
        lambda: {"checker-list.txt": checker("list")[1]},
        lambda: {"diff-stat-01-02.txt": checker("diff", "1", "2", "--stat")[1]},
    ]


def captured_outputs(workers: int = 4) -> dict[str, str]:
    jobs = capture_reference()
    for part in part_dirs():
        if part.number in LESSON_CAPTURES:
            jobs += LESSON_CAPTURES[part.number](part)
    outputs: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for produced in pool.map(lambda run_job: run_job(), jobs):
            outputs.update(produced)
    return {f"captured/{name}": normalise(text) for name, text in sorted(outputs.items())}


# -- writing and checking ---------------------------------------------------------------
def stale_files(outputs: dict[str, str], groups: tuple[str, ...]) -> list[str]:
    """Files (relative to docs/snippets/) that differ from `outputs`, are missing, or are left over."""
    stale = [name for name, text in outputs.items()
             if not (SNIPPETS_DIR / name).is_file()
             or (SNIPPETS_DIR / name).read_text(encoding="utf-8") != text]
    for group in groups:
        for path in sorted((SNIPPETS_DIR / group).rglob("*")) if (SNIPPETS_DIR / group).is_dir() else []:
            name = path.relative_to(SNIPPETS_DIR).as_posix()
            if path.is_file() and name not in outputs:
                stale.append(name)
    return sorted(stale)


def write(outputs: dict[str, str], groups: tuple[str, ...], say: Callable[[str], None] = print) -> None:
    for name in stale_files(outputs, groups):
        path = SNIPPETS_DIR / name
        if name in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            # newline="": the text is written byte for byte, whatever the platform.
            path.write_text(outputs[name], encoding="utf-8", newline="")
            say(f"wrote   docs/snippets/{name}")
        else:
            path.unlink()
            say(f"removed docs/snippets/{name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.docs_snippets",
                                     description=__doc__.strip().splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is stale")
    parser.add_argument("--fast", action="store_true", help="only diffs, stats and trees (no servers)")
    args = parser.parse_args(argv)

    outputs, groups = fast_outputs(), FAST_GROUPS
    if not args.fast:
        outputs.update(captured_outputs())
        groups += SLOW_GROUPS
    if args.check:
        stale = stale_files(outputs, groups)
        for name in stale:
            print(f"stale: docs/snippets/{name}")
        if stale:
            print("Regenerate with: python -m tools.docs_snippets")
            return 1
        print(f"docs/snippets/ is up to date ({len(outputs)} files).")
        return 0
    write(outputs, groups)
    print(f"docs/snippets/: {len(outputs)} files up to date.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
