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
