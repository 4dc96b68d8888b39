"""The Chromium of the browser tests (Debian's, driven by Playwright): where it is, how it is started, and a fresh
context of it as the tests open one; the fixtures over them (``browser``, ``open_page``, ``page``) are in
``tests/web/conftest.py``.

Chromium is the system's (``chromium`` on the PATH, else ``/usr/bin/chromium``; installed by apt in CI), or the one
``STDBRIDGE_CHROMIUM`` names; Playwright never downloads one.
"""

from __future__ import annotations

import os
import shutil
from typing import Protocol

from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = os.environ.get("STDBRIDGE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
TIMEOUT_MS = 15_000  # what a test waits for any one thing at most


def new_context(
    browser: Browser, locale: str = "en-US", width: int = 1280, height: int = 900, **options: object
) -> BrowserContext:
    """A fresh context of ``browser`` (its own cookies, storage and downloads): in ``locale``, with a viewport of
    ``width`` by ``height`` and the waits of ``TIMEOUT_MS``; ``options`` go to ``Browser.new_context``
    (``accept_downloads=True``, ``java_script_enabled=False``, ``is_mobile=True``, ...). Whoever opens it closes it."""
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height}, **options)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    return context


class OpenPage(Protocol):
    """The ``open_page`` fixture: a page in a fresh context of the module's Chromium (``new_context``'s options),
    whose script errors fail the test. ``console_errors``: errors on its console count as script errors too, but
    for those holding ``allowed_error``; ``refuse_dialogs``: a dialog it opens is dismissed and fails the test."""

    def __call__(
        self,
        *,
        locale: str = "en-US",
        width: int = 1280,
        height: int = 900,
        console_errors: bool = False,
        allowed_error: str | None = None,
        refuse_dialogs: bool = False,
        **options: object,
    ) -> Page: ...
