"""XLIFF 1.2 and 2.0: a project's segments exported, opened with translate-toolkit's own classes, read back, and
targets written into an XLIFF file made by another tool."""

from __future__ import annotations

import pytest
from tests.translation.docx_samples import definitions, standard_docx
from translate.storage import xliff, xliff2

from stdbridge.errors import UnreadableDocument
from stdbridge.translation.documents import read_document, write_document, write_xliff
from stdbridge.translation.model import Segment, SegmentStatus, without_tags

STATUSES = [SegmentStatus.NEW, SegmentStatus.DRAFT, SegmentStatus.TRANSLATED, SegmentStatus.REVIEWED]


def _project_segments() -> list[Segment]:
    """The segments of the sample standard, the definitions translated with the glossary's Chinese, in each
    status in turn."""
    document = read_document("GB-T 24001-1996.docx", standard_docx(), "en")
    chinese = {term.definition_en + ".": term.definition_zh for term in definitions()}
    segments = document.project_segments(project_id=7)
    for index, segment in enumerate(segments):
        if segment.key == "p2/s0":
            segment.target = "本文件规定了<g2>环境管理体系</g2>的<g1>要求</g1>，依据ISO 14001:1996。<x3/>"
            segment.status = SegmentStatus.REVIEWED
        elif segment.source in chinese:
            segment.target = chinese[segment.source]
            segment.status = STATUSES[1 + index % 3]
    return segments


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_exported_xliff_opens_in_translate_toolkit(version: str) -> None:
    segments = _project_segments()
    data = write_xliff(segments, "en", "zh", version=version)  # type: ignore[arg-type]
    store = (xliff.xlifffile if version == "1.2" else xliff2.Xliff2File).parsestring(data)
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "zh"
    units = [unit for unit in store.units if not unit.isheader()]
    assert len(units) == len(segments)
    by_id = {unit.getid().split("\x04")[-1]: unit for unit in units}
    scope = by_id["p2.s0"]
    assert scope.source == without_tags(segments[2].source)  # translate-toolkit's plain view of the inline codes
    assert scope.target == "本文件规定了环境管理体系的要求，依据ISO 14001:1996。"
    inline = "g" if version == "1.2" else "pc"
    assert len(scope.source_dom.findall(f"{{*}}{inline}")) == 2
    assert scope.isapproved() if version == "1.2" else scope.xmlelement.get("state") == "reviewed"
    untranslated = by_id["p0.s0"]
    assert not untranslated.target


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_exported_xliff_reads_back_with_tags_targets_and_states(version: str) -> None:
    segments = _project_segments()
    document = read_document("project.xlf", write_xliff(segments, "en", "zh", version=version), "en")  # type: ignore[arg-type]
    assert document.format == "xliff" and document.target_lang == "zh"
    assert len(document.segments) == len(segments)
    for read, segment in zip(document.segments, segments, strict=True):
        assert read.key.endswith(segment.key.replace("/", "."))
        assert read.source == segment.source
        assert read.target == segment.target
        expected = segment.status
        if version == "2.0" and expected is SegmentStatus.DRAFT:
            expected = SegmentStatus.DRAFT  # 2.0 "initial" with a target reads as a draft
        assert read.status is expected, (segment.key, segment.status)


OTHER_TOOL = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="GB_T_17626.2-2018.docx" source-language="zh-CN" target-language="en-US" datatype="x-docx">
  <body>
   <trans-unit id="1">
    <source>电磁兼容 试验和测量技术 静电放电抗扰度试验</source>
   </trans-unit>
   <trans-unit id="2">
<source><bpt id="1">&lt;b&gt;</bpt>范围<ept id="1">&lt;/b&gt;</ept>：见<mrk mtype="term">GB/T 17626.2</mrk>。</source>
    <target state="needs-review-translation">Scope: see GB/T 17626.2.</target>
   </trans-unit>
  </body>
 </file>
 <file original="second.docx" source-language="zh-CN" datatype="x-docx"><body>
   <trans-unit id="1"><source>航天系统电磁兼容性要求</source>
    <target state="final">Electromagnetic compatibility requirements for space systems</target></trans-unit>
 </body></file>
</xliff>
"""


def test_xliff_from_another_tool_is_read_and_written_back() -> None:
    data = OTHER_TOOL.encode("utf-8")
    document = read_document("gb.xlf", data, "zh")
    assert [s.key for s in document.segments] == ["0/1", "0/2", "1/1"]
    assert document.segments[1].source == "<x1/>范围<x2/>：见GB/T 17626.2。"
    assert document.segments[1].status is SegmentStatus.DRAFT
    assert document.segments[2].status is SegmentStatus.REVIEWED
    targets = {
        "0/1": "Electromagnetic compatibility—Testing and measurement techniques—Electrostatic discharge immunity test",
        "0/2": "<x1/>Scope<x2/>: see GB/T 17626.2.",
    }
    written = write_document("gb.xlf", data, targets, "en")
    store = xliff.xlifffile.parsestring(written)
    units = store.units
    assert units[0].target == targets["0/1"]
    assert units[1].target_dom.find("{*}bpt").text == "<b>"  # the other tool's inline codes, copied
    assert units[1].target == "<b>Scope</b>: see GB/T 17626.2."  # translate-toolkit shows the codes' text
    assert units[2].target == "Electromagnetic compatibility requirements for space systems"  # untouched
    again = read_document("gb.xlf", written, "zh")
    assert again.segments[1].target == targets["0/2"]
    assert again.segments[0].status is SegmentStatus.TRANSLATED


def test_malformed_xliff_names_the_line() -> None:
    broken = OTHER_TOOL.replace('</trans-unit>\n   <trans-unit id="2">', '<trans-unit id="2">', 1)
    with pytest.raises(UnreadableDocument, match=r"line \d+") as caught:
        read_document("gb.xlf", broken.encode("utf-8"), "zh")
    assert caught.value.source == "gb.xlf"


def test_external_entities_are_not_read() -> None:
    hostile = OTHER_TOOL.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    ).replace("航天系统电磁兼容性要求", "&secret;")
    try:
        document = read_document("gb.xlf", hostile.encode("utf-8"), "zh")
    except UnreadableDocument:
        return
    assert all("root:" not in segment.source for segment in document.segments)
