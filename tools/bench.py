"""
python -m tools.bench: how long the course's own machinery takes, as numbers.

    python -m tools.bench            grade every part with the checker, run every part's tests
    python -m tools.bench --quick    only the checker runs

Prints one row per part (seconds to grade parts 01..N with the checker, seconds for the
part's own test suite on SQLite) and the totals. Timings, not pass/fail: the tests in
tests/ decide correctness; this tells you where the time goes as the course grows.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

from checker.layout import REPO_ROOT, part_dirs


def seconds(command: list[str], cwd) -> tuple[float, int]:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, completed.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.strip().splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only time the checker runs")
    args = parser.parse_args(argv)

    print(f"{'part':<24} {'checker (s)':>12} {'own tests (s)':>14}")
    totals = [0.0, 0.0]
    failures = []
    for part in part_dirs():
        grade, code = seconds([sys.executable, "-m", "checker", "check", "--part", str(part.number),
                               "--no-colour", str(part.path)], REPO_ROOT)
        if code:
            failures.append(f"{part.name}: checker exit {code}")
        tests = 0.0
        if not args.quick:
            tests, code = seconds([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], part.path)
            if code:
                failures.append(f"{part.name}: tests exit {code}")
        totals[0] += grade
        totals[1] += tests
        print(f"{part.name:<24} {grade:>12.1f} {tests if not args.quick else float('nan'):>14.1f}")
    print(f"{'total':<24} {totals[0]:>12.1f} {totals[1] if not args.quick else float('nan'):>14.1f}")
    for failure in failures:
        print(f"note: {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
