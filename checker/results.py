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
    blocked_by: str = ""       # the shared step (sign up, log in...) that failed, if that is why


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
        """passed, failed, or error (the project could not be graded).

        A check that crashed (status error) is a failure of that check, not of the run."""
        if self.error is not None:
            return "error"
        return "failed" if self.count(FAIL) or self.count(ERROR) else "passed"

    def root_causes(self) -> list[tuple[int, str, list[CheckResult]]]:
        """Failures that share a cause, per part: (part, shared step, checks blocked by it)."""
        groups: dict[tuple[int, str], list[CheckResult]] = {}
        for result in self.results:
            if result.status == FAIL and result.blocked_by:
                groups.setdefault((result.part, result.blocked_by), []).append(result)
        return [(part, step, results) for (part, step), results in groups.items()]

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
