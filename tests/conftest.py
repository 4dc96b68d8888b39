"""Shared fixtures: real catalogues built from excerpts of the bundled data."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite catalogue migrated to the schema's head once per session, which ``empty_catalog`` and
    ``store_url`` copy (the migrations themselves: ``empty_store_url``)."""
    path = tmp_path_factory.mktemp("migrated") / "catalog.db"
    SqlStore(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def empty_catalog(migrated_sqlite: Path, tmp_path: Path) -> Iterator[Catalog]:
    """An empty catalogue in ``tmp_path`` (``catalog.db``): a copy of ``migrated_sqlite``."""
    shutil.copy2(migrated_sqlite, tmp_path / "catalog.db")
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    yield Catalog(store)
    store.close()


@pytest.fixture(scope="session")
def bundled_init(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The whole bundled catalogue built once per test session by the README's main job, ``stdbridge init --json``
    (about 30 s): the folder of its ``catalog.db`` and the summary the command printed. For the slow tests."""
    where = tmp_path_factory.mktemp("bundled")
    result = CliRunner().invoke(cli, ["--db", str(where / "catalog.db"), "init", "--rejects-dir", str(where), "--json"])
    assert result.exit_code == 0, result.output
    return where, json.loads(result.output)


@pytest.fixture(scope="session")
def bundled_catalog(bundled_init: tuple[Path, dict[str, Any]]) -> Iterator[Catalog]:
    """The whole bundled catalogue of ``bundled_init``, which the tests only read: for the slow tests."""
    store = SqlStore(f"sqlite:///{bundled_init[0] / 'catalog.db'}")
    yield Catalog(store)
    store.close()


def load_excerpts(catalog: Catalog, rejects: Path) -> Catalog:
    """The excerpts of every bundled dataset, and the ICS classification."""
    catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics", rejects_dir=rejects)
    for format_, name in EXCERPT_FORMATS.items():
        catalog.import_path(EXCERPTS / name, format_, rejects_dir=rejects)
    return catalog


def import_bundled(catalog: Catalog, format_: str, identifiers: tuple[str, ...], folder: Path) -> None:
    """Import into ``catalog`` the records of the bundled ``format_`` catalogue (``iso``, ``iec`` ...) with these
    identifiers, its lines as shipped: real records a test needs beyond the excerpts."""
    with gzip.open(bundled_path(f"{format_}_catalog.jsonl.gz"), "rt", encoding="utf-8") as lines:
        found = [line for line in lines if line.startswith(tuple(f'{{"id":"{i}"' for i in identifiers))]
    assert len(found) == len(identifiers), f"not all of {identifiers} are in the bundled {format_} catalogue"
    path = folder / f"bundled_{format_}.jsonl"
    path.write_text("".join(found), encoding="utf-8")
    catalog.import_path(path, format_, rejects_dir=folder / "rejects")


def copy_catalogue(source: Path, target: Path) -> None:
    """Copy the closed SQLite catalogue in the folder ``source`` (``catalog.db``, its search index
    ``catalog.search`` and its ``rejects``) into the folder ``target``: far quicker than importing again. A folder
    already holding a catalogue is refused: copying over it would change the file under its open connections (two
    fixtures of one test in one ``tmp_path``), which SQLite reports later as a malformed database."""
    if (target / "catalog.db").exists():
        raise FileExistsError(f"{target} already holds a catalogue: give each fixture a folder of its own")
    for name in ("catalog.db", "catalog.db-wal"):
        if (source / name).exists():
            shutil.copy2(source / name, target / name)
    for name in ("catalog.search", "rejects"):
        if (source / name).exists():
            shutil.copytree(source / name, target / name)


@pytest.fixture(scope="session")
def excerpts_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the catalogue of ``catalog``, imported once per session; ``catalog`` gives each test a copy."""
    where = tmp_path_factory.mktemp("excerpts-template")
    store = SqlStore(f"sqlite:///{where / 'catalog.db'}")
    set_language("en")
    load_excerpts(Catalog(store), where / "rejects")
    store.close()
    return where


@pytest.fixture
def catalog(excerpts_template: Path, tmp_path: Path) -> Iterator[Catalog]:
    """A catalogue holding the excerpts of every bundled dataset, and the ICS classification, in ``tmp_path``
    (``catalog.db``): a copy of ``excerpts_template``, which a test may change."""
    copy_catalogue(excerpts_template, tmp_path)
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    yield Catalog(store)
    store.close()


@pytest.fixture(scope="module")
def excerpts(excerpts_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    """The catalogue of ``catalog``, once per module for the tests that only read it: a copy of
    ``excerpts_template``."""
    where = tmp_path_factory.mktemp("excerpts")
    copy_catalogue(excerpts_template, where)
    store = SqlStore(f"sqlite:///{where / 'catalog.db'}")
    yield Catalog(store)
    store.close()


@pytest.fixture(scope="session")
def db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the catalogue of ``db``, imported through the command line once per session."""
    where = tmp_path_factory.mktemp("db-template")
    path = str(where / "catalog.db")
    runner = CliRunner()
    for format_, name in EXCERPT_FORMATS.items():
        result = runner.invoke(
            cli, ["--db", path, "import", str(EXCERPTS / name), "--format", format_, "--rejects-dir", str(where)]
        )
        assert result.exit_code == 0, result.output
    return where


@pytest.fixture
def db(db_template: Path, tmp_path: Path) -> str:
    """A catalogue file holding the excerpts, built through the command line: a copy of ``db_template`` in
    ``tmp_path``, which a test may change."""
    copy_catalogue(db_template, tmp_path)
    return str(tmp_path / "catalog.db")


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
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database in each store, which opening migrates: a new SQLite file, and a new database
    in the PostgreSQL cluster. For the tests of the migrations; the others take ``store_url``."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.db'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.database()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty catalogue at the schema's head in each store: a SQLite file, and a new database in the
    PostgreSQL cluster; each a copy of one migrated once per session (``empty_store_url`` tests the migrations)."""
    if request.param == "sqlite":
        shutil.copy2(request.getfixturevalue("migrated_sqlite"), tmp_path / "catalog.db")
        return f"sqlite:///{tmp_path / 'catalog.db'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.catalogue_database()
