"""DOCX documents for the translation tests, built with python-docx from real text: the bilingual titles of the
bundled GB catalogue (``gb_records.jsonl.gz``) and the English and Chinese definitions of the ISO/TC 211
multilingual glossary (``data/isotc211_definitions.jsonl``, an excerpt of /work/shared/data/termbase-isotc211-mlgt).

python-docx has no footnote API: the footnotes part is written here with lxml and related to the document part,
as Word writes it (two separator notes, then the footnote with its own reference mark).
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Definition:
    source: str
    term_en: str
    term_zh: str
    definition_en: str
    definition_zh: str


@dataclass(frozen=True)
class Title:
    designation: str
    title_zh: str
    title_en: str
    adopted_from: str


def definitions() -> list[Definition]:
    with (DATA / "isotc211_definitions.jsonl").open(encoding="utf-8") as lines:
        return [
            Definition(r["source"], r["term_en"], r["term_zh"], r["definition_en"], r["definition_zh"])
            for r in map(json.loads, lines)
        ]


def titles(count: int = 12) -> list[Title]:
    """GB standards adopted identically from ISO or IEC, with both titles, in catalogue order."""
    found: list[Title] = []
    with gzip.open(str(resources.files("stdbridge.data") / "gb_records.jsonl.gz"), "rt", encoding="utf-8") as rows:
        for row in map(json.loads, rows):
            if row["title_zh"] and row["title_en"] and row["adopted_from"] and row["degree"] == "IDT":
                found.append(Title(row["designation"], row["title_zh"], row["title_en"], row["adopted_from"]))
                if len(found) == count:
                    break
    return found


FOOTNOTE_EN = "Withdrawn; replaced by ISO 14001:2015."
FOOTNOTE_ZH = "已废止，被ISO 14001:2015代替。"


def standard_docx() -> bytes:
    """An English standard: a title, headings, a numbered list, bold, italic, superscript and hyperlink runs, a
    table with a nested table and Chinese titles, a footnote, a header, a tab and a line break."""
    terms = definitions()
    gb = titles()
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"{gb[0].designation} (ISO 14001:1996, IDT)"
    document.add_paragraph(gb[0].title_en, style="Title")
    document.add_heading("1 Scope", level=1)
    scope = document.add_paragraph("This document specifies the ")
    scope.add_run("requirements").bold = True
    scope.add_run(" for an ")
    scope.add_run("environmental management system").italic = True
    scope.add_run(" according to ISO 14001:1996.")
    _footnote_reference(scope)
    scope.add_run(" The area is given in m")
    scope.add_run("2").font.superscript = True
    scope.add_run(".")
    document.add_heading("2 Terms and definitions", level=1)
    for index, term in enumerate(terms[:4], start=1):
        document.add_heading(f"2.{index}", level=2)
        paragraph = document.add_paragraph()
        paragraph.add_run(term.term_en).bold = True
        document.add_paragraph(term.definition_en + ".")
        document.add_paragraph(f"[SOURCE: {term.source}]")
    document.add_heading("3 Normative references", level=1)
    for title in gb[1:5]:
        document.add_paragraph(f"{title.adopted_from}, {title.title_en}", style="List Number")
    link = document.add_paragraph("See ")
    _hyperlink(link, "https://www.iso.org/standard/31807.html", "the ISO catalogue")
    link.add_run(" for the edition.")
    tabbed = document.add_paragraph("Designation")
    tabbed.add_run().add_tab()
    tabbed.add_run("Title")
    tabbed.add_run().add_break(WD_BREAK.LINE)
    tabbed.add_run(gb[1].title_zh)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Designation", "Chinese title", "English title"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for title in gb[5:9]:
        cells = table.add_row().cells
        cells[0].text = title.designation
        cells[1].text = title.title_zh
        cells[2].text = title.title_en
    nested = table.rows[1].cells[2].add_table(rows=1, cols=2)
    nested.rows[0].cells[0].text = "IDT"
    nested.rows[0].cells[1].text = gb[5].adopted_from
    document.add_paragraph(f"NOTE 1 {terms[4].definition_en[0].upper()}{terms[4].definition_en[1:]}.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _footnote_reference(paragraph: docx.text.paragraph.Paragraph) -> None:
    part = paragraph.part
    notes = parse_xml(
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {FOOTNOTE_EN}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    from lxml import etree

    blob = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    notes_part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob, part.package)
    part.relate_to(notes_part, RELATIONSHIP_TYPE.FOOTNOTES)
    reference = parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    )
    paragraph._p.append(reference)


def _hyperlink(paragraph: docx.text.paragraph.Paragraph, url: str, text: str) -> None:
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{relation}"><w:r><w:rPr><w:color w:val="0563C1"/>'
        f'<w:u w:val="single"/></w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(link)
