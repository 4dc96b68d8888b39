"""Plain-text and Markdown documents to translate, and PDFs as reference text only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from tests.translation.docx_samples import definitions, titles

from stdbridge.errors import UnreadableDocument
from stdbridge.translation.documents import read_document, read_reference_text, write_document
from stdbridge.translation.model import TAG


def _chinese_text() -> str:
    terms = definitions()
    gb = titles()
    return (
        "\r\n".join(
            [
                gb[0].title_zh,
                "",
                "1 范围",
                "",
                f"本文件等同采用{gb[0].adopted_from}。{terms[0].definition_zh}",
                "",
                f"a) {gb[1].title_zh}；",
                f"b) {gb[2].title_zh}。",
                "",
                f"注：{terms[1].definition_zh}",
            ]
        )
        + "\r\n"
    )


def test_plain_text_in_gb18030_round_trips_in_its_encoding_and_line_endings() -> None:
    data = _chinese_text().encode("gb18030")
    document = read_document("GB-T 24001.txt", data, "zh")
    assert document.format == "text" and document.encoding == "gb18030"
    segments = {s.key: s for s in document.segments}
    assert segments["l3/s0"].kind == "heading"
    assert segments["l5/s0"].source == f"本文件等同采用{titles()[0].adopted_from}。"
    assert segments["l5/s1"].source == definitions()[0].definition_zh
    assert segments["l7/s0"].kind == "list-item"
    assert segments["l10/s0"].kind == "note"
    targets = {
        "l1/s0": titles()[0].title_en,
        "l3/s0": "1 Scope",
        "l5/s0": f"This document is identical to {titles()[0].adopted_from}.",
        "l10/s0": f"NOTE {definitions()[1].definition_en}.",
    }
    written = write_document("GB-T 24001.txt", data, targets, "en")
    text = written.decode("gb18030")
    assert text.split("\r\n")[0] == titles()[0].title_en
    assert text.split("\r\n")[4] == f"This document is identical to {titles()[0].adopted_from}. " + (
        definitions()[0].definition_zh
    )  # the untranslated sentence kept, after a space
    assert text.split("\r\n")[6] == f"a) {titles()[1].title_zh}；"  # no target: the line as it was
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")


def test_wrapped_english_lines_are_one_paragraph() -> None:
    definition = definitions()[2].definition_en
    title = titles()[3].title_en
    body = f"The {definition} is used for the evaluation of a dataset according to {title}, clause 4.10."
    wrapped = [body[:70].rsplit(" ", 1)[0]]
    wrapped.append(body[len(wrapped[0]) + 1 :])
    text = "\n".join(["4 Quality evaluation", *wrapped, "", "4.1 General"]) + "\n"
    document = read_document("clause.txt", text.encode("utf-8"), "en")
    assert [s.source for s in document.segments] == ["4 Quality evaluation", body, "4.1 General"]
    written = write_document("clause.txt", text.encode("utf-8"), {"l2/s0": "质量评价。"}, "zh").decode("utf-8")
    assert written == "4 Quality evaluation\n质量评价。\n\n4.1 General\n"


MARKDOWN = """# {title}

This **document** specifies *requirements* for [ISO 14001](https://www.iso.org/standard/31807.html). \
See `GB/T 24001` and <https://openstd.samr.gov.cn>.

- {item1}
- {item2}

| Designation | Title |
|---|---|
| {designation} | {title_zh} |

```
{definition}
```
"""


def _markdown() -> str:
    gb = titles()
    return MARKDOWN.format(
        title=gb[0].title_en,
        item1=gb[1].title_en,
        item2=gb[2].title_en,
        designation=gb[0].designation,
        title_zh=gb[0].title_zh,
        definition=definitions()[0].definition_en,
    )


def test_markdown_segments_keep_markup_as_tags_and_leave_code_alone() -> None:
    document = read_document("standard.md", _markdown().encode("utf-8"), "en")
    assert document.format == "markdown"
    sources = {s.key: s for s in document.segments}
    assert sources["l1/s0"].kind == "heading"
    assert sources["l3/s0"].source == "This <g1>document</g1> specifies <g2>requirements</g2> for <g3>ISO 14001</g3>."
    assert sources["l3/s1"].source == "See <x4/> and <x5/>."
    assert sources["l5/s0"].kind == "list-item"
    assert sources["l10/c1/s0"].kind == "table-cell" and sources["l10/c1/s0"].source == titles()[0].title_zh
    assert all(definitions()[0].definition_en not in s.source for s in document.segments)  # the code block


def test_markdown_written_back_with_its_markup() -> None:
    data = _markdown().encode("utf-8")
    targets = {
        "l1/s0": titles()[0].title_zh,
        "l3/s0": "本<g1>文件</g1>规定了<g3>ISO 14001</g3>的<g2>要求</g2>。",
        "l3/s1": "见<x4/>和<x5/>。",
        "l5/s0": titles()[1].title_zh,
        "l10/c1/s0": titles()[0].title_en,
    }
    written = write_document("standard.md", data, targets, "zh").decode("utf-8")
    lines = written.split("\n")
    assert lines[0] == f"# {titles()[0].title_zh}"
    assert lines[2] == (
        "本**文件**规定了[ISO 14001](https://www.iso.org/standard/31807.html)的*要求*。"
        "见`GB/T 24001`和<https://openstd.samr.gov.cn>。"
    )
    assert lines[4] == f"- {titles()[1].title_zh}"
    assert lines[5] == f"- {titles()[2].title_en}"
    assert lines[9] == f"| {titles()[0].designation} | {titles()[0].title_en} |"
    assert definitions()[0].definition_en in written
    again = read_document("standard.md", written.encode("utf-8"), "zh")
    assert TAG.sub("", again.segments[1].source) == "本文件规定了ISO 14001的要求。"
    assert write_document("standard.md", data, {}, "zh") == data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary"),
        (b"{\\rtf1\\ansi GB/T 24001}", "unsupported"),
        ("环境管理体系".encode("gb18030") + b"\xff\xff\xff", "encoding"),
        (b"   \n\n", "empty"),
    ],
)
def test_what_is_not_a_text_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_document("upload.txt", data, "zh")
    assert caught.value.reason == reason and caught.value.source == "upload.txt"


def _pdf_bytes(pages: list[list[str]]) -> bytes:
    path = Path(__file__).parents[1] / "compare" / "compare_fixtures.py"
    spec = importlib.util.spec_from_file_location("compare_fixtures_for_translation", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pdf: bytes = module.pdf_bytes(pages)
    return pdf


def test_a_pdf_is_reference_text_only() -> None:
    title = titles()[0].title_en
    pdf = _pdf_bytes([["1 Scope", f"This document specifies {title}."]])
    with pytest.raises(UnreadableDocument, match="reference text") as caught:
        read_document("GB-T 24001.pdf", pdf, "en")
    assert caught.value.reason == "unsupported"
    assert read_reference_text("GB-T 24001.pdf", pdf).strip() == f"1 Scope\nThis document specifies {title}."


def _japanese_titles() -> list[tuple[str, str]]:
    import gzip
    import json
    from importlib import resources

    path = resources.files("stdbridge.data") / "jis_catalog.jsonl.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as rows:
        found = [
            (r["title_ja"], r["title_en"]) for r in map(json.loads, rows) if r.get("title_ja") and r.get("title_en")
        ]
    return found[:20]


@pytest.mark.parametrize("encoding", ["shift_jis", "euc_jp"])
def test_japanese_encodings_are_detected_not_misread_as_gb18030(encoding: str) -> None:
    """Shift-JIS and EUC-JP bytes decode as GB18030 too, into nonsense: charset-normalizer tells them apart."""
    titles_ja = _japanese_titles()
    text = "\n".join(ja for ja, _en in titles_ja) + "\n"
    data = text.encode(encoding)
    document = read_document("jis.txt", data, "ja")
    assert [s.source for s in document.segments] == [ja for ja, _en in titles_ja]
    written = write_document("jis.txt", data, {"l1/s0": titles_ja[0][1]}, "en")
    assert written.decode(document.encoding or "") == "\n".join([titles_ja[0][1], *text.split("\n")[1:]])
