"""
The checker grades every part correctly: part N passes every check of parts 01..N,
and fails every single check of part N+1 (so no check can pass by accident).
"""
import pytest

from checker.layout import FINAL_DIR, part_dir, part_dirs
from checker.registry import all_parts
from tests.helpers import run_checker, statuses

PARTS_WITH_CHECKS = [part.number for part in all_parts()]
SNAPSHOTS = [part.number for part in part_dirs() if part.number in PARTS_WITH_CHECKS]

# Checks of part N+1 that part N may pass, each with the reason. Keep it empty if you can.
PASSES_ON_PREVIOUS_PART: dict[str, str] = {}

pytestmark = pytest.mark.slow


def test_every_part_with_a_snapshot_has_checks_and_the_reverse():
    assert SNAPSHOTS == PARTS_WITH_CHECKS


@pytest.mark.parametrize("number", SNAPSHOTS)
def test_part_passes_its_own_checks_and_all_earlier_ones(number, tmp_path):
    code, report, output = run_checker("--part", str(number), str(part_dir(number).path), tmp_path=tmp_path)

    assert report is not None, output
    failing = {check: status for check, status in statuses(report).items() if status != "pass"}
    assert failing == {}, output
    assert code == 0
    expected_ids = [check.id for part in all_parts() if part.number <= number for check in part.checks]
    assert list(statuses(report)) == expected_ids


@pytest.mark.parametrize("number", SNAPSHOTS[:-1])
def test_part_fails_every_check_of_the_next_part(number, tmp_path):
    code, report, output = run_checker("--part", str(number + 1), "--only", str(part_dir(number).path),
                                       tmp_path=tmp_path)

    assert code == 1, output
    passing = [check for check, status in statuses(report).items()
               if status != "fail" and check not in PASSES_ON_PREVIOUS_PART]
    assert passing == [], f"these part-{number + 1:02d} checks do not fail on part {number:02d}:\n{output}"


def test_final_passes_every_check(tmp_path):
    newest = PARTS_WITH_CHECKS[-1]
    code, report, output = run_checker("--part", str(newest), str(FINAL_DIR), tmp_path=tmp_path)

    assert code == 0, output
    assert set(statuses(report).values()) == {"pass"}
