"""Shared fixtures: real catalogues built from excerpts of the bundled data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stdbridge.catalog import Catalog
from stdbridge.i18n import set_language
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


@pytest.fixture
def catalog(empty_catalog: Catalog, tmp_path: Path) -> Catalog:
    """A catalogue holding the excerpts of every bundled dataset."""
    for format_, name in EXCERPT_FORMATS.items():
        empty_catalog.import_path(EXCERPTS / name, format_, rejects_dir=tmp_path / "rejects")
    return empty_catalog
