"""British identifiers (published BSI designations)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import base_of, parse, render, work_key
from stdbridge.models import Degree, DocType


@pytest.mark.parametrize(
    "text",
    [
        "BS EN ISO 9001:2015",
        "BS EN 1993-1-1:2005+A1:2014",
        "BS ISO 31000:2018",
        "BS EN IEC 61000-6-2:2019",
        "BS ISO/IEC 27001:2013",
        "BS 7671:2018+A2:2022",
        "BS 8110-1:1997",
        "PD ISO/TR 18570:2017",
        "PD CEN/TS 16555-1:2013",
        "PAS 2050:2011",
        "BS IEC 62443-2-1:2010",
    ],
)
def test_round_trip(text: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert ident.body == "BSI" and ident.country == "GB"
    assert parse(render(ident)) == ident


def test_bs_en_iso_declares_both_adoptions_nearest_first() -> None:
    ident = parse("BS EN ISO 9001:2015")
    assert [(render(a.identifier), a.degree, a.form) for a in ident.adoptions] == [
        ("EN ISO 9001:2015", Degree.IDT, "prefix"),
        ("ISO 9001:2015", Degree.IDT, "prefix"),
    ]
    assert work_key(ident) == "BS EN ISO 9001"


def test_bs_iso_adopts_iso() -> None:
    assert [render(a.identifier) for a in parse("BS ISO 31000:2018").adoptions] == ["ISO 31000:2018"]


def test_amended_british_standard() -> None:
    ident = parse("BS EN 1993-1-1:2005+A1:2014")
    assert ident.doctype is DocType.AMENDMENT
    assert render(base_of(ident)) == "BS EN 1993-1-1:2005"
    assert render(ident.adoptions[0].identifier) == "EN 1993-1-1:2005+A1:2014"


def test_bsi_pas_is_not_iso_pas() -> None:
    assert parse("PAS 2050:2011").body == "BSI"
    assert parse("ISO/PAS 11154:2006").body == "ISO"
    assert parse("PD ISO/TR 18570:2017").doctype is DocType.TECHNICAL_REPORT


@pytest.mark.parametrize(
    ("text", "number", "part", "work"),
    [
        ("BS 381C:1996", "381C", None, "BS 381C"),
        ("BS 1000A:1961", "1000A", None, "BS 1000A"),
        ("BS 4500B:1970", "4500B", None, "BS 4500B"),
        ("BS 4300/1:1967", "4300", "1", "BS 4300/1"),
        ("BS 1428:B2:1953", "1428", "B2", "BS 1428:B2"),
    ],
)
def test_older_numbering_renders_as_written(text: str, number: str, part: str | None, work: str) -> None:
    ident = parse(text)
    assert (ident.number, ident.part, ident.year) == (number, part, int(text[-4:]))
    assert render(ident) == text and work_key(ident) == work
    assert parse(render(ident)) == ident


def test_a_companion_letter_is_not_a_part() -> None:
    assert work_key(parse("BS 4500A:1970")) != work_key(parse("BS 4500B:1970"))
    assert work_key(parse("BS 4300/1:1967")) != work_key(parse("BS 4300-1:1967"))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("BS 5750: Part 1: 1987", "BS 5750-1:1987"),
        ("BS 812: Part 103.1: 1985", "BS 812-103.1:1985"),
        ("BS 5750 Part 4:1990", "BS 5750-4:1990"),
        ("BS 7671 : 2018", "BS 7671:2018"),
    ],
)
def test_older_citations_of_parts(text: str, canonical: str) -> None:
    assert render(parse(text)) == canonical
    assert parse(text) == parse(canonical)


def test_supplement_of_a_slash_numbered_standard_keeps_its_base() -> None:
    assert render(base_of(parse("BS 4300/1:1967+A1:1970"))) == "BS 4300/1:1967"


def test_sections_and_joint_numbers() -> None:
    assert render(parse("BS 5400: Part 9: Section 9.1: 1983")) == "BS 5400-9.1:1983"
    joint = parse("BS 143&1256:2000")
    assert (joint.number, render(joint), work_key(joint)) == ("143 & 1256", "BS 143 & 1256:2000", "BS 143 & 1256")
