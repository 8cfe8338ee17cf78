"""Runs the selected checks against a project (booted here) or a server (--url)."""
from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Callable

from checker.context import Context
from checker.http import CheckFailed, Client, ServerUnreachable
from checker.project import DEFAULT_TIMEOUTS, BootedProject, CannotGrade, Timeouts
from checker.registry import NEEDS_BOOTED_SERVER, NEEDS_MAIL, NEEDS_PROJECT_FILES, Check
from checker.results import ERROR, FAIL, PASS, SKIP, CheckResult, GradingError, Report


def grade(checks: list[Check], report: Report, *, project: Path | None = None, url: str | None = None,
          mail_dir: Path | None = None, python: str | None = None, timeouts: Timeouts = DEFAULT_TIMEOUTS,
          on_result: Callable[[CheckResult], None] = lambda result: None,
          say: Callable[[str], None] = print) -> Report:
    """Fill `report` with one result per check; never raises for the project's faults."""
    try:
        if url:
            client = Client(url, timeout=timeouts.request)
            _require_answering(client)
            context = Context(client, project_path=project, booted=None, mail_dir=mail_dir)
            _run_all(checks, context, report, on_result)
        else:
            with BootedProject(project, python=python, timeouts=timeouts, say=say) as booted:
                client = Client(booted.base_url, timeout=timeouts.request)
                context = Context(client, project_path=booted.path, booted=booted)
                _run_all(checks, context, report, on_result)
    except CannotGrade as problem:
        report.error = GradingError(problem.kind, problem.message, problem.hint, problem.log)
    return report


def _require_answering(client: Client) -> None:
    try:
        client.get("/")
    except ServerUnreachable as problem:
        raise CannotGrade("server-unreachable", f"{client.base_url} {problem}",
                          hint="Start your server first (python manage.py runserver) and pass its URL.")


def _run_all(checks, context, report, on_result) -> None:
    for index, check in enumerate(checks):
        result = _run_one(check, context)
        report.results.append(result)
        on_result(result)
        # A request that got no answer may mean the process is dying: give it a moment.
        grace = 2.0 if result.status == FAIL and result.response_status is None else 0.0
        if context.booted is not None and context.booted.exited(grace):
            for skipped in checks[index + 1:]:
                rest = _result(skipped, ERROR, message="not graded: the server had exited")
                report.results.append(rest)
                on_result(rest)
            raise CannotGrade("server-exited", "the server exited while being graded",
                              hint="Something in your code stops the process (sys.exit, os._exit, "
                                   "a crash in C code?). Its last output is below.",
                              log=context.booted.log_tail())


def _missing_need(check: Check, context: Context) -> str:
    if NEEDS_PROJECT_FILES in check.needs and context.project_path is None:
        return "needs the project's folder (pass PATH as well as --url)"
    if NEEDS_BOOTED_SERVER in check.needs and context.booted is None:
        return "needs a server the checker starts itself (run without --url)"
    if NEEDS_MAIL in check.needs and context.mail_dir is None:
        return ("reads the e-mails your project sends: run without --url, or run your server with "
                "EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend and EMAIL_FILE_PATH=DIR "
                "and pass --mail-dir DIR")
    return ""


def _result(check: Check, status: str, **fields) -> CheckResult:
    return CheckResult(id=check.id, part=check.part, title=check.title, status=status,
                       lesson=check.lesson_url, **fields)


def _run_one(check: Check, context: Context) -> CheckResult:
    missing = _missing_need(check, context)
    if missing:
        return _result(check, SKIP, message=missing)
    context.last_response = None
    log_offset = context.booted.log_size() if context.booted else 0
    started = time.monotonic()
    try:
        check.run(context)
    except CheckFailed as failure:
        result = _failed(check, failure, context, log_offset)
    except ServerUnreachable as problem:
        result = _result(check, FAIL, message=f"the server gave no answer: {problem}",
                         request=problem.request.as_curl(), hint=check.hint)
        if context.booted:
            result.server_log = context.booted.log_since(log_offset)[-4000:]
    except Exception:  # a bug in the check itself: say so rather than blame the learner
        result = _result(check, ERROR, message="the check itself crashed (please report this):\n"
                                               + traceback.format_exc(limit=5))
    else:
        result = _result(check, PASS)
    result.duration_ms = int((time.monotonic() - started) * 1000)
    return result


def _failed(check: Check, failure: CheckFailed, context: Context, log_offset: int) -> CheckResult:
    response = failure.response or context.last_response
    result = _result(check, FAIL, message=failure.message, expected=failure.expected,
                     hint=failure.hint or check.hint)
    if response is not None:
        result.request = response.request.as_curl()
        result.response_status = response.status
        result.response_body, result.response_truncated = response.body_for_display()
        if response.status >= 500 and context.booted:
            result.server_log = context.booted.log_since(log_offset)[-4000:]
    return result
