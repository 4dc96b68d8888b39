"""Fixtures of the web tests: one catalogue of the excerpts (with the ICS titles and a record whose titles carry
markup) shared by the session, an app over it, a test client, and a live server for the browser; and, for the tests
that change a catalogue (decisions on suggestions), a client and a live server over a catalogue of their own. For
the browser tests: one Chromium per module (``tests/web/chromium.py`` says which, and how it starts), and pages in
fresh contexts of it whose script errors fail the test."""

from __future__ import annotations

import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, sync_playwright
from tests.conftest import EXCERPT_FORMATS, EXCERPTS
from tests.web.chromium import CHROMIUM, CHROMIUM_ARGS, OpenPage, new_context

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IcsImporter
from stdbridge.store import SqlStore

MARKUP = Path(__file__).parent / "data" / "markup.jsonl"
MARKUP_ID = "GB/T 99999-2020"
EN = {"lang": "en"}
ZH = {"lang": "zh"}
NASTY = """<script>alert("x")</script> & 'q'"""  # a label, title or address a chart must show as text
SVG = "{http://www.w3.org/2000/svg}"
LOCAL = "http://127.0.0.1"  # the embedded platform as its user reaches it: the local administrator may change things


def form_token(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def with_csrf(client: TestClient) -> TestClient:
    """``client`` with this browser's CSRF cookie and its token in the header scripts send (``api.access``), as
    the pages' own forms and scripts send it."""
    client.headers.pop("X-CSRF-Token", None)
    client.headers["X-CSRF-Token"] = form_token(client.get("/sign-in").text)
    return client


def notices(html: str) -> str:
    """The notices a page lists (what went wrong, what was understood), as HTML; "" when there are none."""
    found = re.search(r'<ul class="notices" role="(?:alert|status)">(.*?)</ul>', html, flags=re.S)
    return found.group(1) if found else ""


def svg_texts(svg: str) -> tuple[list[str], list[str]]:
    """The texts (of titles and texts) and the links of an SVG as an XML parser reads them, as a browser shows
    them; the SVG must hold no script."""
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script"))
    texts = [e.text or "" for e in root.iter() if e.tag in (f"{SVG}title", f"{SVG}text")]
    return texts, [e.attrib["href"] for e in root.iter(f"{SVG}a")]


@pytest.fixture(scope="session")
def web_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    folder = tmp_path_factory.mktemp("web")
    store = SqlStore(f"sqlite:///{folder / 'catalog.db'}")
    catalog = Catalog(store)
    for format_, name in EXCERPT_FORMATS.items():
        catalog.import_path(EXCERPTS / name, format_, rejects_dir=folder / "rejects")
    catalog.import_path(MARKUP, "gb-sample", rejects_dir=folder / "rejects")
    catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics")
    yield catalog
    store.close()


@pytest.fixture(scope="session")
def web_app(web_catalog: Catalog) -> FastAPI:
    return create_app(web_catalog)


@pytest.fixture(scope="session")
def session_client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, base_url=LOCAL) as client:
        yield client


@pytest.fixture
def client(session_client: TestClient) -> Iterator[TestClient]:
    """The test client, without the language cookie an earlier test may have left."""
    session_client.cookies.clear()
    with_csrf(session_client)
    yield session_client
    session_client.cookies.clear()


@pytest.fixture
def fresh_client(catalog: Catalog) -> Iterator[TestClient]:
    """A test client over a catalogue of the excerpts of its own, which a test may change."""
    with TestClient(create_app(catalog), base_url=LOCAL) as client:
        with_csrf(client)
        yield client


@contextmanager
def serving(catalog: Catalog, **options: bool) -> Iterator[str]:
    """The platform over ``catalog`` served by uvicorn on a free localhost port, in a thread; yields its base URL.
    ``options`` go to ``create_app`` (``run_jobs=True``: it runs the queue's jobs)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(catalog, **options), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(web_catalog: Catalog) -> Iterator[str]:
    with serving(web_catalog) as url:
        yield url


@pytest.fixture
def fresh_live_server(catalog: Catalog) -> Iterator[str]:
    """A live server over a catalogue of the excerpts of its own, which a test may change."""
    with serving(catalog) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The system's Chromium, started for the module's tests. One per module, not per session: Playwright's sync API
    cannot have two instances alive in one thread, and some modules start their own."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """Opens pages, each in a fresh context of ``browser`` (``chromium.OpenPage`` says with what), and records their
    script errors; at teardown it closes every context it opened, then fails the test if a page opened a dialog it
    was to refuse, or had a script error, naming them."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def opened(
        *,
        locale: str = "en-US",
        width: int = 1280,
        height: int = 900,
        console_errors: bool = False,
        allowed_error: str | None = None,
        refuse_dialogs: bool = False,
        **options: object,
    ) -> Page:
        context = new_context(browser, locale=locale, width=width, height=height, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        if console_errors:

            def told(message: ConsoleMessage) -> None:
                if message.type == "error" and (allowed_error is None or allowed_error not in message.text):
                    errors.append(message.text)

            page.on("console", told)
        if refuse_dialogs:

            def refuse(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", refuse)
        return page

    yield opened
    for context in contexts:
        context.close()
    assert not dialogs, f"a page opened a dialog: {dialogs}"
    assert not errors, f"script errors: {errors}"


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """A page in a fresh context (English, 1280 px wide) whose script errors fail the test; a module whose pages
    need other options overrides it with its own ``open_page(...)``."""
    return open_page()
