"""
The course site: it builds with `mkdocs build --strict`, every lesson link the checker
prints lands on a heading, lessons show the repository's code (included, never typed)
and output that `python -m tools.docs_snippets` generated from the current parts.
"""
from __future__ import annotations

import difflib
import json
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
from tests.replay import find_run
from tools import docs_snippets

DOCS = REPO_ROOT / "docs"
LESSONS = DOCS / "lessons"
PARTS = {part.number: part for part in part_dirs()}

INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"(?P<path>[^"]+)"\s*$')
SECTION_MARKER = re.compile(
    r"-{1,}8<-{1,}[ \t]+\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]")
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


def test_the_maintainers_page_is_linked_from_the_instructors_page(built_site):
    assert 'href="../maintainers/"' in (built_site / "instructors" / "index.html").read_text(encoding="utf-8")


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


MAINTAINERS_ONLY = {"maintainers.md"}  # built and linked, but not one of the learners' tabs


def test_every_page_is_in_the_navigation_and_lessons_are_in_order():
    config = mkdocs_config()
    pages = nav_pages(config["nav"])
    outside = {line.strip().lstrip("/") for line in config.get("not_in_nav", "").splitlines() if line.strip()}
    on_disk = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")
               if "snippets" not in path.relative_to(DOCS).parts}
    assert outside == MAINTAINERS_ONLY
    assert set(pages) == on_disk - MAINTAINERS_ONLY
    lessons = [page for page in pages if page.startswith("lessons/")]
    assert lessons == sorted(lessons)


# -- generated snippets are fresh ------------------------------------------------------------
def test_generated_diffs_stats_and_trees_are_fresh():
    stale = docs_snippets.stale_files(docs_snippets.fast_outputs(), docs_snippets.FAST_GROUPS)
    assert stale == [], f"stale: {stale}; regenerate with `python -m tools.docs_snippets --fast`"


@pytest.mark.parametrize("group", docs_snippets.capture_groups())
def test_captured_outputs_are_fresh(group):
    """
    The captured files are what the tool wrote, from the code as it is now: the lock's
    fingerprint of that code still matches (tools/docs_snippets.py). Regenerating every
    capture on every run would cost a booted server per lesson, growing with each part.
    """
    problems = docs_snippets.lock_problems(group)
    assert problems == [], f"{problems}; regenerate with `python -m tools.docs_snippets`"


def test_the_capture_lock_covers_every_captured_file():
    listed = set(docs_snippets.capture_lock()["files"])
    on_disk = {f"captured/{path.name}" for path in (docs_snippets.SNIPPETS_DIR / "captured").iterdir()}
    assert on_disk == listed, f"not written by the tool: {sorted(on_disk - listed)}; gone: {sorted(listed - on_disk)}"


def test_the_lock_notices_a_changed_part_or_a_hand_edited_capture(monkeypatch, tmp_path):
    group = docs_snippets.capture_groups()[1]
    real_lock = docs_snippets.capture_lock()
    lock = tmp_path / "captured.lock.json"
    lock.write_text(json.dumps(real_lock))
    monkeypatch.setattr(docs_snippets, "CAPTURES_LOCK", lock)
    assert docs_snippets.lock_problems(group) == []

    monkeypatch.setattr(docs_snippets, "capture_inputs_fingerprint", lambda: "a part changed")
    assert "changed since the captures were made" in docs_snippets.lock_problems(group)[0]

    monkeypatch.undo()
    monkeypatch.setattr(docs_snippets, "CAPTURES_LOCK", lock)
    name = next(name for name, entry in real_lock["files"].items() if entry["group"] == group)
    real_lock["files"][name]["sha256"] = "0" * 64  # as if the file had been typed over
    lock.write_text(json.dumps(real_lock))
    assert docs_snippets.lock_problems(group) == [f"docs/snippets/{name} is not what the tool wrote"]


def test_every_captured_output_is_shown_somewhere():
    """A captured file no page includes is left over (a command's own .cmd.txt goes with its output)."""
    pages = "\n".join(page.read_text(encoding="utf-8") for page in DOCS.rglob("*.md"))
    captured = docs_snippets.SNIPPETS_DIR / "captured"
    unused = [path.name for path in sorted(captured.iterdir())
              if f"captured/{path.name}" not in pages
              and f"captured/{path.name.replace('.cmd.txt', '.txt')}" not in pages]
    assert unused == [], f"no page includes these; remove them or regenerate: {unused}"


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
def test_lessons_end_with_recap_exercises_check_changes_and_next(page):
    part = PARTS[lesson_part(page)]
    text = page.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[-5:] == ["Recap", "Try it yourself", "Check your work", "What changed", "What's next"]
    what_changed = text.split("## What changed", 1)[1]
    assert f'--8<-- "docs/snippets/diffs/{part.name}.stat.md"' in what_changed
    if part.number >= 2:
        # One collapsed diff per file, generated by tools/docs_snippets.py.
        assert f'--8<-- "docs/snippets/diffs/{part.name}.files.md"' in what_changed
    check = text.split("## Check your work", 1)[1].split("## What changed", 1)[0]
    assert f"python -m checker check --part {part.number} " in check
    assert f'--8<-- "docs/snippets/captured/check-{part.name}.txt"' in check


def shown_lines(path: Path) -> list[str]:
    """A file as a whole-file include shows it: snippet section markers are left out."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not SECTION_MARKER.search(line)]


def section_lines(path: Path, name: str) -> list[str]:
    """A section as `--8<-- "path:name"` shows it: the lines between its markers, other markers left out."""
    inside, lines = False, []
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = SECTION_MARKER.search(line)
        if marker:
            inside = (marker.group("kind") == "start") if marker.group("name") == name else inside
        elif inside:
            lines.append(line)
    return lines


def included_lines(include: str) -> tuple[list[str], int]:
    """What `--8<-- "include"` shows, and the line of the whole file it starts at (0 for line 1)."""
    path, _, name = include.partition(":")
    whole = shown_lines(REPO_ROOT / path)
    if not name:
        return whole, 0
    lines = section_lines(REPO_ROOT / path, name)
    start = find_run(lines, whole)
    assert start is not None, f"section {include} is not a run of lines of the whole file"
    return lines, start


def added_line_numbers(old: list[str], new: list[str]) -> set[int]:
    added = set()
    for tag, _, _, first, last in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            added.update(range(first + 1, last + 1))
    return added


def changed_line_numbers(number: int, include: str) -> set[int]:
    """The lines (of the whole file, from 1) that lesson `number` added or changed in an
    included file of its own part: every line of a file new in that part, none of a file
    of an earlier part."""
    path = include.partition(":")[0]
    if not path.startswith(f"parts/{PARTS[number].name}/"):
        return set()
    shown = shown_lines(REPO_ROOT / path)
    before = PARTS[number - 1].path / Path(*Path(path).parts[2:]) if number >= 2 else None
    return added_line_numbers(shown_lines(before) if before and before.is_file() else [], shown)


def line_numbers(spec: str) -> set[int]:
    numbers = set()
    for piece in spec.split():
        first, _, last = piece.partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_highlighted_lines_are_what_the_lesson_changed(page):
    """hl_lines count from the first line the block shows: of the file, or of the section."""
    number = lesson_part(page)
    problems = []
    for line, info, content in fenced_blocks(page):
        spec = re.search(r'hl_lines="([^"]+)"', info)
        if not spec:
            continue
        included = [match.group("path") for match in map(INCLUDE.match, content) if match]
        assert len(included) == 1, f"{page.name} line {line}: highlight lines only in a block that includes one file"
        shown, start = included_lines(included[0])
        if included[0].startswith(f"parts/{PARTS[number].name}/") and number >= 2:
            allowed = {wanted - start for wanted in changed_line_numbers(number, included[0])}
        else:
            allowed = set(range(1, len(shown) + 1))
        for wanted in sorted(line_numbers(spec.group(1))):
            if wanted not in allowed or wanted > len(shown) or not shown[wanted - 1].strip():
                problems.append(f"line {line}: {included[0]} line {wanted} is not a changed, non-blank line")
    assert problems == [], f"{page.name}: {problems}"


# A whole file in the open is for a short file, or for one the lesson mostly wrote. Anything
# longer shows the section the lesson changed, with its context, and the whole file collapsed.
WHOLE_FILE_LINES = 40        # an included file longer than this ...
CHANGED_SHARE = 0.5          # ... in which the lesson changed less than this share of lines
NEW_FILE_LINES = 80          # any included file longer than this, even one the lesson wrote


def in_collapsed_block(lines: list[str], index: int) -> bool:
    """Whether line `index` of a page sits inside a `???` (collapsed) block, however deep."""
    indent = len(lines[index]) - len(lines[index].lstrip())
    for above in reversed(lines[:index]):
        if not above.strip() or len(above) - len(above.lstrip()) >= indent:
            continue
        if above.lstrip().startswith("???"):
            return True
        indent = len(above) - len(above.lstrip())
        if indent == 0:
            return False
    return False


def whole_files_shown_open(page: Path) -> list[tuple[int, str]]:
    """(page line, included path) of every code block in the open that includes a whole file of parts/."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found = []
    for line, _, content in fenced_blocks(page):
        included = [match.group("path") for match in map(INCLUDE.match, content) if match]
        if len(included) == 1 and ":" not in included[0] and included[0].startswith("parts/") \
                and not in_collapsed_block(lines, line - 1):
            found.append((line, included[0]))
    return found


def needs_a_section(number: int, include: str) -> str | None:
    """Why this whole file must not be shown in the open, or None when it may be."""
    length = len(shown_lines(REPO_ROOT / include))
    changed = len(changed_line_numbers(number, include))
    if length > NEW_FILE_LINES:
        return f"{length} lines ({changed} changed): show its key section, the whole file collapsed"
    if length > WHOLE_FILE_LINES and changed < length * CHANGED_SHARE:
        return f"{length} lines, {changed} changed: show the changed section, the whole file collapsed"
    return None


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_long_files_show_their_changed_section_and_collapse_the_rest(page):
    """No 100-line file shown to highlight two lines: a page shows the section the lesson
    changed in the open, with a few lines of context, and the whole file in a `???` block."""
    number = lesson_part(page)
    refused = [f"line {line}: {include}: {why}" for line, include in whole_files_shown_open(page)
               if (why := needs_a_section(number, include))]
    assert refused == [], f"{page.name}: {refused}"


def test_a_long_file_shown_whole_in_the_open_is_refused(tmp_path):
    """The rule above on a page made for it: lesson 06's settings, two lines changed in ~180,
    are refused in the open and accepted collapsed; a short new file is fine in the open."""
    settings, apps = (f"parts/{PARTS[6].name}/{path}" for path in ("core/settings.py", "social/apps.py"))
    page = tmp_path / "06-example.md"
    page.write_text("\n".join([
        "```python", f'--8<-- "{settings}"', "```", "",
        '??? example "core/settings.py (the whole file)"', "", "    ```python", f'    --8<-- "{settings}"', "    ```",
        "", "```python", f'--8<-- "{apps}"', "```"]), encoding="utf-8")
    assert whole_files_shown_open(page) == [(1, settings), (11, apps)]
    assert needs_a_section(6, settings) is not None
    assert needs_a_section(6, apps) is None


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


# -- the site reads well: nothing lost, nothing fetched from elsewhere ---------------------
ATTR_LIST_SYNTAX = re.compile(r"^\{\s*[.#:]")  # { .md-button }, {#anchor}, {: ...}: meant for attr_list
BRACES = re.compile(r"\{[^{}\n]*\}")


class _Text(HTMLParser):
    """A page's visible text, and the attribute names of every tag."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.attribute_names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.attribute_names.update(name for name, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)


def prose_lines(page: Path) -> list[str]:
    """The page's Markdown outside fenced blocks."""
    lines, inside = page.read_text(encoding="utf-8").splitlines(), set()
    for start, _, content in fenced_blocks(page):
        inside.update(range(start - 1, start + len(content) + 1))
    return [line for number, line in enumerate(lines) if number not in inside]


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_no_curly_brace_text_is_turned_into_html_attributes(page, built_site):
    """`{email, password}` next to text is attr_list syntax: it vanishes into attributes."""
    parser = _Text()
    parser.feed((built_site / "lessons" / page.stem / "index.html").read_text(encoding="utf-8"))
    shown = "".join(parser.text)
    written = {match.group() for line in prose_lines(page) if not INCLUDE.match(line)
               for match in BRACES.finditer(line) if not ATTR_LIST_SYNTAX.match(match.group())}
    lost = sorted(text for text in written if text not in shown)
    assert lost == [], f"{page.name}: shown nowhere on the page (put them in `code`): {lost}"
    # attr_list turns a word with a comma into an attribute named like "email_".
    odd = sorted(name for name in parser.attribute_names if not re.fullmatch(r"[a-z][a-z0-9-]*(:[a-z]+)?", name))
    assert odd == [], f"{page.name}: HTML attributes that look like lost text: {odd}"


EXTERNAL_ASSET = re.compile(
    r"""<(?:script|img|iframe)\b[^>]*\bsrc=["'](?P<src>(?:https?:)?//[^"']+)["']"""
    r"""|<link\b[^>]*\bhref=["'](?P<href>(?:https?:)?//[^"']+)["'][^>]*>"""
    r"""|@import\s+(?:url\()?["']?(?P<import>(?:https?:)?//[^"')]+)"""
    r"""|url\(["']?(?P<url>(?:https?:)?//[^"')]+)""")


def external_assets(text: str) -> list[str]:
    found = []
    for match in EXTERNAL_ASSET.finditer(text):
        url = next(value for value in match.groupdict().values() if value)
        tag = match.group()
        # <link rel="canonical"> and friends name a page, they load nothing.
        if tag.startswith("<link") and not re.search(r"""rel=["']?(stylesheet|preload|preconnect|icon|modulepreload)""", tag):
            continue
        found.append(url)
    return found


def test_the_site_loads_no_script_style_or_font_from_another_site(built_site):
    """The site works offline (`make docs` on a train): every asset is served from the site itself."""
    problems = {}
    for path in [*built_site.rglob("*.html"), *built_site.rglob("*.css")]:
        if found := external_assets(path.read_text(encoding="utf-8", errors="replace")):
            problems[path.relative_to(built_site).as_posix()] = sorted(set(found))
    assert problems == {}
    assert mkdocs_config()["theme"].get("font") is False, "Material would load Google Fonts"


def test_mermaid_is_self_hosted_and_pinned(built_site):
    scripts = mkdocs_config()["extra_javascript"]
    mermaid = [script for script in scripts if "mermaid" in script]
    assert mermaid and re.search(r"mermaid-\d+\.\d+\.\d+\.min\.js$", mermaid[0]), mermaid
    assert (DOCS / mermaid[0]).stat().st_size > 100_000, "not the real Mermaid bundle"
    assert (built_site / mermaid[0]).is_file()


def test_the_home_page_says_how_many_parts_are_published():
    published = len(part_dirs())
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    assert f"{published} of the 15 parts are published" in text, \
        f"say on docs/index.md that {published} of the 15 parts are published"
    assert f"Parts 01 to {published:02d} are here today" in text
    assert len(lesson_files()) == published


def test_the_last_lesson_says_what_comes_next():
    last = lesson_files()[-1]
    whats_next = last.read_text(encoding="utf-8").split("## What's next", 1)[1]
    following = lesson_part(last) + 1
    assert f"part {following:02d}" in whats_next.lower(), f"{last.name} does not name part {following:02d}"
    assert "not published yet" in whats_next, f"{last.name} must say that part {following:02d} is still to come"


# -- the site in a real browser -------------------------------------------------------------
# Each highlighted ("type this") line whose text ends right of its code block's visible box.
OVERFLOWING_HIGHLIGHTED_LINES = """() => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const overflowing = [];
  document.querySelectorAll(".md-content pre > code").forEach((code) => {
    const visibleRight = code.getBoundingClientRect().left + code.clientWidth;
    code.querySelectorAll(".hll").forEach((line) => {
      const text = document.createRange();
      text.selectNodeContents(line);
      const cut = Math.round(text.getBoundingClientRect().right - visibleRight);
      if (cut > 1) overflowing.push(`${cut} px cut off: ${line.textContent.trim()}`);
    });
  });
  return overflowing;
}"""


@pytest.fixture(scope="session")
def browser():
    from tools import browser as headless

    if reason := headless.missing():
        pytest.skip(f"headless Chromium cannot run: {reason}")
    with headless.headless_chromium() as running:
        yield running


def test_no_highlighted_line_scrolls_sideways_on_a_laptop(built_site, browser):
    """At 1280 px, every line a learner is told to type is visible without scrolling."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    cut = {}
    for lesson in lesson_files():
        page.goto((built_site / "lessons" / lesson.stem / "index.html").as_uri())
        if lines := page.evaluate(OVERFLOWING_HIGHLIGHTED_LINES):
            cut[lesson.name] = lines
    page.close()
    assert cut == {}, "shorten these lines in the parts, or widen docs/stylesheets/extra.css"


# How tall a lesson page may be at 1280 px, with every collapsed block closed. Measured in
# November 2026: lesson 04 was 57,800 px, 05 61,500 and 06 83,800 before their long files,
# tests and long answers went into collapsed blocks; the tallest, 04, is about 53,000 now.
# What is left is prose, walkthrough and the code each section explains: to go much lower,
# split a lesson into pages.
PAGE_HEIGHT_LIMIT = 55_000
PAGE_HEIGHT = "() => document.documentElement.scrollHeight"


def test_no_lesson_page_is_taller_than_the_limit_on_a_laptop(built_site, browser):
    """A page a learner scrolls through: whole files, tests and long answers are collapsed."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    heights = {}
    for lesson in lesson_files():
        page.goto((built_site / "lessons" / lesson.stem / "index.html").as_uri())
        heights[lesson.name] = page.evaluate(PAGE_HEIGHT)
    page.close()
    too_tall = {name: height for name, height in heights.items() if height > PAGE_HEIGHT_LIMIT}
    assert too_tall == {}, (f"taller than {PAGE_HEIGHT_LIMIT} px: {too_tall}; put reference material "
                            "(whole files, tests, long outputs) in ??? blocks, or split the lesson")


def test_diagrams_are_drawn_offline_and_readable_on_a_phone(built_site, browser):
    """Mermaid comes from the site itself (requests to other hosts are refused), and a
    diagram keeps its natural size on a phone, scrolling sideways instead of shrinking."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    shrunk, pages = {}, 0
    for lesson in lesson_files():
        if "```mermaid" not in lesson.read_text(encoding="utf-8"):
            continue
        pages += 1
        page.goto((built_site / "lessons" / lesson.stem / "index.html").as_uri())
        page.wait_for_selector("body[data-diagrams=drawn]", timeout=20_000)
        widths = page.evaluate("""() => [...document.querySelectorAll("div.diagram svg")]
            .map((svg) => [svg.getBoundingClientRect().width, svg.viewBox.baseVal.width])""")
        assert widths, f"{lesson.name}: no diagram was drawn"
        if small := [f"{shown:.0f} of {natural:.0f} px" for shown, natural in widths if shown < natural * 0.95]:
            shrunk[lesson.name] = small
    page.close()
    assert pages, "no lesson has a diagram"
    assert shrunk == {}


# -- recaps, exercises and data-model diagrams ----------------------------------------------
CHECK_ID = re.compile(r"`(\d\d\.[a-z0-9-]+\.[a-z0-9-]+)`")
TEST_FILE = re.compile(r"`([a-z_/]+/test_[a-z_]+\.py)`")


def section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_exercises_have_answers_the_learner_can_check(page):
    """Each "Try it yourself" names a real checker check of this part or an earlier one,
    or a test file of this part, so the learner can check the answer."""
    number = lesson_part(page)
    exercises = section(page.read_text(encoding="utf-8"), "Try it yourself")
    known = {check.id for part in all_parts() if part.number <= number for check in part.checks}
    named_checks = set(CHECK_ID.findall(exercises))
    named_tests = set(TEST_FILE.findall(exercises))
    assert named_checks | named_tests, f"{page.name}: no check id or test file to check the answers with"
    assert named_checks - known == set(), f"{page.name}: no such checks in parts 01-{number:02d}"
    missing = sorted(path for path in named_tests if not (PARTS[number].path / path).is_file())
    assert missing == [], f"{page.name}: no such test files in {PARTS[number].name}"
    assert exercises.count("??? success") >= 1, f"{page.name}: give each exercise a collapsed answer"


def model_names(part) -> set[str]:
    """The model classes a part defines in its apps' models.py files."""
    names = set()
    for path in part.path.glob("*/models.py"):
        names.update(re.findall(r"^class (\w+)\((?:models\.Model|AbstractUser)\)", path.read_text(), re.MULTILINE))
    return names


@pytest.mark.parametrize("page", lesson_files(), ids=lambda page: page.stem)
def test_lessons_that_add_models_draw_the_data_model(page):
    number = lesson_part(page)
    added = model_names(PARTS[number]) - (model_names(PARTS[number - 1]) if number > 1 else set())
    diagrams = [content for _, info, content in fenced_blocks(page)
                if language(info) == "mermaid" and content and content[0].strip() == "erDiagram"]
    if not added:
        return
    assert diagrams, f"{page.name} adds {sorted(added)}: draw them in a ```mermaid erDiagram"
    drawn = "\n".join(line for diagram in diagrams for line in diagram)
    assert [name for name in sorted(added) if not re.search(rf"\b{name}\b", drawn)] == []


# -- screenshots --------------------------------------------------------------------------
def test_every_screenshot_is_taken_by_the_tool_and_shown_in_its_lesson():
    from tools.screenshots import SCREENSHOTS_DIR, SHOTS

    on_disk = {path.name for path in SCREENSHOTS_DIR.glob("*.png")}
    assert on_disk == {shot.name for shot in SHOTS}, "run `python -m tools.screenshots` (and delete strays)"
    for shot in SHOTS:
        page = (LESSONS / shot.lesson).read_text(encoding="utf-8")
        assert f"](../assets/screenshots/{shot.name})" in page, f"{shot.lesson} does not show {shot.name}"
        assert int(shot.lesson[:2]) == shot.part, f"{shot.name}: taken from part {shot.part} for {shot.lesson}"
        assert (SCREENSHOTS_DIR / shot.name).stat().st_size < 150_000, f"{shot.name} is too large for a page"


def test_screenshots_have_alternative_text():
    """A picture a learner cannot see (screen reader, slow network) still says what it shows."""
    images = [(page.name, alt) for page in lesson_files()
              for alt in re.findall(r"!\[([^\]]*)\]\(\.\./assets/screenshots/", page.read_text(encoding="utf-8"))]
    assert images
    assert [name for name, alt in images if len(alt.split()) < 5] == []
