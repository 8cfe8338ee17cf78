"""
Checks are data: every check has a stable id, a part, a title, a hint and a lesson link,
and a small function that drives the project through a `Context`.

Each part's checks live in their own module, `checker/checks/partNN.py`, which declares
its `Part` and registers checks with `@part.check(...)`.
"""
from __future__ import annotations

import fnmatch
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from checker.context import Context

# Where the course site is published; lesson links are relative to it (see mkdocs.yml).
SITE_URL = "https://django-social-course.github.io/course/"

# What a check may need beyond HTTP; unavailable needs make the check skip, with a reason.
NEEDS_PROJECT_FILES = "project-files"   # the project's folder on disk
NEEDS_BOOTED_SERVER = "booted-server"   # a server the checker started (not --url)
NEEDS_MAIL = "mail"                      # the e-mails the project sent (booted, or --url with --mail-dir)
NEEDS_DATABASE_SERVER = "database-server"  # booted on PostgreSQL (--database): concurrent writes

# Every check has a time limit: every request, command and wait inside it is cut to what is
# left, so one slow endpoint costs a bounded time, never the whole run.
DEFAULT_TIME_LIMIT = 60.0


@dataclass(frozen=True)
class Check:
    id: str
    part: int
    title: str
    hint: str
    lesson: str
    run: Callable[["Context"], None]
    needs: frozenset[str] = frozenset()
    time_limit: float = DEFAULT_TIME_LIMIT

    @property
    def lesson_url(self) -> str:
        return SITE_URL + self.lesson


@dataclass
class Part:
    number: int
    slug: str
    title: str
    checks: list[Check] = field(default_factory=list)

    @property
    def lesson(self) -> str:
        return f"lessons/{self.number:02d}-{self.slug}/"

    def check(self, name: str, title: str, *, hint: str, anchor: str = "",
              needs: tuple[str, ...] = (), time_limit: float = DEFAULT_TIME_LIMIT) -> Callable:
        """Register the decorated function as check `NN.<name>` of this part (within `time_limit` s)."""

        def register(run: Callable[["Context"], None]) -> Callable[["Context"], None]:
            check_id = f"{self.number:02d}.{name}"
            if any(existing.id == check_id for existing in self.checks):
                raise ValueError(f"duplicate check id {check_id}")
            lesson = self.lesson + (f"#{anchor}" if anchor else "")
            self.checks.append(Check(check_id, self.number, title, hint, lesson, run, frozenset(needs), time_limit))
            return run

        return register


def all_parts() -> list[Part]:
    """Every part that has checks, in order, loaded from the modules in checker/checks/."""
    import checker.checks as package

    parts = []
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        if isinstance(getattr(module, "PART", None), Part):
            parts.append(module.PART)
    return sorted(parts, key=lambda part: part.number)


def checks_for(up_to: int, only: bool = False) -> list[Check]:
    selected = []
    for part in all_parts():
        if part.number == up_to or (not only and part.number < up_to):
            selected.extend(part.checks)
    return selected


def select_checks(checks: list[Check], patterns: list[str]) -> list[Check]:
    """The checks whose id matches one of `patterns` (exact ids, or globs like 04.verify.*)."""
    unknown = [pattern for pattern in patterns if not any(fnmatch.fnmatchcase(c.id, pattern) for c in checks)]
    if unknown:
        raise LookupError(f"no check matches {', '.join(unknown)}")
    return [check for check in checks if any(fnmatch.fnmatchcase(check.id, pattern) for pattern in patterns)]
