"""Chinese identifiers (real designations from the GB records)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import compact_key, edition_key, parse, render, work_key
from stdbridge.models import DocType


@pytest.mark.parametrize(
    ("text", "body", "prefix", "number", "part", "year"),
    [
        ("GB/T 19001-2016", "SAC", "GB/T", "19001", None, 2016),
        ("GB/T 1.1-2020", "SAC", "GB/T", "1", "1", 2020),
        ("GB 4943.1-2022", "SAC", "GB", "4943", "1", 2022),
        ("GB/T 17626.2-2018", "SAC", "GB/T", "17626", "2", 2018),
        ("GB/Z 18914-2002", "SAC", "GB/Z", "18914", None, 2002),
        ("JB/T 10001-2012", "JB", "JB/T", "10001", None, 2012),
        ("YY 0505-2012", "YY", "YY", "0505", None, 2012),
        ("YY/T 0287-2017", "YY", "YY/T", "0287", None, 2017),
        ("T/CAS 115-2005", "CAS", "T/CAS", "115", None, 2005),
        ("T/CECS 10001-2019", "CECS", "T/CECS", "10001", None, 2019),
        ("DB11/T 1234-2015", "DB11", "DB11/T", "1234", None, 2015),
        ("DB31/ 123-2019", "DB31", "DB31/", "123", None, 2019),
    ],
)
def test_structure(text: str, body: str, prefix: str, number: str, part: str | None, year: int) -> None:
    ident = parse(text)
    assert (ident.body, ident.prefix, ident.number, ident.part, ident.year) == (body, prefix, number, part, year)
    assert ident.country == "CN"
    assert render(ident) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("GB 1-73", "GB 1-1973"),
        ("GB/T 24001-96", "GB/T 24001-1996"),
        ("GB 12200.1-90", "GB 12200.1-1990"),
        ("gbt19001", "GB/T 19001"),
        ("GBT19001-2016", "GB/T 19001-2016"),
        ("gb/t19001", "GB/T 19001"),
        ("GB／T 7714－2015", "GB/T 7714-2015"),
        ("GB/T 19001—2016", "GB/T 19001-2016"),
    ],
)
def test_sloppy_and_two_digit_years(text: str, canonical: str) -> None:
    assert render(parse(text)) == canonical


def test_keys() -> None:
    ident = parse("GB/T 17626.2-2018")
    assert edition_key(ident) == "GB/T 17626.2-2018"
    assert work_key(ident) == "GB/T 17626.2"
    assert compact_key("gbt19001") == compact_key("GB/T 19001") == "GBT19001"
    assert parse("GB/Z 18914-2002").doctype is DocType.TECHNICAL_REPORT
