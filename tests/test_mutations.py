"""
The checks catch the classic learner mistakes: every mutation in tests/mutations/ (a small
edit to a copy of a part's snapshot, see tools/mutations.py) makes the checks it names
fail, with a failure that says what is wrong.

One test per mutation, grading only the checks that should catch it, so the catalogue
spreads over pytest-xdist workers and costs one short boot per mistake.
"""
import pytest

from checker.layout import part_dirs
from checker.registry import all_parts
from tests.services import POSTGRES_URL, require
from tools.mutations import KINDS, apply, catalogue, grade

MUTATIONS = catalogue()
CHECKS = {check.id: check.part for part in all_parts() for check in part.checks}


def test_the_catalogue_covers_every_part_with_mistakes_and_cheats():
    parts = {part.number for part in part_dirs() if part.number in {p.number for p in all_parts()}}
    assert {mutation.part for mutation in MUTATIONS} == parts
    assert len(MUTATIONS) >= 55
    assert {mutation.kind for mutation in MUTATIONS} == set(KINDS)
    names = [mutation.name for mutation in MUTATIONS]
    assert len(names) == len(set(names)), "mutation ids repeat within a part"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda mutation: mutation.name)
def test_a_mutation_names_existing_checks_and_its_edits_apply(mutation, tmp_path):
    for check in mutation.caught_by:
        assert check in CHECKS, f"{mutation.name}: there is no check {check}"
        assert CHECKS[check] <= mutation.part, f"{mutation.name}: {check} belongs to a later part"
    assert mutation.says, f"{mutation.name}: say which words the failure must contain"
    project = apply(mutation, tmp_path / "project")   # raises unless each edit's text is there once
    assert (project / "manage.py").is_file()


@pytest.fixture(scope="session")
def migrated_cache(tmp_path_factory):
    """Databases migrated once per part (and per worker), copied for each mutation."""
    return tmp_path_factory.mktemp("migrated")


@pytest.mark.slow
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda mutation: mutation.name)
def test_the_checks_catch_the_mistake(mutation, tmp_path, migrated_cache):
    if mutation.database == "postgres":
        require("postgres")  # races are graded on PostgreSQL (--database)
    outcome = grade(mutation, tmp_path, migrated_cache=migrated_cache, postgres_url=POSTGRES_URL, in_process=True)

    assert outcome.not_failing == [], (
        f"{mutation.mistake}: these checks did not fail: {outcome.not_failing}\n{outcome.output}")
    assert outcome.missing_words == [], (
        f"{mutation.mistake}: the failure does not say {outcome.missing_words}\n{outcome.output}")
