"""Human-readable progress and results on stdout (colour only on a terminal)."""
from __future__ import annotations

import os
import re
import sys
import textwrap
from typing import TextIO

from checker.results import ERROR, FAIL, PASS, SKIP, CheckResult, Report

_COLOURS = {"green": "32", "red": "31", "yellow": "33", "dim": "2", "bold": "1", "cyan": "36"}
_MARKS = {PASS: ("✓", "PASS", "green"), FAIL: ("✗", "FAIL", "red"),
          SKIP: ("-", "SKIP", "yellow"), ERROR: ("!", "ERROR", "red")}


class TerminalReporter:
    def __init__(self, stream: TextIO = sys.stdout, colour: bool | None = None):
        self.stream = stream
        if colour is None:
            colour = stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        self.colour = colour
        self.total = self.done = 0
        self._steps_shown: dict[str, str] = {}  # shared step -> the check whose failure showed it in full

    def paint(self, text: str, colour: str) -> str:
        return f"\033[{_COLOURS[colour]}m{text}\033[0m" if self.colour else text

    def line(self, text: str = "") -> None:
        print(text, file=self.stream, flush=True)

    def say(self, text: str) -> None:
        self.line(self.paint(text, "dim"))

    def header(self, report: Report, check_count: int) -> None:
        self.total, self.done = check_count, 0
        scope = f"part {report.part:02d} only" if report.only else f"parts 01–{report.part:02d}"
        self.line(self.paint(f"Grading {report.target} against {scope} ({check_count} checks)", "bold"))

    def result(self, result: CheckResult) -> None:
        fancy, plain, colour = _MARKS[result.status]
        mark = self.paint(fancy if self.colour else plain, colour)
        timing = self.paint(f" ({result.duration_ms} ms)", "dim") if result.status in (PASS, FAIL) else ""
        self.done += 1
        width = len(str(self.total))
        counter = self.paint(f"[{self.done:>{width}}/{self.total}]", "dim") if self.total else ""
        if result.status == FAIL and result.blocked_by in self._steps_shown:
            first = self._steps_shown[result.blocked_by]
            self.line(f"{counter} {mark} {result.id}  blocked by {result.blocked_by} (as in {first})".lstrip())
            return
        self.line(f"{counter} {mark} {result.id}  {result.title}{timing}".lstrip())
        if result.status == SKIP:
            self.line(f"    skipped: {result.message}")
        elif result.status in (FAIL, ERROR):
            if result.blocked_by:
                self._steps_shown[result.blocked_by] = result.id
                self._field("blocked by", f"the shared step: {result.blocked_by}")
            self._details(result)

    def _details(self, result: CheckResult) -> None:
        rows = [("problem", result.message)]
        if result.request:
            rows.append(("request", result.request))
        if result.response_status is not None:
            rows.append(("status", str(result.response_status)))
            rows.append(("body", result.response_body or "(empty)"))
        if result.expected:
            rows.append(("expected", result.expected))
        if result.server_log.strip():
            rows.append(("server log", result.server_log.strip()))
        if result.hint:
            rows.append(("hint", result.hint))
        rows.append(("lesson", result.lesson))
        for label, text in rows:
            self._field(label, text)

    def keep_running(self, booted) -> None:
        """--keep-running: where the graded server is, to replay the curl lines against it."""
        self.line()
        self.line(self.paint(f"The server is still running at {booted.base_url}, with the checker's settings:", "bold"))
        self._field("mail", f"the e-mails it sent are files in {booted.mail_dir}")
        self._field("database", str(booted.database_dir / "db.sqlite3"))
        self._field("tokens", "the Bearer tokens in the curl lines above still work against it")
        self.line("Paste any curl line above into another terminal. Press Ctrl-C to stop the server "
                  "and remove its temporary folder.")

    def replay_note(self, report: Report) -> None:
        """Curl lines of failures point at the checker's server, which has stopped: say how to replay."""
        requests = [result.request for result in report.results if result.request]
        address = re.search(r"https?://[^/\s']+", requests[0]) if requests else None
        if address is None:
            return
        self.line()
        self.line(f"The curl lines above went to the checker's own server ({address.group(0)}), which has "
                  f"stopped. To replay them, run the checker again with --keep-running, or start your "
                  f"server (python manage.py runserver), use its address instead, and log in there for a "
                  f"token of your own (the checker's tokens are signed with its own random SECRET_KEY).")

    def _root_causes(self, report: Report) -> None:
        causes = report.root_causes()
        if not causes:
            return
        self.line()
        self.line(self.paint("Root causes (fix these first: the checks below them could not get further):", "bold"))
        for part, step, results in causes:
            first = results[0]
            self.line(f"  part {part:02d}: {len(results)} check{'s' if len(results) != 1 else ''} blocked by {step}")
            self.line(f"      {first.message.splitlines()[0] if first.message else ''} (details at {first.id})")

    def _field(self, label: str, text: str) -> None:
        lines = text.splitlines() or [""]
        padded = f"{label}:".ljust(11)
        self.line(f"    {self.paint(padded, 'cyan')} {lines[0]}")
        for more in lines[1:]:
            self.line(textwrap.indent(more, " " * 16))

    def summary(self, report: Report) -> None:
        self._root_causes(report)
        if report.error:
            self.line()
            self.line(self.paint(f"Could not grade: {report.error.message}", "red"))
            self._field("kind", report.error.kind)
            if report.error.hint:
                self._field("hint", report.error.hint)
            if report.error.log:
                self._field("output", report.error.log)
        counts = ", ".join(f"{report.count(status)} {word}" for status, word in
                           ((PASS, "passed"), (FAIL, "failed"), (SKIP, "skipped"), (ERROR, "errors"))
                           if report.count(status) or status in (PASS, FAIL))
        colour = {"passed": "green", "failed": "red", "error": "red"}[report.outcome]
        self.line()
        self.line(self.paint(counts, colour))
