"""JIS identifiers (real designations from the JIS catalogue)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import base_of, parse, render, work_key
from stdbridge.models import DocType


@pytest.mark.parametrize(
    "text",
    [
        "JIS Q 9001:2015",
        "JIS C 61000-4-2:2012",
        "JIS K 0101:1998/AMENDMENT 1:2017",
        "JIS B 3700-101:1996/CORRIGENDUM 1:2002",
        "JIS Z 8210:2017 SYMBOL 51100",
        "JIS Z 8210:2017/AMENDMENT 2:2019R SYMBOL 61900",
        "JIS L 4107:2000R/AMENDMENT 1:2020",
        "JIS B 0202:1999/EXPL",
        "JIS K 2249-4:2011/EXPLANATION 1",
        "TR X 0001:1996",
        "TS C 0017:2006",
        "JIS Z 6404",
    ],
)
def test_round_trip(text: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert ident.body == "JISC" and ident.country == "JP"


def test_structure() -> None:
    ident = parse("JIS C 61000-4-2:2012")
    assert (ident.prefix, ident.number, ident.part, ident.year) == ("JIS C", "61000", "4-2", 2012)
    amd = parse("JIS K 0101:1998/AMENDMENT 1:2017")
    assert amd.doctype is DocType.AMENDMENT
    assert work_key(amd) == "JIS K 0101"
    assert render(base_of(amd)) == "JIS K 0101:1998"
    assert parse("TR X 0001:1996").doctype is DocType.TECHNICAL_REPORT
    assert parse("TS C 0017:2006").doctype is DocType.TECHNICAL_SPECIFICATION
