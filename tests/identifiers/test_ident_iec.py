"""IEC identifiers (real designations from the IEC catalogue)."""

from __future__ import annotations

import pytest

from stdbridge.errors import InvalidFormat
from stdbridge.identifiers import base_of, edition_key, parse, render, work_key
from stdbridge.models import DocType


@pytest.mark.parametrize(
    ("text", "edition", "work"),
    [
        ("IEC 60335-2-24:2020+AMD1:2023 CSV", "IEC 60335-2-24:2020+AMD1:2023 CSV", "IEC 60335-2-24"),
        ("IEC 60068-2-6:1982+AMD1:1983+AMD2:1985 CSV", "IEC 60068-2-6:1982+AMD1:1983+AMD2:1985 CSV", "IEC 60068-2-6"),
        ("IEC 60335-1:2001+AMD1:2004 CSV/COR1:2005", "IEC 60335-1:2001+AMD1:2004 CSV/COR1:2005", "IEC 60335-1"),
        ("IEC TS 62443-1-1:2009", "IEC TS 62443-1-1:2009", "IEC TS 62443-1-1"),
        ("CISPR 11:2015", "CISPR 11:2015", "CISPR 11"),
        ("CISPR TR 16-3:2020 RLV", "CISPR TR 16-3:2020", "CISPR TR 16-3"),
        ("IEC 60034-11:2020 RLV", "IEC 60034-11:2020", "IEC 60034-11"),
        ("IEC 60027-1:1971/AMD1:1974", "IEC 60027-1:1971/AMD1:1974", "IEC 60027-1"),
        ("IEC 60076-11:2018/ISH1:2020", "IEC 60076-11:2018/ISH1:2020", "IEC 60076-11"),
        ("IEC/IEEE 60076-16:2018", "IEC/IEEE 60076-16:2018", "IEC/IEEE 60076-16"),
        ("IEC PAS 61906:2005", "IEC PAS 61906:2005", "IEC PAS 61906"),
        ("IEC SRD 62559-4:2020", "IEC SRD 62559-4:2020", "IEC SRD 62559-4"),
        ("IEC 60027-1A:1976", "IEC 60027-1A:1976", "IEC 60027-1A"),
    ],
)
def test_canonical_and_keys(text: str, edition: str, work: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert edition_key(ident) == edition
    assert work_key(ident) == work
    assert ident.body == "IEC" and ident.country == "INT"


def test_consolidated_version() -> None:
    ident = parse("IEC 60335-2-24:2020+AMD1:2023 CSV")
    assert ident.consolidated
    assert [(s.kind, s.number, s.year) for s in ident.supplements] == [("AMD", 1, 2023)]
    base = base_of(ident)
    assert render(base) == "IEC 60335-2-24:2020" and not base.consolidated
    assert base.doctype is DocType.STANDARD


def test_redline_kept_in_extra() -> None:
    ident = parse("IEC 60034-11:2020 RLV")
    assert ("suffix", "RLV") in ident.extra
    assert edition_key(ident) == edition_key(parse("IEC 60034-11:2020"))


@pytest.mark.parametrize(
    ("iec_spelling", "iso_spelling"),
    [
        ("ISO/IEC 10021-1:1990/AMD1:1994", "ISO/IEC 10021-1:1990/Amd 1:1994"),
        ("ISO/IEC 10021-1:1990/COR1:1991", "ISO/IEC 10021-1:1990/Cor 1:1991"),
        ("IEC 62366-1:2015/AMD1:2020", "IEC 62366-1:2015/Amd 1:2020"),
    ],
)
def test_iso_and_iec_spellings_share_keys(iec_spelling: str, iso_spelling: str) -> None:
    a, b = parse(iec_spelling), parse(iso_spelling)
    assert render(a) == iec_spelling and render(b) == iso_spelling
    assert edition_key(a) == edition_key(b)
    assert work_key(a) == work_key(b)
    assert a.supplements[0].kind != b.supplements[0].kind


def test_iec_written_types_in_iso_data_share_keys() -> None:
    assert edition_key(parse("IEC/TR 60601-4-1:2017")) == edition_key(parse("IEC TR 60601-4-1:2017"))
    assert render(parse("IEC/TR 60601-4-1:2017")) == "IEC/TR 60601-4-1:2017"


def test_white_paper() -> None:
    ident = parse("IEC White Paper Microgrids:2014")
    assert ident.doctype is DocType.OTHER and ident.year == 2014
    assert render(ident) == "IEC White Paper Microgrids:2014"


@pytest.mark.parametrize(
    ("text", "part", "extra", "work"),
    [
        ("IEC 60068-2-2a:1976", "2-2a", (), "IEC 60068-2-2a"),
        ("IEC 60695-2-1/0:1994", "2-1", (("sheet", "0"),), "IEC 60695-2-1/0"),
        ("IEC TS 60695-2-4/2:1994", "2-4", (("sheet", "2"),), "IEC TS 60695-2-4/2"),
        ("IEC 60079-10-1:2020 CMV/COR1:2021", "10-1", (("presuffix", "CMV"),), "IEC 60079-10-1"),
        ("CISPR 14-1:2016/AMD1/FRAG5 ED5", "1", (("edition", "5"),), "CISPR 14-1"),
    ],
)
def test_old_and_odd_iec_forms(text: str, part: str, extra: tuple[tuple[str, str], ...], work: str) -> None:
    ident = parse(text)
    assert render(ident) == text
    assert ident.part == part and ident.extra == extra
    assert work_key(ident) == work


def test_corrigendum_of_a_commented_version() -> None:
    ident = parse("IEC 60079-10-1:2020 CMV/COR1:2021")
    assert ident.doctype is DocType.CORRIGENDUM
    assert edition_key(ident) == "IEC 60079-10-1:2020/COR1:2021"


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("CISPR 14-1:2016/AMD1/FRAG5:", 26, "colon"),
        ("IEC 61360-C00168:", 16, "colon"),
        ("IEC 60285-/1:1989", 9, "hyphen"),
        ("ISO 9001:2015:2016", 13, "second date"),
    ],
)
def test_crawl_damage_is_rejected_where_it_is(text: str, position: int, reason: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        parse(text)
    assert info.value.position == position and reason in info.value.message


@pytest.mark.parametrize(
    ("text", "name"),
    [("IEC CA 01:2016", "CA 01"), ("IEC GIORGI:2001", "GIORGI"), ("ISO/IEC VIM:1993", "VIM")],
)
def test_named_publications(text: str, name: str) -> None:
    ident = parse(text)
    assert ident.number == name and ident.doctype is DocType.OTHER
    assert render(ident) == text


def test_directives_cited_as_an_adoption_source() -> None:
    ident = parse("ISO/IEC Directives, Part 2:2018")
    assert (ident.number, ident.part, ident.year) == ("Directives", "2", 2018)
    assert work_key(ident) == "ISO/IEC Directives, Part 2"


@pytest.mark.parametrize(
    ("text", "prefix", "part", "work"),
    [
        ("IECQ 03-3-1:2013", "IECQ", "3-1", "IECQ 03-3-1"),
        ("IECQ 080000-ZHS:2017", "IECQ", "ZHS", "IECQ 080000-ZHS"),
        ("IECQ 01A:2013", "IECQ", None, "IECQ 01A"),
        ("IECQ OD 3405:2017", "IECQ OD", None, "IECQ OD 3405"),
        ("IECQ CS 033200-TW0003:2015", "IECQ CS", "TW0003", "IECQ CS 033200-TW0003"),
    ],
)
def test_quality_assessment_system(text: str, prefix: str, part: str | None, work: str) -> None:
    ident = parse(text)
    assert (ident.scheme, ident.body, ident.prefix, ident.part) == ("iec", "IEC", prefix, part)
    assert render(ident) == text and ident.work_key == work


@pytest.mark.parametrize(
    ("text", "body", "part", "work"),
    [
        ("ISO/IEC DIR 1", "ISO", "1", "ISO/IEC DIR 1"),
        ("ISO/IEC DIR 1:2022", "ISO", "1", "ISO/IEC DIR 1"),
        ("ISO/IEC DIR 1 IEC SUP", "IEC", "1", "ISO/IEC DIR 1 IEC SUP"),
        ("ISO/IEC DIR 1 ISO SUP:2022", "ISO", "1", "ISO/IEC DIR 1 ISO SUP"),
        ("ISO/IEC DIR IEC SUP", "IEC", None, "ISO/IEC DIR IEC SUP"),
        ("ISO/IEC DIR JTC 1 SUP:2021", "ISO", None, "ISO/IEC DIR JTC 1 SUP"),
        ("ISO/IEC DIR 2 IEC", "IEC", "2", "ISO/IEC DIR 2 IEC"),
    ],
)
def test_directives_and_their_supplements(text: str, body: str, part: str | None, work: str) -> None:
    ident = parse(text)
    assert (ident.body, ident.part, ident.work_key) == (body, part, work)
    assert render(ident) == text and parse(render(ident)) == ident


def test_prerelease_and_package_versions() -> None:
    prv = parse("IEC 60092-304:2022 PRV")
    assert prv.extra == (("suffix", "PRV"),) and prv.edition_key == "IEC 60092-304:2022"
    pac = parse("IEC 61970-CGMES:2022 PAC")
    assert render(pac) == "IEC 61970-CGMES:2022 PAC" and pac.edition_key == "IEC 61970-CGMES:2022 PAC"


def test_edition_of_a_consolidated_version() -> None:
    ident = parse("IEC 60050-161+AMD1:1997+AMD2:1998 CSV ED1.2")
    assert ident.consolidated and ("edition", "1.2") in ident.extra
    assert render(ident) == "IEC 60050-161+AMD1:1997+AMD2:1998 CSV ED1.2"
