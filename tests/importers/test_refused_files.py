"""Files that hold nothing an importer can read are refused (exit 1, ``Error: FILE:LINE: ...``), not imported as
nothing with exit 0: empty files, files of another format, JSON nested past any depth. The catalogue is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import EXCERPTS

from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import ImportFailed
from stdbridge.i18n import set_language
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import CcsImporter, IcsImporter

BUNDLED_FORMATS = ("iso", "iec", "jis", "itu", "gb-sample", "ics", "ccs", "iso-committees")


def refusal(catalog: Catalog, path: Path, format_: str) -> ImportFailed:
    before = catalog.stats()
    with pytest.raises(ImportFailed) as caught:
        catalog.import_path(path, format_, rejects_dir=path.parent / "rejects")
    assert caught.value.source == str(path)
    assert catalog.stats() == before
    return caught.value


@pytest.mark.parametrize("format_", BUNDLED_FORMATS)
def test_an_empty_file_is_refused(empty_catalog: Catalog, tmp_path: Path, format_: str) -> None:
    path = tmp_path / ("empty.csv" if format_ in ("ics", "ccs") else "empty.jsonl")
    path.write_bytes(b"")
    error = refusal(empty_catalog, path, format_)
    assert any(word in error.message for word in ("empty", "no record", "found none", "must start"))


@pytest.mark.parametrize(
    ("format_", "wrong"),
    [
        ("iso", bundled_path(IcsImporter.bundled_file)),  # the ICS table given as the ISO catalogue
        ("gb-sample", bundled_path(IcsImporter.bundled_file)),
        ("ics", EXCERPTS / "iso_catalog.jsonl"),  # and the other way round
        ("ccs", EXCERPTS / "iso_catalog.jsonl"),
        ("iso-committees", EXCERPTS / "iso_catalog.jsonl"),
    ],
)
def test_a_file_of_another_format_is_refused_naming_line_and_value(
    empty_catalog: Catalog, tmp_path: Path, format_: str, wrong: Path
) -> None:
    path = tmp_path / wrong.name
    path.write_bytes(wrong.read_bytes())
    error = refusal(empty_catalog, path, format_)
    assert error.line is not None and error.line >= 1
    assert str(error).startswith(f"{path}:{error.line}: ")


def test_the_command_line_says_so_in_either_language_and_exits_1(tmp_path: Path) -> None:
    wrong = tmp_path / CcsImporter.bundled_files[0]
    wrong.write_bytes(bundled_path(CcsImporter.bundled_files[0]).read_bytes())
    db = str(tmp_path / "catalog.db")
    for lang, words in (("en", "not one of its"), ("zh", "没有一行")):
        result = CliRunner().invoke(cli, ["--lang", lang, "--db", db, "import", str(wrong), "--format", "iso"])
        assert result.exit_code == 1, result.output
        assert str(wrong) + ":1: " in result.output and words in result.output
        assert "Traceback" not in result.output
    set_language("en")


def test_json_nested_past_any_depth_is_a_rejected_line_not_a_traceback(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"identifier": "id", "titles": {"en": "title_en"}}', encoding="utf-8")
    first = (EXCERPTS / "iso_catalog.jsonl").read_text(encoding="utf-8").splitlines()[0]
    nested = tmp_path / "nested.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    nested.write_text('{"id": "ISO 9001:2015", "title_en": "Quality", "x": ' + deep + "}\n" + first + "\n")
    db = str(tmp_path / "catalog.db")
    result = CliRunner().invoke(cli, ["--db", db, "import", str(nested), "--format", "tabular", "--mapping",
                                      str(mapping), "--rejects-dir", str(tmp_path)])  # fmt: skip
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = next(tmp_path.glob("rejects-*.csv")).read_text(encoding="utf-8")
    assert f"{nested},1," in report and "JSON nested too deeply" in report


@pytest.mark.parametrize(("format_", "source"), [("iso", "iso_catalog.jsonl"), ("gb-sample", "gb_records.jsonl")])
def test_a_title_past_the_limit_rejects_its_record_naming_it(
    empty_catalog: Catalog, tmp_path: Path, format_: str, source: str
) -> None:
    lines = (EXCERPTS / source).read_text(encoding="utf-8").splitlines()[:3]
    record = json.loads(lines[1])
    title_field = "title_en" if "title_en" in record else next(k for k in record if "title" in k)
    if isinstance(record[title_field], dict):
        record[title_field] = {lang: "x" * 10_000_000 for lang in record[title_field]}
    else:
        record[title_field] = "x" * 10_000_000  # a 10 MB title
    path = tmp_path / source
    path.write_text("\n".join([lines[0], json.dumps(record), lines[2]]) + "\n", encoding="utf-8")
    summary = empty_catalog.import_path(path, format_, rejects_dir=tmp_path)
    assert (summary.added, summary.rejected) == (2, 1)
    assert summary.rejects_report is not None
    report = Path(summary.rejects_report).read_text(encoding="utf-8")
    assert f"{path},2," in report and "title has 10,000,000 characters; at most 2,000 are accepted" in report
    assert max(len(t) for s in empty_catalog.store.iter_standards() for t in s.titles.values()) < 2_000
