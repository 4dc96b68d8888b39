"""German identifiers (published DIN designations)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import edition_key, parse, render, work_key
from stdbridge.models import Degree, DocType


@pytest.mark.parametrize(
    "text",
    [
        "DIN EN ISO 9001:2015-11",
        "DIN EN 1090-1:2012-02",
        "DIN ISO 10007:2019-01",
        "DIN IEC 60050-351:2014-09",
        "DIN SPEC 91020:2012-07",
        "DIN VDE 0100-410:2018-10",
        "DIN 820-2:2018-09",
        "DIN 1045-2:2008-08",
        "E DIN EN ISO 9001:2014-08",
    ],
)
def test_round_trip(text: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert ident.body == "DIN" and ident.country == "DE"


def test_year_month_and_undated_adoptions() -> None:
    ident = parse("DIN EN ISO 9001:2015-11")
    assert (ident.year, ident.month) == (2015, 11)
    assert [(render(a.identifier), a.degree) for a in ident.adoptions] == [
        ("EN ISO 9001", Degree.IDT),
        ("ISO 9001", Degree.IDT),
    ]
    assert work_key(ident) == "DIN EN ISO 9001"
    assert edition_key(ident) == "DIN EN ISO 9001:2015-11"


def test_draft() -> None:
    ident = parse("E DIN EN ISO 9001:2014-08")
    assert ident.stage == "E" and ident.doctype is DocType.DRAFT
    assert work_key(ident) == "DIN EN ISO 9001"
