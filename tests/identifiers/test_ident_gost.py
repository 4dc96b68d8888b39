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
