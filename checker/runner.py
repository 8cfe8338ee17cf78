"""Runs the selected checks against a project (booted here) or a server (--url)."""
from __future__ import annotations

import re
import time
import traceback
from pathlib import Path
from typing import Callable

from checker.context import Context
from checker.http import CheckFailed, Client, OutOfTime, ServerUnreachable
from checker.project import DEFAULT_TIMEOUTS, BootedProject, CannotGrade, Timeouts
from checker.registry import NEEDS_BOOTED_SERVER, NEEDS_DATABASE_SERVER, NEEDS_MAIL, NEEDS_PROJECT_FILES, Check
from checker.results import ERROR, FAIL, PASS, SKIP, CheckResult, GradingError, Report

# After this many checks in a row got no answer in time, the server is taken to be stuck.
TIMEOUTS_IN_A_ROW = 3


def grade(checks: list[Check], report: Report, *, project: Path | None = None, url: str | None = None,
          mail_dir: Path | None = None, python: str | None = None, timeouts: Timeouts = DEFAULT_TIMEOUTS,
          on_result: Callable[[CheckResult], None] = lambda result: None,
          say: Callable[[str], None] = print, max_failures: int | None = None,
          hold: Callable[[BootedProject], None] | None = None,
          migrated_cache: Path | None = None, database_url: str | None = None) -> Report:
    """Fill `report` with one result per check; never raises for the project's faults.

    `hold(booted)`, when given, runs after the checks while the started server still runs."""
    try:
        if url:
            client = Client(url, timeout=timeouts.request)
            _require_answering(client)
            context = Context(client, project_path=project, booted=None, mail_dir=mail_dir)
            run_all(checks, context, report, on_result, max_failures)
        else:
            with BootedProject(project, python=python, timeouts=timeouts, say=say,
                               migrated_cache=migrated_cache, database_url=database_url) as booted:
                client = Client(booted.base_url, timeout=timeouts.request)
                context = Context(client, project_path=booted.path, booted=booted)
                run_all(checks, context, report, on_result, max_failures)
                if hold is not None:
                    hold(booted)
    except CannotGrade as problem:
        report.error = GradingError(problem.kind, problem.message, problem.hint, problem.log)
    return report


def _require_answering(client: Client) -> None:
    try:
        answer = client.get("/")
    except ServerUnreachable as problem:
        raise CannotGrade("server-unreachable", f"{client.base_url} {problem}",
                          hint="Start your server first (python manage.py runserver) and pass its URL.")
    location = answer.headers.get("location", "")
    if 300 <= answer.status < 400 and location.startswith("https://") and client.base_url.startswith("http://"):
        raise CannotGrade("redirects-to-https", f"{client.base_url} answers with a {answer.status} redirect to "
                                                f"{location}",
                          hint="Your settings redirect to https (SECURE_SSL_REDIRECT?). Pass the https URL, or run "
                               "your development server with that setting off (read it from the environment).")


def run_all(checks, context, report, on_result, max_failures: int | None = None) -> None:
    timeouts_in_a_row = 0
    for index, check in enumerate(checks):
        result, timed_out, no_answer = _run_one(check, context)
        report.results.append(result)
        on_result(result)
        rest = checks[index + 1:]
        timeouts_in_a_row = timeouts_in_a_row + 1 if timed_out else 0
        # A request that got no answer may mean the process is dying: give it a moment.
        grace = 2.0 if no_answer else 0.0
        if context.booted is not None and context.booted.exited(grace):
            _not_graded(rest, "not graded: the server had exited", report, on_result)
            raise CannotGrade("server-exited", "the server exited while being graded",
                              hint="Something in your code stops the process (sys.exit, os._exit, "
                                   "a crash in C code?). Its last output is below.",
                              log=context.booted.log_tail())
        if timeouts_in_a_row >= TIMEOUTS_IN_A_ROW and rest:
            _not_graded(rest, "not graded: the server had stopped answering", report, on_result)
            raise CannotGrade("server-stopped-answering",
                              f"{TIMEOUTS_IN_A_ROW} checks in a row got no answer in time, so the checker "
                              f"stopped instead of waiting for each of the {len(rest)} checks left",
                              hint="Something blocks every request (an endless loop, a lock, a call to a "
                                   "server that does not answer?). Run the curl line of the last failure "
                                   "against your own server to see it hang.",
                              log=context.booted.log_tail() if context.booted else "")
        failures = report.count(FAIL) + report.count(ERROR)
        if max_failures is not None and failures >= max_failures and rest:
            for skipped in rest:
                result = _result(skipped, SKIP, message=f"not run: --max-failures {max_failures} reached")
                report.results.append(result)
                on_result(result)
            return


def _not_graded(checks, message, report, on_result) -> None:
    for check in checks:
        result = _result(check, ERROR, message=message)
        report.results.append(result)
        on_result(result)


def _missing_need(check: Check, context: Context) -> str:
    if NEEDS_PROJECT_FILES in check.needs and context.project_path is None:
        return "needs the project's folder (pass PATH as well as --url)"
    if NEEDS_BOOTED_SERVER in check.needs and context.booted is None:
        return "needs a server the checker starts itself (run without --url)"
    if NEEDS_MAIL in check.needs and context.mail_dir is None:
        return ("reads the e-mails your project sends: run without --url, or run your server with "
                "EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend and EMAIL_FILE_PATH=DIR "
                "and pass --mail-dir DIR")
    if NEEDS_DATABASE_SERVER in check.needs and (context.booted is None or context.booted.server_database is None):
        return ("needs requests at the same moment on a database server: run with --database "
                "postgres://USER@HOST:5432/postgres (SQLite takes one write at a time, so it cannot show a race)")
    return ""


def _result(check: Check, status: str, **fields) -> CheckResult:
    return CheckResult(id=check.id, part=check.part, title=check.title, status=status,
                       lesson=check.lesson_url, **fields)


def _run_one(check: Check, context: Context) -> tuple[CheckResult, bool, bool]:
    """The check's result; whether it ended waiting for an answer that never came; whether
    it ended with no answer at all (timed out, refused or reset)."""
    missing = _missing_need(check, context)
    if missing:
        return _result(check, SKIP, message=missing), False, False
    context.start_check(check.time_limit)
    log_offset = context.booted.log_size() if context.booted else 0
    started = time.monotonic()
    timed_out = no_answer = False
    try:
        check.run(context)
    except CheckFailed as failure:
        result = _failed(check, failure, context, log_offset)
        if isinstance(failure, OutOfTime) and context.booted:
            result.server_log = context.booted.log_since(log_offset)[-4000:]
        timed_out = no_answer = isinstance(failure, OutOfTime)
    except ServerUnreachable as problem:
        result = _result(check, FAIL, message=f"the server gave no answer: {problem}",
                         request=problem.request.as_curl(), hint=check.hint)
        if context.booted:
            result.server_log = context.booted.log_since(log_offset)[-4000:]
        timed_out, no_answer = problem.timed_out, True
    except Exception as problem:  # the check met something it did not foresee: its own outcome
        result = _crashed(check, problem, context)
    else:
        result = _result(check, PASS)
    result.duration_ms = int((time.monotonic() - started) * 1000)
    result.hint = in_your_project(result.hint, context.project_package)
    return result, timed_out, no_answer


def in_your_project(hint: str, package: str) -> str:
    """A hint naming the course's `core/urls.py` names the learner's own package instead."""
    return re.sub(r"\bcore/(urls|settings|asgi|wsgi)\.py\b", rf"{package}/\1.py", hint) if package != "core" else hint


def _crashed(check: Check, problem: Exception, context: Context) -> CheckResult:
    """A check that raised: this check could not be graded; the others still run."""
    result = _result(check, ERROR, hint=check.hint,
                     message=f"could not grade this check: it met something it did not expect "
                             f"({type(problem).__name__}: {problem}). Most often an answer shaped "
                             f"differently from the course's contract; if yours follows it, please "
                             f"report this, with the details below.\n" + traceback.format_exc(limit=5))
    response = context.last_response
    if response is not None:
        result.request = response.request.as_curl()
        result.response_status = response.status
        result.response_body, result.response_truncated = response.body_for_display()
    return result


def _failed(check: Check, failure: CheckFailed, context: Context, log_offset: int) -> CheckResult:
    response = failure.response or context.last_response
    result = _result(check, FAIL, message=failure.message, expected=failure.expected,
                     hint=failure.hint or check.hint, blocked_by=failure.step)
    if response is not None:
        result.request = response.request.as_curl()
        result.response_status = response.status
        result.response_body, result.response_truncated = response.body_for_display()
        if response.status >= 500 and context.booted:
            result.server_log = context.booted.log_since(log_offset)[-4000:]
    return result
