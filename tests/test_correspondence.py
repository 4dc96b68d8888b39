"""Batch comparison of two lists of standards, on the excerpts of real data: declared adoptions (GB/T 19001,
GB/T 22080, GB/T 24001), suggested twins (ITU-T X.509 and ISO/IEC 9594-8, JIS Q 9001 and ISO 9001), bad input,
and the three outputs."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import time
import zipfile

import openpyxl
import pytest

from stdbridge.analytics.compatibility import Scope, scope_members
from stdbridge.catalog import Catalog
from stdbridge.compare.lists import KINDS, MAX_LINES, Matrix, compare_lists, read_list
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD
from stdbridge.errors import UsageError
from stdbridge.i18n import set_language
from stdbridge.models import Degree, Verdict

INTERNATIONAL = ["ISO 9001", "ISO/IEC 27001:2013", "ISO 14001:2004", "ITU-T X.509 (10/2019)", "ISO 13485:2016"]
NATIONAL = ["GB/T 19001-2008", "GB/T 22080-2016", "GB/T 24001-2004", "ISO/IEC 9594-8:2020", "JIS Q 9001",
            "GB/T 16886.1-2011"]  # fmt: skip


@pytest.fixture(scope="module")
def matrix(excerpts: Catalog) -> Matrix:
    return compare_lists(excerpts, INTERNATIONAL, NATIONAL, name_a="International", name_b="National")


def pairs_of(matrix: Matrix) -> dict[tuple[str, str], str]:
    return {(p.a.standard.identifier, p.b.standard.identifier): p.kind for p in matrix.pairs}


def test_declared_adoptions_pair_with_their_degree_and_path(matrix: Matrix) -> None:
    found = pairs_of(matrix)
    assert found[("ISO/IEC 27001:2013", "GB/T 22080-2016")] == "IDT"
    assert found[("ISO 14001:2004", "GB/T 24001-2004")] == "IDT"
    pair = next(p for p in matrix.pairs if p.b.standard.identifier == "GB/T 22080-2016")
    assert pair.found_from == "both" and pair.degree == "IDT" and pair.score is None
    assert [(s.relation, s.evidence.value) for s in pair.path] == [("adopted-as", "declared")]
    assert pair.evidence == ["declared"]


def test_another_edition_of_a_declared_counterpart_is_paired_as_a_related_edition(matrix: Matrix) -> None:
    # "ISO 9001" is the edition in force, 2015; GB/T 19001-2008 adopts ISO 9001:2008 (IDT): the works correspond,
    # the editions are not declared to: never IDT to ISO 9001:2015
    pair = next(p for p in matrix.pairs if p.b.standard.identifier == "GB/T 19001-2008")
    assert pair.a.standard.identifier == "ISO 9001:2015" and pair.a.matched_by == "current edition of the work"
    assert pair.kind == "related-edition" and pair.degree is None and pair.declared_edition == "ISO 9001:2008"
    assert [(s.source, s.relation, s.target, s.degree) for s in pair.path] == [
        ("GB/T 19001-2008", "adopts", "ISO 9001:2008", Degree.IDT)
    ]
    assert "the relation names ISO 9001:2008, another edition" in pair.explanation()
    assert pair.to_json()["declared_edition_in_catalogue"] is True


def test_suggested_pairs_carry_their_score_and_clues(matrix: Matrix, excerpts: Catalog) -> None:
    pair = next(p for p in matrix.pairs if p.a.standard.identifier == "ITU-T X.509 (10/2019)")
    assert pair.b.standard.identifier == "ISO/IEC 9594-8:2020" and pair.kind == "suggested"
    assert pair.score is not None and pair.score >= SUGGESTION_THRESHOLD and pair.found_from == "both"
    assert pair.score == excerpts.suggester().score(pair.a.standard, pair.b.standard).score
    assert {c.kind for c in pair.clues} == {"title", "number", "ics", "date", "committee"}
    # JIS Q 9001 has no declared counterpart: from its side, ISO 9001:2015 is suggested
    jis = next(p for p in matrix.pairs if p.b.standard.identifier == "JIS Q 9001:2015")
    assert jis.a.standard.identifier == "ISO 9001:2015" and jis.kind == "suggested" and jis.found_from == "b"


def test_standards_without_counterpart_are_listed_on_each_side(matrix: Matrix) -> None:
    assert [e.standard.identifier for e in matrix.only_a] == ["ISO 13485:2016"]
    assert [e.standard.identifier for e in matrix.only_b] == ["GB/T 16886.1-2011"]
    summary = matrix.summary()
    assert summary["a"]["with_counterpart"] == 4 and summary["b"]["without_counterpart"] == 1
    assert sum(summary["by_kind"].values()) == len(matrix.pairs)


def test_nothing_is_claimed_below_the_threshold(excerpts: Catalog) -> None:
    strict = compare_lists(excerpts, ["ITU-T X.509 (10/2019)"], ["ISO/IEC 9594-8:2020"], threshold=0.99)
    assert strict.pairs == [] and len(strict.only_a) == len(strict.only_b) == 1
    assert strict.threshold == 0.99


def test_the_comparison_is_symmetric(excerpts: Catalog, matrix: Matrix) -> None:
    mirrored = compare_lists(excerpts, NATIONAL, INTERNATIONAL)
    assert {(b, a): kind for (a, b), kind in pairs_of(mirrored).items()} == pairs_of(matrix)


def test_editions_of_one_work_and_the_same_standard(excerpts: Catalog) -> None:
    found = compare_lists(excerpts, ["ISO 9001:2008", "ISO 9000:2015"], ["ISO 9001:2015", "ISO 9000:2015"])
    assert pairs_of(found) == {
        ("ISO 9001:2008", "ISO 9001:2015"): "edition",
        ("ISO 9000:2015", "ISO 9000:2015"): "same",
    }


def test_the_same_list_on_both_sides(excerpts: Catalog) -> None:
    found = compare_lists(excerpts, INTERNATIONAL, INTERNATIONAL)
    same = [p for p in found.pairs if p.kind == "same"]
    assert len(same) == 5 and all(p.a.line == p.b.line and p.found_from == "both" for p in same)
    assert found.only_a == [] and found.only_b == []


def test_bad_lines_are_reported_and_the_rest_compared(excerpts: Catalog) -> None:
    lines_a: list[object] = [
        "ISO 9001:2015",
        "",
        "   ",
        "iso9001 2015",  # the same standard as line 1, typed otherwise
        "ISO 99999:2099",
        "😀 🚀",
        '=HYPERLINK("http://example.com","click")',
        "bad\x00control\x07chars",
        None,
        "ISO/IEC 27001:2013\tInformation security management systems",  # a pasted spreadsheet row
        "x" * 5000,
        "ISO 9001:2015",
    ]
    found = compare_lists(excerpts, lines_a, ["GB/T 19001-2008", "GB/T 22080-2016", "GB/T 22080-2016", "nonsense"])
    a_rejected = {r.line: r.reason for r in found.rejected if r.side == "a"}
    assert a_rejected == {2: "blank", 3: "blank", 4: "duplicate", 5: "not-found", 6: "not-found", 7: "not-found",
                          8: "not-found", 9: "unreadable", 11: "not-found", 12: "duplicate"}  # fmt: skip
    assert [(e.line, e.standard.identifier) for e in found.a] == [(1, "ISO 9001:2015"), (10, "ISO/IEC 27001:2013")]
    # nothing lost: every line is compared or reported
    assert len(found.a) + len(a_rejected) == found.lines["a"] == len(lines_a)
    b_rejected = {r.line: r.reason for r in found.rejected if r.side == "b"}
    assert b_rejected == {3: "duplicate", 4: "not-found"}
    duplicate = next(r for r in found.rejected if r.side == "a" and r.line == 4)
    assert "line 1" in duplicate.message and "ISO 9001:2015" in duplicate.message
    assert "did you mean" in next(r for r in found.rejected if r.line == 5).message
    assert all(len(r.text) <= 200 for r in found.rejected)
    # and the rest is compared
    assert pairs_of(found) == {("ISO 9001:2015", "GB/T 19001-2008"): "related-edition",
                               ("ISO/IEC 27001:2013", "GB/T 22080-2016"): "IDT"}  # fmt: skip


def test_a_list_given_as_one_text_is_read_line_by_line(excerpts: Catalog) -> None:
    found = compare_lists(excerpts, "ISO 9001:2008\r\n\r\nISO 14001:2004\n", "GB/T 19001-2008\nGB/T 24001-2004")
    assert [e.line for e in found.a] == [1, 3] and [r.line for r in found.rejected] == [2]
    assert len(found.pairs) == 2


def test_lists_that_cannot_be_compared_are_refused(excerpts: Catalog) -> None:
    with pytest.raises(UsageError, match="list B is empty"):
        compare_lists(excerpts, ["ISO 9001"], [])
    with pytest.raises(UsageError, match="list Mine is empty"):
        compare_lists(excerpts, ["", "  ", "\t"], ["ISO 9001"], name_a="Mine")
    with pytest.raises(UsageError, match=f"at most {MAX_LINES}"):
        compare_lists(excerpts, ["ISO 9001"] * (MAX_LINES + 1), ["ISO 9001"])
    with pytest.raises(UsageError, match="threshold"):
        compare_lists(excerpts, ["ISO 9001"], ["ISO 9001"], threshold=0)
    with pytest.raises(UsageError, match="between 1 and 10"):
        compare_lists(excerpts, ["ISO 9001"], ["ISO 9001"], suggestions=0)


def test_a_list_of_nothing_but_junk_is_compared_and_every_line_reported(excerpts: Catalog) -> None:
    found = compare_lists(excerpts, ["junk", "more junk"], ["ISO 9001"])
    assert found.a == [] and found.pairs == [] and len(found.only_b) == 1
    assert [r.reason for r in found.rejected] == ["not-found", "not-found"]


def test_a_rejected_suggestion_is_not_made(catalog: Catalog) -> None:
    catalog.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.REJECTED, by="test")
    found = compare_lists(catalog, ["JIS Q 9001", "JIS Q 9000"], ["ISO 9001", "ISO 9000"])
    assert pairs_of(found) == {("JIS Q 9000:2015", "ISO 9000:2015"): "suggested"}


def test_list_files_in_utf8_or_gb18030(tmp_path: pytest.TempPathFactory) -> None:
    utf8 = tmp_path / "a.txt"  # type: ignore[operator]
    utf8.write_bytes("\ufeffGB/T 19001－2008\nISO 9001\n".encode())
    assert read_list(utf8) == ["GB/T 19001－2008", "ISO 9001"]
    gb = tmp_path / "b.txt"  # type: ignore[operator]
    gb.write_bytes("GB/T 19001-2008 质量管理体系\n".encode("gb18030"))
    assert read_list(gb) == ["GB/T 19001-2008 质量管理体系"]
    with pytest.raises(UsageError, match="cannot read"):
        read_list(tmp_path / "missing.txt")  # type: ignore[operator]


# outputs -------------------------------------------------------------------------------------------------------
def test_json_output(matrix: Matrix) -> None:
    found = json.loads(json.dumps(matrix.to_json(), ensure_ascii=False))
    assert set(found) == {"summary", "threshold", "kinds", "pairs", "only_a", "only_b", "rejected"}
    assert found["kinds"] == list(KINDS)
    pair = next(p for p in found["pairs"] if p["b"]["identifier"] == "GB/T 22080-2016")
    assert pair["kind"] == "IDT" and pair["degree"] == "IDT" and pair["found_from"] == "both"
    assert pair["a"]["input"] == "ISO/IEC 27001:2013" and pair["a"]["line"] == 2
    assert pair["path"][0]["relation"] == "adopted-as" and pair["path"][0]["degree"] == "IDT"
    suggested = next(p for p in found["pairs"] if p["kind"] == "suggested")
    assert suggested["score"] >= SUGGESTION_THRESHOLD and suggested["clues"][0]["kind"] == "title"
    assert [e["identifier"] for e in found["only_a"]] == ["ISO 13485:2016"]
    assert found["summary"]["a"]["name"] == "International"


def test_xlsx_output(excerpts: Catalog) -> None:
    found = compare_lists(excerpts, [*INTERNATIONAL, "=1+1", "nonsense\x01"], NATIONAL, name_b="CN/JP: [list]")
    book = openpyxl.load_workbook(io.BytesIO(found.to_xlsx()))
    assert book.sheetnames == ["Pairs", "Only in A", "Only in CN_JP_ _list_", "Lines not compared"]
    pairs, only_a, only_b, rejected = (book[name] for name in book.sheetnames)
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
    header = [c.value for c in pairs[1]]
    assert header[:5] == ["A: Identifier", "A: Title", "CN/JP: [list]: Identifier", "CN/JP: [list]: Title", "Link"]
    rows = [[c.value for c in row] for row in pairs.iter_rows(min_row=2)]
    assert len(rows) == len(found.pairs)
    assert ["ISO/IEC 27001:2013", "GB/T 22080-2016", "IDT"] in [[r[0], r[2], r[4]] for r in rows]
    assert [r[2] for r in only_a.iter_rows(min_row=2, values_only=True)] == ["ISO 13485:2016"]
    assert [r[2] for r in only_b.iter_rows(min_row=2, values_only=True)] == ["GB/T 16886.1-2011"]
    lines = list(rejected.iter_rows(min_row=2))
    assert [(c[1].value, c[2].value, c[3].value) for c in lines] == [
        (6, "=1+1", "not found"),
        (7, "nonsense", "not found"),
    ]
    assert lines[0][2].data_type == "s"  # text, not a formula


def test_html_output_escapes_titles(matrix: Matrix) -> None:
    hostile = dataclasses.replace(matrix.only_a[0].standard, titles={"en": "<script>alert('x')</script> & co"})
    entry = dataclasses.replace(matrix.only_a[0], standard=hostile)
    changed = dataclasses.replace(matrix, a=[entry if e.line == entry.line else e for e in matrix.a])
    html = changed.to_html()
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in html
    assert html.lower().startswith("<!doctype html>") and "<style>" in html and 'lang="en"' in html
    assert "Comparison of International and National" in html and "GB/T 22080-2016" in html
    assert "ISO 13485:2016" in html


def test_outputs_in_chinese(matrix: Matrix) -> None:
    set_language("zh")
    html = matrix.to_html()
    assert 'lang="zh-CN"' in html and "对照" in html
    book = openpyxl.load_workbook(io.BytesIO(matrix.to_xlsx()))
    assert all(any("\u4e00" <= c <= "\u9fff" for c in name) for name in book.sheetnames)
    assert matrix.to_json()["pairs"][0]["a"]["title"]


@pytest.mark.slow
def test_five_hundred_against_five_hundred_in_a_minute(bundled_catalog: Catalog) -> None:
    pick = random.Random(500)
    jis = pick.sample(scope_members(bundled_catalog, Scope("body", "JISC")), 500)
    iso = pick.sample(scope_members(bundled_catalog, Scope("body", "ISO")), 500)
    started = time.perf_counter()
    found = compare_lists(bundled_catalog, [s.identifier for s in jis], [s.identifier for s in iso])
    assert time.perf_counter() - started < 60
    assert len(found.a) + sum(r.side == "a" for r in found.rejected) == 500
    assert found.to_xlsx() and found.to_html()


def test_xlsx_header_cells_holding_list_names_are_text_not_formulas(excerpts: Catalog) -> None:
    name = '=HYPERLINK("http://example.com","click")'
    found = compare_lists(excerpts, INTERNATIONAL, NATIONAL, name_a=name, name_b="=1+1")
    workbook = found.to_xlsx()
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    for sheet in book:
        for cell in sheet[1]:
            assert cell.data_type in ("s", "n"), (sheet.title, cell.value)
    assert book["Pairs"]["A1"].value == f"{name}: Identifier"
