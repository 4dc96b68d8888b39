"""Fixtures of the web tests: one catalogue of the excerpts (with the ICS titles and a record whose titles carry
markup) shared by the session, an app over it, a test client, and a live server for the browser; and, for the tests
that change a catalogue (decisions on suggestions), a client and a live server over a catalogue of their own."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.conftest import EXCERPT_FORMATS, EXCERPTS

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IcsImporter
from stdbridge.store import SqlStore

MARKUP = Path(__file__).parent / "data" / "markup.jsonl"
MARKUP_ID = "GB/T 99999-2020"
EN = {"lang": "en"}
ZH = {"lang": "zh"}


def notices(html: str) -> str:
    """The notices a page lists (what went wrong, what was understood), as HTML; "" when there are none."""
    found = re.search(r'<ul class="notices" role="(?:alert|status)">(.*?)</ul>', html, flags=re.S)
    return found.group(1) if found else ""


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
    with TestClient(web_app) as client:
        yield client


@pytest.fixture
def client(session_client: TestClient) -> Iterator[TestClient]:
    """The test client, without the language cookie an earlier test may have left."""
    session_client.cookies.clear()
    yield session_client
    session_client.cookies.clear()


@pytest.fixture
def fresh_client(catalog: Catalog) -> Iterator[TestClient]:
    """A test client over a catalogue of the excerpts of its own, which a test may change."""
    with TestClient(create_app(catalog)) as client:
        yield client


@contextmanager
def serving(catalog: Catalog) -> Iterator[str]:
    """The platform over ``catalog`` served by uvicorn on a free localhost port, in a thread; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(catalog), host="127.0.0.1", port=port, log_level="warning"))
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
