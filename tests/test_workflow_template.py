"""
The workflow learners copy into their repository (checker/templates/course-checks.yml)
grades their project: its "Grade" command is run here as GitHub Actions would run it,
and the files its publishing steps read are the ones that command writes.
"""
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml

from checker.layout import REPO_ROOT, part_dir

TEMPLATE = REPO_ROOT / "checker" / "templates" / "course-checks.yml"


def workflow() -> dict:
    return yaml.safe_load(TEMPLATE.read_text())


def step(name: str) -> dict:
    return next(each for each in workflow()["jobs"]["grade"]["steps"] if each.get("name") == name)


def test_the_results_are_published_and_kept_even_when_grading_fails():
    written = re.findall(r'"\$GITHUB_WORKSPACE/(results\.\w+)"', step("Grade")["run"])
    publish, keep = step("Publish the results"), step("Keep the result files")

    assert written == ["results.xml", "results.json"]
    assert publish["if"] == keep["if"] == "always()"
    assert publish["with"]["report_paths"] == "results.xml"
    assert keep["with"]["path"].split() == written


def test_the_checker_is_installed_with_the_courses_pins():
    installs = step("Get the course's checker")["run"]

    assert "-c \"$RUNNER_TEMP/course/constraints.txt\"" in installs
    assert "github.com/django-social-course/course.git" in installs


@pytest.mark.slow
def test_the_grade_command_grades_a_learners_repository(tmp_path):
    # The runner's layout: the learner's repository checked out in GITHUB_WORKSPACE (here
    # part 01, with manage.py at its root), the course cloned into RUNNER_TEMP/course.
    workspace, runner_temp = tmp_path / "workspace", tmp_path / "runner"
    shutil.copytree(part_dir(1).path, workspace, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3"))
    runner_temp.mkdir()
    (runner_temp / "course").symlink_to(REPO_ROOT)
    grade = step("Grade")
    folder = grade["working-directory"].replace("${{ runner.temp }}", str(runner_temp))
    env = {**os.environ, **workflow()["jobs"]["grade"]["env"], "PART": "1",
           "GITHUB_WORKSPACE": str(workspace), "RUNNER_TEMP": str(runner_temp)}

    completed = subprocess.run(["bash", "-e", "-c", grade["run"]], cwd=folder, env=env,
                               capture_output=True, text=True, timeout=300)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stderr == ""  # GitHub Classroom counts standard-error output as a failure
    suites = ET.parse(workspace / "results.xml").getroot()
    assert (suites.get("tests"), suites.get("failures"), suites.get("errors")) == ("4", "0", "0")
    assert json.loads((workspace / "results.json").read_text())["outcome"] == "passed"
