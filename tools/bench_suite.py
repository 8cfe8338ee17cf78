"""
python -m tools.bench suite: `make test` projected to fifteen parts.

Reads build/test-durations.json, which every whole run of the suite writes (tests/conftest.py):
the seconds each test took, the run's wall time and its number of workers.

Tests are grouped by test function. A test whose id names a part (`[05-profiles]`, `[5]`,
`[05.self-follow]`) costs something per part, and grows in one of two ways:

- cumulative (the default): a part's run holds every earlier part's work (its own suite
  holds every earlier part's tests; the checker grades parts 01..N). Its cost at parts not
  written yet is the line fitted through the parts measured, and its `final` row, if any,
  costs what the newest part's projected row costs, scaled like today.
- per lesson (PER_LESSON): the work is that lesson's own (its page's commands, its
  catalogue of mistakes, its captures), whatever the part's number. Since the lesson
  replays take the part's own suite and checker runs from the cumulative tests, what is
  left grows with the length of the page, not with the part: each part to come costs
  what the newest three cost on average.

The suites on PostgreSQL run whole only for final/ (WHOLE_ONLY_FOR_FINAL): the parts' rows
(their database tests) stay at their mean, final/'s grows like the newest part's SQLite
suite, which holds the same code. The reliability suite grows with the API, so with the number of parts that have
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
PER_LESSON = (
    "tests/test_lesson_replay.py::test_a_learner_can_walk_the_lesson",
    "tests/test_mutations.py::",
    "tests/test_docs.py::",
    "tests/test_checker_parts.py::test_part_fails_every_check_of_the_next_part",
    "tests/test_checker_parts.py::test_race_check",
    "tests/test_checker_parts.py::test_part_passes_its_own_checks_on_postgresql",
)
# Groups that run a whole suite for final/ only, and a few tests for every part: the parts'
# rows stay at their mean, final/'s grows like the newest part's row of the group named
# here, which runs every part's whole suite.
WHOLE_ONLY_FOR_FINAL = {
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


def grows_per_lesson(name: str) -> bool:
    return name.startswith(PER_LESSON)


def projected_by_kind(group: Group, newest_part: int, groups: dict[str, Group] | None = None) -> float:
    """The group's seconds at fifteen parts as its kind grows: per lesson flat, else on the line."""
    return projected(group, newest_part, groups, flat=grows_per_lesson(group.name))


def projected(group: Group, newest_part: int, groups: dict[str, Group] | None = None, *, flat: bool = False
              ) -> float:
    """The group's seconds when all fifteen parts exist: each part to come on the line through
    the parts so far, or (flat) costing what the newest three cost on average."""
    like = (groups or {}).get(WHOLE_ONLY_FOR_FINAL.get(group.name, ""))
    if like is not None and group.per_part and newest_part in like.per_part:
        return projected_whole_only_for_final(group, like, newest_part, flat=flat)
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


def projected_whole_only_for_final(group: Group, like: Group, newest_part: int, *, flat: bool = False) -> float:
    parts = list(group.per_part.values())
    intercept, slope = fitted(like.per_part)
    growth = 1.0 if flat else (intercept + slope * COURSE_PARTS) / max(like.per_part[newest_part], 1e-9)
    parts_then = sum(parts) + sum(parts) / len(parts) * (COURSE_PARTS - newest_part)
    return parts_then + group.final * growth + group.other


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
    spread = work_now / (run["wall_seconds"] * run["workers"])
    longest = max(run["tests"].values())

    def wall(work: float) -> float:
        return max(work / (run["workers"] * spread), longest)

    work_then = {name: projected_by_kind(group, newest_part, groups) for name, group in groups.items()}
    print(f"`make test` today: {len(run['tests'])} tests, {run['wall_seconds']:.0f} s wall on "
          f"{run['workers']} workers ({work_now:.0f} s of work, {spread:.0%} of the workers' time used), "
          f"parts 01-{newest_part:02d}.")
    print(f"\n{'test function':<92} {'grows':>10} {'today (s)':>10} {'at 15 parts (s)':>16}")
    for name in sorted(groups, key=lambda name: -work_then[name])[:args.top]:
        kind = "per lesson" if grows_per_lesson(name) else "cumulative"
        print(f"{name:<92} {kind:>10} {groups[name].measured:>10.1f} {work_then[name]:>16.1f}")
    total = sum(work_then.values())
    verdict = "within" if wall(total) <= BUDGET_SECONDS else "OVER"
    print(f"\nProjected at {COURSE_PARTS} parts: {total:.0f} s of work, {wall(total) / 60:.1f} min wall on "
          f"{run['workers']} workers: {verdict} the {BUDGET_SECONDS / 60:g}-minute budget.")
    every_line = sum(projected(group, newest_part, groups) for group in groups.values())
    every_flat = sum(projected(group, newest_part, groups, flat=True) for group in groups.values())
    print(f"Bounds: every group on its line {every_line:.0f} s of work, {wall(every_line) / 60:.1f} min wall; "
          f"every group flat {every_flat:.0f} s, {wall(every_flat) / 60:.1f} min wall.")
    return 0
