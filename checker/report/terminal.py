"""Human-readable progress and results on stdout (colour only on a terminal)."""
from __future__ import annotations

import os
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
        self.line(f"{counter} {mark} {result.id}  {result.title}{timing}".lstrip())
        if result.status == SKIP:
            self.line(f"    skipped: {result.message}")
        elif result.status in (FAIL, ERROR):
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

    def _field(self, label: str, text: str) -> None:
        lines = text.splitlines() or [""]
        padded = f"{label}:".ljust(11)
        self.line(f"    {self.paint(padded, 'cyan')} {lines[0]}")
        for more in lines[1:]:
            self.line(textwrap.indent(more, " " * 16))

    def summary(self, report: Report) -> None:
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
