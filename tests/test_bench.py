"""tools.bench projects the course's timings to fifteen parts from the parts measured so far."""
import json

from tools.bench import COURSE_PARTS, projection
from tools.bench_suite import grouped, part_of, projected, projected_by_kind
from tools.bench_suite import main as suite_main


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


# -- python -m tools.bench suite: `make test` at fifteen parts, from one run's durations ----
def test_a_test_id_names_its_part_in_any_of_the_suites_spellings():
    assert part_of("tests/test_part_suites.py::test_suite[05-profiles]") == 5
    assert part_of("tests/test_checker_parts.py::test_part[12]") == 12
    assert part_of("tests/test_mutations.py::test_catch[06.self-follow-allowed]") == 6
    assert part_of("tests/test_part_suites.py::test_suite[final]") == "final"
    assert part_of("tests/reliability/test_matrix.py::test_row[m0-POST /api/auth/register/ [public]]") is None
    assert part_of("tests/test_docs.py::test_builds") is None


def test_a_per_part_cost_grows_along_the_line_through_the_parts_measured():
    # Parts 01-03 took 1, 2 and 3 s: parts 04-15 will take 4..15 s, final/ like part 15.
    groups = grouped({"t.py::suite[01-a]": 1.0, "t.py::suite[02-b]": 2.0, "t.py::suite[03-c]": 3.0,
                      "t.py::suite[final]": 3.0})

    assert projected(groups["t.py::suite"], newest_part=3) == sum(range(1, 16)) + 15.0


def test_the_reliability_suite_grows_with_the_parts_that_have_an_api():
    groups = grouped({"tests/reliability/test_matrix.py::test_row[m0-GET /x]": 6.0})

    # Parts 04-06 have an API today (3 parts); parts 04-15 will (12 parts).
    assert projected(groups["tests/reliability/test_matrix.py::test_row"], newest_part=6) == 6.0 * 12 / 3


def test_the_projection_is_printed_against_the_budget(tmp_path, capsys):
    durations = tmp_path / "durations.json"
    durations.write_text(json.dumps({"wall_seconds": 10.0, "workers": 2, "tests": {
        "t.py::suite[01-a]": 4.0, "t.py::suite[02-b]": 6.0, "t.py::fixed": 2.0}}))

    assert suite_main(["--durations", str(durations)]) == 0

    printed = capsys.readouterr().out
    # 12 s of work in 10 s on 2 workers: 60% used. At 15 parts: 4 + 6 + 8 + ... + 32 + 2 = 272 s.
    assert "60% of the workers' time used" in printed
    assert "272 s of work" in printed and "within the 15-minute budget" in printed


def test_without_a_whole_run_it_says_what_to_do(tmp_path, capsys):
    assert suite_main(["--durations", str(tmp_path / "none.json")]) == 1
    assert "run the whole suite once" in capsys.readouterr().out


def test_a_suite_run_whole_only_for_final_grows_only_there():
    groups = grouped({
        "t.py::sqlite[01-a]": 1.0, "t.py::sqlite[02-b]": 2.0, "t.py::sqlite[03-c]": 3.0,
        "tests/test_part_suites.py::test_snapshot_suite_passes_on_postgresql_and_redis[02-b]": 0.5,
        "tests/test_part_suites.py::test_snapshot_suite_passes_on_postgresql_and_redis[03-c]": 1.5,
        "tests/test_part_suites.py::test_snapshot_suite_passes_on_postgresql_and_redis[final]": 6.0,
    })
    groups["tests/test_part_suites.py::test_snapshot_suite_passes_on_the_embedded_defaults"] = groups.pop("t.py::sqlite")
    postgres = groups["tests/test_part_suites.py::test_snapshot_suite_passes_on_postgresql_and_redis"]

    # Parts 02-03 as measured, 04-15 at their mean (1 s); final/ grows like SQLite's part 03
    # row (3 s -> 15 s): 6 x 5.
    assert projected(postgres, newest_part=3, groups=groups) == 2.0 + 1.0 * 12 + 6.0 * 5


def test_the_flat_projection_prices_each_part_to_come_at_the_newest_three():
    groups = grouped({"t.py::suite[01-a]": 1.0, "t.py::suite[02-b]": 2.0, "t.py::suite[03-c]": 6.0,
                      "t.py::suite[04-d]": 7.0})

    # Parts 05-15 (11 of them) at the mean of parts 02-04: (2 + 6 + 7) / 3 = 5 s.
    assert projected(groups["t.py::suite"], newest_part=4, flat=True) == 16.0 + 5.0 * 11


def test_parts_that_exist_without_such_a_test_cost_nothing():
    # Only part 03 has a race check: parts 01-02 stay at 0, parts 04-15 cost what part 03 does.
    groups = grouped({"t.py::race[03.follow.burst]": 7.0})

    assert projected(groups["t.py::race"], newest_part=3) == 7.0 * 13
    assert projected(groups["t.py::race"], newest_part=3, flat=True) == 7.0 * 13


def test_a_lessons_own_work_grows_per_lesson_and_a_parts_suite_on_its_line():
    # The same per-part costs: a replay (the page's own commands) is priced flat, a part's
    # suite (which holds every earlier part's tests) on the line through the parts.
    costs = {"[02-b]": 2.0, "[03-c]": 6.0, "[04-d]": 7.0}
    groups = grouped({f"tests/test_lesson_replay.py::test_a_learner_can_walk_the_lesson{part}": seconds
                      for part, seconds in costs.items()}
                     | {f"t.py::suite{part}": seconds for part, seconds in costs.items()})

    replay = groups["tests/test_lesson_replay.py::test_a_learner_can_walk_the_lesson"]
    assert projected_by_kind(replay, newest_part=4) == 15.0 + 5.0 * 11
    assert projected_by_kind(groups["t.py::suite"], newest_part=4) == projected(groups["t.py::suite"], newest_part=4)
