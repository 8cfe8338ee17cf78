"""The versioned JSON results file (`--json FILE`); see docs/reference/checker.md."""
from __future__ import annotations

import json
from pathlib import Path

from checker.results import Report


def render(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, path: Path) -> None:
    path.write_text(render(report), encoding="utf-8")
