"""
The checker grades every part correctly: part N passes every check of parts 01..N,
and fails every single check of part N+1 (so no check can pass by accident).

Each snapshot is graded with the two runs its lessons show a learner: `check --part N`
at the end of lesson N, and `check --part N+1 --only` at the start of lesson N+1. The
lesson replays take these same runs (tools/run_once.py), so the suite grades each part
twice in all, and its time grows with the number of parts, not with its square.
"""
import pytest

from checker.layout import FINAL_DIR, part_dir, part_dirs
from checker.registry import NEEDS_DATABASE_SERVER, all_parts
from tests.helpers import run_checker, statuses
from tests.services import POSTGRES_URL, require
from tools.docs_snippets import checker_run

PARTS_WITH_CHECKS = [part.number for part in all_parts()]
SNAPSHOTS = [part.number for part in part_dirs() if part.number in PARTS_WITH_CHECKS]

# Checks of part N+1 that part N may pass, each with the reason. Keep it empty if you can.
PASSES_ON_PREVIOUS_PART: dict[str, str] = {}

# Checks that grade races need a database server (--database): on SQLite they are skipped,
# with the reason, and the two tests at the end grade them on PostgreSQL.
ON_A_DATABASE_SERVER = {check.id: check.part for part in all_parts() for check in part.checks
                        if NEEDS_DATABASE_SERVER in check.needs}

pytestmark = pytest.mark.slow


def ids_of_parts(numbers) -> list[str]:
    return [check.id for part in all_parts() if part.number in numbers for check in part.checks]


def test_every_part_with_a_snapshot_has_checks_and_the_reverse():
    assert SNAPSHOTS == PARTS_WITH_CHECKS


@pytest.mark.parametrize("number", SNAPSHOTS)
def test_part_passes_every_check_of_parts_01_to_n(number):
    run = checker_run(part_dir(number).path, "--part", str(number))
    assert run["report"] is not None, run["output"]
    found = statuses(run["report"])

    # Every check of parts 01..N ran, in order, and passed.
    own = ids_of_parts(range(1, number + 1))
    assert list(found) == own
    failing = {check: found[check] for check in own
               if found[check] != "pass" and not (check in ON_A_DATABASE_SERVER and found[check] == "skip")}
    assert failing == {}, run["output"]
    assert run["code"] == 0, run["output"]


@pytest.mark.parametrize("number", [number for number in SNAPSHOTS if number + 1 in PARTS_WITH_CHECKS])
def test_part_fails_every_check_of_the_next_part(number):
    run = checker_run(part_dir(number).path, "--part", str(number + 1), "--only")
    assert run["report"] is not None, run["output"]
    found = statuses(run["report"])

    following = ids_of_parts([number + 1])
    assert list(found) == following
    passing = [check for check in following if found[check] != "fail" and check not in PASSES_ON_PREVIOUS_PART
               and not (check in ON_A_DATABASE_SERVER and found[check] == "skip")]
    assert passing == [], f"these part-{number + 1:02d} checks do not fail on part {number:02d}:\n{run['output']}"
    assert run["code"] == 1, run["output"]


def test_final_passes_every_check(tmp_path):
    newest = PARTS_WITH_CHECKS[-1]
    code, report, output = run_checker("--part", str(newest), str(FINAL_DIR), tmp_path=tmp_path)

    assert code == 0, output
    assert {check: status for check, status in statuses(report).items()
            if status != "pass" and check not in ON_A_DATABASE_SERVER} == {}


@pytest.mark.services
@pytest.mark.parametrize("number", sorted(set(ON_A_DATABASE_SERVER.values())))
def test_part_passes_its_own_checks_on_postgresql(number):
    """The run a lesson shows last when its part has race checks (`--only --database`): every
    check of part N passes on PostgreSQL, the race checks too (the replay takes this run)."""
    require("postgres")
    run = checker_run(part_dir(number).path, "--part", str(number), "--only", "--database", POSTGRES_URL)
    assert run["report"] is not None, run["output"]
    found = statuses(run["report"])

    assert list(found) == ids_of_parts([number])
    assert {check: status for check, status in found.items() if status != "pass"} == {}, run["output"]
    assert run["code"] == 0, run["output"]


@pytest.mark.services
@pytest.mark.parametrize("check", sorted(ON_A_DATABASE_SERVER))
def test_race_check_passes_on_final_and_fails_on_the_part_before(check, tmp_path):
    """On PostgreSQL (--database), a race check passes on final/ and fails on the part before."""
    require("postgres")
    number = ON_A_DATABASE_SERVER[check]
    for project, wanted in ((FINAL_DIR, "pass"), (part_dir(number - 1).path, "fail")):
        code, report, output = run_checker("--part", str(number), "--check", check, "--database", POSTGRES_URL,
                                           str(project), tmp_path=tmp_path)
        assert report is not None, output
        assert statuses(report) == {check: wanted}, output
