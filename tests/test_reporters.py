"""
The reporters' output is pinned by golden files, so the results format cannot drift
without someone noticing (and bumping RESULTS_VERSION when a field changes meaning).
Regenerate after an intended change with:  UPDATE_GOLDEN=1 pytest tests/test_reporters.py
"""
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.report import json_file, junit
from checker.report.terminal import TerminalReporter
from checker.results import RESULTS_VERSION, CheckResult, GradingError, Report

GOLDEN = Path(__file__).parent / "golden"
LESSON = "https://django-social-course.github.io/course/lessons/"


def sample_report(with_error: bool = False) -> Report:
    report = Report(part=2, only=False, target="parts/01-introduction")
    report.results = [
        CheckResult(id="01.health.ok", part=1, title="GET /api/health/ answers 200", status="pass",
                    lesson=LESSON + "01-introduction/#the-health-endpoint", duration_ms=4),
        CheckResult(id="02.health.components", part=2, title="GET /api/health/ reports the database and the cache",
                    status="fail", lesson=LESSON + "02-environment/#a-health-check-that-checks",
                    hint="Check each component.", message='the JSON body has no "database" key',
                    expected='a JSON object with {"status": "ok", "database": "ok"}',
                    request="curl -i -X GET http://127.0.0.1:8000/api/health/ -H 'Accept: application/json'",
                    response_status=200, response_body='{\n  "status": "ok"\n}', duration_ms=3),
        CheckResult(id="02.health.server-error", part=2, title="A check that met a 500", status="fail",
                    lesson=LESSON + "02-environment/", message="expected status 200, got 500",
                    expected="status 200", request="curl -i -X GET http://127.0.0.1:8000/api/x/",
                    response_status=500, response_body="x" * 20 + "\n… (980 more characters not shown)",
                    response_truncated=True, server_log="Traceback (most recent call last):\nValueError: boom",
                    duration_ms=7),
        CheckResult(id="02.files.env-example", part=2, title=".env.example lists the settings variables",
                    status="skip", lesson=LESSON + "02-environment/#the-env-file",
                    message="needs the project's folder (pass PATH as well as --url)"),
    ]
    if with_error:
        report.error = GradingError("server-exited", "the server exited while being graded",
                                    hint="Look at its last output.", log="Killed")
    return report


def compare(name: str, rendered: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8"), f"{name} changed; see this file's docstring"


@pytest.mark.parametrize("with_error", [False, True], ids=["failed", "error"])
def test_json_results_match_the_golden_file(with_error):
    compare(f"results-{'error' if with_error else 'failed'}.json", json_file.render(sample_report(with_error)))


@pytest.mark.parametrize("with_error", [False, True], ids=["failed", "error"])
def test_junit_matches_the_golden_file(with_error):
    rendered = junit.render(sample_report(with_error))
    ET.fromstring(rendered.split("\n", 1)[1])  # well-formed XML
    compare(f"results-{'error' if with_error else 'failed'}.xml", rendered)


def test_plain_terminal_output_matches_the_golden_file():
    stream = io.StringIO()
    reporter = TerminalReporter(stream, colour=False)
    report = sample_report(with_error=True)
    reporter.header(report, len(report.results))
    for result in report.results:
        reporter.result(result)
    reporter.summary(report)
    compare("terminal.txt", stream.getvalue())


def test_colour_is_used_only_when_asked():
    stream = io.StringIO()
    TerminalReporter(stream, colour=True).result(sample_report().results[0])
    assert "\033[32m" in stream.getvalue()

    plain = io.StringIO()
    TerminalReporter(plain).result(sample_report().results[0])  # a StringIO is not a terminal
    assert "\033[" not in plain.getvalue()
    assert plain.getvalue().startswith("PASS ")


def test_json_results_carry_the_format_version_and_a_summary():
    data = json.loads(json_file.render(sample_report()))
    assert data["version"] == RESULTS_VERSION == 1
    assert data["outcome"] == "failed"
    assert data["summary"] == {"pass": 1, "fail": 2, "skip": 1, "error": 0}
    assert set(data["checks"][1]) == {
        "id", "part", "title", "status", "lesson", "hint", "message", "expected", "request",
        "response_status", "response_body", "response_truncated", "server_log", "duration_ms", "blocked_by"}


def test_exit_codes_follow_the_outcome():
    assert sample_report().exit_code == 1
    assert sample_report(with_error=True).exit_code == 2
    passing = Report(part=1, only=False, target="x", results=sample_report().results[:1])
    assert passing.exit_code == 0


def test_a_check_that_crashed_is_a_failure_of_that_check_not_of_the_run():
    """Status error on one check: exit 1 (failed), never 2 (could not grade)."""
    crashed = CheckResult(id="04.login.tokens", part=4, title="x", status="error", lesson=LESSON,
                          message="could not grade this check: ...")
    report = Report(part=4, only=True, target="x", results=[sample_report().results[0], crashed])

    assert report.outcome == "failed"
    assert report.exit_code == 1


def blocked(check_id: str, part: int = 4) -> CheckResult:
    return CheckResult(id=check_id, part=part, title=f"title of {check_id}", status="fail", lesson=LESSON,
                       message="expected status 201, got 404", expected="status 201",
                       request="curl -i -X POST http://127.0.0.1:8000/api/auth/register/", response_status=404,
                       blocked_by="sign up (POST /api/auth/register/)")


def test_checks_blocked_by_one_shared_step_take_one_line_each_after_the_first():
    """The first failure of a shared step is shown in full; the next ones in one line; a root-cause summary."""
    report = Report(part=5, only=False, target="x",
                    results=[blocked("04.register.emails-a-code"), blocked("04.verify.right-code"),
                             blocked("05.profiles.me-edit", part=5)])
    stream = io.StringIO()
    reporter = TerminalReporter(stream, colour=False)
    for result in report.results:
        reporter.result(result)
    reporter.summary(report)
    lines = stream.getvalue().splitlines()

    assert lines[0] == "FAIL 04.register.emails-a-code  title of 04.register.emails-a-code (0 ms)"
    assert lines[1].strip().startswith("blocked by: the shared step: sign up")
    assert ("FAIL 04.verify.right-code  blocked by sign up (POST /api/auth/register/) "
            "(as in 04.register.emails-a-code)") in lines
    assert "  part 04: 2 checks blocked by sign up (POST /api/auth/register/)" in lines
    assert "  part 05: 1 check blocked by sign up (POST /api/auth/register/)" in lines
    assert sum("curl" in line for line in lines) == 1


def test_junit_names_the_shared_step_a_failure_was_blocked_by():
    report = Report(part=4, only=True, target="x", results=[blocked("04.verify.right-code")])

    failure = ET.fromstring(junit.render(report).split("\n", 1)[1]).find(".//failure")

    assert failure.text.startswith("blocked by: sign up (POST /api/auth/register/)\nproblem: expected status 201")
