"""
python -m tools.bench: how long the course's own machinery takes, and will take at fifteen parts.

    python -m tools.bench            grade every part with the checker, run every part's tests
    python -m tools.bench --quick    only the checker runs
    python -m tools.bench suite      `make test` projected to fifteen parts, from the seconds
                                     each test took in the last whole run (tools/bench_suite.py)
    python -m tools.bench scale --users 100000
                                     final/ on PostgreSQL at scale: query counts, p50s and
                                     ratios against issue 9's targets (tools/bench_scale.py)

Prints one row per part (seconds to grade parts 01..N with the checker, of which start-up
and each part's own checks; seconds for the part's own test suite on SQLite) and the
totals, then a projection to fifteen parts: every part still to come is assumed to cost
what the parts so far cost on average. Timings, not pass/fail: the tests in tests/ decide
correctness; this tells you where the time goes as the course grows.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checker.layout import REPO_ROOT, part_dirs

COURSE_PARTS = 15
BUDGET_GRADE_PART_15 = 60.0        # seconds: grading part 15 on a 2-core machine
BUDGET_MAKE_TEST = 15 * 60.0       # seconds: `make test` with fifteen parts


def seconds(command: list[str], cwd) -> tuple[float, int]:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, completed.returncode


def grade(part) -> tuple[float, int, dict[int, float]]:
    """Seconds to grade parts 01..N, the exit code, and the seconds spent in each part's checks."""
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.json"
        took, code = seconds([sys.executable, "-m", "checker", "check", "--part", str(part.number),
                              "--no-colour", "--json", str(results), str(part.path)], REPO_ROOT)
        per_part: dict[int, float] = {}
        if results.exists():
            for check in json.loads(results.read_text())["checks"]:
                per_part[check["part"]] = per_part.get(check["part"], 0.0) + check["duration_ms"] / 1000
    return took, code, per_part


def projection(start_up: float, own_checks: list[float], own_tests: list[float]) -> dict[str, float]:
    """Fifteen parts, each new one costing the average of the parts measured.

    - grading part N takes the start-up plus the checks of parts 01..N;
    - tests/test_checker_parts.py grades each snapshot once (against parts 01..N+1), and final/;
    - every part's own suite runs once (and final/'s, about as long as the newest part's)."""
    per_part = own_checks + [statistics.mean(own_checks)] * (COURSE_PARTS - len(own_checks))
    tests = own_tests + [statistics.mean(own_tests)] * (COURSE_PARTS - len(own_tests)) if own_tests else []

    def grading(n: int) -> float:
        return start_up + sum(per_part[:n])

    checker_suite = sum(grading(min(n + 1, COURSE_PARTS)) for n in range(1, COURSE_PARTS + 1)) + grading(COURSE_PARTS)
    projected = {"grade part 15": grading(COURSE_PARTS), "tests/test_checker_parts.py (one process)": checker_suite}
    if tests:  # not measured with --quick
        projected["every part's own suite (one process)"] = sum(tests) + tests[-1]
    return projected


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["suite"]:
        from tools.bench_suite import main as suite

        return suite(argv[1:])
    if argv[:1] == ["scale"]:
        from tools.bench_scale import main as scale

        return scale(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.strip().splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only time the checker runs")
    args = parser.parse_args(argv)

    print(f"{'part':<24} {'checker (s)':>12} {'start-up (s)':>13} {'own checks (s)':>15} {'own tests (s)':>14}")
    totals = [0.0, 0.0]
    failures, start_ups, own_checks, own_tests = [], [], [], []
    for part in part_dirs():
        took, code, per_part = grade(part)
        if code:
            failures.append(f"{part.name}: checker exit {code}")
        start_ups.append(took - sum(per_part.values()))
        own_checks.append(per_part.get(part.number, 0.0))
        tests = float("nan")
        if not args.quick:
            tests, code = seconds([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], part.path)
            own_tests.append(tests)
            totals[1] += tests
            if code:
                failures.append(f"{part.name}: tests exit {code}")
        totals[0] += took
        print(f"{part.name:<24} {took:>12.1f} {start_ups[-1]:>13.1f} {own_checks[-1]:>15.1f} {tests:>14.1f}")
    print(f"{'total':<24} {totals[0]:>12.1f} {'':>13} {'':>15} {totals[1] if not args.quick else float('nan'):>14.1f}")

    if own_checks:
        print(f"\nProjected to {COURSE_PARTS} parts (each new part costing the average so far, "
              f"start-up {statistics.median(start_ups):.1f} s):")
        for name, value in projection(statistics.median(start_ups), own_checks, own_tests).items():
            budget = {"grade part 15": f"  (budget {BUDGET_GRADE_PART_15:g} s)"}.get(name, "")
            print(f"  {name:<45} {value:>7.1f} s{budget}")
        print(f"  (`make test` budget: {BUDGET_MAKE_TEST / 60:g} min on 2 workers; the numbers above are "
              f"for one process)")
    for failure in failures:
        print(f"note: {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
