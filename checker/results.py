"""
What a grading run produced, in a form every reporter reads.

The JSON results format is versioned (RESULTS_VERSION) and documented on the course
site (docs/reference/checker.md); change the version when a field changes meaning.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

RESULTS_VERSION = 1

PASS, FAIL, SKIP, ERROR = "pass", "fail", "skip", "error"


@dataclass
class CheckResult:
    id: str
    part: int
    title: str
    status: str
    lesson: str
    hint: str = ""
    message: str = ""
    expected: str = ""
    request: str = ""          # the request as a curl command
    response_status: int | None = None
    response_body: str = ""    # trimmed for display; `response_truncated` says when
    response_truncated: bool = False
    server_log: str = ""       # what the server logged during the check, on 5xx and crashes
    duration_ms: int = 0


@dataclass
class GradingError:
    kind: str
    message: str
    hint: str = ""
    log: str = ""


@dataclass
class Report:
    part: int
    only: bool
    target: str
    results: list[CheckResult] = field(default_factory=list)
    error: GradingError | None = None

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def outcome(self) -> str:
        """passed, failed, or error (could not grade)."""
        if self.error is not None or self.count(ERROR):
            return "error"
        return "failed" if self.count(FAIL) else "passed"

    @property
    def exit_code(self) -> int:
        return {"passed": 0, "failed": 1, "error": 2}[self.outcome]

    def as_dict(self) -> dict:
        return {
            "version": RESULTS_VERSION,
            "part": self.part,
            "only": self.only,
            "target": self.target,
            "outcome": self.outcome,
            "summary": {status: self.count(status) for status in (PASS, FAIL, SKIP, ERROR)},
            "error": asdict(self.error) if self.error else None,
            "checks": [asdict(result) for result in self.results],
        }
