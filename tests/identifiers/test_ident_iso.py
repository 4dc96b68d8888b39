"""ISO identifiers (real designations from the ISO catalogue)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import base_of, describe, edition_key, parse, render, work_key
from stdbridge.models import DocType


@pytest.mark.parametrize(
    ("text", "edition", "work"),
    [
        ("ISO 9001:2015", "ISO 9001:2015", "ISO 9001"),
        ("ISO/IEC 27001:2022/Amd 1:2024", "ISO/IEC 27001:2022/Amd 1:2024", "ISO/IEC 27001"),
        ("ISO/TS 10272-2:2006", "ISO/TS 10272-2:2006", "ISO/TS 10272-2"),
        ("ISO/DIS 10012", "ISO/DIS 10012", "ISO 10012"),
        ("ISO/CD TS 10303-1001", "ISO/CD TS 10303-1001", "ISO/TS 10303-1001"),
        ("ISO/DTS 11353", "ISO/DTS 11353", "ISO/TS 11353"),
        ("ISO/IEC DIS 10373-6", "ISO/IEC DIS 10373-6", "ISO/IEC 10373-6"),
        ("ISO/CD 10993-1.2", "ISO/CD 10993-1.2", "ISO 10993-1"),
        ("ISO Guide 30:1992/Amd 1:2008", "ISO Guide 30:1992/Amd 1:2008", "ISO Guide 30"),
        (
            "ISO/IEC Guide 98-3:2008/Suppl 1:2008/Cor 1:2009",
            "ISO/IEC Guide 98-3:2008/Suppl 1:2008/Cor 1:2009",
            "ISO/IEC Guide 98-3",
        ),
        ("ISO/R 775:1969/Add 1:1974", "ISO/R 775:1969/Add 1:1974", "ISO/R 775"),
        ("IWA 14-1:2013", "IWA 14-1:2013", "IWA 14-1"),
        ("CD IWA 45", "CD IWA 45", "IWA 45"),
        ("ISO 105-E01:1987", "ISO 105-E01:1987", "ISO 105-E01"),
        ("ISO/IEC/IEEE 8802-1Q:2016/Amd 1:2017", "ISO/IEC/IEEE 8802-1Q:2016/Amd 1:2017", "ISO/IEC/IEEE 8802-1Q"),
        ("ISO 10087:2022/CD Amd 1", "ISO 10087:2022/CD Amd 1", "ISO 10087"),
        ("ISO 3758:1991/Suppl:1993", "ISO 3758:1991/Suppl:1993", "ISO 3758"),
    ],
)
def test_canonical_and_keys(text: str, edition: str, work: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert edition_key(ident) == edition
    assert work_key(ident) == work
    assert ident.body == "ISO" and ident.country == "INT"


def test_structure_of_an_amended_copublication() -> None:
    ident = parse("ISO/IEC 10035-1:1995/Amd 1:1997/Cor 1:1999")
    assert ident.scheme == "iso"
    assert ident.prefix == "ISO/IEC"
    assert ident.copublishers == ("IEC",)
    assert (ident.number, ident.part, ident.year) == ("10035", "1", 1995)
    assert [(s.kind, s.number, s.year) for s in ident.supplements] == [("Amd", 1, 1997), ("Cor", 1, 1999)]
    assert ident.doctype is DocType.CORRIGENDUM
    assert render(base_of(ident)) == "ISO/IEC 10035-1:1995"
    assert base_of(ident).doctype is DocType.STANDARD


@pytest.mark.parametrize(
    ("text", "doctype", "stage"),
    [
        ("ISO/TS 10004:2010", DocType.TECHNICAL_SPECIFICATION, None),
        ("ISO/TR 10013:2001", DocType.TECHNICAL_REPORT, None),
        ("ISO/PAS 11154:2006", DocType.PUBLICLY_AVAILABLE_SPECIFICATION, None),
        ("ISO Guide 10:1977", DocType.GUIDE, None),
        ("ISO/R 1016:1969", DocType.RECOMMENDATION, None),
        ("IWA 11:2012", DocType.WORKSHOP_AGREEMENT, None),
        ("ISO/FDIS 10009", DocType.DRAFT, "FDIS"),
        ("ISO/IEC CD 12087-5", DocType.DRAFT, "CD"),
        ("ISO 1000:1992/Amd 1:1998", DocType.AMENDMENT, None),
        ("ISO 10002:2004/Cor 1:2009", DocType.CORRIGENDUM, None),
    ],
)
def test_doctype_and_stage(text: str, doctype: DocType, stage: str | None) -> None:
    ident = parse(text)
    assert ident.doctype is doctype
    assert ident.stage == stage


def test_ts_is_another_work_than_the_standard() -> None:
    assert work_key(parse("ISO/TS 9001")) != work_key(parse("ISO 9001"))
    assert work_key(parse("ISO/DIS 9001")) == work_key(parse("ISO 9001:2015"))
    assert work_key(parse("ISO 9001:2015/Amd 1:2024")) == "ISO 9001"


@pytest.mark.parametrize(
    "text", ["iso9001:2015", "iso 9001 2015", "ISO 9001 2015", " ISO  9001:2015 ", "ＩＳＯ　９００１：２０１５"]
)
def test_sloppy_input_renders_canonically(text: str) -> None:
    assert render(parse(text)) == "ISO 9001:2015"


def test_language_and_all_parts() -> None:
    ident = parse("ISO 9001:2015 (en)")
    assert ident.language == "en"
    assert render(ident) == "ISO 9001:2015(en)"  # glued, as on the ISO Online Browsing Platform
    assert edition_key(ident) == "ISO 9001:2015"
    assert parse("ISO 9001:2015(E)").language == "en"
    parts = parse("ISO 10303 (all parts)")
    assert parts.all_parts and render(parts) == "ISO 10303 (all parts)"


def test_describe_is_json_ready() -> None:
    import json

    d = describe(parse("ISO/IEC 27001:2022/Amd 1:2024"), "ISO/IEC 27001:2022/Amd 1:2024")
    assert d["canonical"] == "ISO/IEC 27001:2022/Amd 1:2024"
    assert d["copublishers"] == ["IEC"]
    assert d["supplements"] == [{"kind": "Amd", "number": 1, "year": 2024, "type": "amendment"}]
    assert d["type"] == "amendment"
    json.dumps(d)
