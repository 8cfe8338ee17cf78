"""
The checker's plumbing for chosen checks, time and databases, without booting a project:
--check picks checks by id or pattern, the moved clock, the migrated-database fingerprint,
and the PostgreSQL database that --database creates.
"""
import shutil
import subprocess
import sys

import pytest

from checker.layout import part_dir
from checker.project import _CLOCK, ServerDatabase, migrations_fingerprint
from checker.registry import checks_for, select_checks
from tests.helpers import run_checker


def test_check_ids_and_patterns_choose_checks_in_their_order():
    checks = checks_for(4)

    chosen = select_checks(checks, ["04.verify.*", "01.health.ok"])

    assert [check.id for check in chosen][0] == "01.health.ok"
    assert {check.id for check in chosen[1:]} == {check.id for check in checks if check.id.startswith("04.verify.")}


def test_a_check_id_that_matches_nothing_is_refused_with_exit_code_2(tmp_path):
    code, report, output = run_checker("--part", "2", "--check", "02.no-such-check", str(part_dir(2).path),
                                       tmp_path=tmp_path)

    assert code == 2
    assert "No check matches 02.no-such-check" in output


def test_the_moved_clock_moves_djangos_clock_and_time_by_the_offset_in_its_file(tmp_path):
    (tmp_path / "checker_clock.py").write_text(_CLOCK)
    offset_file = tmp_path / "offset"
    offset_file.write_text("660.0")  # 11 minutes ahead
    probe = ("import time, django.conf, django.utils.timezone as tz, checker_clock\n"
             "django.conf.settings.configure(USE_TZ=True)\n"
             "before_time, before_now = time.time(), tz.now()\n"
             f"checker_clock.install({str(offset_file)!r})\n"
             "class Throttle:\n"
             "    timer = time.time  # bound at class creation, as DRF's throttles do\n"
             "print(round(time.time() - before_time), round((tz.now() - before_now).total_seconds()),"
             " round(Throttle().timer() - before_time))\n")

    shown = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)

    assert shown.stdout.split() == ["660", "660", "660"]


def test_the_migrated_database_fingerprint_follows_migrations_and_settings_only(tmp_path):
    project = shutil.copytree(part_dir(4).path, tmp_path / "project")
    first = migrations_fingerprint(project, sys.executable)

    (project / "accounts" / "views.py").write_text("# a view changed: migrate does the same\n")
    assert migrations_fingerprint(project, sys.executable) == first

    (project / "accounts" / "migrations" / "0099_more.py").write_text("# a new migration\n")
    assert migrations_fingerprint(project, sys.executable) != first


def test_a_server_database_is_named_by_the_url_it_was_given():
    database = ServerDatabase("postgres://ann:s%40cret@db.example:5433/postgres", "checker_abc", "python", 10)

    assert database.url == "postgres://ann:s%40cret@db.example:5433/checker_abc"
    assert database.server == "db.example:5433"
    assert database.settings() == {"ENGINE": "django.db.backends.postgresql", "NAME": "checker_abc", "USER": "ann",
                                   "PASSWORD": "s@cret", "HOST": "db.example", "PORT": "5433"}


@pytest.mark.parametrize("url", ["sqlite:///db.sqlite3", "mysql://root@localhost/social"])
def test_database_takes_only_postgresql(url, tmp_path):
    code, report, output = run_checker("--part", "1", "--database", url, str(part_dir(1).path), tmp_path=tmp_path)

    assert code == 2
    assert report["error"]["kind"] == "database-unusable"
    assert "is not a PostgreSQL URL" in output
