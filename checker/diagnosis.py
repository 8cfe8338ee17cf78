"""
Why a project did not start: the common causes, recognised in its output and its folder,
each named with what to do, so a learner is not told to "run migrate" where migrate works.
"""
from __future__ import annotations

import re
from pathlib import Path

# Folders that hold no project of the learner's own.
_NOT_THE_PROJECT = {".venv", "venv", "env", "node_modules", ".git", "__pycache__", "site-packages", ".tox"}


def manage_py_below(folder: Path, depth: int = 2) -> list[Path]:
    """manage.py files one or two folders below `folder` (not in virtual environments)."""
    found = []
    for pattern in ("*/manage.py", "*/*/manage.py")[:depth]:
        for path in sorted(folder.glob(pattern)):
            if not _NOT_THE_PROJECT & set(path.relative_to(folder).parts[:-1]):
                found.append(path)
    return found


def explain(output: str, project: Path, python: str, python_reason: str) -> str:
    """A hint for the failure in `output` (migrate's or the server's), or "" when none is known."""
    missing_module = re.search(r"ModuleNotFoundError: No module named '([\w.]+)'", output)
    if missing_module:
        module = missing_module.group(1).split(".")[0]
        return (f"The Python used, {python} ({python_reason}), has no module `{module}`. Install your "
                f"project's requirements into it (pip install -r requirements.txt), create a .venv in "
                f"your project with them, or choose another Python with --python.")
    decouple = re.search(r"UndefinedValueError: (\w+) not found", output)
    if decouple:
        return _missing_variable(decouple.group(1), project, "python-decouple's config()")
    environ = re.search(r"ImproperlyConfigured: Set the (\w+) environment variable", output)
    if environ:
        return _missing_variable(environ.group(1), project, "django-environ's env()")
    key_error = re.search(r"os\.environ\[['\"](\w+)['\"]\]|KeyError: '([A-Z][A-Z0-9_]+)'", output)
    if key_error:
        return _missing_variable(key_error.group(1) or key_error.group(2), project, "os.environ[...]")
    return ""


def _missing_variable(name: str, project: Path, reader: str) -> str:
    hint = (f"Your settings need the environment variable {name} ({reader} found none). The checker sets "
            f"only the course's variables (DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, "
            f"EMAIL_*, MEDIA_ROOT); give {name} a default for development, or export it before running "
            f"the checker.")
    if (project / ".env.example").is_file() and not (project / ".env").is_file():
        hint += (" Your project has a .env.example but no .env beside it: `cp .env.example .env` gives "
                 "python-decouple and django-environ their values.")
    return hint
