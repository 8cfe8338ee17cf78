"""JUnit XML (`--junit FILE`), one testsuite per part, for CI systems and classrooms."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from pathlib import Path

from checker.results import ERROR, FAIL, SKIP, CheckResult, Report


def _failure_text(result: CheckResult) -> str:
    lines = [f"blocked by: {result.blocked_by}"] if result.blocked_by else []
    lines.append(f"problem: {result.message}")
    if result.request:
        lines.append(f"request: {result.request}")
    if result.response_status is not None:
        lines += [f"status: {result.response_status}", f"body: {result.response_body}"]
    if result.expected:
        lines.append(f"expected: {result.expected}")
    if result.server_log.strip():
        lines.append(f"server log:\n{result.server_log.strip()}")
    if result.hint:
        lines.append(f"hint: {result.hint}")
    lines.append(f"lesson: {result.lesson}")
    return "\n".join(lines)


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="course-checker", tests=str(len(report.results)),
                      failures=str(report.count(FAIL)), errors=str(report.count(ERROR)))
    for part, results in groupby(report.results, key=lambda result: result.part):
        results = list(results)
        suite = ET.SubElement(root, "testsuite", name=f"part {part:02d}", tests=str(len(results)),
                              failures=str(sum(r.status == FAIL for r in results)),
                              errors=str(sum(r.status == ERROR for r in results)),
                              skipped=str(sum(r.status == SKIP for r in results)))
        for result in results:
            case = ET.SubElement(suite, "testcase", classname=f"part{part:02d}", name=result.id,
                                 time=f"{result.duration_ms / 1000:.3f}")
            if result.status == FAIL:
                ET.SubElement(case, "failure", message=result.message).text = _failure_text(result)
            elif result.status == ERROR:
                ET.SubElement(case, "error", message=result.message).text = _failure_text(result)
            elif result.status == SKIP:
                ET.SubElement(case, "skipped", message=result.message)
    if report.error:
        suite = ET.SubElement(root, "testsuite", name="grading", tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", classname="grading", name=report.error.kind)
        text = "\n".join(filter(None, [report.error.hint, report.error.log]))
        ET.SubElement(case, "error", message=report.error.message).text = text
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(report: Report, path: Path) -> None:
    path.write_text(render(report), encoding="utf-8")
