"""Foreign-language versions read from a catalogue's cell, by the tabular importer's mapping as by the GB layout
(two real GB records of the bundled sample; the versions in their cell are test input, see tests/data/profiles)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DATA

from stdbridge.catalog import Catalog
from stdbridge.importers.foreign_versions import foreign_versions, language_code

FILE = DATA / "profiles" / "gb_foreign_versions.csv"
MAPPING = {"identifier": "标准号", "titles": {"zh": "中文标准名称", "en": "英文标准名称"}, "foreign_versions": "外文版"}


def test_the_tabular_mapping_names_the_column_of_the_versions(empty_catalog: Catalog, tmp_path: Path) -> None:
    summary = empty_catalog.import_path(FILE, "tabular", rejects_dir=tmp_path, mapping=MAPPING)
    assert summary.added == 2 and summary.values_rejected == 1
    report = Path(str(summary.rejects_report)).read_text(encoding="utf-8")
    assert "火星文" in report and "外文版" in report
    kept = empty_catalog.resolve("GB/T 40134-2021").standard.extra["foreign_versions"]
    assert kept == [{"language": "en", "status": "in-preparation"}]


def test_languages_and_statuses_are_read_in_english_and_chinese() -> None:
    assert [language_code(n) for n in ("英文", "英语", "English", "en", "eng", "法文", "Русский")] == [
        "en", "en", "en", "en", "en", "fr", None]  # fmt: skip
    dropped: list[tuple[str, str]] = []
    found = foreign_versions("French (in preparation, AFNOR)、de（已发布）; xx (published); en (lost)",
                             lambda value, why: dropped.append((value, why)))  # fmt: skip
    assert found == [{"language": "fr", "status": "in-preparation", "issuer": "AFNOR"},
                     {"language": "de", "status": "published"}]  # fmt: skip
    assert [value for value, _why in dropped] == ["xx (published)", "en (lost)"]


def test_the_record_shows_its_versions_in_the_reader_s_language(empty_catalog: Catalog, tmp_path: Path) -> None:
    from stdbridge.fields import described_fields
    from stdbridge.i18n import set_language

    empty_catalog.import_path(FILE, "gb", rejects_dir=tmp_path)
    record = empty_catalog.resolve("GB/T 17626.2-2018").standard
    (shown,) = [f for f in described_fields(record) if f.key == "foreign_versions"]
    assert shown.value == "English (published); Russian (in preparation, by 国家标准化管理委员会)"
    set_language("zh")
    (shown,) = [f for f in described_fields(record) if f.key == "foreign_versions"]
    assert shown.label == "外文版" and shown.value == "英语（已发布）；俄语（制定中，国家标准化管理委员会发布）"
