"""Korean identifiers (published KS designations)."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import edition_key, parse, render, work_key
from stdbridge.models import Degree


@pytest.mark.parametrize(
    ("text", "adopted"),
    [
        ("KS Q ISO 9001:2015", ["ISO 9001"]),
        ("KS C IEC 61000-4-2:2008", ["IEC 61000-4-2"]),
        ("KS X ISO/IEC 27001:2014", ["ISO/IEC 27001"]),
        ("KS B 0001:2019", []),
    ],
)
def test_designations(text: str, adopted: list[str]) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert ident.body == "KATS" and ident.country == "KR"
    assert [render(a.identifier) for a in ident.adoptions] == adopted
    assert all(a.degree is Degree.IDT and a.form == "prefix" for a in ident.adoptions)


def test_keys() -> None:
    ident = parse("KS Q ISO 9001:2015")
    assert ident.prefix == "KS Q ISO" and ident.year == 2015
    assert edition_key(ident) == "KS Q ISO 9001:2015"
    assert work_key(ident) == "KS Q ISO 9001"
