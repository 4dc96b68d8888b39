"""The bilingual side-by-side review documents, DOCX and HTML, of real segments."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import pytest
from docx.oxml.ns import qn
from tests.translation.docx_samples import definitions, titles

from stdbridge.i18n import set_language
from stdbridge.translation.bilingual import bilingual_docx, bilingual_html
from stdbridge.translation.model import Segment, SegmentStatus, TargetOrigin

# An IEV definition as the IEC's export writes it, with its markup: text that must be escaped in HTML.
IEV_DEFINITION = "See <a href=IEV 102-01-10>IEV 102-01-10</a>"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def _segments() -> list[Segment]:
    title, term = titles()[0], definitions()[0]
    return [
        Segment(1, 0, "p0/s0", title.title_zh, title.title_en, SegmentStatus.REVIEWED, TargetOrigin.MEMORY_EXACT, 100),
        Segment(
            1, 1, "p1/s0", term.definition_zh, term.definition_en, SegmentStatus.DRAFT, TargetOrigin.ENGINE,
            engine="argos",
        ),
        Segment(1, 2, "p2/s0", "本文件规定了<g1>要求</g1>。<x2/>",
                "This document specifies <g1>requirements</g1>.<x2/>", SegmentStatus.TRANSLATED,
                TargetOrigin.MEMORY_FUZZY, 87),
        Segment(1, 3, "p3/s0", IEV_DEFINITION, ""),
    ]  # fmt: skip


def test_bilingual_docx_is_a_two_column_table_in_order_with_chinese_fonts() -> None:
    segments = _segments()
    document = docx.Document(io.BytesIO(bilingual_docx(segments, "zh", "en", title="GB/T 24001-1996")))
    table = document.tables[0]
    assert len(table.rows) == len(segments) + 1 and len(table.columns) == 2
    assert [cell.text for cell in table.rows[0].cells] == ["Source (Chinese)", "Target (English)"]
    assert table.rows[1].cells[0].text == titles()[0].title_zh
    assert table.rows[1].cells[1].paragraphs[0].text == titles()[0].title_en
    assert table.rows[1].cells[1].paragraphs[1].text == "#1 · reviewed · memory 100 %"
    assert table.rows[2].cells[1].paragraphs[1].text == "#2 · draft · engine: argos"
    assert table.rows[3].cells[0].text == "本文件规定了⟨1⟩要求⟨/1⟩。⟨2/⟩"
    assert table.rows[3].cells[1].paragraphs[1].text == "#3 · translated · fuzzy 87 %"
    assert table.rows[4].cells[1].paragraphs[1].text == "#4 · new"
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "SimSun"
    assert document.paragraphs[0].text == "GB/T 24001-1996"


def test_bilingual_html_escapes_text_and_shows_tags() -> None:
    page = bilingual_html(_segments(), "zh", "en", title="GB/T 24001-1996 <draft>")
    assert "<a href=IEV" not in page and "&lt;a href=IEV 102-01-10&gt;IEV 102-01-10&lt;/a&gt;" in page
    assert "GB/T 24001-1996 &lt;draft&gt;" in page
    assert "本文件规定了<span class='tag'>⟨1⟩</span>要求<span class='tag'>⟨/1⟩</span>。" in page
    assert "<th>Source (Chinese)</th><th>Target (English)</th><th>Status</th><th>Origin</th>" in page
    assert "<td class='meta'>translated</td><td class='meta'>fuzzy 87 %</td>" in page


def test_bilingual_headings_follow_the_language() -> None:
    set_language("zh")
    page = bilingual_html(_segments(), "zh", "en")
    assert "<th>原文（中文）</th><th>译文（英文）</th>" in page
    assert "<td class='meta'>已审校</td><td class='meta'>记忆库 100 %</td>" in page
    assert "<html lang='zh'>" in page
