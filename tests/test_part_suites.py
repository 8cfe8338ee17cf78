"""
Every snapshot's own test suite passes, as a learner runs it (`pytest` inside a fresh clone
of the part's folder), on the embedded defaults (SQLite, local-memory cache), and on the
real services (PostgreSQL and Redis, from the first part that reads DATABASE_URL).

final/ is the newest part plus a few extras (tests/test_snapshots.py holds it to that), so
the two share all their code but the extras' and each runs whole once:

- the newest part runs whole on SQLite, the run lesson N's replay makes at its `pytest -q`
  step with the `.env` a learner has (the two share it through tools/run_once.py), and
  final/ runs only the tests of its extras there;
- final/ runs whole on PostgreSQL and Redis, and every part runs there the tests that speak
  of PostgreSQL or Redis (their behaviour depends on the database or the cache).

Every older part runs whole on SQLite. Running every suite whole on both databases would
cost more than the 15-minute budget of `make test` allows (`python -m tools.bench suite`
projects it).
"""
import re
import uuid

import pytest

from checker.layout import FINAL_DIR, part_dirs
from tests import services
from tests.test_snapshots import FINAL_EXTRAS
from tools.docs_snippets import suite_run

SNAPSHOTS = [*part_dirs(), None]  # None stands for final/
FIRST_PART_WITH_SERVICES = 2
SPEAKS_OF_THE_SERVICES = re.compile(r"postgres|redis", re.IGNORECASE)

pytestmark = pytest.mark.slow


def snapshot_id(part):
    return "final" if part is None else part.name


def folder_of(part):
    return FINAL_DIR if part is None else part.path


def database_tests_of(part) -> list[str]:
    folder = folder_of(part)
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("test_*.py")
                  if SPEAKS_OF_THE_SERVICES.search(path.read_text(encoding="utf-8")))


def final_extras_tests() -> list[str]:
    return sorted(name for name in FINAL_EXTRAS if re.search(r"(^|/)test_[^/]*\.py$", name))


@pytest.mark.parametrize("part", SNAPSHOTS, ids=snapshot_id)
def test_snapshot_suite_passes_on_the_embedded_defaults(part):
    result = suite_run(folder_of(part), *([] if part else final_extras_tests()))

    assert result["code"] == 0, result["output"]
    assert " passed" in result["output"]


@pytest.mark.services
@pytest.mark.parametrize("part", [p for p in SNAPSHOTS if p is None or p.number >= FIRST_PART_WITH_SERVICES],
                         ids=snapshot_id)
def test_snapshot_suite_passes_on_postgresql_and_redis(part):
    services.require("postgres", "redis")
    selected = [] if part is None else database_tests_of(part)
    if part is not None and not selected:
        pytest.skip(f"no test of {snapshot_id(part)} speaks of PostgreSQL or Redis")
    # A database of its own per run, and a Redis database of its own per snapshot (the
    # suites clear their cache), so parallel runs never share state.
    database = f"{services.POSTGRES_URL.rsplit('/', 1)[0]}/course_{uuid.uuid4().hex[:10]}"
    redis_db = 1 if part is None else part.number  # 0 stays for the stack tests
    redis = f"{services.REDIS_URL.rsplit('/', 1)[0]}/{redis_db}"
    result = suite_run(folder_of(part), *selected, DATABASE_URL=database, REDIS_URL=redis)

    assert result["code"] == 0, result["output"]
    assert " passed" in result["output"]


def test_every_older_part_runs_its_database_tests_on_the_services():
    # Part 02 tests the DATABASE_URL setting; part 04 on has PostgreSQL-only races.
    assert "core/test_settings.py" in database_tests_of(part_dirs()[1])
    assert "accounts/test_refresh_race.py" in database_tests_of(part_dirs()[3])


def test_final_runs_the_tests_of_its_extras_on_sqlite():
    assert final_extras_tests() == ["accounts/test_seed_demo.py"]
