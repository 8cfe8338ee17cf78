"""
Every lesson from 02 on is walkable: a learner who has part N-1 and does what lesson N's
page shows, in page order, finds every command the page runs working where the page runs
it, and ends with part N. tests/replay.py follows the page; docs/maintainers.md ("Writing
a walkable lesson") lists the conventions a page follows for it.
"""
from __future__ import annotations

import re

import pytest

from checker.layout import part_dirs
from tests.replay import LESSONS, ReplayFailure, read_page, replay_lesson

PARTS = {part.number for part in part_dirs()}

# Lessons written before the replay existed and not yet reordered to be walkable, with what
# still breaks. strict: once a lesson walks, its entry must go.
NOT_YET_WALKABLE: dict[int, str] = {}


def walkable_lessons() -> list:
    pages = []
    for page in sorted(LESSONS.glob("[0-9][0-9]-*.md")):
        number = int(page.name[:2])
        if number < 2 or number not in PARTS:
            continue
        marks = [pytest.mark.xfail(reason=NOT_YET_WALKABLE[number], raises=ReplayFailure, strict=True)] \
            if number in NOT_YET_WALKABLE else []
        pages.append(pytest.param(page, id=page.stem, marks=marks))
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("page", walkable_lessons())
def test_a_learner_can_walk_the_lesson(page, tmp_path):
    """Follow the page on a copy of the previous part: every command it runs works where it
    runs it, and the copy ends equal to the lesson's part."""
    replay_lesson(page, tmp_path)


def move_section(text: str, heading: str, before: str) -> str:
    """The page with the `## heading` section moved to just before the `## before` heading."""
    sections = re.split(r"(?m)^(?=## )", text)
    moving = next(section for section in sections if section.startswith(f"## {heading}\n"))
    sections.remove(moving)
    index = next(number for number, section in enumerate(sections) if section.startswith(f"## {before}\n"))
    sections.insert(index, moving)
    return "".join(sections)


@pytest.mark.slow
def test_a_step_moved_out_of_order_fails_with_the_steps_title(tmp_path):
    """Lesson 02 with "The .env file" moved after the health check: the learner starts the
    server before `.env` turns DEBUG on, so the server refuses to start without a secret
    key, and the replay says so in the health check's step."""
    page = LESSONS / "02-environment.md"
    reordered = move_section(page.read_text(encoding="utf-8"), "The .env file", before="Errors in JSON")
    assert read_page(page, reordered).steps != read_page(page).steps
    with pytest.raises(ReplayFailure, match=r'(?s)step "A health check that checks".*server did not start'):
        replay_lesson(page, tmp_path, text=reordered)


def test_the_page_is_read_as_the_site_shows_it():
    """Includes are resolved (sections too), blocks carry their step, directives their block."""
    page = read_page(LESSONS / "02-environment.md")
    settings = [block for block in page.blocks if block.file_path == "core/settings.py"]
    assert settings[0].step == "Settings from the environment"
    assert settings[0].lines[0] == "import environ"
    assert not any("--8<--" in line for block in page.blocks for line in block.lines)
    failing = [block for block in page.blocks if "fails" in block.directives]
    assert [block.step for block in failing] == ["Before you start", "Debug and secrets"]
    assert "What changed" not in page.steps
