"""European identifiers (published CEN/CENELEC designations)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import base_of, edition_key, parse, render, work_key
from stdbridge.models import Degree, DocType


@pytest.mark.parametrize(
    ("text", "body", "doctype", "work"),
    [
        ("EN 1090-1:2009+A1:2011", "CEN", DocType.AMENDMENT, "EN 1090-1"),
        ("EN 1992-1-1:2004/AC:2010", "CEN", DocType.CORRIGENDUM, "EN 1992-1-1"),
        ("EN 1993-1-1:2005+A1:2014", "CEN", DocType.AMENDMENT, "EN 1993-1-1"),
        ("EN ISO 9001:2015", "CEN", DocType.STANDARD, "EN ISO 9001"),
        ("EN IEC 61000-6-2:2019", "CENELEC", DocType.STANDARD, "EN IEC 61000-6-2"),
        ("EN ISO/IEC 17025:2017", "CEN", DocType.STANDARD, "EN ISO/IEC 17025"),
        ("EN 50110-1:2013", "CENELEC", DocType.STANDARD, "EN 50110-1"),
        ("EN 60204-1:2018", "CENELEC", DocType.STANDARD, "EN 60204-1"),
        ("prEN 1090-2:2017", "CEN", DocType.DRAFT, "EN 1090-2"),
        ("CEN/TS 16555-1:2013", "CEN", DocType.TECHNICAL_SPECIFICATION, "CEN/TS 16555-1"),
        ("CEN/TR 15449-1:2014", "CEN", DocType.TECHNICAL_REPORT, "CEN/TR 15449-1"),
        ("CLC/TS 50459-1:2005", "CENELEC", DocType.TECHNICAL_SPECIFICATION, "CLC/TS 50459-1"),
        ("CWA 16926-1:2015", "CEN", DocType.WORKSHOP_AGREEMENT, "CWA 16926-1"),
        ("HD 60364-4-41:2017", "CENELEC", DocType.STANDARD, "HD 60364-4-41"),
        ("EN 1991-1-4:2005+A1:2010/AC:2010", "CEN", DocType.CORRIGENDUM, "EN 1991-1-4"),
    ],
)
def test_designations(text: str, body: str, doctype: DocType, work: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert ident.body == body and ident.country == "EU"
    assert ident.doctype is doctype
    assert work_key(ident) == work
    assert edition_key(ident) == text


def test_supplements_and_base() -> None:
    ident = parse("EN 1090-1:2009+A1:2011")
    assert [(s.kind, s.number, s.year) for s in ident.supplements] == [("A", 1, 2011)]
    assert render(base_of(ident)) == "EN 1090-1:2009"


def test_en_iso_adopts_iso() -> None:
    (adoption,) = parse("EN ISO 9001:2015").adoptions
    assert render(adoption.identifier) == "ISO 9001:2015"
    assert adoption.degree is Degree.IDT and adoption.form == "prefix"


def test_cen_only_amendment_does_not_carry_over() -> None:
    (adoption,) = parse("EN ISO 13485:2016/A11:2021").adoptions
    assert render(adoption.identifier) == "ISO 13485:2016"


def test_numbered_amendment_carries_over() -> None:
    (adoption,) = parse("EN ISO 9001:2015/A1:2024").adoptions
    assert render(adoption.identifier) == "ISO 9001:2015/Amd 1:2024"


def test_en_iec_adopts_iec() -> None:
    (adoption,) = parse("EN IEC 61000-6-2:2019").adoptions
    assert render(adoption.identifier) == "IEC 61000-6-2:2019"
