"""GOST identifiers (published designations, Cyrillic and Latin)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import compact_key, edition_key, lookup_keys, parse, render, work_key
from stdbridge.importers.base import build_standard
from stdbridge.models import Degree


@pytest.mark.parametrize(
    "text",
    [
        "ГОСТ Р ИСО 9001-2015",
        "ГОСТ ISO 9001-2011",
        "ГОСТ IEC 60335-1-2015",
        "ГОСТ Р ИСО/МЭК 17025-2019",
        "ГОСТ Р 1.0-2012",
        "ГОСТ 31610.18-2016/IEC 60079-18:2014",
        "ГОСТ Р 51318.14.1-2006 (СИСПР 14-1:2005)",
        "ГОСТ 30804.4.2-2013 (IEC 61000-4-2:2008)",
        "ГОСТ Р 52000-2003 (ИСО 9001:2000)",
        "ГОСТ 2.105-95",
        "GOST R ISO 9001-2015",
        "GOST R 1.0-2012",
    ],
)
def test_round_trip(text: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert parse(render(ident)) == ident


def test_bodies() -> None:
    assert (parse("ГОСТ Р 1.0-2012").body, parse("ГОСТ Р 1.0-2012").country) == ("Rosstandart", "RU")
    assert (parse("ГОСТ 2.105-95").body, parse("ГОСТ 2.105-95").country) == ("EASC", "EASC")
    assert parse("ГОСТ 2.105-95").year == 1995


def test_script_neutral_keys() -> None:
    cyr, lat = parse("ГОСТ Р ИСО 9001-2015"), parse("GOST R ISO 9001-2015")
    assert render(cyr) == "ГОСТ Р ИСО 9001-2015" and render(lat) == "GOST R ISO 9001-2015"
    assert edition_key(cyr) == edition_key(lat) == "GOST R ISO 9001-2015"
    assert work_key(cyr) == work_key(lat) == "GOST R ISO 9001"
    standards = [build_standard(ident, dataset="test", source_record="") for ident in (cyr, lat)]
    assert lookup_keys(standards[0]) == lookup_keys(standards[1])
    assert compact_key("ГОСТ Р ИСО 9001-2015") == compact_key("gost r iso 9001-2015")


@pytest.mark.parametrize(
    ("text", "adopted", "degree", "form"),
    [
        ("ГОСТ Р ИСО 9001-2015", "ISO 9001", Degree.IDT, "prefix"),
        ("ГОСТ ISO 9001-2011", "ISO 9001", Degree.IDT, "prefix"),
        ("ГОСТ IEC 60335-1-2015", "IEC 60335-1", Degree.IDT, "prefix"),
        ("ГОСТ 31610.18-2016/IEC 60079-18:2014", "IEC 60079-18:2014", Degree.IDT, "slash"),
        ("ГОСТ 30804.4.2-2013 (IEC 61000-4-2:2008)", "IEC 61000-4-2:2008", Degree.MOD, "parenthesis"),
        ("ГОСТ Р 51318.14.1-2006 (СИСПР 14-1:2005)", "CISPR 14-1:2005", Degree.MOD, "parenthesis"),
        ("ГОСТ Р 52000-2003 (ИСО 9001:2000)", "ISO 9001:2000", Degree.MOD, "parenthesis"),
    ],
)
def test_declared_adoptions(text: str, adopted: str, degree: Degree, form: str) -> None:
    (adoption,) = parse(text).adoptions
    assert render(adoption.identifier) == adopted
    assert adoption.degree is degree and adoption.form == form


def test_gost_structure() -> None:
    ident = parse("ГОСТ 31610.18-2016/IEC 60079-18:2014")
    assert (ident.number, ident.part, ident.year) == ("31610", "18", 2016)
    assert ident.prefix == "ГОСТ"


@pytest.mark.parametrize(
    ("text", "adopted", "doctype"),
    [
        ("ГОСТ Р ИСО/ТУ 16949-2009", "ISO/TS 16949", "technical-specification"),
        ("ГОСТ Р ИСО/ТО 10013-2007", "ISO/TR 10013", "technical-report"),
        ("ГОСТ Р ИСО/МЭК ТО 13335-5-2006", "ISO/IEC TR 13335-5", "technical-report"),
        ("ГОСТ ISO Guide 30-2019", "ISO Guide 30", "standard"),
        ("ГОСТ IEC/TS 60079-32-1-2015", "IEC/TS 60079-32-1", "technical-specification"),
    ],
)
def test_document_types_of_adopted_documents(text: str, adopted: str, doctype: str) -> None:
    ident = parse(text)
    assert render(ident) == text and parse(render(ident)) == ident
    (adoption,) = ident.adoptions
    assert (render(adoption.identifier), adoption.degree, adoption.form) == (adopted, Degree.IDT, "prefix")
    assert ident.doctype.value == doctype


def test_iso_ts_written_tu_keys_as_ts() -> None:
    assert parse("ГОСТ Р ИСО/ТУ 16949-2009").edition_key == "GOST R ISO/TS 16949-2009"
    assert parse("ГОСТ Р ИСО/ТУ 16949-2009").work_key == parse("GOST R ISO/TS 16949-2009").work_key


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("ГОСТ Р 71039— 2023", "ГОСТ Р 71039-2023"),
        ("ГОСТ 34.602 — 2020", "ГОСТ 34.602-2020"),
        ("гост iso guide 30-2019", "ГОСТ ISO Guide 30-2019"),
    ],
)
def test_spaced_dashes_and_case(text: str, canonical: str) -> None:
    assert render(parse(text)) == canonical and parse(text) == parse(canonical)


def test_soviet_era_years_of_the_originals() -> None:
    ident = parse("ГОСТ 30331.1-95 (МЭК 364-1-72, МЭК 364-2-70)")
    assert [render(a.identifier) for a in ident.adoptions] == ["IEC 364-1:1972", "IEC 364-2:1970"]
    assert render(ident) == "ГОСТ 30331.1-95 (МЭК 364-1-72, МЭК 364-2-70)"
    assert ident.edition_key == "GOST 30331.1-1995 (IEC 364-1:1972, IEC 364-2:1970)"
    assert render(parse("ГОСТ Р 51317.4.5-99 (МЭК 61000-4-5-95)").adoptions[0].identifier) == "IEC 61000-4-5:1995"
    # only a GOST that writes its own year with two digits writes the original's so; a part is not a year
    assert render(parse("ГОСТ 31610.10-1-2022/IEC 60079-10-1:2020").adoptions[0].identifier) == "IEC 60079-10-1:2020"
    assert render(parse("ГОСТ Р МЭК 60335-2-80-2008").adoptions[0].identifier) == "IEC 60335-2-80"
