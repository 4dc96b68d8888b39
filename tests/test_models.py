"""The stored form of a standard: ``standard_to_record`` (written by hand) and ``standard_from_record`` (driven by
``_RECORD_FIELDS``) must stay each other's inverse."""

from __future__ import annotations

import dataclasses

import orjson
import pytest
from tests.conftest import EXCERPT_FORMATS, EXCERPTS

from stdbridge.importers.base import Row, registry
from stdbridge.models import _RECORD_FIELDS, Standard, standard_from_record, standard_to_record

NOT_IN_RECORD = {"relations", "id", "imported_at"}  # kept by the store in their own tables and columns


def excerpt_standards(format_: str) -> list[Standard]:
    importer = registry()[format_]()
    rows = importer.read(EXCERPTS / EXCERPT_FORMATS[format_])
    return [row.item for row in rows if isinstance(row, Row) and isinstance(row.item, Standard)]


def test_the_record_holds_every_field_of_a_standard_but_its_relations_and_store_columns() -> None:
    own = [f.name for f in dataclasses.fields(Standard) if f.name not in NOT_IN_RECORD]
    assert list(_RECORD_FIELDS) == own
    assert tuple(standard_to_record(excerpt_standards("iso")[0])) == _RECORD_FIELDS


@pytest.mark.parametrize("format_", sorted(EXCERPT_FORMATS))
def test_a_standard_survives_its_record(format_: str) -> None:
    standards = excerpt_standards(format_)
    assert standards
    for s in standards:
        s.id, s.imported_at = 7, "2026-01-01T00:00:00+00:00"
        stored = orjson.loads(orjson.dumps(standard_to_record(s)))  # as the store keeps it
        back = standard_from_record(stored, id=s.id, imported_at=s.imported_at)
        assert back == dataclasses.replace(s, relations=[])
