"""Junk fed to every registered importer, bundled ones included.

Each importer must either refuse the whole file with an ``ImportFailed`` that names it, or give exactly one
outcome per record (a ``Row`` or a ``Rejected`` with file, line and reason) and never raise anything else.
Through the catalogue, a refused file must leave everything already imported as it was.
"""

from __future__ import annotations

import csv
import gzip
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS

from stdbridge.catalog import Catalog
from stdbridge.errors import ImportFailed, StdbridgeError
from stdbridge.importers.base import Importer, Row, registry
from stdbridge.models import Rejected

MAPPING = '{"identifier": "id", "titles": {"en": "title_en"}}'


def every_importer(tmp_path: Path) -> list[Importer]:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(MAPPING, encoding="utf-8")
    found = []
    for name, cls in sorted(registry().items()):
        found.append(cls(mapping=str(mapping)) if name == "tabular" else cls())
    return found


def junk_files() -> dict[str, Callable[[], bytes]]:
    rng = random.Random(11)
    return {
        "empty.jsonl": lambda: b"",
        "bom-only.csv": lambda: b"\xef\xbb\xbf",
        "random.jsonl": lambda: rng.randbytes(2048),
        "random.csv.gz": lambda: rng.randbytes(2048),
        "truncated.jsonl.gz": lambda: gzip.compress(b'{"id": "ISO 9001:2015", "title_en": "Quality"}\n' * 50)[:-20],
        "png.csv": lambda: bytes.fromhex("89504e470d0a1a0a0000000d4948445200"),
        "arrays.jsonl": lambda: b'[1, 2, 3]\n"text"\nnull\n',
        "wrong-fields.jsonl": lambda: b'{"name": "x"}\n{"id": 42, "status": ["a"]}\n{"designation": {"a": 1}}\n',
        "long-line.jsonl": lambda: ('{"id": "ISO ' + "9" * 200_000 + '"}\n').encode(),
        "latin1.csv": lambda: "identifier,parent,titleEn,titleFr\n01,,Généralités,Généralités\n".encode("latin-1"),
        "utf16.jsonl": lambda: '{"id": "ISO 9001:2015"}\n'.encode("utf-16-le"),
        "junk-ids.jsonl": lambda: (
            '{"id": "", "status": "published"}\n{"id": "🙂🙂", "status": "valid"}\n'
            '{"id": "ISO 9001:20155", "status": "published"}\n{"designation": "GB/T", "status": "现行"}\n'
        ).encode(),
    }


@pytest.mark.parametrize("name", sorted(junk_files()))
def test_every_importer_refuses_or_accounts_for_each_record(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(junk_files()[name]())
    for importer in every_importer(tmp_path):
        try:
            out = list(importer.read(path))
        except ImportFailed as exc:
            assert exc.source == str(path), (importer.name, str(exc))
            assert str(exc).startswith(str(path))
            continue
        except StdbridgeError as exc:  # pragma: no cover - the failure message says which importer
            pytest.fail(f"{importer.name} raised {type(exc).__name__} instead of ImportFailed: {exc}")
        for outcome in out:
            assert isinstance(outcome, Row | Rejected), importer.name
            if isinstance(outcome, Rejected):
                assert outcome.source == str(path) and outcome.line >= 1 and outcome.reason, importer.name


def test_a_refused_file_leaves_the_catalogue_as_it_was(catalog: Catalog, tmp_path: Path) -> None:
    refused = 0
    for name, make in junk_files().items():
        path = tmp_path / name
        path.write_bytes(make())
        for importer in every_importer(tmp_path):
            before, events = catalog.stats(), catalog.store.events(limit=100_000)
            try:
                catalog.import_path(path, importer.name, rejects_dir=tmp_path / "rejects", **importer.options)
            except ImportFailed:
                refused += 1
                assert (catalog.stats(), catalog.store.events(limit=100_000)) == (before, events), (name, importer.name)
    assert refused > 50
    assert catalog.get("ISO 9001:2015").titles["en"] == "Quality management systems - Requirements"


def test_junk_records_go_to_the_rejects_report(empty_catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "iso.jsonl"
    good = (EXCERPTS / "iso_catalog.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[:5]
    path.write_text("".join(good) + junk_files()["junk-ids.jsonl"]().decode() + "[1]\n", encoding="utf-8")
    summary = empty_catalog.import_path(path, "iso", rejects_dir=tmp_path)
    assert summary.added == 5 and summary.rejected == 5
    assert summary.rejects_report is not None
    with Path(summary.rejects_report).open(encoding="utf-8", newline="") as handle:
        report = list(csv.reader(handle))
    assert report[0] == ["file", "line", "value", "reason"]
    assert [(line, value) for _, line, value, _ in report[1:]] == [
        ("6", ""), ("7", "🙂🙂"), ("8", "ISO 9001:20155"), ("9", ""), ("10", "[1]")
    ]  # fmt: skip
