"""DOCX documents to translate: read into segments with tags, written back translated with their structure and
formatting (checked by reading the written file with python-docx and with the reader again)."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from tests.translation.docx_samples import FOOTNOTE_EN, FOOTNOTE_ZH, definitions, standard_docx, titles

from stdbridge.errors import UnreadableDocument
from stdbridge.translation.documents import DocumentText, read_document, write_document
from stdbridge.translation.model import TAG, tags_of


@pytest.fixture(scope="module")
def original() -> bytes:
    return standard_docx()


@pytest.fixture(scope="module")
def read(original: bytes) -> DocumentText:
    return read_document("GB-T 24001-1996.docx", original, "en")


def _by_key(document: DocumentText) -> dict[str, str]:
    return {segment.key: segment.source for segment in document.segments}


def _chinese_targets(document: DocumentText) -> dict[str, str]:
    """A Chinese translation of the sample: the real Chinese titles and definitions where the sample has the
    English ones, the rest written by hand as a translator would."""
    gb = titles()
    known = {title.title_en: title.title_zh for title in gb}
    known |= {f"{title.adopted_from}, {title.title_en}": f"{title.adopted_from}，{title.title_zh}" for title in gb}
    for term in definitions():
        known[term.term_en] = term.term_zh
        known[term.definition_en + "."] = term.definition_zh
    known |= {
        "1 Scope": "1 范围",
        "2 Terms and definitions": "2 术语和定义",
        "3 Normative references": "3 规范性引用文件",
        "Designation": "标准编号",
        "Chinese title": "中文名称",
        "English title": "英文名称",
    }
    targets = {}
    for segment in document.segments:
        if segment.source in known:
            targets[segment.key] = known[segment.source]
    targets["p2/s0"] = "本文件规定了<g2>环境管理体系</g2>的<g1>要求</g1>，依据ISO 14001:1996。<x3/>"
    targets["p2/s1"] = "面积以m<g4>2</g4>计。"
    targets["p25/s0"] = "版本见<g1>ISO目录</g1>。"
    targets["p26/s0"] = "标准编号<x1/>名称<x2/>信息技术 安全技术 信息安全管理体系 要求"
    targets["footnote1/p0/s0"] = f"<x1/> {FOOTNOTE_ZH}"
    return targets


def test_segments_have_keys_kinds_and_tags(read: DocumentText) -> None:
    segments = {segment.key: segment for segment in read.segments}
    assert read.format == "docx"
    assert segments["p0/s0"].kind == "title"
    assert segments["p1/s0"].kind == "heading" and segments["p1/s0"].source == "1 Scope"
    scope = segments["p2/s0"].source
    assert scope == (
        "This document specifies the <g1>requirements</g1> for an <g2>environmental management system</g2> "
        "according to ISO 14001:1996.<x3/>"
    )  # bold, italic, then the footnote reference after the full stop
    assert segments["p2/s1"].source == "The area is given in m<g4>2</g4>."  # the superscript
    assert segments["p21/s0"].kind == "list-item"
    assert segments["p25/s0"].source == "See <g1>the ISO catalogue</g1> for the edition."  # the hyperlink
    assert tags_of(segments["p26/s0"].source) == ["<x1/>", "<x2/>"]  # a tab and a line break
    assert segments["t0/r1/c1/p0/s0"].kind == "table-cell"
    assert segments["t0/r1/c2/t0/r0/c1/p0/s0"].source == titles()[5].adopted_from  # the nested table
    assert segments["footnote1/p0/s0"].kind == "footnote"
    assert segments["footnote1/p0/s0"].source == f"<x1/> {FOOTNOTE_EN}"
    assert segments["header1/p0/s0"].source.startswith("GB/T 24001-1996")
    assert segments["p27/s0"].kind == "note"
    assert [s.key for s in read.segments] == list(dict.fromkeys(s.key for s in read.segments))  # unique keys


def test_runs_with_the_same_formatting_are_merged_before_tags_are_made() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    title = titles()[0].title_en
    for word in title.split(" "):  # Word splits runs at every edit; each run carries its own revision id
        run = paragraph.add_run(word + " ")
        run._r.set(qn("w:rsidR"), "00A1B2C3")
        run.bold = title.index(word) < 13
    buffer = io.BytesIO()
    document.save(buffer)
    segments = read_document("split.docx", buffer.getvalue(), "en").segments
    assert segments[0].source == "<g1>Environmental </g1>management systems—Specification with guidance for use"


def test_round_trip_keeps_structure_styles_numbering_and_formatting(original: bytes, read: DocumentText) -> None:
    targets = _chinese_targets(read)
    written = write_document("GB-T 24001-1996.docx", original, targets, "zh")
    before, after = docx.Document(io.BytesIO(original)), docx.Document(io.BytesIO(written))

    assert len(after.paragraphs) == len(before.paragraphs)
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    for old, new in zip(before.paragraphs, after.paragraphs, strict=True):
        old_ppr, new_ppr = old._p.pPr, new._p.pPr
        assert (etree.tostring(old_ppr) if old_ppr is not None else None) == (
            etree.tostring(new_ppr) if new_ppr is not None else None
        )  # style, numbering, spacing: the paragraph's properties are untouched
    assert len(after.tables) == len(before.tables) == 1
    table_before, table_after = before.tables[0], after.tables[0]
    assert len(table_after.rows) == len(table_before.rows) == 5
    assert [len(row.cells) for row in table_after.rows] == [len(row.cells) for row in table_before.rows]
    assert table_after.style.name == "Table Grid"
    nested = table_after.rows[1].cells[2].tables
    assert len(nested) == 1 and nested[0].rows[0].cells[0].text == "IDT"
    assert table_after.rows[1].cells[1].text == titles()[5].title_zh
    assert table_after.rows[0].cells[0].paragraphs[0].runs[0].bold  # the header row's bold kept

    scope = after.paragraphs[2]
    runs = {run.text: run for run in scope.runs if run.text}
    assert runs["要求"].bold and not runs["要求"].italic
    assert runs["环境管理体系"].italic and not runs["环境管理体系"].bold
    assert runs["2"].font.superscript
    assert scope.text.startswith("本文件规定了环境管理体系的要求，依据ISO 14001:1996。")
    assert scope._p.findall(f".//{qn('w:footnoteReference')}")[0].get(qn("w:id")) == "1"
    link = after.paragraphs[25]._p.find(qn("w:hyperlink"))
    assert link is not None and "".join(t.text for t in link.iter(qn("w:t"))) == "ISO目录"
    assert after.part.rels[link.get(qn("r:id"))].target_ref == "https://www.iso.org/standard/31807.html"
    assert after.paragraphs[26]._p.find(f".//{qn('w:tab')}") is not None
    assert after.paragraphs[26]._p.find(f".//{qn('w:br')}") is not None

    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    assert FOOTNOTE_ZH in notes and "w:footnoteRef" in notes and FOOTNOTE_EN not in notes

    language = runs["要求"]._r.rPr.find(qn("w:lang"))
    assert language is not None and language.get(qn("w:eastAsia")) == "zh-CN"
    assert runs["要求"]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "SimSun"

    again = read_document("translated.docx", written, "zh")
    assert [s.key for s in again.segments] == [s.key for s in read.segments]
    translated = _by_key(again)
    for key, target in targets.items():  # the same text and tags (numbered again in their new order)
        assert TAG.sub("", translated[key]) == TAG.sub("", target), key
        assert len(tags_of(translated[key])) == len(tags_of(target)), key
    assert translated["p2/s0"] == "本文件规定了<g1>环境管理体系</g1>的<g2>要求</g2>，依据ISO 14001:1996。<x3/>"


def test_segments_without_a_target_keep_their_source(original: bytes, read: DocumentText) -> None:
    untouched = write_document("a.docx", original, {}, "zh")
    assert _by_key(read_document("a.docx", untouched, "en")) == _by_key(read)
    some = write_document("a.docx", original, {"p2/s1": "面积以m<g4>2</g4>计。"}, "zh")
    written = _by_key(read_document("a.docx", some, "en"))
    assert written["p2/s0"] == _by_key(read)["p2/s0"]  # the other sentence of the paragraph, as it was
    assert written["p2/s1"] == "面积以m<g4>2</g4>计。"


def test_an_object_whose_tag_the_translation_lost_is_kept(original: bytes) -> None:
    written = write_document("a.docx", original, {"p2/s0": "本文件规定了要求。"}, "zh")
    scope = docx.Document(io.BytesIO(written)).paragraphs[2]._p
    assert len(scope.findall(f".//{qn('w:footnoteReference')}")) == 1  # the footnote keeps its reference


def test_english_targets_are_marked_english(original: bytes, read: DocumentText) -> None:
    upper = {
        s.key: re.sub(r"(<[^>]+>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), s.source) for s in read.segments
    }
    written = write_document("a.docx", original, upper, "en")
    paragraph = docx.Document(io.BytesIO(written)).paragraphs[2]
    assert paragraph.text.startswith("THIS DOCUMENT SPECIFIES THE REQUIREMENTS")
    assert paragraph.runs[0]._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert [TAG.sub("", s.source) for s in read_document("a.docx", written, "en").segments] == [
        TAG.sub("", upper[s.key]) for s in read.segments
    ]


def test_too_many_paragraphs_are_refused_while_reading(original: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from stdbridge.compare import documents

    monkeypatch.setattr(documents, "MAX_PARAGRAPHS", 10)
    with pytest.raises(UnreadableDocument, match="more than 10 paragraphs") as caught:
        read_document("big.docx", original, "en")
    assert caught.value.source == "big.docx" and caught.value.reason == "too-large"


def test_a_damaged_docx_names_the_file() -> None:
    with pytest.raises(UnreadableDocument, match="damaged") as caught:
        read_document("broken.docx", b"PK\x03\x04" + b"\x00" * 200, "en")
    assert str(caught.value).startswith("broken.docx: ")


def test_a_docx_inflating_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch, original: bytes) -> None:
    from stdbridge.compare import documents

    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 20_000)
    with pytest.raises(UnreadableDocument, match="unpacks to more than") as caught:
        read_document("bomb.docx", original, "en")
    assert caught.value.reason == "too-large"


def _docx_with(paragraphs_xml: str) -> bytes:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    vml = 'xmlns:v="urn:schemas-microsoft-com:vml"'
    wrapper = parse_xml(f"<w:body {nsdecls('w')} {vml}>{paragraphs_xml}</w:body>")
    for index, paragraph in enumerate(list(wrapper)):
        document.element.body.insert(index, paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_field_is_one_standalone_tag_and_its_result_is_kept() -> None:
    title = titles()[9].title_en  # GB/T 4208-2017, IEC 60529:2013
    data = _docx_with(
        "<w:p><w:r><w:t xml:space='preserve'>Table </w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText xml:space='preserve'> SEQ Table \\* ARABIC "
        "</w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>1</w:t></w:r>"
        f"<w:r><w:fldChar w:fldCharType='end'/></w:r><w:r><w:t xml:space='preserve'> — {title}</w:t></w:r></w:p>"
    )
    segment = read_document("caption.docx", data, "en").segments[0]
    assert segment.source == f"Table <x1/> — {title}"
    written = write_document("caption.docx", data, {segment.key: f"表<x1/> {titles()[9].title_zh}"}, "zh")
    paragraph = docx.Document(io.BytesIO(written)).paragraphs[0]
    assert paragraph.text == f"表1 {titles()[9].title_zh}"
    assert "SEQ Table" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))


def test_text_boxes_are_translated_where_they_are() -> None:
    definition = definitions()[5]
    data = _docx_with(
        f"<w:p><w:r><w:t xml:space='preserve'>{definition.term_en}</w:t></w:r><w:r><w:pict><v:shape>"
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{definition.definition_en}.</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    segments = read_document("box.docx", data, "en").segments
    assert [(s.key, s.source) for s in segments] == [
        ("p0/s0", f"{definition.term_en}<x1/>"),
        ("p0/box0/p0/s0", f"{definition.definition_en}."),
    ]
    targets = {"p0/s0": f"{definition.term_zh}<x1/>", "p0/box0/p0/s0": definition.definition_zh}
    written = write_document("box.docx", data, targets, "zh")
    again = {s.key: s.source for s in read_document("box.docx", written, "zh").segments}
    assert again == targets


def test_tracked_changes_are_read_as_accepted() -> None:
    title = titles()[10]  # GB/T 4208-2008
    data = _docx_with(
        f"<w:p><w:r><w:t xml:space='preserve'>{title.title_en} </w:t></w:r>"
        "<w:del w:id='1' w:author='TC'><w:r><w:delText>(IEC 60529:1989)</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='TC'><w:r><w:t>(IEC 60529:2001)</w:t></w:r></w:ins></w:p>"
    )
    assert read_document("tracked.docx", data, "en").segments[0].source == f"{title.title_en} (IEC 60529:2001)"


def test_reading_and_writing_stop_at_the_deadline(original: bytes) -> None:
    from stdbridge.deadline import Deadline
    from stdbridge.errors import WorkStopped

    with pytest.raises(WorkStopped):
        Deadline(seconds=0).run(read_document, "late.docx", original, "en")
    with pytest.raises(WorkStopped):
        Deadline(seconds=0).run(write_document, "late.docx", original, {"p1/s0": "1 范围"}, "zh")


def test_a_paragraph_without_text_gives_no_segment_and_is_left_alone() -> None:
    title = titles()[11]
    data = _docx_with(
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>3</w:t></w:r>"
        f"<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p><w:p><w:r><w:t>{title.title_en}</w:t></w:r></w:p>"
    )
    segments = read_document("page.docx", data, "en").segments
    assert [(s.key, s.source) for s in segments] == [("p1/s0", title.title_en)]
    written = docx.Document(io.BytesIO(write_document("page.docx", data, {"p1/s0": title.title_zh}, "zh")))
    assert [p.text for p in written.paragraphs] == ["3", title.title_zh]


def test_runs_cut_at_each_change_of_script_are_one_stretch() -> None:
    """LibreOffice writes a Chinese title as three runs: the Chinese with a Latin font, the digit with an East
    Asian font, the Chinese again (as in GB/T 17626.3-2023's title here)."""
    title = titles()[8].title_zh
    head, tail = title.split("3", 1)
    common = "<w:kern w:val='0'/><w:sz w:val='22'/><w:lang w:val='en-US' w:eastAsia='en-US' w:bidi='ar-SA'/>"
    latin = f"<w:rPr><w:rFonts w:ascii='Cambria' w:hAnsi='Cambria' w:cs=''/>{common}</w:rPr>"
    east_asian = f"<w:rPr><w:rFonts w:eastAsia='MS Mincho' w:cs=''/>{common}</w:rPr>"
    data = _docx_with(
        f"<w:p><w:r>{latin}<w:t>{head}</w:t></w:r><w:r>{east_asian}<w:t>3</w:t></w:r>"
        f"<w:r>{latin}<w:t>{tail}</w:t></w:r></w:p>"
    )
    assert read_document("lo.docx", data, "zh").segments[0].source == title


def test_reading_leaves_a_run_with_text_and_a_tab_as_it_was() -> None:
    title = titles()[1]
    data = _docx_with(
        f"<w:p><w:r><w:t>{title.designation}</w:t><w:tab/><w:t>{title.adopted_from}</w:t></w:r></w:p>"
        f"<w:p><w:r><w:t>{title.title_en}</w:t></w:r></w:p>"
    )
    assert read_document("tab.docx", data, "en").segments[0].source == f"{title.designation}<x1/>{title.adopted_from}"
    written = docx.Document(io.BytesIO(write_document("tab.docx", data, {"p1/s0": title.title_zh}, "zh")))
    assert written.paragraphs[0].text == f"{title.designation}\t{title.adopted_from}"  # untranslated, tab kept
    again = write_document("tab.docx", data, {"p0/s0": f"{title.adopted_from}<x1/>{title.designation}"}, "zh")
    assert docx.Document(io.BytesIO(again)).paragraphs[0].text == f"{title.adopted_from}\t{title.designation}"


def test_chinese_style_names_give_headings_and_titles() -> None:
    """A document written in a Chinese Word names its styles 标题 (title) and 标题 1 (heading 1)."""
    document = docx.Document()
    for style_id, name in (("a3", "标题"), ("1", "标题 1")):
        style = document.styles.add_style(name, 1)
        style.element.set(qn("w:styleId"), style_id)
    gb = titles()[4]
    document.add_paragraph(gb.title_zh, style="标题")
    document.add_paragraph("1 范围", style="标题 1")
    buffer = io.BytesIO()
    document.save(buffer)
    kinds = [s.kind for s in read_document("gb.docx", buffer.getvalue(), "zh").segments]
    assert kinds == ["title", "heading"]


def test_paragraphs_in_a_content_control_count_as_paragraphs_of_their_container() -> None:
    """GB templates put the cover's title in a content control (w:sdt) of the body."""
    gb = titles()[6]
    data = _docx_with(
        f"<w:sdt><w:sdtPr><w:alias w:val='title'/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>{gb.title_zh}</w:t></w:r>"
        f"</w:p></w:sdtContent></w:sdt><w:p><w:r><w:t>{gb.designation}</w:t></w:r></w:p>"
    )
    segments = read_document("cover.docx", data, "zh").segments
    assert [(s.key, s.source) for s in segments] == [("p0/s0", gb.title_zh), ("p1/s0", gb.designation)]
    written = docx.Document(io.BytesIO(write_document("cover.docx", data, {"p0/s0": gb.title_en}, "en")))
    body = written.element.body
    assert body.find(qn("w:sdt")) is not None
    assert "".join(t.text for t in body.find(qn("w:sdt")).iter(qn("w:t"))) == gb.title_en
