"""
Headless Chromium for the maintainers' tools and the site's rendering tests: Playwright
drives the Chromium the system has installed (`apt-get install chromium`), so nothing is
downloaded. It starts without the background traffic a desktop browser makes.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from typing import Iterator

# Names the Debian, Ubuntu and Google packages install; CHROMIUM=/path/to/it wins.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


def chromium_path() -> str | None:
    """The Chromium to drive, or None when this machine has none."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def missing() -> str | None:
    """Why headless Chromium cannot run here (None when it can)."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make install)"
    if chromium_path() is None:
        return "no Chromium on this machine (apt-get install chromium)"
    return None


@contextmanager
def headless_chromium() -> Iterator:
    """A Playwright Browser on the system's Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: Chromium's sandbox needs user namespaces, which containers and
        # CI runners (often root) do not have.
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=[*QUIET_FLAGS, "--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()
