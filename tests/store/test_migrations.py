"""Alembic owns the schema: catalogues of earlier releases upgrade in place with nothing lost, and move between
SQLite and PostgreSQL (``stdbridge db``)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import MetaData, Table, create_engine, inspect, select, text
from tests.conftest import DATA
from tests.pg_cluster import Cluster

from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import StoreError
from stdbridge.models import Degree, RelationType
from stdbridge.search.engine import SearchRequest
from stdbridge.store import SqlStore, schema
from stdbridge.store.copy import table_digest
from stdbridge.store.sql import metadata

SCHEMA_4 = DATA / "catalogs" / "schema4-excerpts.db.gz"
# what the schema-4 catalogue holds (tests/data/catalogs/README.md), table by table
HELD = {"standards": 341, "relations": 426, "events": 345, "imports": 5, "decisions": 2, "sources": 347,
        "lookup_keys": 1455}  # fmt: skip


def schema_4_copy(folder: Path) -> Path:
    path = folder / "schema4.db"
    with gzip.open(SCHEMA_4) as packed, path.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    return path


def table_digests(url: str, names: list[str]) -> dict[str, tuple[int, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: table_digest(conn, metadata.tables[name]) for name in names}
    finally:
        engine.dispose()


def test_the_revisions_are_the_migrations_in_order() -> None:
    config = Config()
    config.set_main_option("script_location", schema.SCRIPTS)
    scripts = ScriptDirectory.from_config(config)
    assert tuple(reversed([s.revision for s in scripts.walk_revisions()])) == schema.REVISIONS
    assert scripts.get_current_head() == schema.HEAD


def test_the_migrations_build_the_schema_the_store_reads(empty_store_url: str) -> None:
    store = SqlStore(empty_store_url)  # an empty database: migrated to the head on opening
    try:
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
            assert schema.describe(conn) == schema.SchemaState(schema.HEAD, "5", 0)
    finally:
        store.close()


def test_a_catalogue_of_schema_4_upgrades_in_place_with_nothing_lost(tmp_path: Path) -> None:
    path = schema_4_copy(tmp_path)
    url = f"sqlite:///{path}"
    kept = [name for name in [*HELD, "classes"] if name != "decisions"]  # the decisions' table changes shape (0003)
    before = table_digests(url, kept)
    assert {name: rows for name, (rows, _digest) in before.items() if name in HELD} == {
        name: rows for name, rows in HELD.items() if name != "decisions"
    }

    result = CliRunner().invoke(cli, ["--db", str(path), "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "from schema 4 to revision" in result.output
    assert table_digests(url, kept) == before  # every row of every other table, as it was

    store = SqlStore(url)
    try:
        assert store.revision() == (5, 3)  # five imports; three decisions made, one of them replaced since
        catalog = Catalog(store, index_path=tmp_path / "index")
        assert catalog.resolve("ISO 9001:2015").standard.identifier == "ISO 9001:2015"
        decided = [(d.id, d.source_key, d.target_key, d.verdict.value, d.degree, d.by, d.at, d.note, d.source_work,
                    d.target_work) for d in store.decision_history(["ISO 9001"])]  # fmt: skip
        assert decided == [
            (1, "JIS Q 9001:2015", "ISO 9001:2015", "accepted", Degree.IDT, "Aiko Sato", "2026-12-04T07:58:31+00:00",
             "the foreword declares IDT", "JIS Q 9001", "ISO 9001"),
            (2, "GB/T 22080-2016", "ISO 9001:2015", "rejected", None, "Li Wei", "2026-12-04T07:58:32+00:00",
             "different subject", "GB/T 22080", "ISO 9001"),
        ]  # fmt: skip
        equivalent = [r for r in store.relations_touching([catalog.get("JIS Q 9001:2015").id or 0], [])
                      if r.type == RelationType.EQUIVALENT]  # fmt: skip
        assert [(r.target_key, r.degree, r.dataset) for r in equivalent] == [("ISO 9001:2015", Degree.IDT, "review")]
        assert catalog.search_engine().search(SearchRequest("quality management")).total > 0
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "current"])
    assert f"revision {schema.HEAD}, up to date" in result.output


def test_the_embedded_catalogue_upgrades_when_opened(tmp_path: Path) -> None:
    """``stdbridge serve`` on a catalogue of the earlier release works, as it did: no step to take first."""
    path = schema_4_copy(tmp_path)
    store = SqlStore(f"sqlite:///{path}")
    try:
        assert store.revision() == (5, 3)
        with store.engine.connect() as conn:
            assert schema.describe(conn).revision == schema.HEAD
    finally:
        store.close()


def test_a_server_catalogue_of_an_earlier_revision_is_refused_until_upgraded(postgres: Cluster, tmp_path: Path) -> None:
    url = postgres.database()
    engine = create_engine(url)
    with engine.begin() as conn:  # a PostgreSQL catalogue as the last release before migrations left it
        config = Config()
        config.set_main_option("script_location", schema.SCRIPTS)
        config.attributes["connection"] = conn
        from alembic import command

        command.upgrade(config, "0001")
        source = create_engine(f"sqlite:///{schema_4_copy(tmp_path)}")
        with source.connect() as old:
            for name in ["standards", "lookup_keys", "sources", "relations", "events", "imports", "decisions"]:
                was = Table(name, MetaData(), autoload_with=old)  # the tables as schema 4 has them, on both sides
                rows = [dict(r._mapping) for r in old.execute(select(was))]
                conn.execute(Table(name, MetaData(), autoload_with=conn).insert(), rows)
            conn.execute(text("INSERT INTO meta VALUES ('decisions_made', '3')"))
        source.dispose()
    engine.dispose()
    kept = [name for name in HELD if name != "decisions"]
    before = table_digests(url, kept)

    with pytest.raises(StoreError, match="db upgrade"):
        SqlStore(url)
    result = CliRunner().invoke(cli, ["--db", url, "db", "current", "--json"])
    assert f'"behind": {len(schema.REVISIONS) - 1}' in result.output
    result = CliRunner().invoke(cli, ["--db", url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert table_digests(url, kept) == before
    store = SqlStore(url)
    try:
        assert store.revision() == (5, 3)
        assert len(store.standard_ids_by_lookup_prefix("ISO9001", 50)) > 1
        assert [(d.id, d.by) for d in store.decision_history(["ISO 9001"])] == [(1, "Aiko Sato"), (2, "Li Wei")]
    finally:
        store.close()


def test_a_catalogue_written_by_a_newer_release_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    SqlStore(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer release"):
        SqlStore(url)


def test_a_catalogue_moves_to_postgresql_and_back_with_every_row(postgres: Cluster, tmp_path: Path) -> None:
    path = schema_4_copy(tmp_path)
    server, back = postgres.database(), tmp_path / "back.db"
    names = [t.name for t in metadata.sorted_tables]
    runner = CliRunner()
    result = runner.invoke(cli, ["db", "copy", str(path), server, "--json"])
    assert result.exit_code == 0, result.output
    assert '"table": "standards",\n      "rows": 341' in result.output
    result = runner.invoke(cli, ["db", "copy", server, str(back)])
    assert result.exit_code == 0, result.output
    assert "every table has the same rows on both sides" in result.output
    original = table_digests(f"sqlite:///{path}", names)
    assert table_digests(server, names) == original == table_digests(f"sqlite:///{back}", names)

    store = SqlStore(server)  # the copy is a working catalogue: new ids follow the copied ones
    try:
        import_id = store.start_import("iso", "iso", "again", "00", "2026-12-01T00:00:00+00:00")
        assert import_id == 6
        catalog = Catalog(store, index_path=tmp_path / "server-index")
        assert catalog.resolve("GB/T 19000-2016").standard.identifier == "GB/T 19000-2016"
    finally:
        store.close()
    result = runner.invoke(cli, ["db", "copy", str(path), server])  # never into a catalogue that holds something
    assert result.exit_code == 1
    assert "is not empty" in result.output


def test_lookup_keys_sort_by_code_point_on_every_store(store_url: str) -> None:
    store = SqlStore(store_url)
    try:
        with store.engine.connect() as conn:
            column = next(c for c in inspect(conn).get_columns("lookup_keys") if c["name"] == "key")
        if store.engine.dialect.name == "postgresql":
            assert column["type"].collation == "C"
    finally:
        store.close()
