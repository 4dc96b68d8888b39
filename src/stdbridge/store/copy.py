"""Moving a catalogue between stores (``stdbridge db copy SRC DST``): every table, row for row, then checked.

The destination must be empty: it gets the current schema first (the source is upgraded when it is an embedded
one, refused when it is a server catalogue of an earlier release, as when it is opened). Rows are read in pages
of their primary key and written in the destination's own statements; PostgreSQL's id sequences then continue
after the copied ids. Nothing is taken on trust: both sides are counted and hashed table by table
(``table_digest``: the rows, whatever order a database returns them in), and a difference raises ``StoreError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import orjson
from sqlalchemy import Connection, Table, func, insert, select, text, tuple_

from stdbridge.errors import StoreError
from stdbridge.i18n import _
from stdbridge.store.sql import SqlStore, metadata, standards

_PAGE = 5000
_MODULUS = 2**256


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table as both sides hold it after the copy."""

    name: str
    rows: int
    digest: str  # ``table_digest`` of the source; the destination's is the same, or the copy raised


def table_digest(conn: Connection, table: Table) -> tuple[int, str]:
    """How many rows ``table`` holds, and a SHA-256 of their contents that does not depend on their order (the sum
    of each row's hash): SQLite and PostgreSQL order text differently."""
    total = count = 0
    for row in _pages(conn, table):
        row_hash = hashlib.sha256(orjson.dumps(list(row), default=_bytes_hex)).digest()
        total = (total + int.from_bytes(row_hash, "big")) % _MODULUS
        count += 1
    return count, f"{total:064x}"


def _bytes_hex(value: object) -> str:
    """Bytes (a job's uploaded file), hashed as their hexadecimal text: JSON has no bytes."""
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot hash a {type(value).__name__}")


def _pages(conn: Connection, table: Table) -> Iterator[tuple[object, ...]]:
    """Every row of ``table``, a page at a time in primary-key order (all columns when it has no primary key)."""
    key = list(table.primary_key.columns) or list(table.columns)
    last: tuple[object, ...] | None = None
    while True:
        query = select(table).order_by(*key).limit(_PAGE)
        if last is not None:
            query = query.where(tuple_(*key) > tuple_(*last))
        page = [tuple(row) for row in conn.execute(query)]
        if not page:
            return
        yield from page
        positions = [list(table.columns).index(c) for c in key]
        last = tuple(page[-1][i] for i in positions)


def copy_catalogue(
    source: SqlStore, destination: SqlStore, step: Callable[[str, int], None] = lambda _name, _rows: None
) -> list[TableCopy]:
    """Copy every table of ``source`` into the empty ``destination``; returns the tables with their counts and
    digests, verified on both sides. ``step`` is told each table copied and its rows."""
    tables = [t for t in metadata.sorted_tables]
    with destination.engine.begin() as target:
        held = target.execute(select(func.count()).select_from(standards)).scalar() or 0
        made = target.execute(text("SELECT value FROM counters WHERE name IN ('imports', 'decisions')")).scalars()
        if held or any(int(v) for v in made):
            raise StoreError(
                _("{where} is not empty: copy into a new catalogue").format(where=destination.location_shown)
            )
        copied: list[TableCopy] = []
        with source.engine.connect() as reader:
            for table in tables:
                target.execute(table.delete())  # meta and counters: the new schema's rows give way to the source's
                rows = 0
                for page in _batches(_pages(reader, table)):
                    target.execute(insert(table), [dict(zip(table.columns.keys(), row, strict=True)) for row in page])
                    rows += len(page)
                if destination.engine.dialect.name == "postgresql":
                    _continue_ids(target, table)
                step(table.name, rows)
            for table in tables:
                expected = table_digest(reader, table)
                found = table_digest(target, table)
                if found != expected:
                    raise StoreError(_("the copy of table {table} differs: {expected} rows in {source}, {found} in "
                                       "{destination}; nothing was written").format(
                        table=table.name, expected=expected[0], found=found[0], source=source.location_shown,
                        destination=destination.location_shown))  # fmt: skip
                copied.append(TableCopy(table.name, expected[0], expected[1]))
    return copied


def _batches(rows: Iterator[tuple[object, ...]]) -> Iterator[list[tuple[object, ...]]]:
    page: list[tuple[object, ...]] = []
    for row in rows:
        page.append(row)
        if len(page) == _PAGE:
            yield page
            page = []
    if page:
        yield page


def _continue_ids(conn: Connection, table: Table) -> None:
    """Let PostgreSQL's sequence of an integer id go on after the ids copied in."""
    ids = [c for c in table.primary_key.columns if c.autoincrement is True or c.name == "id"]
    if len(ids) != 1 or not conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": table.name, "c": ids[0].name}).scalar():  # fmt: skip
        return
    conn.execute(
        text(f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(MAX({ids[0].name}), 1), MAX({ids[0].name}) "
             f"IS NOT NULL) FROM {table.name}"),
        {"t": table.name, "c": ids[0].name},
    )  # fmt: skip
