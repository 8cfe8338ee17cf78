"""
python -m checker: grade a project, list the checks, or show what a lesson changed.

    python -m checker check --part N PATH         grade PATH against parts 01..N
    python -m checker check --part N --only PATH  grade PATH against part N's checks alone
    python -m checker check --part N --url URL    grade a server that is already running
    python -m checker check --part N --check ID PATH   only the check ID (repeatable; globs work)
    python -m checker check --part N --watch PATH grade again whenever PATH's files change
    python -m checker list                        every part and check
    python -m checker diff A B                    what changed from part A to part B

Exit codes: 0 every check passed, 1 some failed, 2 the project could not be graded.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker import __version__
from checker.diff import diff_stat, snapshot_diff
from checker.layout import part_dir
from checker.project import Timeouts
from checker.registry import all_parts, checks_for, select_checks
from checker.report import json_file, junit
from checker.report.terminal import TerminalReporter
from checker.results import Report
from checker.runner import grade
from checker.watch import watch

EXIT_CANNOT_GRADE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m checker", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"checker {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="grade a project against the parts' checks")
    check.add_argument("path", nargs="?", type=Path, help="the folder holding manage.py")
    check.add_argument("--part", type=int, required=True, help="grade parts 01..N (N = 1..15)")
    check.add_argument("--only", action="store_true", help="only part N's own checks")
    check.add_argument("--check", action="append", default=[], metavar="ID", dest="check_ids",
                       help="only this check of parts 01..N (repeatable; a glob like 04.verify.* works)")
    check.add_argument("--url", help="grade a server already running at this URL instead of booting one")
    check.add_argument("--mail-dir", type=Path, metavar="DIR",
                       help="with --url: the EMAIL_FILE_PATH your server's file e-mail backend writes to")
    check.add_argument("--database", metavar="URL",
                       help="boot the project on a temporary database of this PostgreSQL server "
                            "(postgres://USER@HOST:5432/postgres) instead of SQLite; it is dropped afterwards")
    check.add_argument("--migrated-cache", type=Path, metavar="DIR",
                       help="keep migrated databases in DIR and start from a copy while the migrations "
                            "and settings are unchanged (faster re-grading)")
    check.add_argument("--python", help="the Python that runs the project (default: PATH/.venv, then this one)")
    check.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON (format v1)")
    check.add_argument("--junit", type=Path, metavar="FILE", help="also write results as JUnit XML")
    check.add_argument("--no-colour", "--no-color", action="store_true", help="plain output")
    check.add_argument("--max-failures", type=int, metavar="N",
                       help="stop after N failed checks (the rest are skipped)")
    check.add_argument("--watch", action="store_true",
                       help="grade again each time the project's files change, until Ctrl-C")
    check.add_argument("--keep-running", action="store_true",
                       help="after grading, keep the started server and its e-mail folder until Ctrl-C, "
                            "to replay the curl lines of failures")
    check.add_argument("--boot-timeout", type=float, default=Timeouts.boot, metavar="S",
                       help="seconds to wait for the server to answer (default %(default)g)")
    check.add_argument("--migrate-timeout", type=float, default=Timeouts.migrate, metavar="S",
                       help="seconds to wait for migrate (default %(default)g)")
    check.add_argument("--request-timeout", type=float, default=Timeouts.request, metavar="S",
                       help="seconds to wait for each HTTP answer (default %(default)g)")

    commands.add_parser("list", help="list every part and its checks")

    diff = commands.add_parser("diff", help="show what changed between two parts")
    diff.add_argument("old", type=int)
    diff.add_argument("new", type=int)
    diff.add_argument("--stat", action="store_true", help="only the changed files and line counts")
    return parser


EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"check": command_check, "list": command_list, "diff": command_diff}[args.command](args)
    except KeyboardInterrupt:
        # The booted project was already stopped and its temporary files removed on the way out.
        print("\nInterrupted: the checker stopped the project it started and cleaned up.", flush=True)
        return EXIT_INTERRUPTED


def command_check(args) -> int:
    out = TerminalReporter(colour=False if args.no_colour else None)
    known = [part.number for part in all_parts()]
    if args.part not in known:
        out.line(f"There are no checks for part {args.part} (parts with checks: "
                 f"{', '.join(str(n) for n in known)}).")
        return EXIT_CANNOT_GRADE
    if args.path is None and args.url is None:
        out.line("Say what to grade: a project folder (PATH) or a running server (--url URL).")
        return EXIT_CANNOT_GRADE
    if args.watch:
        if args.keep_running:
            out.line("--watch and --keep-running do not go together: --watch starts a new server for every run.")
            return EXIT_CANNOT_GRADE
        if args.path is None or not args.path.is_dir():
            out.line("--watch needs the project's folder (PATH) to watch.")
            return EXIT_CANNOT_GRADE
        written = {path.resolve() for path in (args.json, args.junit) if path}
        return watch(args.path, lambda: grade_once(args, out), out.line, ignored=written)
    return grade_once(args, out)


def grade_once(args, out: TerminalReporter) -> int:
    """One grading run, reported on the terminal and in the files asked for; its exit code."""
    checks = checks_for(args.part, only=args.only)
    if args.check_ids:
        try:
            checks = select_checks(checks, args.check_ids)
        except LookupError as problem:
            out.line(f"{str(problem).capitalize()} in part{'' if args.only else 's 01..'}{args.part:02d} "
                     "(python -m checker list shows every check).")
            return EXIT_CANNOT_GRADE
    target = args.url or str(args.path)
    report = Report(part=args.part, only=args.only, target=target)
    out.header(report, len(checks))
    timeouts = Timeouts(migrate=args.migrate_timeout, boot=args.boot_timeout, request=args.request_timeout)
    if args.database and args.url:
        out.line("--database goes with PATH: with --url, your server already has its database.")
        return EXIT_CANNOT_GRADE
    if args.mail_dir and not args.url:
        out.line("--mail-dir goes with --url: when the checker starts your project it reads its own e-mail folder.")
        return EXIT_CANNOT_GRADE
    if args.mail_dir and not args.mail_dir.is_dir():
        out.line(f"--mail-dir {args.mail_dir} is not a folder.")
        return EXIT_CANNOT_GRADE
    finished = []

    def finish() -> None:
        if not finished:
            out.summary(report)
            if args.json:
                json_file.write(report, args.json)
            if args.junit:
                junit.write(report, args.junit)
            finished.append(True)

    def hold(booted) -> None:
        try:
            finish()
            out.keep_running(booted)
            while not booted.exited(grace=0.5):
                pass
            out.line("The server stopped by itself.")
        except KeyboardInterrupt:
            out.line("\nStopped the server and removed its temporary folder.")

    grade(checks, report, project=args.path, url=args.url, mail_dir=args.mail_dir, python=args.python,
          timeouts=timeouts, on_result=out.result, say=out.say, max_failures=args.max_failures,
          hold=hold if args.keep_running and not args.url else None, migrated_cache=args.migrated_cache,
          database_url=args.database)
    finish()
    if not args.url and not args.keep_running:
        out.replay_note(report)
    return report.exit_code


def command_list(args) -> int:
    for part in all_parts():
        print(f"Part {part.number:02d}  {part.title}")
        for check in part.checks:
            print(f"  {check.id:<40} {check.title}")
    return 0


def command_diff(args) -> int:
    try:
        old, new = part_dir(args.old), part_dir(args.new)
    except LookupError as problem:
        print(problem)
        return EXIT_CANNOT_GRADE
    text = snapshot_diff(old.path, new.path, old.name, new.name)
    if args.stat:
        for name, added, removed in diff_stat(text):
            print(f"{name:<50} +{added} -{removed}")
    else:
        sys.stdout.write(text)
    return 0
