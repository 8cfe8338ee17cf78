"""
The course site: it builds with `mkdocs build --strict`, every lesson link the checker
prints lands on a heading, lessons show the repository's code (included, never typed)
and output that `python -m tools.docs_snippets` generated from the current parts.
"""
from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from checker.cli import build_parser
from checker.layout import REPO_ROOT, part_dirs
from checker.registry import SITE_URL, all_parts
from checker.results import CheckResult, GradingError, Report
from tools import docs_snippets

DOCS = REPO_ROOT / "docs"
LESSONS = DOCS / "lessons"
PARTS = {part.number: part for part in part_dirs()}

INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"(?P<path>[^"]+)"\s*$')
SECTION_MARKER = re.compile(r"-{1,}8<-{1,}[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*[a-z][-_0-9a-z]*[ \t]*\]")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
SHELL_LANGUAGES = {"bash", "sh", "shell", "console", "powershell", "pwsh", "bat", "cmd"}
SHELL_LINES_ALLOWED = 6   # a short command or two, typed on the page
OTHER_LINES_ALLOWED = 3   # anything longer than this is included from the repository


def lesson_files() -> list[Path]:
    return sorted(LESSONS.glob("*.md"))


def lesson_part(page: Path) -> int:
    return int(page.name[:2])


# -- the site builds -------------------------------------------------------------------------
@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site


def test_the_site_builds_strictly(built_site):
    for page in ("index.html", "overview/index.html", "how-to-follow/index.html",
                 "reference/checker/index.html", "instructors/index.html", "maintainers/index.html"):
        assert (built_site / page).is_file(), f"{page} was not built"


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


def ids_in(page: Path) -> set[str]:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.ids


@pytest.mark.parametrize("part", all_parts(), ids=lambda part: f"part{part.number:02d}")
def test_every_lesson_link_of_the_checker_lands_on_a_heading(part, built_site):
    source = DOCS / (part.lesson.rstrip("/") + ".md")
    # Every part with checks has its lesson: the checker links its failures there, so a
    # missing page is a broken link for every learner, never something to skip.
    assert source.is_file(), (f"part {part.number:02d} has checks but no lesson page: write "
                              f"{source.relative_to(REPO_ROOT)} (the checker links its failures there)")
    page = built_site / part.lesson / "index.html"
    assert page.is_file(), f"{source.relative_to(REPO_ROOT)} did not build to {part.lesson}"
    ids = ids_in(page)
    missing = [f"{check.id} -> #{check.lesson.split('#', 1)[1]}" for check in part.checks
               if "#" in check.lesson and check.lesson.split("#", 1)[1] not in ids]
    assert missing == [], f"headings missing from {source.relative_to(REPO_ROOT)}: {missing}"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml with its `!!python/name:` tags read as plain strings."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def mkdocs_config() -> dict:
    return yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def test_site_url_is_where_the_checker_links():
    assert mkdocs_config()["site_url"] == SITE_URL


def test_a_missing_include_fails_the_build():
    extensions = mkdocs_config()["markdown_extensions"]
    snippets = next(entry["pymdownx.snippets"] for entry in extensions
                    if isinstance(entry, dict) and "pymdownx.snippets" in entry)
    assert snippets["check_paths"] is True
    assert snippets["base_path"] == ["."]


def nav_pages(nav) -> list[str]:
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages += nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_every_page_is_in_the_navigation_and_lessons_are_in_order():
    pages = nav_pages(mkdocs_config()["nav"])
    on_disk = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")
               if "snippets" not in path.relative_to(DOCS).parts}
    assert set(pages) == on_disk
    lessons = [page for page in pages if page.startswith("lessons/")]
    assert lessons == sorted(lessons)


# -- generated snippets are fresh ------------------------------------------------------------
def test_generated_diffs_stats_and_trees_are_fresh():
    stale = docs_snippets.stale_files(docs_snippets.fast_outputs(), docs_snippets.FAST_GROUPS)
    assert stale == [], f"stale: {stale}; regenerate with `python -m tools.docs_snippets --fast`"


@pytest.mark.slow
def test_captured_outputs_are_fresh():
    stale = docs_snippets.stale_files(docs_snippets.captured_outputs(), docs_snippets.SLOW_GROUPS)
    assert stale == [], f"stale: {stale}; regenerate with `python -m tools.docs_snippets`"


# -- lessons show the repository's code, not typed copies ---------------------------------
def fenced_blocks(page: Path) -> list[tuple[int, str, list[str]]]:
    """(line number, info string, content lines) of every fenced block on the page."""
    blocks, lines, index = [], page.read_text(encoding="utf-8").splitlines(), 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, start, content = opening.group("fence"), index, []
        index += 1
        while index < len(lines):
            closing = FENCE.match(lines[index])
            if closing and closing.group("fence").startswith(fence) and not closing.group("info").strip():
                break
            content.append(lines[index])
            index += 1
        blocks.append((start + 1, opening.group("info").strip(), content))
        index += 1
    return blocks


def language(info: str) -> str:
    return info.split()[0].lower() if info else ""


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_lessons_include_their_code_instead_of_typing_it(page):
    typed_too_long = []
    for line, info, content in fenced_blocks(page):
        typed = [text for text in content if text.strip() and not INCLUDE.match(text)]
        lang = language(info)
        allowed = (SHELL_LINES_ALLOWED if lang in SHELL_LANGUAGES else
                   len(typed) if lang == "mermaid" else OTHER_LINES_ALLOWED)
        if len(typed) > allowed:
            typed_too_long.append(f"line {line}: ```{info} with {len(typed)} typed lines")
    assert typed_too_long == [], (f"{page.name}: include code from parts/ with --8<-- instead of "
                                  f"typing it: {typed_too_long}")


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_lessons_include_from_their_own_part_and_never_a_later_one(page):
    number = lesson_part(page)
    text = page.read_text(encoding="utf-8")
    included = [match.group("path") for match in map(INCLUDE.match, text.splitlines()) if match]
    from_parts = [path for path in included if path.startswith("parts/")]
    assert any(path.startswith(f"parts/{PARTS[number].name}/") for path in from_parts), \
        f"{page.name} includes no code from parts/{PARTS[number].name}/"
    later = [path for path in from_parts if int(path.split("/")[1][:2]) > number]
    assert later == [], f"{page.name} includes code from a later part: {later}"


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_lessons_end_with_check_changes_and_next(page):
    part = PARTS[lesson_part(page)]
    text = page.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[-3:] == ["Check your work", "What changed", "What's next"]
    what_changed = text.split("## What changed", 1)[1]
    assert f'--8<-- "docs/snippets/diffs/{part.name}.stat.md"' in what_changed
    if part.number >= 2:
        assert f'--8<-- "docs/snippets/diffs/{part.name}.diff"' in what_changed
        assert '??? note "What changed"' in what_changed
    check = text.split("## Check your work", 1)[1].split("## What changed", 1)[0]
    assert f"python -m checker check --part {part.number} " in check
    assert f'--8<-- "docs/snippets/captured/check-{part.name}.txt"' in check


def shown_lines(path: Path) -> list[str]:
    """A file as a whole-file include shows it: snippet section markers are left out."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not SECTION_MARKER.search(line)]


def added_line_numbers(old: list[str], new: list[str]) -> set[int]:
    added = set()
    for tag, _, _, first, last in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            added.update(range(first + 1, last + 1))
    return added


def line_numbers(spec: str) -> set[int]:
    numbers = set()
    for piece in spec.split():
        first, _, last = piece.partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_highlighted_lines_are_what_the_lesson_changed(page):
    number = lesson_part(page)
    problems = []
    for line, info, content in fenced_blocks(page):
        spec = re.search(r'hl_lines="([^"]+)"', info)
        if not spec:
            continue
        included = [match.group("path") for match in map(INCLUDE.match, content) if match]
        assert len(included) == 1 and ":" not in included[0], \
            f"{page.name} line {line}: highlight lines only in a block that includes one whole file"
        path = REPO_ROOT / included[0]
        shown = shown_lines(path)
        relative = Path(*Path(included[0]).parts[2:])
        if number >= 2 and included[0].startswith(f"parts/{PARTS[number].name}/"):
            before = PARTS[number - 1].path / relative
            allowed = added_line_numbers(shown_lines(before) if before.is_file() else [], shown)
        else:
            allowed = set(range(1, len(shown) + 1))
        for wanted in sorted(line_numbers(spec.group(1))):
            if wanted not in allowed or not shown[wanted - 1].strip():
                problems.append(f"line {line}: {included[0]} line {wanted} is not a changed, non-blank line")
    assert problems == [], f"{page.name}: {problems}"


# -- the reference documents what the checker really does ----------------------------------
def reference_text() -> str:
    return (DOCS / "reference" / "checker.md").read_text(encoding="utf-8")


def test_the_reference_documents_every_option_of_check():
    subcommands = next(action for action in build_parser()._actions if action.dest == "command")
    options = [option for action in subcommands.choices["check"]._actions
               for option in action.option_strings if option not in ("-h", "--help")]
    missing = [option for option in options if f"`{option}" not in reference_text()]
    assert missing == []


def test_the_reference_documents_every_results_field_and_error_kind():
    text = reference_text()
    report = Report(part=1, only=False, target=".")
    fields = [*report.as_dict(), *CheckResult.__dataclass_fields__, *GradingError.__dataclass_fields__]
    missing = [name for name in fields if f"| `{name}` |" not in text]
    assert missing == [], f"fields not in the JSON tables: {missing}"
    sources = (REPO_ROOT / "checker" / "project.py").read_text() + (REPO_ROOT / "checker" / "runner.py").read_text()
    kinds = set(re.findall(r'CannotGrade\(\s*"([a-z-]+)"', sources))
    assert kinds, "no CannotGrade kinds found: has the checker changed how it reports them?"
    assert [kind for kind in sorted(kinds) if f"| `{kind}` |" not in text] == []


FAILURE_COUNT = re.compile(r'\((\d+) failures\)"\s*\n\s*\n\s*```text\s*\n\s*--8<-- "(?P<path>[^"]+)"')


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_failure_counts_in_titles_match_the_captured_runs(page):
    """A title like "(9 failures)" above a captured checker run counts that run's FAIL lines."""
    for match in FAILURE_COUNT.finditer(page.read_text(encoding="utf-8")):
        captured = (REPO_ROOT / match.group("path")).read_text(encoding="utf-8")
        failures = len(re.findall(r"^(?:\[\s*\d+/\d+\] )?FAIL ", captured, flags=re.MULTILINE))
        assert int(match.group(1)) == failures, f"{page.name}: the title says {match.group(1)}, the run has {failures}"
