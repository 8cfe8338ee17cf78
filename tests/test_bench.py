"""tools.bench projects the course's timings to fifteen parts from the parts measured so far."""
from tools.bench import COURSE_PARTS, projection


def test_the_projection_adds_the_average_part_for_every_part_to_come():
    # Start-up 2 s; parts 01 and 02's own checks took 1 s and 3 s (average 2 s).
    projected = projection(2.0, [1.0, 3.0], [10.0, 20.0])

    assert projected["grade part 15"] == 2.0 + 1.0 + 3.0 + 2.0 * (COURSE_PARTS - 2)
    # Every part's suite once (15 x about 15 s), and final/'s like the newest one.
    assert projected["every part's own suite (one process)"] == 10.0 + 20.0 + 15.0 * 13 + 15.0


def test_the_checker_suite_grades_each_snapshot_once_and_final():
    projected = projection(0.0, [1.0], [])

    # Snapshot N is graded against parts 01..N+1 (at most 15); final/ against all 15.
    expected = sum(min(n + 1, COURSE_PARTS) for n in range(1, COURSE_PARTS + 1)) + COURSE_PARTS
    assert projected["tests/test_checker_parts.py (one process)"] == expected


def test_without_timings_of_the_part_suites_there_is_no_projection_of_them():
    assert "every part's own suite (one process)" not in projection(1.0, [1.0], [])
