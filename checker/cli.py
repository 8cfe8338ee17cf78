"""
python -m checker: grade a project, list the checks, or show what a lesson changed.

    python -m checker check --part N PATH         grade PATH against parts 01..N
    python -m checker check --part N --only PATH  grade PATH against part N's checks alone
    python -m checker check --part N --url URL    grade a server that is already running
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
from checker.registry import all_parts, checks_for
from checker.report import json_file, junit
from checker.report.terminal import TerminalReporter
from checker.results import Report
from checker.runner import grade

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
    check.add_argument("--url", help="grade a server already running at this URL instead of booting one")
    check.add_argument("--mail-dir", type=Path, metavar="DIR",
                       help="with --url: the EMAIL_FILE_PATH your server's file e-mail backend writes to")
    check.add_argument("--python", help="the Python that runs the project (default: PATH/.venv, then this one)")
    check.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON (format v1)")
    check.add_argument("--junit", type=Path, metavar="FILE", help="also write results as JUnit XML")
    check.add_argument("--no-colour", "--no-color", action="store_true", help="plain output")
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
    checks = checks_for(args.part, only=args.only)
    target = args.url or str(args.path)
    report = Report(part=args.part, only=args.only, target=target)
    out.header(report, len(checks))
    timeouts = Timeouts(migrate=args.migrate_timeout, boot=args.boot_timeout, request=args.request_timeout)
    if args.mail_dir and not args.url:
        out.line("--mail-dir goes with --url: when the checker starts your project it reads its own e-mail folder.")
        return EXIT_CANNOT_GRADE
    if args.mail_dir and not args.mail_dir.is_dir():
        out.line(f"--mail-dir {args.mail_dir} is not a folder.")
        return EXIT_CANNOT_GRADE
    grade(checks, report, project=args.path, url=args.url, mail_dir=args.mail_dir, python=args.python,
          timeouts=timeouts,
          on_result=out.result, say=out.say)
    out.summary(report)
    if args.json:
        json_file.write(report, args.json)
    if args.junit:
        junit.write(report, args.junit)
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
