"""The GB importer on real records in the official layout (tests/data/gb, made by scripts/make_gb_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stdbridge.errors import MissingColumns
from stdbridge.importers.base import Row
from stdbridge.importers.cells import parse_date, parse_degrees, split_identifiers, split_values
from stdbridge.importers.gb import GbImporter, map_columns
from stdbridge.models import Degree, Evidence, Rejected, RelationDraft, RelationType, Standard, Status

GB = Path(__file__).parent.parent / "data" / "gb"
OFFICIAL = ["gb_official.csv", "gb_official_gb18030.csv", "gb_official.xlsx"]
# Real adoption cells that name no identifier: the row is imported without them, and they are reported.
OFFICIAL_DROPPED = [
    (46, "ISO 31000 (DIS version)"),
    (50, "ISO 26262:2011 (series-level statement for GB/T 34590-2017)"),
]


def read(path: Path) -> tuple[dict[str, Row], list[Rejected]]:
    out = list(GbImporter().read(path))
    rows = {o.value: o for o in out if isinstance(o, Row)}
    assert len(rows) + sum(isinstance(o, Rejected) for o in out) == len(out)
    return rows, [o for o in out if isinstance(o, Rejected)]


def std(row: Row) -> Standard:
    assert isinstance(row.item, Standard)
    return row.item


def dropped(rows: dict[str, Row]) -> list[Rejected]:
    return sorted((d for row in rows.values() for d in row.dropped), key=lambda d: d.line)


@pytest.mark.parametrize("name", OFFICIAL)
def test_official_layout_reads_every_row(name: str) -> None:
    rows, rejects = read(GB / name)
    assert len(rows) == 130 and rejects == []
    left_out = dropped(rows)
    assert [(d.line, d.value) for d in left_out] == OFFICIAL_DROPPED
    assert all(d.source == str(GB / name) for d in left_out)
    assert left_out[0].reason.startswith("'ISO 31000 (DIS version)' in 采用国际标准号 is not a standard identifier")
    assert left_out[0].reason.endswith("; the row is imported without it")
    assert std(rows["GB/T 1.1-2020"]).relations[0] == RelationDraft(
        RelationType.ADOPTS, "ISO/IEC Directives, Part 2:2018", Degree.NEQ
    )
    first = rows["GB/T 24001-1996"]
    assert first.line == 2
    assert std(first).source_record == f"{name}:2"


def test_the_three_encodings_and_forms_give_the_same_standards() -> None:
    results = [read(GB / name)[0] for name in OFFICIAL]
    assert [list(r) for r in results[1:]] == [list(results[0])] * 2
    for key, row in results[0].items():
        a = std(row)
        for other in results[1:]:
            b = std(other[key])
            assert other[key].line == row.line
            assert (b.titles, b.status, b.published, b.implemented, b.ics, b.ccs, b.committee, b.extra) == (
                a.titles, a.status, a.published, a.implemented, a.ics, a.ccs, a.committee, a.extra
            )  # fmt: skip
            assert b.relations == a.relations


def test_gb_t_19001_2016_in_full() -> None:
    rows, _ = read(GB / "gb_official.xlsx")
    s = std(rows["GB/T 19001-2016"])
    assert s.identifier == "GB/T 19001-2016"
    assert s.titles == {"zh": "质量管理体系 要求", "en": "Quality management systems—Requirements"}
    assert (s.status, s.published, s.implemented) == (Status.IN_FORCE, "2016-12-30", "2017-07-01")
    assert (s.ics, s.ccs) == (("03.120.10",), ("A00",))
    assert s.committee == "全国质量管理和质量保证标准化技术委员会"
    assert s.extra == {"responsible_unit": s.committee, "competent_department": "国家标准化管理委员会"}
    assert s.relations == [
        RelationDraft(RelationType.ADOPTS, "ISO 9001:2015", Degree.IDT, Evidence.DECLARED),
        RelationDraft(RelationType.REPLACES, "GB/T 19001-2008"),
    ]
    assert s.dataset == "gb"
    assert std(rows["GB/T 19000-2016"]).ics == ("03.120.10", "01.040.03")


@pytest.mark.parametrize("name", OFFICIAL)
def test_lists_and_degrees(name: str) -> None:
    rows, _ = read(GB / name)
    replaced = [r.target for r in std(rows["GB 9706.213-2021"]).relations]
    assert replaced == ["GB 9706.29-2006", "YY 0635.1-2013", "YY 0635.2-2009", "YY 0635.3-2009", "YY 0635.4-2009"]
    # one degree for two adopted standards applies to both
    assert [(r.target, r.degree) for r in std(rows["GB/T 7714-2005"]).relations if r.type == RelationType.ADOPTS] == [
        ("ISO 690:1987", Degree.NEQ),
        ("ISO 690-2:1997", Degree.NEQ),
    ]
    # pre-2001 等效 stays EQV; a two-digit year is read
    gb3100 = std(rows["GB 3100-93"])
    assert gb3100.identifier == "GB 3100-1993"
    assert gb3100.relations == [RelationDraft(RelationType.ADOPTS, "ISO 1000:1992", Degree.EQV)]
    # an adoption without a degree keeps no degree
    assert std(rows["GB/T 22000-2006"]).relations == [RelationDraft(RelationType.ADOPTS, "ISO 22000:2005")]
    assert std(rows["GB/T 5169.11-2017"]).ics == ("13.220.40", "29.020")
    assert std(rows["GB/T 4208-2008"]).status == Status.REPLACED
    assert std(rows["GB/T 20000.2-2001"]).status == Status.WITHDRAWN


def test_bad_rows_are_rejected_with_their_value_and_reason() -> None:
    path = GB / "gb_bad.csv"
    rows, rejects = read(path)
    assert sorted(r.line for r in rows.values()) == [2, 5, 7, 8, 10]
    assert [(r.line, r.value) for r in rejects] == [(3, "GB/T 十七六二六"), (4, "2016-13-40"), (6, "作废中"), (9, "")]
    reasons = [r.reason for r in rejects]
    assert reasons[0].startswith("标准号 'GB/T 十七六二六' is not a standard identifier")
    assert reasons[1].startswith("'2016-13-40' in 发布日期 is not a possible date")
    assert reasons[2] == "unknown status '作废中' in 标准状态"
    assert reasons[3] == "the 标准号 (standard number) cell is empty"
    assert all(r.source == str(path) for r in rejects)
    # a bad degree or adopted standard is left out, and the standard imported without it
    left_out = dropped(rows)
    assert [(d.line, d.value) for d in left_out] == [(7, "部分等同"), (8, "ISO 9001:20155")]
    assert left_out[0].reason == (
        "'部分等同' in 采用程度 is not a degree of adoption: unknown degree of adoption '部分等同'; "
        "the row is imported without it"
    )
    assert left_out[1].reason.startswith("'ISO 9001:20155' in 采用国际标准号 is not a standard identifier")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_english_headers_and_replaced_by(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.csv",
        "Standard No.,Chinese Title,English Title,Status,Issued,Implemented,Replaces,Replaced by,"
        "Adopted International Standard,Degree of Adoption,ICS,CCS,Technical Committee,Competent Department\n"
        "GB/T 4208-2008,外壳防护等级(IP代码),Degrees of protection provided by enclosure (IP code),被代替,"
        "2008/03/25,20080901,GB 4208-1993,GB/T 4208-2017,IEC 60529:2001,ＩＤＴ 等同,13.260,K09,,\n",
    )
    rows, rejects = read(path)
    assert rejects == []
    s = std(rows["GB/T 4208-2008"])
    assert (s.status, s.published, s.implemented) == (Status.REPLACED, "2008-03-25", "2008-09-01")
    assert s.relations == [
        RelationDraft(RelationType.ADOPTS, "IEC 60529:2001", Degree.IDT),
        RelationDraft(RelationType.REPLACES, "GB 4208-1993"),
        RelationDraft(RelationType.REPLACES, "GB/T 4208-2017", reverse=True),
    ]


def test_degrees_pair_in_order_or_are_rejected(tmp_path: Path) -> None:
    head = "标准号,中文标准名称,采用国际标准号,采用程度\n"
    path = write(
        tmp_path / "d.csv",
        head + "GB/T 7714-2005,信息与文献 参考文献著录规则,ISO 690:1987；ISO 690-2:1997,IDT；NEQ\n"
        "GB/T 7714-2005,信息与文献 参考文献著录规则,ISO 690:1987 ISO 690-2:1997,IDT；NEQ；MOD\n"
        "GB/T 19001-2016,质量管理体系 要求,,IDT\n",
    )
    out = list(GbImporter().read(path))
    assert isinstance(out[0], Row) and [r.degree for r in std(out[0]).relations] == [Degree.IDT, Degree.NEQ]
    assert isinstance(out[1], Row) and [r.degree for r in std(out[1]).relations] == [None, None]
    ((line, value, reason),) = [(d.line, d.value, d.reason) for d in out[1].dropped]
    assert (line, value) == (3, "IDT；NEQ；MOD") and "gives 3 degrees for 2 adopted standards" in reason
    assert isinstance(out[2], Row) and std(out[2]).extra == {"adoption_degree": "IDT"}


def test_missing_required_column_names_file_and_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "only_numbers.csv", "标准号,发布日期\nGB/T 19001-2016,2016-12-30\n")
    with pytest.raises(MissingColumns) as caught:
        list(GbImporter().read(path))
    assert str(caught.value) == (
        f"{path}: missing required column(s) 中文标准名称; the columns found are: '标准号', '发布日期'"
    )


def test_map_columns_ignores_case_space_and_width() -> None:
    found = map_columns(["  standard  no. ", "ＣＨＩＮＥＳＥ ＴＩＴＬＥ", "ics", "标准状态："], "x.csv")
    assert found == {
        "designation": "  standard  no. ",
        "title_zh": "ＣＨＩＮＥＳＥ ＴＩＴＬＥ",
        "ics": "ics",
        "status": "标准状态：",
    }


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2016-12-30", "2016-12-30"),
        ("2016/12/30", "2016-12-30"),
        ("2016.12.30", "2016-12-30"),
        ("2016年12月30日", "2016-12-30"),
        ("２０１６年１２月３０日", "2016-12-30"),
        ("20161230", "2016-12-30"),
        ("2016-1-5", "2016-01-05"),
        ("42734", "2016-12-30"),
        ("2016-12-30 00:00:00", "2016-12-30"),
        ("2016-12", "2016-12"),
        ("2016", "2016"),
        ("", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2016-13-40", "2016-02-30", "20161340", "30/12/2016", "soon", "0999"])
def test_parse_date_refuses_impossible_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "degrees"),
    [
        ("IDT", [Degree.IDT]),
        ("等同", [Degree.IDT]),
        ("IDT 等同", [Degree.IDT]),
        ("修改 MOD", [Degree.MOD]),
        (" ｎｅｑ ", [Degree.NEQ]),
        ("非等效", [Degree.NEQ]),
        ("等效", [Degree.EQV]),
        ("eqv", [Degree.EQV]),
        ("等同采用", [Degree.IDT]),
        ("IDT, MOD", [Degree.IDT, Degree.MOD]),
        ("IDT IDT", [Degree.IDT, Degree.IDT]),
        ("IDT 等同；MOD 修改", [Degree.IDT, Degree.MOD]),
        ("", []),
    ],
)
def test_parse_degrees(text: str, degrees: list[Degree]) -> None:
    assert parse_degrees(text) == degrees


def canonical(text: str) -> list[str]:
    found, unreadable = split_identifiers(text)
    assert unreadable == []
    return [c for _, c in found]


def test_split_identifiers() -> None:
    assert canonical("GB/T 19001-2008 GB/T 19002-2008") == ["GB/T 19001-2008", "GB/T 19002-2008"]
    assert canonical("GB 1、GB 2-2001\nYY 3-2000") == ["GB 1", "GB 2-2001", "YY 3-2000"]
    assert canonical("ISO/IEC Guide 2:1996") == ["ISO/IEC Guide 2:1996"]
    assert canonical("ISO/IEC Directives, Part 2:2018; ISO 9001:2015") == [
        "ISO/IEC Directives, Part 2:2018",
        "ISO 9001:2015",
    ]
    assert split_identifiers("") == ([], [])
    found, unreadable = split_identifiers("ISO 9001:2015, ISO 9001:20155, junk, more junk, IEC 60529:2013")
    assert [c for _, c in found] == ["ISO 9001:2015", "IEC 60529:2013"]
    assert [e.value for e in unreadable] == ["ISO 9001:20155, junk, more junk"]


def test_split_values() -> None:
    assert split_values("03.120.10; 01.040.03") == ("03.120.10", "01.040.03")
    assert split_values("A00，A01\nA02 A03") == ("A00", "A01", "A02", "A03")
    assert split_values("A00|A01", "|") == ("A00", "A01")


def test_degree_written_after_the_adopted_identifier(tmp_path: Path) -> None:
    path = write(
        tmp_path / "inline.csv",
        "标准号,中文标准名称,采用国际标准号,采用程度\n"
        "GB/T 19001-2016,质量管理体系 要求,ISO 9001:2015 IDT,\n"
        "GB/T 7714-2005,信息与文献 参考文献著录规则,ISO 690:1987(NEQ)；ISO 690-2:1997(NEQ),非等效\n"
        "GB/T 19000-2016,质量管理体系 基础和术语,ISO 9000:2015 IDT,MOD\n",
    )
    out = list(GbImporter().read(path))
    assert isinstance(out[0], Row) and std(out[0]).relations[0] == RelationDraft(
        RelationType.ADOPTS, "ISO 9001:2015", Degree.IDT
    )
    assert isinstance(out[1], Row) and [r.degree for r in std(out[1]).relations] == [Degree.NEQ, Degree.NEQ]
    assert isinstance(out[2], Row) and std(out[2]).relations[0].degree == Degree.IDT
    assert [(d.value, d.reason) for d in out[2].dropped] == [
        ("MOD", "采用程度 'MOD' contradicts the degree written in 采用国际标准号 (IDT); the one written with the "
         "identifier is used; the row is imported without it")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("现行", Status.IN_FORCE),
        (" 废止 ", Status.WITHDRAWN),
        ("被代替", Status.REPLACED),
        ("即将实施", Status.ANNOUNCED),
        ("In Force", Status.IN_FORCE),
        ("in-force", Status.IN_FORCE),
        ("WITHDRAWN", Status.WITHDRAWN),
        ("to be implemented", Status.ANNOUNCED),
        ("", Status.UNKNOWN),
    ],
)
def test_status_values(tmp_path: Path, text: str, status: Status) -> None:
    path = write(tmp_path / "s.csv", f"标准号,中文标准名称,标准状态\nGB/T 19001-2016,质量管理体系 要求,{text}\n")
    (row,) = GbImporter().read(path)
    assert isinstance(row, Row) and std(row).status == status
