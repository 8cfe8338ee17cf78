"""
python -m tools.screenshots: take the pictures the lessons show, from the real parts.

    python -m tools.screenshots              take every screenshot again
    python -m tools.screenshots --list       the screenshots, their part and page

Each screenshot boots its part exactly as the checker does (`DEBUG=False`, a temporary
database, `runserver`), prepares what the picture needs through the API or manage.py,
and photographs the page in headless Chromium (tools/browser.py) at a laptop's size.
The PNGs go to docs/assets/screenshots/, reduced to 256 colours to stay small, and are
committed. Take them again whenever a part changes what its pages look like, as you
regenerate the captured outputs with `python -m tools.docs_snippets`.
"""
from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from typing import Callable

from PIL import Image

from checker.context import Context
from checker.http import Client
from checker.layout import REPO_ROOT, part_dir
from checker.project import BootedProject
from tools import browser as headless

SCREENSHOTS_DIR = REPO_ROOT / "docs" / "assets" / "screenshots"
VIEWPORT = {"width": 1200, "height": 760}
TALL = {"width": 1200, "height": 2400}  # for pictures cut out of a long page
EMAIL, USERNAME, PASSWORD = "ann@example.com", "ann", "Lisbon-Sunrise-42"


@dataclass(frozen=True)
class Shot:
    name: str                          # file name in docs/assets/screenshots/
    part: int                          # the part whose project is photographed
    lesson: str                        # the page that shows it (docs/lessons/...)
    take: Callable[..., bytes]         # (browser page, booted project) -> PNG bytes


# -- what each picture shows ------------------------------------------------------------------
def health_in_a_browser(page, booted: BootedProject) -> bytes:
    """Part 02: /api/health/ opened in a browser, styled with DEBUG off (WhiteNoise)."""
    page.goto(f"{booted.base_url}/api/health/")
    return down_to(page, page.locator(".response-info"))


def admin_login(page, booted: BootedProject) -> bytes:
    """Part 03: the admin's login form asks for the e-mail address."""
    page.goto(f"{booted.base_url}/admin/")
    return page.locator("#container").screenshot()


def admin_users(page, booted: BootedProject) -> bytes:
    """Part 03: logged in with the e-mail address, the user list with its search box."""
    booted.manage("createsuperuser", "--noinput", DJANGO_SUPERUSER_EMAIL=EMAIL,
                  DJANGO_SUPERUSER_USERNAME=USERNAME, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    booted.manage("shell", "-c", "from accounts.models import User\n"
                  "for name in ('bob', 'cat'): User.objects.create_user(f'{name}@example.com', name, None)")
    page.goto(f"{booted.base_url}/admin/login/?next=/admin/accounts/user/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.click("#toggle-nav-sidebar")  # the app list would squeeze the user list
    return down_to(page, page.locator("#changelist-filter"))


def signed_up_and_verified(booted: BootedProject) -> None:
    """Ann registers through the API and verifies her address with the e-mailed code."""
    context = Context(Client(booted.base_url), project_path=booted.path, booted=booted)
    context.post("/api/auth/register/", json={"email": EMAIL, "username": USERNAME, "password": PASSWORD})
    context.post("/api/auth/verify-email/", json={"email": EMAIL, "code": context.code_sent_to(EMAIL)})


def operation(page, method: str, path: str):
    """Swagger UI's block for one operation, opened."""
    block = page.locator(f".opblock-{method.lower()}").filter(
        has=page.locator(".opblock-summary-path", has_text=path)).first
    block.locator(".opblock-summary").click()
    return block


def down_to(page, last) -> bytes:
    """The page from its top to the bottom of `last`, and no empty space below."""
    page.evaluate("window.scrollTo(0, 0)")
    box = last.bounding_box()
    return page.screenshot(clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": box["y"] + box["height"] + 24})


def from_top_of(page, first, last) -> bytes:
    """The page from the top of `first` to the bottom of `last` (the viewport is tall
    enough that nothing scrolls, so their boxes are page coordinates)."""
    top, bottom = first.bounding_box(), last.bounding_box()
    clip = {"x": top["x"], "y": top["y"], "width": top["width"],
            "height": bottom["y"] + bottom["height"] - top["y"] + 8}
    return page.screenshot(clip=clip)


def executed(page, block) -> bytes:
    """Execute the opened operation; the block down to the server's answer."""
    block.get_by_role("button", name="Execute").click()
    answer = block.locator(".live-responses-table .response").first
    answer.wait_for()
    return from_top_of(page, block, answer)


def swagger_docs(page, booted: BootedProject) -> bytes:
    """Part 04: Swagger UI's first screen, every endpoint grouped by tag."""
    page.goto(f"{booted.base_url}/api/docs/")
    page.wait_for_selector(".opblock-tag")
    return page.screenshot()


def swagger_try_it_out(page, booted: BootedProject) -> bytes:
    """Part 04: POST /api/auth/login/ tried out: the tokens in the answer."""
    signed_up_and_verified(booted)
    page.set_viewport_size(TALL)
    page.goto(f"{booted.base_url}/api/docs/")
    block = operation(page, "POST", "/api/auth/login/")
    block.get_by_role("button", name="Try it out").click()
    block.locator("textarea.body-param__text").fill(f'{{"email": "{EMAIL}", "password": "{PASSWORD}"}}')
    return executed(page, block)


def logged_in(booted: BootedProject) -> str:
    """Ann, signed up and verified: her access token."""
    signed_up_and_verified(booted)
    login = Client(booted.base_url).post("/api/auth/login/", json={"email": EMAIL, "password": PASSWORD})
    return login.json()["access"]


def swagger_authorize(page, booted: BootedProject) -> bytes:
    """Part 04: the Authorize dialog, the access token pasted in."""
    access = logged_in(booted)
    page.goto(f"{booted.base_url}/api/docs/")
    page.locator(".auth-wrapper .authorize").click()
    page.locator("#auth-bearer-value").fill(access)
    return page.locator(".modal-ux .modal-dialog-ux").screenshot()


def swagger_authorized(page, booted: BootedProject) -> bytes:
    """Part 04: authorized, GET /api/auth/me/ tried out: 200 with the user."""
    access = logged_in(booted)
    page.set_viewport_size(TALL)
    page.goto(f"{booted.base_url}/api/docs/")
    page.locator(".auth-wrapper .authorize").click()
    page.locator("#auth-bearer-value").fill(access)
    page.locator(".modal-ux button.modal-btn.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    block = operation(page, "GET", "/api/auth/me/")
    block.get_by_role("button", name="Try it out").click()
    return executed(page, block)


def redoc(page, booted: BootedProject) -> bytes:
    """Part 04: ReDoc, the same schema as one page to read, drawn from local files."""
    page.goto(f"{booted.base_url}/api/redoc/")
    page.wait_for_selector("[data-section-id]")
    return page.screenshot()


SHOTS = [
    Shot("02-health-in-a-browser.png", 2, "02-environment.md", health_in_a_browser),
    Shot("03-admin-login.png", 3, "03-custom-user-model.md", admin_login),
    Shot("03-admin-users.png", 3, "03-custom-user-model.md", admin_users),
    Shot("04-swagger-ui.png", 4, "04-authentication.md", swagger_docs),
    Shot("04-swagger-try-it-out.png", 4, "04-authentication.md", swagger_try_it_out),
    Shot("04-swagger-authorize.png", 4, "04-authentication.md", swagger_authorize),
    Shot("04-swagger-me.png", 4, "04-authentication.md", swagger_authorized),
    Shot("04-redoc.png", 4, "04-authentication.md", redoc),
]


# -- taking them ------------------------------------------------------------------------------
def small_png(png: bytes) -> bytes:
    """The same picture in 256 colours: a third of the size, and still sharp for UI."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def take(shot: Shot, browser) -> bytes:
    # A fresh project for every picture: nothing one picture did shows in the next.
    with BootedProject(part_dir(shot.part).path, python=sys.executable, say=lambda text: None) as booted:
        page = browser.new_page(viewport=VIEWPORT)
        try:
            return small_png(shot.take(page, booted))
        finally:
            page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.strip().splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the screenshots and where they are shown")
    parser.add_argument("names", nargs="*", help="take only these (file names); default: all")
    args = parser.parse_args(argv)
    if args.list:
        for shot in SHOTS:
            print(f"{shot.name:32} part {shot.part:02d}  docs/lessons/{shot.lesson}")
        return 0
    if reason := headless.missing():
        print(f"Cannot take screenshots: {reason}.", file=sys.stderr)
        return 1
    wanted = [shot for shot in SHOTS if not args.names or shot.name in args.names]
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    with headless.headless_chromium() as browser:
        for shot in wanted:
            path = SCREENSHOTS_DIR / shot.name
            path.write_bytes(take(shot, browser))
            print(f"wrote   {path.relative_to(REPO_ROOT)}  ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
