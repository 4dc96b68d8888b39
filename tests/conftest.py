"""Shared fixtures: real catalogues built from excerpts of the bundled data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stdbridge.catalog import Catalog
from stdbridge.i18n import set_language
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IcsImporter
from stdbridge.store import SqlStore

DATA = Path(__file__).parent / "data"
EXCERPTS = DATA / "excerpts"
EXCERPT_FORMATS = {
    "iso": "iso_catalog.jsonl",
    "iec": "iec_catalog.jsonl",
    "jis": "jis_catalog.jsonl",
    "itu": "itu_catalog.jsonl",
    "gb-sample": "gb_records.jsonl",
}


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def empty_catalog(tmp_path: Path) -> Iterator[Catalog]:
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    yield Catalog(store)
    store.close()


@pytest.fixture(scope="session")
def bundled_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    """The whole bundled catalogue, built once per test session (about 30 s): for the slow tests."""
    where = tmp_path_factory.mktemp("bundled")
    store = SqlStore(f"sqlite:///{where / 'catalog.db'}")
    catalog = Catalog(store)
    catalog.load_bundled(rejects_dir=where)
    yield catalog
    store.close()


@pytest.fixture
def catalog(empty_catalog: Catalog, tmp_path: Path) -> Catalog:
    """A catalogue holding the excerpts of every bundled dataset, and the ICS classification."""
    empty_catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics", rejects_dir=tmp_path / "rejects")
    for format_, name in EXCERPT_FORMATS.items():
        empty_catalog.import_path(EXCERPTS / name, format_, rejects_dir=tmp_path / "rejects")
    return empty_catalog
