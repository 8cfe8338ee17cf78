"""
python -m tools.docs_snippets: generate the text that the course site's pages include.

    python -m tools.docs_snippets            write docs/snippets/ (only files that changed)
    python -m tools.docs_snippets --check    write nothing; exit 1 listing stale files
    python -m tools.docs_snippets --fast     only what needs no server: diffs, stats, trees

A full run also writes docs/snippets/captured.lock.json (what the captures were made from;
see CAPTURES_LOCK below), which tests/test_docs.py checks instead of capturing again.

Everything it writes is committed, and pages include it with pymdownx.snippets:

    docs/snippets/diffs/NN-slug.files.md   part N-1 -> part N (N >= 2), as `python -m checker diff`
                                           prints it, one collapsed block per file, headed by its path
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
import base64
import hashlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Callable, Iterator

from PIL import Image

from checker.diff import diff_stat, file_diffs, snapshot_diff
from checker.context import Context
from checker.http import Client, Response
from checker.images import noisy_png, png
from checker.layout import REPO_ROOT, PartDir, part_dir, part_dirs, snapshot_files
from checker.project import BootedProject
from tools import run_once

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


def per_file_diffs(new: PartDir) -> str:
    """Markdown: the diff of lesson N, one collapsed block per file with its path as the title.

    A fence of four backticks, so that the Markdown files' own ``` lines cannot close it.
    """
    old = part_dir(new.number - 1)
    diffs = dict(file_diffs(old.path, new.path, old.name, new.name))
    counts = {Path(name): (added, removed) for name, added, removed in diff_stat(part_diff(new))}
    blocks = []
    for relative in sorted(diffs, key=lambda path: path.as_posix().lower()):
        text = diffs[relative]
        added, removed = counts.get(relative, (0, 0))
        change = ("new" if text.startswith("--- /dev/null") else
                  "removed" if "\n+++ /dev/null" in text else "changed")
        lines = " ".join(filter(None, [f"+{added}" if added else "", f"−{removed}" if removed else ""]))
        title = f"`{relative.as_posix()}`: {change}" + (f", {lines}" if lines else ", empty")
        body = ("An empty file." if not (added or removed) and not text.startswith("Binary") else
                text.rstrip("\n") if text.startswith("Binary") else
                "````diff\n" + text.rstrip("\n") + "\n````")
        blocks.append(f'??? note "{title}"\n\n' + "\n".join(f"    {line}" if line else "" for line in body.split("\n")))
    return "\n\n".join(blocks) + "\n"


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
            outputs[f"diffs/{part.name}.files.md"] = per_file_diffs(part)
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
    with folder_copy(part.path) as copy:
        yield copy


@contextmanager
def folder_copy(folder: Path, *, with_env_file: bool = False) -> Iterator[Path]:
    """A fresh copy of `folder`; with_env_file: plus the `.env` lesson 02 has a learner make
    (`cp .env.example .env`)."""
    with tempfile.TemporaryDirectory(prefix="course-docs-") as temporary:
        copy = Path(temporary) / folder.name
        for relative in snapshot_files(folder):
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / relative, copy / relative)
        if with_env_file and (copy / ".env.example").exists():
            shutil.copyfile(copy / ".env.example", copy / ".env")
        yield copy


def suite_run(folder: Path, *args: str, borrowed: bool = False, **env: str) -> dict:
    """
    `pytest -q ARGS` in a fresh copy of the snapshot at `folder`, with the `.env` lesson 02
    has a learner make (`cp .env.example .env`), in a clean environment plus `env`:
    {"code": exit code, "output": what it printed}. tests/test_part_suites.py and lesson N's
    replay ask for the same run, so within one test run it runs once (tools/run_once.py);
    the capture of lesson N's pytest output is this run too.
    """
    def compute() -> dict:
        with folder_copy(folder, with_env_file=True) as copy:
            code, output = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                               cwd=copy, env=clean_environment(**env))
        return {"code": code, "output": output}

    key = run_once.fingerprint("pytest -q", *args, json.dumps(env, sort_keys=True), paths=(folder,))
    return run_once.once(key, compute, borrowed=borrowed)


def checker_run(folder: Path, *args: str, borrowed: bool = False) -> dict:
    """
    `python -m checker check ARGS FOLDER` on a fresh copy of the snapshot at `folder`, with
    the `.env` a learner makes: {"code", "output", "report": the --json results or None}.
    tests/test_checker_parts.py grades each part with the two runs its lesson's page shows
    (`--part N+1 --only` at the start of lesson N+1, `--part N` at the end of lesson N),
    and the lesson replays take the same runs (tools/run_once.py).
    """
    def compute() -> dict:
        with folder_copy(folder, with_env_file=True) as copy:
            results = copy.parent / "results.json"
            code, output = checker("check", *args, "--no-colour", "--json", str(results), str(copy))
            report = json.loads(results.read_text()) if results.exists() else None
        return {"code": code, "output": output, "report": report}

    key = run_once.fingerprint("python -m checker check", *args, paths=(folder,))
    return run_once.once(key, compute, borrowed=borrowed)


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
    return _PYTEST_DURATION.sub("", normalise(suite_run(part.path)["output"]))


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


# -- lessons 03-06: what changes from run to run, made steady ----------------------------------
# The checker invents names (learner_1a2b3c4d), the server invents tokens, CSRF values,
# codes, file names, dates and cursors. Each becomes a fixed stand-in, numbered in order of
# appearance, so that a run always reads the same and regenerating is byte-identical.
_HEX_TAG = re.compile(r"(?<=[._])[0-9a-fA-F]{8}\b")          # learner.1a2b3c4d@..., admin_1a2b3c4d
_SEARCH_TAG = re.compile(r"\bZed ([0-9a-f]{6})\b")           # part 05's search check: "Zed 1a2b3c"
_JWT = re.compile(r"\beyJ[\w-]*\.eyJ[\w-]*\.[\w-]+")
_CSRF = re.compile(r"\b(csrftoken|csrfmiddlewaretoken)=[A-Za-z0-9]+")
_DATETIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
_AVATAR_NAME = re.compile(r"avatars/[0-9a-f]{32}\.jpg")
_CURSOR = re.compile(r"(?<=cursor=)[A-Za-z0-9%]+")             # cursor pagination: the position, encoded
SHOWN_DATETIME = "2026-06-01T09:30:00.123456Z"


def _written_in_capitals(match: re.Match) -> bool:
    """Is this tag written in capitals (LEARNER_1A2B3C4D)? A tag of digits only (12345678) has no
    letters of its own to tell, so the word it ends decides (LEARNER_12345678)."""
    letters = [char for char in match.group(0) if char.isalpha()]
    if not letters:
        before = re.search(r"[A-Za-z]*[._]?$", match.string[:match.start()]).group(0)
        letters = [char for char in before if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def _jwt_kind(token: str) -> str:
    payload = token.split(".")[1]
    try:
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["token_type"]
    except (ValueError, KeyError, TypeError):
        return "jwt"


class StandIns:
    """Replaces what a run invented with numbered stand-ins; one instance numbers across files."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.tags: dict[str, str] = {}
        self.fixed: dict[str, str] = {}  # a value this run chose (a code) -> what pages show
        self.cursors: dict[str, str] = {}

    def _token(self, match: re.Match) -> str:
        value = match.group(0)
        if value not in self.tokens:
            kind = _jwt_kind(value)
            number = 1 + sum(stand_in.startswith(f"<{kind} ") for stand_in in self.tokens.values())
            self.tokens[value] = f"<{kind} token {number}>"
        return self.tokens[value]

    def apply(self, text: str) -> str:
        for value, stand_in in self.fixed.items():
            text = re.sub(rf"\b{re.escape(value)}\b", stand_in, text)
        text = _JWT.sub(self._token, text)
        text = _CSRF.sub(lambda m: f"{m.group(1)}=<{'csrf cookie' if m.group(1) == 'csrftoken' else 'csrf token'}>",
                         text)
        found = sorted([(m.start(), m.group(0).lower()) for m in _HEX_TAG.finditer(text)]
                       + [(m.start(1), m.group(1)) for m in _SEARCH_TAG.finditer(text)])
        for _, tag in found:
            self.tags.setdefault(tag, f"tag{len(self.tags) + 1:0{len(tag) - 3}d}")
        for tag, stand_in in self.tags.items():
            text = re.sub(re.escape(tag), lambda m, s=stand_in: s.upper() if _written_in_capitals(m) else s,
                          text, flags=re.IGNORECASE)
        text = _DATETIME.sub(SHOWN_DATETIME, text)
        # A cursor encodes the creation time of a row, so it changes from run to run.
        text = _CURSOR.sub(lambda m: self.cursors.setdefault(m.group(0), f"<cursor {len(self.cursors) + 1}>"), text)
        return _AVATAR_NAME.sub("avatars/<random name>.jpg", text)


def steady(text: str) -> str:
    return StandIns().apply(text)


def steady_check_run(part: PartDir, **kwargs) -> str:
    """check_run, with the names, tokens and CSRF values the run invented made steady."""
    return steady(check_run(part, **kwargs))


# -- lessons 03-05: manage.py in a snapshot copy, as a learner runs it ----------------------
def manage_in(folder: Path, *args: str, **env: str) -> str:
    """`python manage.py ARGS` in `folder`, with DEBUG on as a learner's .env has it."""
    return run([sys.executable, "manage.py", *args], cwd=folder, env=clean_environment(DEBUG="True", **env))[1]


_CONSOLE = '''\
import code, sys, traceback


class Console(code.InteractiveConsole):
    def showtraceback(self):
        kind, value = sys.exc_info()[:2]
        print("Traceback (most recent call last):\\n  ...")
        print(traceback.format_exception_only(kind, value)[-1], end="")


console = Console()
for line in {lines!r}:
    print(">>> " + line)
    console.push(line)
'''


def shell_session(folder: Path, lines: list[str]) -> str:
    """`python manage.py shell` with `lines` typed at its prompt (tracebacks cut to their last line)."""
    return manage_in(folder, "shell", "--verbosity", "0", "-c", _CONSOLE.format(lines=lines))


def shell_command(args: list[str], env: dict[str, str] | None = None) -> str:
    """The command line a learner types, as shown above an output: one variable a line when long."""
    words = [f"{name}={shlex.quote(value)}" for name, value in (env or {}).items()]
    words.append(" ".join(["python", "manage.py", *map(shlex.quote, args)]))
    joiner = " " if len(" ".join(words)) <= 80 else " \\\n"
    return joiner.join(words) + "\n"


def last_line_of_traceback(output: str) -> str:
    return f"Traceback (most recent call last):\n  ...\n{output.strip().splitlines()[-1]}\n"


# -- lessons 04-06: walking through the API with curl ---------------------------------------
BASE_URL = "http://127.0.0.1:8000"  # every server address becomes this one (normalise)
_SHOWN_HEADERS = {"content-type": "Content-Type", "location": "Location", "retry-after": "Retry-After",
                  "www-authenticate": "WWW-Authenticate"}


def shown_response(response: Response) -> str:
    """What `curl -i` prints: the status line, the headers that matter here, the JSON indented."""
    lines = [f"HTTP/1.1 {response.status} {HTTPStatus(response.status).phrase}"]
    lines += [f"{shown}: {response.headers[name]}" for name, shown in _SHOWN_HEADERS.items()
              if name in response.headers]
    if response.body:
        try:
            body = json.dumps(json.loads(response.body), indent=2, ensure_ascii=False)
        except ValueError:
            body = response.text
        lines += ["", body]
    return "\n".join(lines) + "\n"


def one_command(words: list[str]) -> str:
    """Words of a command, on one line when short, else one option a line."""
    if len(" ".join(words)) <= 80:
        return " ".join(words) + "\n"
    return " \\\n  ".join(words) + "\n"


class Walkthrough:
    """
    Requests to a booted snapshot as a lesson shows them: for each step STEM, the curl
    command a learner types (STEM-PART.cmd.txt) and what came back (STEM-PART.txt).
    Tokens go into shell variables ($ACCESS), exactly as the lesson tells learners to do.
    """

    def __init__(self, booted: BootedProject, part: PartDir):
        self.booted, self.part = booted, part
        self.client = Client(booted.base_url)
        self.outputs: dict[str, str] = {}
        self.variables: dict[str, str] = {}  # shell variable -> its value in this run
        self.stand_ins = StandIns()

    def _name(self, stem: str, suffix: str = "txt") -> str:
        return f"{stem}-{self.part.name}.{suffix}"

    def request(self, method: str, path: str, *, body=None, raw: bytes | None = None, files=None,
                form: dict[str, str] | None = None, token: str | None = None) -> Response:
        headers = {"Accept": "*/*"}
        if token:
            headers["Authorization"] = f"Bearer {self.variables[token]}"
        if body is not None:
            raw = self.body_text(body).encode()
        if raw is not None:
            headers["Content-Type"] = "application/json"
        return self.client.request(method, path, data=raw, files=files, form=form, headers=headers)

    def step(self, stem: str, method: str, path: str, *, body=None, raw: bytes | None = None, files=None,
             form: dict[str, str] | None = None, token: str | None = None, shown_path: str | None = None,
             first: str = "") -> Response:
        """One request. The page's command shows `shown_path` instead of `path` when a shell
        variable holds what this run found (`/api/follow-requests/$REQUEST/accept/`, or a whole
        URL such as "$NEXT"), after the lines `first` that set it. `form` holds the text fields
        of a multipart form (with `files`), sent and shown before its files."""
        response = self.request(method, path, body=body, raw=raw, files=files, form=form, token=token)
        self.outputs[self._name(stem, "cmd.txt")] = first + self.command(
            method, shown_path or path, body=body, raw=raw, files=files, form=form, token=token)
        self.outputs[self._name(stem)] = shown_response(response)
        return response

    def command(self, method: str, path: str, *, body, raw, files, token, form=None) -> str:
        # curl sends a GET unless told otherwise: a POST without a body needs its -X POST.
        sends_data = body is not None or raw is not None or bool(files)
        explicit = method not in ("GET", "POST") or (method == "POST" and not sends_data)
        url = path if path.startswith("$") else BASE_URL + path
        words = ["curl -i" + (f" -X {method}" if explicit else ""), f'"{url}"' if "$" in url else shlex.quote(url)]
        if token:
            words.append(f'-H "Authorization: Bearer ${token}"')
        if body is not None or raw is not None:
            words.append('-H "Content-Type: application/json"')
            words.append("-d " + (shlex.quote(raw.decode()) if body is None else self.shell_json(body)))
        for name, value in (form or {}).items():
            assert not value.startswith(("@", "<")) and '"' not in value, value  # curl -F reads those as files
            words.append(f'-F "{name}={value}"')
        for name, (filename, _, _) in (files or {}).items():
            words.append(f'-F "{name}=@{filename}"')
        if len(" ".join(words)) <= 80:
            return " ".join(words) + "\n"
        return " ".join(words[:2]) + " \\\n  " + " \\\n  ".join(words[2:]) + "\n"

    def body_text(self, body) -> str:
        """The JSON sent for `body`: on one line, or wrapped between its keys to fit the page."""
        if not isinstance(body, dict) or any(value in json.dumps(body) for value in self.variables.values()):
            return json.dumps(body, ensure_ascii=False)
        items = [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in body.items()]
        lines, line = [], ""
        for item in items:
            if line and len("  -d '{") + len(line) + len(item) + 4 > 80:
                lines.append(line + ",")
                line = ""
            line = f"{line}, {item}" if line else item
        return "{" + ("\n" + " " * len("  -d '{")).join([*lines, line]) + "}"

    def shell_json(self, body) -> str:
        """JSON for -d: in single quotes, or in double quotes when it holds a $VARIABLE."""
        text = self.body_text(body)
        used = [name for name, value in self.variables.items() if value in text]
        if not used:
            assert "'" not in text, text
            return f"'{text}'"
        text = text.replace("\\", "\\\\").replace('"', '\\"')
        for name in used:
            text = text.replace(self.variables[name], f"${name}")
        return f'"{text}"'

    def record(self, stem: str, output: str, command: str | None = None) -> None:
        self.outputs[self._name(stem)] = output
        if command is not None:
            self.outputs[self._name(stem, "cmd.txt")] = command

    def finish(self) -> dict[str, str]:
        return {name: self.stand_ins.apply(text) for name, text in self.outputs.items()}


# E-mails printed on the server's console, as in development.
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


_EMAIL_ON_CONSOLE = re.compile(r"^Content-Type: text/plain.*?^-{79}$", flags=re.MULTILINE | re.DOTALL)


def console_email(booted: BootedProject, since: int) -> tuple[str, str]:
    """The next e-mail the server printed after log offset `since`: (as printed, its 6-digit code)."""
    deadline = time.monotonic() + 5
    while not (found := _EMAIL_ON_CONSOLE.search(booted.log_since(since))):
        if time.monotonic() > deadline:
            raise RuntimeError(f"no e-mail on the console of {booted.path.name}:\n{booted.log_tail()}")
        time.sleep(0.05)
    printed = found.group(0)
    code = re.search(r"\b(\d{6})\b", printed.split("\n\n", 1)[1]).group(1)
    printed = re.sub(r"^Date: .*$", "Date: Mon, 01 Jun 2026 09:30:00 -0000", printed, flags=re.MULTILINE)
    printed = re.sub(r"^Message-ID: <.*>$", "Message-ID: <…@your-computer>", printed, flags=re.MULTILINE)
    return printed + "\n", code


_DECODE_JWT = "import base64, sys; print(base64.urlsafe_b64decode(sys.argv[1].split('.')[1] + '==').decode())"


def jwt_payload(token: str) -> str:
    """What the lesson's decoder prints for `token` (through json.tool), its times moved to a fixed moment."""
    decoded = run([sys.executable, "-c", _DECODE_JWT, token], cwd=REPO_ROOT)[1]
    printed = subprocess.run([sys.executable, "-m", "json.tool"], input=decoded.encode(), capture_output=True,
                             check=True, timeout=COMMAND_TIMEOUT).stdout.decode()
    payload = json.loads(decoded)
    issued = 1780306200  # 2026-06-01 09:30:00 UTC
    printed = printed.replace(str(payload["exp"]), str(issued + payload["exp"] - payload["iat"]))
    printed = printed.replace(str(payload["iat"]), str(issued))
    return printed.replace(payload["jti"], "<a random id>")


PASSWORD = "Lisbon-Sunrise-42"  # the learners' example password, strong enough for every validator
CODE_STAND_INS = ["428135", "905716", "361842", "570293"]


def auth_walkthrough(part: PartDir) -> dict[str, str]:
    """Lesson 04: sign up, verify, log in, tokens, bad input, codes, passwords, the schema."""
    with BootedProject(part.path, python=sys.executable, say=lambda text: None,
                       email_backend=CONSOLE_EMAIL_BACKEND) as booted:
        walk = Walkthrough(booted, part)
        codes = iter(CODE_STAND_INS)

        def emailed(stem: str, since: int) -> str:
            printed, code = console_email(booted, since)
            walk.stand_ins.fixed[code] = next(codes)
            walk.record(stem, printed)
            return code

        ann = {"email": "ann@example.com", "username": "ann", "password": PASSWORD}
        login = {"email": ann["email"], "password": PASSWORD}

        # Registration, the e-mail, verifying
        since = booted.log_size()
        walk.step("register", "POST", "/api/auth/register/", body=ann)
        code = emailed("email-verification", since)
        walk.step("verify-wrong-code", "POST", "/api/auth/verify-email/",
                  body={"email": ann["email"], "code": "000000" if code != "000000" else "111111"})
        # The page reads the code from the e-mail file with sign-up.sh's emailed_code, into $CODE.
        walk.variables["CODE"] = code
        walk.step("verify", "POST", "/api/auth/verify-email/", body={"email": ann["email"], "code": code},
                  first="CODE=$(emailed_code ann)\n")
        walk.step("verify-again", "POST", "/api/auth/verify-email/", body={"email": ann["email"], "code": code})

        # A new code for Bob, who signs up (sign-up.sh's register) but does not verify
        bob = {"email": "bob@example.com", "username": "bob", "password": PASSWORD}
        walk.step("register-weak-password", "POST", "/api/auth/register/",
                  body={"email": "bob@example.com", "username": "bob", "password": "12345678"})
        walk.request("POST", "/api/auth/register/", body=bob).expect_status(201)
        walk.step("resend", "POST", "/api/auth/resend-verification/", body={"email": bob["email"]})
        walk.step("resend-unknown", "POST", "/api/auth/resend-verification/", body={"email": "nobody@example.com"})
        walk.step("login-unverified", "POST", "/api/auth/login/", body={"email": bob["email"], "password": PASSWORD})

        # Logging in, who am I
        tokens = walk.step("login", "POST", "/api/auth/login/", body=login).json()
        walk.variables.update(ACCESS=tokens["access"], REFRESH=tokens["refresh"])
        walk.record("jwt-payload", jwt_payload(tokens["access"]),
                    f'python -c "{_DECODE_JWT}" \\\n  "$ACCESS" | python -m json.tool\n')
        walk.step("login-wrong-password", "POST", "/api/auth/login/",
                  body={"email": ann["email"], "password": "not-my-password"})
        walk.step("me", "GET", "/api/auth/me/", token="ACCESS")
        walk.step("me-without-token", "GET", "/api/auth/me/")

        # Refreshing and logging out
        walk.step("refresh", "POST", "/api/auth/token/refresh/", body={"refresh": tokens["refresh"]})
        walk.step("refresh-again", "POST", "/api/auth/token/refresh/", body={"refresh": tokens["refresh"]})
        # That reuse revoked every refresh token of Ann's, the fresh one too: the page logs in again.
        tokens = walk.request("POST", "/api/auth/login/", body=login).expect_status(200).json()
        walk.variables.update(ACCESS=tokens["access"], REFRESH=tokens["refresh"])
        walk.step("logout", "POST", "/api/auth/logout/", body={"refresh": tokens["refresh"]})
        walk.step("refresh-after-logout", "POST", "/api/auth/token/refresh/", body={"refresh": tokens["refresh"]})
        walk.step("me-after-logout", "GET", "/api/auth/me/", token="ACCESS")

        # Bad input
        walk.step("register-taken", "POST", "/api/auth/register/",
                  body={"email": "ANN@Example.com", "username": "Ann", "password": PASSWORD})
        walk.step("register-empty", "POST", "/api/auth/register/", body={})
        walk.step("register-wrong-types", "POST", "/api/auth/register/",
                  body={"email": 42, "username": ["bob"], "password": None})
        walk.step("register-not-json", "POST", "/api/auth/register/", raw=b'{"email": "bob@example.com",')

        # The limit: four more requests for Bob, then the sixth (the page asks five times more,
        # since a restart of its server empties the counts kept in local memory)
        for _ in range(4):
            walk.request("POST", "/api/auth/resend-verification/", body={"email": bob["email"]}).expect_status(200)
        walk.step("resend-throttled", "POST", "/api/auth/resend-verification/", body={"email": bob["email"]})

        # Changing a password (logged in again), resetting a forgotten one
        tokens = walk.request("POST", "/api/auth/login/", body=login).expect_status(200).json()
        walk.variables.update(ACCESS=tokens["access"], REFRESH=tokens["refresh"])
        new_password, newest_password = "Porto-Moonrise-77", "Faro-Starlight-93"
        walk.step("password-change-wrong", "POST", "/api/auth/password/change/", token="ACCESS",
                  body={"old_password": "not-my-password", "new_password": new_password})
        walk.step("password-change", "POST", "/api/auth/password/change/", token="ACCESS",
                  body={"old_password": PASSWORD, "new_password": new_password})
        walk.step("refresh-after-password-change", "POST", "/api/auth/token/refresh/",
                  body={"refresh": tokens["refresh"]})
        since = booted.log_size()
        walk.step("password-reset", "POST", "/api/auth/password/reset/", body={"email": ann["email"]})
        code = emailed("email-password-reset", since)
        walk.step("password-reset-unknown", "POST", "/api/auth/password/reset/", body={"email": "nobody@example.com"})
        walk.variables["CODE"] = code
        walk.step("password-reset-confirm", "POST", "/api/auth/password/reset/confirm/",
                  body={"email": ann["email"], "code": code, "new_password": newest_password},
                  first="CODE=$(emailed_code ann)\n")

        # The schema
        schema = walk.request("GET", "/api/schema/").text.splitlines()
        walk.record("schema-head", "\n".join(schema[:16]) + "\n",
                    f"curl -s {BASE_URL}/api/schema/ | sed -n 1,16p\n")
        walk.record("schema-security", "\n".join(schema[-5:]) + "\n",
                    f"curl -s {BASE_URL}/api/schema/ | tail -n 5\n")
        outputs = walk.finish()
    for name in outputs:  # the limit is 5 an hour: the wait is a little under an hour, whole seconds
        outputs[name] = re.sub(r"\b3[56]\d\d\b(?= seconds|$)", "3600", outputs[name], flags=re.MULTILINE)
    return outputs


def signed_up(walk: Walkthrough, mail: Context, username: str, *, verify: bool = True) -> str:
    """Register USERNAME@example.com off the page, verify the address and log in: the access token."""
    email = f"{username}@example.com"
    walk.request("POST", "/api/auth/register/",
                 body={"email": email, "username": username, "password": PASSWORD}).expect_status(201)
    if not verify:
        return ""
    walk.request("POST", "/api/auth/verify-email/",
                 body={"email": email, "code": mail.code_sent_to(email)}).expect_status(200)
    login = walk.request("POST", "/api/auth/login/", body={"email": email, "password": PASSWORD})
    return login.expect_status(200).json()["access"]


def first_id_into(variable: str, path: str, token: str) -> str:
    """Shell lines that keep the id of the first result of a list in $VARIABLE: ids are the server's."""
    return (f"{variable}=$(curl -s '{BASE_URL}{path}' -H \"Authorization: Bearer ${token}\" \\\n"
            f"  | python -c \"import json, sys; print(json.load(sys.stdin)['results'][0]['id'])\")\n")


def profiles_walkthrough(part: PartDir) -> dict[str, str]:
    """Lesson 05: your profile, someone else's, private accounts, avatars, search."""
    with BootedProject(part.path, python=sys.executable, say=lambda text: None) as booted:
        walk = Walkthrough(booted, part)
        mail = Context(walk.client, project_path=part.path, booted=booted)

        def sign_up(username: str, *, verify: bool = True) -> str:
            return signed_up(walk, mail, username, verify=verify)

        walk.variables.update(ACCESS=sign_up("ann"), BOB=sign_up("bob"))
        walk.variables["JOANNA"] = sign_up("joanna")
        sign_up("annette", verify=False)
        walk.request("PATCH", "/api/users/me/", token="BOB", body={"display_name": "Bob Hannigan"}).expect_status(200)

        # Someone else's (in page order: the page's walkthrough starts here)
        walk.step("profile", "GET", "/api/users/ann/", token="BOB")
        walk.step("profile-unknown", "GET", "/api/users/nobody/", token="BOB")
        walk.step("profile-unverified", "GET", "/api/users/annette/", token="BOB")
        walk.step("profile-without-token", "GET", "/api/users/ann/")
        # Your own profile
        walk.step("my-profile", "GET", "/api/users/me/", token="ACCESS")
        walk.step("my-profile-edit", "PATCH", "/api/users/me/", token="ACCESS", body={
            "display_name": "Ann Lee", "bio": "Backend developer. Coffee first.", "location": "Lisbon",
            "website": "https://ann.example.com", "birth_date": "1994-05-17"})
        walk.step("my-profile-invalid", "PATCH", "/api/users/me/", token="ACCESS",
                  body={"website": "my site", "birth_date": "2999-01-01", "is_private": "maybe"})
        # Private accounts
        walk.step("private", "PATCH", "/api/users/me/", token="ACCESS", body={"is_private": True})
        walk.step("profile-private", "GET", "/api/users/ann/", token="BOB")
        # Avatars
        upload = walk.step("avatar-upload", "PUT", "/api/users/me/avatar/", token="ACCESS",
                           files={"avatar": ("photo.png", png(1600, 1200), "image/png")})
        url = upload.json()["avatar"]
        stored = walk.client.get(url, headers={"Accept": "*/*"})
        image = Image.open(io.BytesIO(stored.body))
        check_image = "from PIL import Image; image = Image.open('avatar.jpg'); print(image.format, image.size)"
        read_url = "python -c \"import json, sys; print(json.load(sys.stdin)['avatar'])\""
        walk.record("avatar-fetch",
                    f"{stored.status} {stored.content_type} {len(stored.body)} bytes\n{image.format} {image.size}\n",
                    f"AVATAR=$(curl -s {BASE_URL}/api/users/me/ -H \"Authorization: Bearer $ACCESS\" \\\n  | {read_url})\n"
                    f"curl -s -o avatar.jpg -w '%{{http_code}} %{{content_type}} %{{size_download}} bytes\\n' \"$AVATAR\"\n"
                    f"python -c \"{check_image}\"\n")
        walk.step("avatar-not-an-image", "PUT", "/api/users/me/avatar/", token="ACCESS",
                  files={"avatar": ("notes.png", b"Shopping list: milk, eggs, coffee.\n", "text/plain")})
        walk.step("avatar-too-large", "PUT", "/api/users/me/avatar/", token="ACCESS",
                  files={"avatar": ("huge.png", noisy_png(2000, 2000), "image/png")})
        walk.step("avatar-delete", "DELETE", "/api/users/me/avatar/", token="ACCESS")
        # Finding people
        walk.step("search", "GET", "/api/users/?search=ann", token="ACCESS")
        walk.step("search-page", "GET", "/api/users/?search=ann&page_size=2", token="ACCESS")
        walk.step("search-bad-page-size", "GET", "/api/users/?page_size=abc", token="ACCESS")
        return walk.finish()


def social_walkthrough(part: PartDir) -> dict[str, str]:
    """Lesson 06: follows, a private account's approval, friends, a block, lists, counts and flags, suggestions."""
    with BootedProject(part.path, python=sys.executable, say=lambda text: None) as booted:
        walk = Walkthrough(booted, part)
        mail = Context(walk.client, project_path=part.path, booted=booted)
        # Ann's token is $ACCESS, as in lessons 04 and 05; everyone else's is their name.
        people = {"ann": "Ann Lee", "bob": "Bob Hannigan", "cat": "Cat Moreau", "dan": "Dan Novak",
                  "eve": "Eve Santos", "fay": "Fay Okafor"}
        for name, display_name in people.items():
            token = "ACCESS" if name == "ann" else name.upper()
            walk.variables[token] = signed_up(walk, mail, name)
            walk.request("PATCH", "/api/users/me/", token=token,
                         body={"display_name": display_name}).expect_status(200)

        def off_page(method: str, path: str, token: str, body=None) -> Response:
            return walk.request(method, path, token=token, body=body).expect_status(200, 201, 204)

        # Following: Bob's account is public
        walk.step("follow", "POST", "/api/users/bob/follow/", token="ACCESS")
        walk.step("follow-again", "POST", "/api/users/bob/follow/", token="ACCESS")
        walk.step("follow-self", "POST", "/api/users/ann/follow/", token="ACCESS")
        walk.step("follow-unknown", "POST", "/api/users/nobody/follow/", token="ACCESS")
        walk.step("unfollow", "DELETE", "/api/users/bob/follow/", token="ACCESS")
        off_page("POST", "/api/users/bob/follow/", "ACCESS")  # Ann follows Bob again, for what comes next

        # Private accounts: Cat approves her followers
        off_page("PATCH", "/api/users/me/", "CAT", body={"is_private": True})
        walk.step("follow-private", "POST", "/api/users/cat/follow/", token="ACCESS")
        walk.step("followers-before-approval", "GET", "/api/users/cat/followers/", token="ACCESS")
        request_id = walk.step("follow-requests", "GET", "/api/follow-requests/", token="CAT").json()["results"][0]["id"]
        walk.step("follow-request-accept", "POST", f"/api/follow-requests/{request_id}/accept/", token="CAT",
                  shown_path="/api/follow-requests/$REQUEST/accept/",
                  first=first_id_into("REQUEST", "/api/follow-requests/", "CAT"))
        walk.step("follow-request-accept-again", "POST", f"/api/follow-requests/{request_id}/accept/", token="CAT",
                  shown_path="/api/follow-requests/$REQUEST/accept/")
        walk.step("followers-after-approval", "GET", "/api/users/cat/followers/", token="ACCESS")

        # Friends: Ann and Bob ask each other; Eve asks Bob, who accepts
        walk.step("friend-request", "POST", "/api/users/bob/friend-request/", token="ACCESS")
        walk.step("friend-requests-incoming", "GET", "/api/friend-requests/?direction=incoming", token="BOB")
        walk.step("friend-request-crossing", "POST", "/api/users/ann/friend-request/", token="BOB")
        walk.step("friend-request-already-friends", "POST", "/api/users/bob/friend-request/", token="ACCESS")
        off_page("POST", "/api/users/bob/friend-request/", "EVE")
        incoming = off_page("GET", "/api/friend-requests/?direction=incoming", "BOB").json()["results"]
        walk.step("friend-request-accept", "POST", f"/api/friend-requests/{incoming[0]['id']}/accept/", token="BOB",
                  shown_path="/api/friend-requests/$REQUEST/accept/",
                  first=first_id_into("REQUEST", "/api/friend-requests/?direction=incoming", "BOB"))
        walk.step("friends", "GET", "/api/users/bob/friends/", token="ACCESS")

        # Who follows whom, for the rest of the page: Bob follows Ann back, Bob and Cat follow Eve,
        # Bob follows Dan and Fay; Dan follows Ann and asks her to be friends.
        for token, path in (("BOB", "/api/users/ann/follow/"), ("BOB", "/api/users/eve/follow/"),
                            ("CAT", "/api/users/eve/follow/"), ("BOB", "/api/users/dan/follow/"),
                            ("BOB", "/api/users/fay/follow/"), ("DAN", "/api/users/ann/follow/"),
                            ("DAN", "/api/users/ann/friend-request/")):
            off_page("POST", path, token)

        # Blocking: Ann blocks Dan
        walk.step("block", "POST", "/api/users/dan/block/", token="ACCESS")
        walk.step("blocked-profile", "GET", "/api/users/ann/", token="DAN")
        walk.step("blocked-follow", "POST", "/api/users/ann/follow/", token="DAN")
        walk.step("blocked-search", "GET", "/api/users/?search=ann", token="DAN")
        walk.step("blocker-sees", "GET", "/api/users/dan/", token="ACCESS")
        walk.step("blocker-follow", "POST", "/api/users/dan/follow/", token="ACCESS")
        walk.step("blocks", "GET", "/api/blocks/", token="ACCESS")
        walk.step("followers-after-block", "GET", "/api/users/ann/followers/", token="ACCESS")

        # Lists of people: a page at a time, newest first
        first = walk.step("following-page", "GET", "/api/users/ann/following/?page_size=1", token="ACCESS")
        walk.step("following-next", "GET", first.json()["next"].removeprefix(booted.base_url), token="ACCESS",
                  shown_path="$NEXT", first=(
                      f"NEXT=$(curl -s '{BASE_URL}/api/users/ann/following/?page_size=1' -H \"Authorization: Bearer $ACCESS\" \\\n"
                      f"  | python -c \"import json, sys; print(json.load(sys.stdin)['next'])\")\n"))

        # Counts and relationship flags
        walk.step("profile-counts", "GET", "/api/users/bob/", token="ACCESS")

        # Suggestions
        walk.step("suggestions", "GET", "/api/users/suggestions/", token="ACCESS")
        return walk.finish()


# Lesson 07's photo: made and read back with Pillow by one-line commands the page shows.
MAKE_PHOTO = ("from PIL import Image; exif = Image.Exif(); "
              "exif[0x8825] = {1: 'N', 2: (38.0, 42.0, 36.0), 3: 'W', 4: (9.0, 8.0, 24.0)}; "
              "Image.new('RGB', (3000, 2000), 'teal').save('lisbon.jpg', exif=exif)")


def show_photo(name: str) -> str:
    return (f"from PIL import Image; image = Image.open('{name}'); "
            "print(image.format, image.size, 'GPS:', image.getexif().get_ifd(0x8825))")


def read_json(expression: str) -> str:
    return f"python -c \"import json, sys; print(json.load(sys.stdin){expression})\""


def value_into(variable: str, path: str, token: str, expression: str) -> str:
    """Shell lines that keep a value of a list's answer in $VARIABLE (ids and URLs are the server's)."""
    return (f"{variable}=$(curl -s '{BASE_URL}{path}' -H \"Authorization: Bearer ${token}\" \\\n"
            f"  | {read_json(expression)})\n")


_POST_MEDIA_NAME = re.compile(r"posts/[0-9a-f]{32}\.(jpg|png|webp|mp4|webm)")


def posts_walkthrough(part: PartDir) -> dict[str, str]:
    """Lesson 07: posts as JSON and with a photo, bad uploads, hashtags, mentions, who sees what,
    edits and their history, deleting, someone's posts page by page."""
    with BootedProject(part.path, python=sys.executable, say=lambda text: None) as booted, \
            tempfile.TemporaryDirectory(prefix="course-docs-") as folder:
        walk = Walkthrough(booted, part)
        mail = Context(walk.client, project_path=part.path, booted=booted)
        # The people of lesson 06's social-people.sh, each token in a variable named after them.
        people = {"ann": "Ann Lee", "bob": "Bob Hannigan", "cat": "Cat Moreau", "dan": "Dan Novak",
                  "eve": "Eve Santos", "fay": "Fay Okafor"}
        for name, display_name in people.items():
            token = "ACCESS" if name == "ann" else name.upper()
            walk.variables[token] = signed_up(walk, mail, name)
            walk.request("PATCH", "/api/users/me/", token=token,
                         body={"display_name": display_name}).expect_status(200)
        walk.request("POST", "/api/users/ann/follow/", token="BOB").expect_status(200)  # Bob follows Ann

        def newest_of_ann(token: str = "ACCESS") -> dict:
            return walk.request("GET", "/api/users/ann/posts/", token=token).expect_status(200).json()["results"][0]

        # Writing a post
        walk.step("post-create", "POST", "/api/posts/", token="ACCESS",
                  body={"text": "Hello! My first post.", "visibility": "public"})
        walk.step("post-empty", "POST", "/api/posts/", token="ACCESS", body={"text": ""})
        first = newest_of_ann()["id"]
        walk.step("post-get", "GET", f"/api/posts/{first}/", token="BOB", shown_path="/api/posts/$FIRST/",
                  first=value_into("FIRST", "/api/users/ann/posts/", "ACCESS", "['results'][0]['id']"))

        # Uploading media: a photo with the GPS position of where it was taken
        photo = Path(folder, "lisbon.jpg")
        made = run([sys.executable, "-c", MAKE_PHOTO], cwd=Path(folder))[1]
        shown = run([sys.executable, "-c", show_photo("lisbon.jpg")], cwd=Path(folder))[1]
        walk.record("photo-make", made + shown,
                    f'python -c "{MAKE_PHOTO}"\npython -c "{show_photo("lisbon.jpg")}"\n')
        walk.step("post-photo", "POST", "/api/posts/", token="ACCESS",
                  form={"text": "Sunrise over the river #Lisboa",
                        "alt_text": "The sun rising over the Tagus, seen from a rooftop"},
                  files={"media": ("lisbon.jpg", photo.read_bytes(), "image/jpeg")})
        newest = newest_of_ann()
        stored = walk.client.get(newest["media"][0]["url"], headers={"Accept": "*/*"})
        Path(folder, "stored.jpg").write_bytes(stored.body)
        shown = run([sys.executable, "-c", show_photo("stored.jpg")], cwd=Path(folder))[1]
        walk.record("photo-fetch", f"{stored.status} {stored.content_type} {len(stored.body)} bytes\n{shown}",
                    value_into("PHOTO", "/api/users/ann/posts/", "ACCESS", "['results'][0]['media'][0]['url']")
                    + "curl -s -o stored.jpg -w '%{http_code} %{content_type} %{size_download} bytes\\n' \"$PHOTO\"\n"
                    + f'python -c "{show_photo("stored.jpg")}"\n')
        walk.step("post-not-media", "POST", "/api/posts/", token="ACCESS", form={"text": "My list"},
                  files={"media": ("notes.png", b"Shopping list: milk, eggs, coffee.\n", "image/png")},
                  first="echo 'Shopping list: milk, eggs, coffee.' > notes.png\n")

        # Hashtags and mentions
        walk.step("post-hashtags", "POST", "/api/posts/", token="CAT",
                  body={"text": "Pastéis de nata at the #Café, then more #CAFÉ. #2024 was good; #2025goals"})
        walk.step("hashtag-page", "GET", "/api/hashtags/CAF%C3%89/posts/", token="ACCESS")
        walk.step("hashtag-unknown", "GET", "/api/hashtags/nobodyusesthis/posts/", token="ACCESS")
        walk.step("post-mentions", "POST", "/api/posts/", token="BOB",
                  body={"text": "Lunch with @Ann and @nobody. Write to bob@example.com"})

        # Who sees a post: followers only
        walk.step("post-followers", "POST", "/api/posts/", token="ACCESS",
                  body={"text": "Only for my followers", "visibility": "followers"})
        followers_only = newest_of_ann()["id"]
        walk.step("followers-post-follower", "GET", f"/api/posts/{followers_only}/", token="BOB",
                  shown_path="/api/posts/$PRIVATE/",
                  first=value_into("PRIVATE", "/api/users/ann/posts/", "ACCESS", "['results'][0]['id']"))
        walk.step("followers-post-stranger", "GET", f"/api/posts/{followers_only}/", token="CAT",
                  shown_path="/api/posts/$PRIVATE/")

        # Blocks: Ann blocks Dan; her public post is gone for him, and his for her
        walk.request("POST", "/api/users/dan/block/", token="ACCESS").expect_status(200, 201)
        walk.step("blocked-post", "GET", f"/api/posts/{first}/", token="DAN", shown_path="/api/posts/$FIRST/")

        # Only the author changes a post
        walk.step("edit-not-author", "PATCH", f"/api/posts/{first}/", token="BOB", shown_path="/api/posts/$FIRST/",
                  body={"text": "Bob was here"})
        walk.step("edit-not-visible", "PATCH", f"/api/posts/{followers_only}/", token="CAT",
                  shown_path="/api/posts/$PRIVATE/", body={"text": "Cat was here"})

        # Edits keep a history
        walk.step("edit", "PATCH", f"/api/posts/{first}/", token="ACCESS", shown_path="/api/posts/$FIRST/",
                  body={"text": "Hello! My first post, edited. #HelloWorld"})
        walk.step("history", "GET", f"/api/posts/{first}/history/", token="BOB",
                  shown_path="/api/posts/$FIRST/history/")

        # Deleting a post: the photo's
        photo_post = next(post for post in walk.request("GET", "/api/users/ann/posts/", token="ACCESS").json()["results"]
                          if post["media"])
        walk.step("delete", "DELETE", f"/api/posts/{photo_post['id']}/", token="ACCESS",
                  shown_path="/api/posts/$PHOTO_POST/",
                  first=value_into("PHOTO_POST", "/api/users/ann/posts/", "ACCESS",
                                   "['results'][1]['id']"))
        walk.step("deleted-get", "GET", f"/api/posts/{photo_post['id']}/", token="ACCESS",
                  shown_path="/api/posts/$PHOTO_POST/")
        gone = walk.client.get(photo_post["media"][0]["url"], headers={"Accept": "*/*"})
        walk.record("deleted-file", f"{gone.status}\n", "curl -s -o /dev/null -w '%{http_code}\\n' \"$PHOTO\"\n")

        # Timelines: Ann's posts, as Bob (a follower) a page at a time, and as Cat
        walk.step("timeline-follower", "GET", "/api/users/ann/posts/?page_size=1", token="BOB")
        walk.step("timeline-stranger", "GET", "/api/users/ann/posts/", token="CAT")
        outputs = walk.finish()
    return {name: _POST_MEDIA_NAME.sub(lambda m: f"posts/<random name>.{m.group(1)}", text)
            for name, text in outputs.items()}


def quoted_value_into(variable: str, path: str, token: str, expression: str) -> str:
    """value_into for a path that holds a shell variable ($POST): in double quotes, so the shell fills it in."""
    return (f"{variable}=$(curl -s \"{BASE_URL}{path}\" -H \"Authorization: Bearer ${token}\" \\\n"
            f"  | {read_json(expression)})\n")


def created_into(variable: str, token: str, body: dict) -> str:
    """Shell lines that write a post quietly and keep its id in $VARIABLE."""
    text, read_id = json.dumps(body, ensure_ascii=False), read_json("['id']")
    assert "'" not in text, text
    return (f"{variable}=$(curl -s {BASE_URL}/api/posts/ -H \"Authorization: Bearer ${token}\" \\\n"
            f"  -H \"Content-Type: application/json\" \\\n  -d '{text}' \\\n"
            f"  | {read_id})\n")


def engagement_walkthrough(part: PartDir) -> dict[str, str]:
    """Lesson 08: a comment, replies and the thread, editing and deleting comments, reactions put,
    replaced and taken back, who reacted, reposts and quotes, a share's audience, quote policies."""
    with BootedProject(part.path, python=sys.executable, say=lambda text: None) as booted:
        walk = Walkthrough(booted, part)
        mail = Context(walk.client, project_path=part.path, booted=booted)
        # The people of lesson 06's social-people.sh, each token in a variable named after them.
        people = {"ann": "Ann Lee", "bob": "Bob Hannigan", "cat": "Cat Moreau", "dan": "Dan Novak",
                  "eve": "Eve Santos", "fay": "Fay Okafor"}
        for name, display_name in people.items():
            token = "ACCESS" if name == "ann" else name.upper()
            walk.variables[token] = signed_up(walk, mail, name)
            walk.request("PATCH", "/api/users/me/", token=token,
                         body={"display_name": display_name}).expect_status(200)
        walk.request("POST", "/api/users/ann/follow/", token="BOB").expect_status(200)  # Bob follows Ann

        def write(token: str, body: dict) -> str:
            return walk.request("POST", "/api/posts/", token=token, body=body).expect_status(201).json()["id"]

        @contextmanager
        def shown_as(**ids: str):
            """Ids the page keeps in shell variables, shown as $NAME in the bodies of the commands."""
            walk.variables.update(ids)
            try:
                yield
            finally:
                for name in ids:
                    del walk.variables[name]

        def oldest(path: str, token: str) -> str:
            return walk.request("GET", path, token=token).expect_status(200).json()["results"][0]["id"]

        # Commenting: Ann writes a post, Bob comments on it
        question = {"text": "Lunch at the market: what should I cook tonight?"}
        post = write("ACCESS", question)
        comments = f"/api/posts/{post}/comments/"
        walk.step("comment", "POST", comments, token="BOB", body={"text": "Bacalhau à Brás, of course."},
                  shown_path="/api/posts/$POST/comments/", first=created_into("POST", "ACCESS", question))
        # Replies: Cat answers Bob, Bob answers Cat
        comment = oldest(comments, "ACCESS")
        with shown_as(COMMENT=comment):
            walk.step("reply", "POST", comments, token="CAT", body={"text": "With olives on top.", "parent": comment},
                      shown_path="/api/posts/$POST/comments/",
                      first=quoted_value_into("COMMENT", "/api/posts/$POST/comments/", "ACCESS",
                                              "['results'][0]['id']"))
        reply = oldest(f"/api/comments/{comment}/replies/", "ACCESS")
        with shown_as(REPLY=reply):
            walk.step("reply-nested", "POST", comments, token="BOB", body={"text": "Olives? Never.", "parent": reply},
                      shown_path="/api/posts/$POST/comments/",
                      first=quoted_value_into("REPLY", "/api/comments/$COMMENT/replies/", "ACCESS",
                                              "['results'][0]['id']"))
        nested = oldest(f"/api/comments/{reply}/replies/", "ACCESS")
        # Comments in conversation order
        walk.step("comments-list", "GET", comments, token="ACCESS", shown_path="/api/posts/$POST/comments/")
        walk.step("replies-list", "GET", f"/api/comments/{comment}/replies/", token="ACCESS",
                  shown_path="/api/comments/$COMMENT/replies/")
        # Editing a comment: its author only
        walk.step("comment-edit-not-author", "PATCH", f"/api/comments/{comment}/", token="ACCESS",
                  body={"text": "Cod is overrated."}, shown_path="/api/comments/$COMMENT/")
        walk.step("comment-edit", "PATCH", f"/api/comments/{comment}/", token="BOB",
                  body={"text": "Bacalhau à Brás, of course. Or sardines."}, shown_path="/api/comments/$COMMENT/")
        # Deleting a comment takes its replies with it
        walk.step("comment-delete", "DELETE", f"/api/comments/{reply}/", token="CAT",
                  shown_path="/api/comments/$REPLY/",
                  first=quoted_value_into("NESTED", "/api/comments/$REPLY/replies/", "BOB", "['results'][0]['id']"))
        walk.step("comment-delete-replies", "GET", f"/api/comments/{nested}/", token="BOB",
                  shown_path="/api/comments/$NESTED/")
        # Engagement follows the post: Cat cannot comment on a post she cannot see
        for_followers = {"text": "Only for my followers: the recipe.", "visibility": "followers"}
        private = write("ACCESS", for_followers)
        walk.step("comment-not-visible", "POST", f"/api/posts/{private}/comments/", token="CAT",
                  body={"text": "Can I see?"}, shown_path="/api/posts/$PRIVATE/comments/",
                  first=created_into("PRIVATE", "ACCESS", for_followers))

        # Reacting to a post: a PUT creates, a second replaces; Cat reacts too
        reaction = f"/api/posts/{post}/reaction/"
        walk.step("react", "PUT", reaction, token="BOB", body={"type": "like"}, shown_path="/api/posts/$POST/reaction/")
        walk.step("react-again", "PUT", reaction, token="BOB", body={"type": "love"},
                  shown_path="/api/posts/$POST/reaction/")
        walk.step("react-another", "PUT", reaction, token="CAT", body={"type": "haha"},
                  shown_path="/api/posts/$POST/reaction/")
        # Taking a reaction back: Dan reacts, then takes it back twice (a double click)
        walk.request("PUT", reaction, token="DAN", body={"type": "angry"}).expect_status(200)
        walk.step("unreact", "DELETE", reaction, token="DAN", shown_path="/api/posts/$POST/reaction/", first=(
            f"curl -s -o /dev/null -X PUT \"{BASE_URL}/api/posts/$POST/reaction/\" -H \"Authorization: Bearer $DAN\" \\\n"
            "  -H \"Content-Type: application/json\" -d '{\"type\": \"angry\"}'\n"))
        walk.step("unreact-again", "DELETE", reaction, token="DAN", shown_path="/api/posts/$POST/reaction/")
        # Who reacted, by type
        walk.step("reactors", "GET", f"/api/posts/{post}/reactions/?type=love", token="ACCESS",
                  shown_path="/api/posts/$POST/reactions/?type=love")
        walk.step("reactors-bad-type", "GET", f"/api/posts/{post}/reactions/?type=hug", token="ACCESS",
                  shown_path="/api/posts/$POST/reactions/?type=hug")
        # Reacting to comments
        walk.step("comment-react", "PUT", f"/api/comments/{comment}/reaction/", token="ACCESS", body={"type": "love"},
                  shown_path="/api/comments/$COMMENT/reaction/")

        # Reposts and quotes
        share = f"/api/posts/{post}/share/"
        walk.step("repost", "POST", share, token="CAT", shown_path="/api/posts/$POST/share/")
        walk.step("repost-again", "POST", share, token="CAT", shown_path="/api/posts/$POST/share/")
        walk.step("quote", "POST", share, token="BOB", body={"text": "The best lunch question of the year."},
                  shown_path="/api/posts/$POST/share/")
        # A share never widens the audience: Bob reposts the followers-only post, in public
        walk.step("share-private", "POST", f"/api/posts/{private}/share/", token="BOB",
                  shown_path="/api/posts/$PRIVATE/share/")
        repost = walk.request("GET", "/api/users/bob/posts/", token="BOB").expect_status(200).json()["results"][0]["id"]
        walk.step("share-private-stranger", "GET", f"/api/posts/{repost}/", token="CAT",
                  shown_path="/api/posts/$REPOST/",
                  first=value_into("REPOST", "/api/users/bob/posts/", "BOB", "['results'][0]['id']"))
        # A share goes with its original
        walk.step("original-delete", "DELETE", f"/api/posts/{private}/", token="ACCESS",
                  shown_path="/api/posts/$PRIVATE/")
        walk.step("share-gone", "GET", f"/api/posts/{repost}/", token="BOB", shown_path="/api/posts/$REPOST/")
        # Quote policies: Ann's recipe may be quoted by her followers only
        recipe = {"text": "The family bacalhau, step by step.", "quote_policy": "followers"}
        quotable = write("ACCESS", recipe)
        walk.step("quote-refused", "POST", f"/api/posts/{quotable}/share/", token="CAT",
                  body={"text": "Saving this one."}, shown_path="/api/posts/$RECIPE/share/",
                  first=created_into("RECIPE", "ACCESS", recipe))
        walk.step("quote-refused-repost", "POST", f"/api/posts/{quotable}/share/", token="CAT",
                  shown_path="/api/posts/$RECIPE/share/")
        # The counts, in the post's JSON
        walk.step("post-counts", "GET", f"/api/posts/{post}/", token="ACCESS", shown_path="/api/posts/$POST/")
        return walk.finish()


def user_model_session(part: PartDir) -> dict[str, str]:
    """Lesson 03: migrate a new project, create superusers without prompts, try the model in the shell."""
    outputs = {}
    with snapshot_copy(part) as folder:
        outputs["migrate"] = manage_in(folder, "migrate")
        sql = manage_in(folder, "sqlmigrate", "accounts", "0001")
        outputs["sqlmigrate-unique"] = "\n".join(line for line in sql.splitlines() if "ci_unique" in line)
        for stem, email, username in (("createsuperuser", "Admin@Example.com", "admin"),
                                      ("createsuperuser-taken", "ADMIN@example.com", "boss")):
            env = {"DJANGO_SUPERUSER_EMAIL": email, "DJANGO_SUPERUSER_USERNAME": username,
                   "DJANGO_SUPERUSER_PASSWORD": "Adm1n-pass-2026"}
            outputs[stem] = manage_in(folder, "createsuperuser", "--noinput", **env)
            outputs[f"{stem}.cmd"] = shell_command(["createsuperuser", "--noinput"], env)
        outputs["shell-user-model"] = shell_session(folder, [
            "from django.contrib.auth import authenticate, get_user_model",
            "User = get_user_model()",
            "User",
            f'ann = User.objects.create_user(email="  Ann@Example.COM ", username="ann", password="{PASSWORD}")',
            "ann.email",
            'ann.password.split("$")[:2]',
            f'authenticate(email="ANN@example.com", password="{PASSWORD}")',
            'User.objects.get_by_natural_key("ANN@EXAMPLE.com")',
            'User.objects.create(email="ANN@EXAMPLE.COM", username="ann2")',
            'User.objects.create(email="another@example.com", username="ANN")',
        ])
    return {f"{stem.removesuffix('.cmd')}-{part.name}.{'cmd.txt' if stem.endswith('.cmd') else 'txt'}": text
            for stem, text in outputs.items()}


def swapped_too_late(part: PartDir) -> str:
    """A database migrated with auth.User (part 02), then the custom user model's code: migrate refuses."""
    with snapshot_copy(part_dir(part.number - 1)) as before, snapshot_copy(part) as after:
        manage_in(before, "migrate")
        shutil.copy2(before / "db.sqlite3", after / "db.sqlite3")
        return last_line_of_traceback(manage_in(after, "migrate"))


def profiles_for_existing_users(part: PartDir) -> dict[str, str]:
    """Users created with part 04's code get their profiles from part 05's data migration."""
    with snapshot_copy(part_dir(part.number - 1)) as before, snapshot_copy(part) as after:
        manage_in(before, "migrate")
        manage_in(before, "shell", "--verbosity", "0", "-c",
                  "from django.contrib.auth import get_user_model\n"
                  "for name in ('ann', 'bob'):\n"
                  f"    get_user_model().objects.create_user(email=name + '@example.com', username=name, "
                  f"password={PASSWORD!r})\n")
        shutil.copy2(before / "db.sqlite3", after / "db.sqlite3")
        return {
            f"migrate-existing-users-{part.name}.txt": manage_in(after, "migrate"),
            f"shell-existing-users-{part.name}.txt": shell_session(after, [
                "from profiles.models import Profile",
                'Profile.objects.values_list("user__username", flat=True)',
            ]),
        }


def capture_part_03(part: PartDir) -> list[Job]:
    previous = part_dir(2)
    return [
        job(f"check-03-only-on-{previous.name}.txt", steady_check_run, part, only=True, target=previous),
        lambda: user_model_session(part),
        job(f"swap-too-late-{part.name}.txt", swapped_too_late, part),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
    ]


def capture_part_04(part: PartDir) -> list[Job]:
    previous = part_dir(3)
    return [
        job(f"check-04-only-on-{previous.name}.txt", steady_check_run, part, only=True, target=previous),
        lambda: auth_walkthrough(part),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
    ]


def capture_part_05(part: PartDir) -> list[Job]:
    previous = part_dir(4)
    return [
        job(f"check-05-only-on-{previous.name}.txt", steady_check_run, part, only=True, target=previous),
        lambda: profiles_walkthrough(part),
        lambda: profiles_for_existing_users(part),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
    ]


def capture_part_06(part: PartDir) -> list[Job]:
    previous = part_dir(5)
    return [
        job(f"check-06-only-on-{previous.name}.txt", steady_check_run, part, only=True, target=previous),
        lambda: social_walkthrough(part),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
    ]


# Part 07's checks put six hex digits of their own in a post's text and after its hashtags.
_POSTS_CHECK_TAG = re.compile(r"My first post ([0-9a-f]{6})\b|#Caf\\u00e9([0-9a-f]{6})")


def steady_posts_check_run(part: PartDir, **kwargs) -> str:
    """steady_check_run, with the tags part 07's checks invent made steady too."""
    text = steady_check_run(part, **kwargs)
    found = dict.fromkeys(value for pair in _POSTS_CHECK_TAG.findall(text) for value in pair if value)
    for number, value in enumerate(found, 1):
        text = text.replace(value, f"tag{number:03d}")
    return text


def capture_part_07(part: PartDir) -> list[Job]:
    previous = part_dir(6)
    return [
        job(f"check-07-only-on-{previous.name}.txt", steady_posts_check_run, part, only=True, target=previous),
        lambda: posts_walkthrough(part),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
    ]


# Part 08's checks put six hex digits of their own in a comment's and a post's text.
_ENGAGEMENT_CHECK_TAG = re.compile(r"(?:Nice one|Worth sharing) ([0-9a-f]{6})\b")


def steady_engagement_check_run(part: PartDir, **kwargs) -> str:
    """steady_check_run, with the tags part 08's checks invent made steady too."""
    text = steady_check_run(part, **kwargs)
    for number, value in enumerate(dict.fromkeys(_ENGAGEMENT_CHECK_TAG.findall(text)), 1):
        text = text.replace(value, f"tag{number:03d}")
    return text


def capture_part_08(part: PartDir) -> list[Job]:
    previous = part_dir(7)
    return [
        job(f"check-08-only-on-{previous.name}.txt", steady_engagement_check_run, part, only=True, target=previous),
        lambda: engagement_walkthrough(part),
        job(f"pytest-{part.name}.txt", pytest_run, part),
        job(f"check-{part.name}.txt", check_run, part),
    ]


LESSON_CAPTURES: dict[int, Callable[[PartDir], list[Job]]] = {
    1: capture_part_01,
    2: capture_part_02,
    3: capture_part_03,
    4: capture_part_04,
    5: capture_part_05,
    6: capture_part_06,
    7: capture_part_07,
    8: capture_part_08,
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


def capture_groups() -> list[str]:
    """The captures, in groups that can run (and be tested) apart: the reference, then one per lesson."""
    return ["reference", *(part.name for part in part_dirs() if part.number in LESSON_CAPTURES)]


def _jobs_of(group: str) -> list[Job]:
    if group == "reference":
        return capture_reference()
    part = next(part for part in part_dirs() if part.name == group)
    return LESSON_CAPTURES[part.number](part)


def captured_outputs(workers: int = 4, groups: list[str] | None = None,
                     group_of: dict[str, str] | None = None) -> dict[str, str]:
    """What the captures print now: every group's, or only those of `groups`. `group_of`,
    if given, receives each file's group."""
    jobs = [(group, job) for group in (groups or capture_groups()) for job in _jobs_of(group)]
    outputs: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for group, produced in pool.map(lambda grouped_job: (grouped_job[0], grouped_job[1]()), jobs):
            outputs.update(produced)
            if group_of is not None:
                group_of.update({f"captured/{name}": group for name in produced})
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


# -- what the captures were made from ---------------------------------------------------
# Captured output is a function of the code that printed it. docs/snippets/captured.lock.json
# records, for the captures written last, a fingerprint of every file that code lives in
# (the parts, final/, the checker, this tool, the pinned packages) and a hash of every
# captured file. While the fingerprint still matches, the captures are fresh by
# construction, and tests/test_docs.py checks that without booting a server; once any of
# those files changes, the test fails until this tool has run again.
CAPTURES_LOCK = SNIPPETS_DIR / "captured.lock.json"
CAPTURE_INPUTS = ("parts", "final", "checker", "tools/docs_snippets.py", "tools/run_once.py", "constraints.txt",
                  "pyproject.toml")


def capture_inputs_fingerprint() -> str:
    python = f"python {sys.version_info.major}.{sys.version_info.minor}"
    return run_once.fingerprint(python, paths=tuple(REPO_ROOT / name for name in CAPTURE_INPUTS))


def file_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def capture_lock() -> dict:
    return json.loads(CAPTURES_LOCK.read_text()) if CAPTURES_LOCK.exists() else {"inputs": "", "files": {}}


def write_capture_lock(outputs: dict[str, str], group_of: dict[str, str]) -> None:
    captured = {name: {"group": group_of[name], "sha256": file_hash(text)}
                for name, text in sorted(outputs.items()) if name.startswith("captured/")}
    lock = {"inputs": capture_inputs_fingerprint(), "files": captured}
    CAPTURES_LOCK.write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")


def lock_problems(group: str) -> list[str]:
    """Why the lock does not vouch for `group`'s captured files (empty: they are fresh)."""
    lock = capture_lock()
    if lock["inputs"] != capture_inputs_fingerprint():
        return [f"{CAPTURES_LOCK.name} was written for other code: the parts, final/, "
                "the checker or the tools changed since the captures were made"]
    files = {name: entry for name, entry in lock["files"].items() if entry["group"] == group}
    if not files:
        return [f"the lock lists no captured file of {group}"]
    problems = []
    for name, entry in sorted(files.items()):
        path = SNIPPETS_DIR / name
        if not path.is_file() or file_hash(path.read_text(encoding="utf-8")) != entry["sha256"]:
            problems.append(f"docs/snippets/{name} is not what the tool wrote")
    return problems


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

    outputs, groups, group_of = fast_outputs(), FAST_GROUPS, {}
    if not args.fast:
        outputs.update(captured_outputs(group_of=group_of))
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
    if not args.fast:
        write_capture_lock(outputs, group_of)
    print(f"docs/snippets/: {len(outputs)} files up to date.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
