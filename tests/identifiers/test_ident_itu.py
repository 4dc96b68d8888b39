"""ITU-T and ITU-R identifiers (real designations from the ITU catalogue)."""

from __future__ import annotations

import pytest

from stdbridge.errors import InvalidFormat
from stdbridge.identifiers import base_of, edition_key, parse, render, work_key
from stdbridge.models import DocType


@pytest.mark.parametrize(
    ("text", "number", "year", "month"),
    [
        ("ITU-T X.509 (10/2019)", "X.509", 2019, 10),
        ("ITU-T G.100.1 (06/2015)", "G.100.1", 2015, 6),
        ("ITU-T Q.115.0 (12/2002)", "Q.115.0", 2002, 12),
        ("ITU-T G.7041/Y.1303 (04/2011)", "G.7041/Y.1303", 2011, 4),
        ("ITU-T G Suppl. 1 (12/1972)", "G Suppl. 1", 1972, 12),
        ("ITU-T V.22 bis (10/1984)", "V.22 bis", 1984, 10),
    ],
)
def test_itu_t(text: str, number: str, year: int, month: int) -> None:
    ident = parse(text)
    assert (ident.body, ident.number, ident.year, ident.month) == ("ITU-T", number, year, month)
    assert ident.doctype is DocType.RECOMMENDATION
    assert render(ident) == text
    assert work_key(ident) == f"ITU-T {number}"


def test_itu_t_amendment() -> None:
    ident = parse("ITU-T G.108.2 (2007) Amd. 1 (10/2007)")
    assert ident.year == 2007 and ident.month == 10
    assert [(s.kind, s.number, s.year) for s in ident.supplements] == [("Amd.", 1, 2007)]
    assert ident.doctype is DocType.AMENDMENT
    assert work_key(ident) == "ITU-T G.108.2"
    base = base_of(ident)
    assert render(base) == "ITU-T G.108.2 (2007)"
    assert parse(render(base)) == base


def test_itu_t_chained_supplements() -> None:
    text = "ITU-T X.237 (1995) Amd. 1/Technical Cor. 1 (06/1999)"
    ident = parse(text)
    assert render(ident) == text
    assert ident.doctype is DocType.CORRIGENDUM


def test_bare_series_letter_is_itu_t() -> None:
    ident = parse("X.509")
    assert ident.body == "ITU-T" and render(ident) == "ITU-T X.509"


def test_itu_r_revision() -> None:
    ident = parse("ITU-R BS.1114-10")
    assert (ident.number, ident.revision) == ("BS.1114", 10)
    assert edition_key(ident) == "ITU-R BS.1114-10"
    assert work_key(ident) == "ITU-R BS.1114"
    assert work_key(parse("ITU-R BS.1114-0")) == "ITU-R BS.1114"
    assert render(parse("ITU-R M.1167")) == "ITU-R M.1167"


@pytest.mark.parametrize(("text", "doctype"), [("ITU-R 01.HDB", DocType.HANDBOOK), ("ITU-R 1-3/8:", DocType.OTHER)])
def test_itu_r_odd_forms(text: str, doctype: DocType) -> None:
    ident = parse(text)
    assert ident.doctype is doctype and render(ident) == text


def test_annex_published_on_its_own_date() -> None:
    ident = parse("ITU-T G.722 (1988) Annex A (03/1993)")
    assert (ident.number, ident.year, ident.month) == ("G.722", 1988, 3)
    assert [(s.kind, s.number, s.year) for s in ident.supplements] == [("Annex A", None, 1993)]
    assert render(base_of(ident)) == "ITU-T G.722 (1988)"


def test_annex_in_the_designation() -> None:
    ident = parse("ITU-T G.729 Annex C+ (2000) Cor. 1 (03/2001)")
    assert ident.number == "G.729 Annex C+" and ident.doctype is DocType.CORRIGENDUM
    assert work_key(ident) == "ITU-T G.729 Annex C+"


def test_supplement_without_the_base_year() -> None:
    ident = parse("ITU-T G.711 Amd. 1 (11/2009)")
    assert (ident.number, ident.year, ident.month) == ("G.711", None, 11)
    assert [(s.kind, s.number, s.year) for s in ident.supplements] == [("Amd.", 1, 2009)]
    assert render(ident) == "ITU-T G.711 Amd. 1 (11/2009)"


@pytest.mark.parametrize("text", ["ITU-T hello world", "ITU-R hello", "ITU-T X.237 (1995) Amd. 1"])
def test_words_are_not_designations(text: str) -> None:
    with pytest.raises(InvalidFormat):
        parse(text)
