"""Shared fixtures: real catalogues built from excerpts of the bundled data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests import pg_cluster
from tests.pg_cluster import Cluster

from stdbridge.api import create_api, install_error_handlers
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
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


def load_excerpts(catalog: Catalog, rejects: Path) -> Catalog:
    """The excerpts of every bundled dataset, and the ICS classification."""
    catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics", rejects_dir=rejects)
    for format_, name in EXCERPT_FORMATS.items():
        catalog.import_path(EXCERPTS / name, format_, rejects_dir=rejects)
    return catalog


@pytest.fixture
def catalog(empty_catalog: Catalog, tmp_path: Path) -> Catalog:
    """A catalogue holding the excerpts of every bundled dataset, and the ICS classification."""
    return load_excerpts(empty_catalog, tmp_path / "rejects")


@pytest.fixture(scope="module")
def excerpts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    """The catalogue of ``catalog``, built once per module for the tests that only read it."""
    where = tmp_path_factory.mktemp("excerpts")
    store = SqlStore(f"sqlite:///{where / 'catalog.db'}")
    set_language("en")
    yield load_excerpts(Catalog(store), where)
    store.close()


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A catalogue file holding the excerpts, built through the command line."""
    path = str(tmp_path / "catalog.db")
    runner = CliRunner()
    for format_, name in EXCERPT_FORMATS.items():
        result = runner.invoke(
            cli, ["--db", path, "import", str(EXCERPTS / name), "--format", format_, "--rejects-dir", str(tmp_path)]
        )
        assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def client(catalog: Catalog) -> Iterator[TestClient]:
    """The HTTP API over the excerpts catalogue."""
    app = FastAPI(openapi_url="/api/openapi.json")
    install_error_handlers(app)
    create_api(app, catalog)
    # on this machine's own name: the embedded platform's local administrator may change things (accounts.access)
    with TestClient(app, raise_server_exceptions=False, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the session (``tests/pg_cluster.py``); skipped without PostgreSQL's
    binaries, unless ``STDBRIDGE_REQUIRE_POSTGRES=1`` (``.ci/run``) makes that a failure."""
    bin_dir = pg_cluster.binaries()
    if bin_dir is None:
        if pg_cluster.REQUIRED:
            pytest.fail("STDBRIDGE_REQUIRE_POSTGRES=1 but PostgreSQL is not installed (apt-get install postgresql)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL store is not tested")
    cluster = Cluster(bin_dir).start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty catalogue in each store: a SQLite file, and a new database in the PostgreSQL cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.db'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.database()
