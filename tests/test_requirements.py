"""
One pinned dependency set: each part's requirements.txt holds only what that part uses,
at exactly the versions pyproject.toml pins for the whole repository.
"""
import re
import tomllib

import pytest
from packaging.requirements import Requirement

from checker.layout import FINAL_DIR, REPO_ROOT, part_dirs

SNAPSHOT_DIRS = [part.path for part in part_dirs()] + [FINAL_DIR]


def repository_pins() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"pyproject.toml must pin exactly: {line}"
        pins[canonical(requirement.name)] = specifier.version
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements_of(folder) -> list[Requirement]:
    lines = (folder / "requirements.txt").read_text().splitlines()
    return [Requirement(line.split("#")[0]) for line in lines if line.split("#")[0].strip()]


@pytest.mark.parametrize("folder", SNAPSHOT_DIRS, ids=lambda folder: folder.name)
def test_requirements_agree_with_the_repository_pins(folder):
    pins = repository_pins()
    for requirement in requirements_of(folder):
        name = canonical(requirement.name)
        assert name in pins, f"{requirement} is not in pyproject.toml"
        assert requirement.specifier.contains(pins[name]), f"{requirement} excludes the pinned {pins[name]}"


@pytest.mark.parametrize("folder", [p for p in SNAPSHOT_DIRS if p.name != "01-introduction"],
                         ids=lambda folder: folder.name)
def test_requirements_are_pinned_from_part_02_on(folder):
    for requirement in requirements_of(folder):
        assert str(requirement.specifier).startswith("=="), f"{requirement} is not pinned"


def constraints() -> dict[str, str]:
    lines = (REPO_ROOT / "constraints.txt").read_text().splitlines()
    pins = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {canonical(pin.name): next(iter(pin.specifier)).version for pin in pins}


def test_constraints_pin_every_direct_dependency_at_the_same_version():
    locked = constraints()
    for name, version in repository_pins().items():
        assert locked.get(name) == version, f"constraints.txt has {name}=={locked.get(name)}, pyproject {version}"


def test_the_environment_matches_the_constraints():
    from importlib.metadata import distributions

    installed = {canonical(dist.metadata["Name"]): dist.version for dist in distributions()}
    drift = {name: (version, installed.get(name)) for name, version in constraints().items()
             if installed.get(name) != version}
    assert drift == {}, "reinstall with make install (constraints.txt changed?)"
