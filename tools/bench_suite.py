"""
python -m tools.bench suite: `make test` projected to fifteen parts.

Reads build/test-durations.json, which every whole run of the suite writes (tests/conftest.py):
the seconds each test took, the run's wall time and its number of workers.

Tests are grouped by test function. A test whose id names a part (`[05-profiles]`, `[5]`,
`[05.self-follow]`) costs something per part: its cost at parts not written yet is the line
fitted through the parts measured (suites and mutation catalogues grow part by part), and
its `final` row, if any, costs what the newest part's projected row costs, scaled like
today. The suites on PostgreSQL run whole only for the newest part and final/
(WHOLE_ONLY_FOR_THE_NEWEST): their older rows stay small, the newest grows like the SQLite
suites. The reliability suite grows with the API, so with the number of parts that have
endpoints (04 on). Every other test is assumed to cost what it costs today.

The projected wall time is the projected work spread over the workers as evenly as today's
run spread it (today's work / (today's wall × workers)), and never less than the longest test.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from checker.layout import REPO_ROOT

COURSE_PARTS = 15
BUDGET_SECONDS = 15 * 60.0
DURATIONS_FILE = REPO_ROOT / "build" / "test-durations.json"
FIRST_PART_WITH_AN_API = 4
GROWS_WITH_THE_API = ("tests/reliability/",)
# Groups that run a whole part suite for the newest part (and final/) only, and a few tests
# for every older part: the older rows stay at their mean, the newest grows like the group
# named here, which runs the whole suite of every part.
WHOLE_ONLY_FOR_THE_NEWEST = {
    "tests/test_part_suites.py::test_snapshot_suite_passes_on_postgresql_and_redis":
        "tests/test_part_suites.py::test_snapshot_suite_passes_on_the_embedded_defaults",
}

PARAMETERS = re.compile(r"\[(?P<params>.*)\]$")
PART_IN_PARAMETERS = re.compile(r"^(?P<number>\d{1,2})(?:[.-]|$)")


@dataclass
class Group:
    """One test function's items: their cost per part, for final/, and for the rest."""

    name: str
    per_part: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    final: float = 0.0
    other: float = 0.0

    @property
    def measured(self) -> float:
        return sum(self.per_part.values()) + self.final + self.other


def part_of(nodeid: str) -> int | str | None:
    """The part a test's parameters name (a number, or "final"), or None."""
    match = PARAMETERS.search(nodeid)
    if not match:
        return None
    params = match["params"]
    if params == "final" or params.startswith("final-"):
        return "final"
    part = PART_IN_PARAMETERS.match(params)
    return int(part["number"]) if part else None


def grouped(tests: dict[str, float]) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for nodeid, seconds in tests.items():
        name = PARAMETERS.sub("", nodeid)
        group = groups.setdefault(name, Group(name))
        part = part_of(nodeid)
        if part == "final":
            group.final += seconds
        elif part is None:
            group.other += seconds
        else:
            group.per_part[part] += seconds
    return groups


def fitted(points: dict[int, float]) -> tuple[float, float]:
    """Least-squares line (intercept, slope) through (part, seconds); flat with one point."""
    if len(points) < 2:
        return (next(iter(points.values()), 0.0), 0.0)
    xs, ys = list(points), list(points.values())
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    return mean_y - slope * mean_x, slope


def projected(group: Group, newest_part: int, groups: dict[str, Group] | None = None, *, flat: bool = False
              ) -> float:
    """The group's seconds when all fifteen parts exist: each part to come on the line through
    the parts so far, or (flat) costing what the newest three cost on average."""
    like = (groups or {}).get(WHOLE_ONLY_FOR_THE_NEWEST.get(group.name, ""))
    if like is not None and newest_part in group.per_part and len(group.per_part) > 1:
        return projected_whole_only_for_the_newest(group, like, newest_part, flat=flat)
    total = group.other
    if any(group.name.startswith(prefix) for prefix in GROWS_WITH_THE_API):
        parts_with_an_api = max(1, newest_part - FIRST_PART_WITH_AN_API + 1)
        total *= (COURSE_PARTS - FIRST_PART_WITH_AN_API + 1) / parts_with_an_api
    # Parts that exist and have no such test cost nothing; only parts to come are projected.
    to_come = COURSE_PARTS - newest_part
    if group.per_part and flat:
        newest = [group.per_part[part] for part in sorted(group.per_part)[-3:]]
        total += sum(group.per_part.values()) + group.final
        total += sum(newest) / len(newest) * to_come
    elif group.per_part:
        intercept, slope = fitted(group.per_part)
        line = {n: max(0.0, intercept + slope * n) for n in range(1, COURSE_PARTS + 1)}
        total += sum(group.per_part.values())
        total += sum(line[n] for n in range(newest_part + 1, COURSE_PARTS + 1))
        latest = max(group.per_part)
        if group.final and group.per_part[latest]:
            total += group.final * line[COURSE_PARTS] / group.per_part[latest]
    else:
        total += group.final
    return total


def projected_whole_only_for_the_newest(group: Group, like: Group, newest_part: int, *, flat: bool = False
                                        ) -> float:
    older = [seconds for part, seconds in group.per_part.items() if part != newest_part]
    intercept, slope = fitted(like.per_part)
    growth = 1.0 if flat else (intercept + slope * COURSE_PARTS) / max(like.per_part[newest_part], 1e-9)
    newest_then = group.per_part[newest_part] * growth
    final_then = group.final * growth
    older_then = sum(older) + sum(older) / len(older) * (COURSE_PARTS - newest_part)
    return older_then + newest_then + final_then + group.other


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench suite", description=__doc__.strip().splitlines()[0])
    parser.add_argument("--durations", type=Path, default=DURATIONS_FILE,
                        help="the file a whole run of `make test` wrote (default: %(default)s)")
    parser.add_argument("--top", type=int, default=15, help="how many test functions to list (default: 15)")
    args = parser.parse_args(argv)
    if not args.durations.exists():
        print(f"No {args.durations}: run the whole suite once (`make test`), then this again.")
        return 1
    run = json.loads(args.durations.read_text())
    groups = grouped(run["tests"])
    newest_part = max((n for group in groups.values() for n in group.per_part), default=1)
    work_now = sum(group.measured for group in groups.values())
    work_then = {name: projected(group, newest_part, groups) for name, group in groups.items()}
    spread = work_now / (run["wall_seconds"] * run["workers"])
    longest = max(run["tests"].values())
    wall_then = max(sum(work_then.values()) / (run["workers"] * spread), longest)

    print(f"`make test` today: {len(run['tests'])} tests, {run['wall_seconds']:.0f} s wall on "
          f"{run['workers']} workers ({work_now:.0f} s of work, {spread:.0%} of the workers' time used), "
          f"parts 01-{newest_part:02d}.")
    print(f"\n{'test function':<92} {'today (s)':>10} {'at 15 parts (s)':>16}")
    for name in sorted(groups, key=lambda name: -work_then[name])[:args.top]:
        print(f"{name:<92} {groups[name].measured:>10.1f} {work_then[name]:>16.1f}")
    verdict = "within" if wall_then <= BUDGET_SECONDS else "OVER"
    print(f"\nProjected at {COURSE_PARTS} parts: {sum(work_then.values()):.0f} s of work, "
          f"{wall_then / 60:.1f} min wall on {run['workers']} workers: {verdict} the "
          f"{BUDGET_SECONDS / 60:g}-minute budget.")
    work_flat = sum(projected(group, newest_part, groups, flat=True) for group in groups.values())
    wall_flat = max(work_flat / (run["workers"] * spread), longest)
    print(f"If each part to come costs what the newest three cost on average instead: {work_flat:.0f} s "
          f"of work, {wall_flat / 60:.1f} min wall.")
    return 0
