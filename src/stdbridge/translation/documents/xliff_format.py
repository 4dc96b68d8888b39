"""XLIFF 1.2 and 2.x through translate-toolkit: units read as segments (with their existing target and state),
targets written back into the original file, and a project's segments exported for other tools.

Keys are ``{file index}/{unit id}`` (1.2: the trans-unit's id; 2.x: translate-toolkit's id of the segment,
``unit`` or ``unit::segment`` when a unit has several). Inline elements become tags in order of appearance:
paired ones (1.2 ``<g>``, 2.x ``<pc>``) ``<gN>…</gN>``, standalone ones (1.2 ``<x/> <bx/> <ex/> <ph> <bpt> <ept>
<it>``, 2.x ``<ph/> <sc/> <ec/>``) ``<xN/>``; ``<mrk>`` is read through. Writing a target back copies the source's
elements (their ids and attributes) for its tags, so another tool sees the same inline codes.

States: NEW is 1.2 ``needs-translation`` / 2.x ``initial`` without a target, DRAFT ``needs-review-translation`` /
``initial`` with a target, TRANSLATED ``translated``, REVIEWED ``final`` (1.2, with ``approved="yes"``) /
``reviewed`` (2.x).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from lxml import etree

from stdbridge.errors import UnreadableDocument
from stdbridge.i18n import _
from stdbridge.translation.documents.model import DocumentSegment, DocumentText
from stdbridge.translation.model import TAG, Segment, SegmentStatus

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
_SKELETON_12 = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
    b'<file original="stdbridge" datatype="plaintext" source-language="en"><body/></file></xliff>'
)
_PAIRED = {"g", "pc"}
_STANDALONE = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em"}
_STATE_12 = {
    SegmentStatus.NEW: "needs-translation",
    SegmentStatus.DRAFT: "needs-review-translation",
    SegmentStatus.TRANSLATED: "translated",
    SegmentStatus.REVIEWED: "final",
}
_STATE_20 = {
    SegmentStatus.NEW: "initial",
    SegmentStatus.DRAFT: "initial",
    SegmentStatus.TRANSLATED: "translated",
    SegmentStatus.REVIEWED: "reviewed",
}
_READ_STATE = {
    "new": SegmentStatus.NEW,
    "needs-translation": SegmentStatus.NEW,
    "needs-adaptation": SegmentStatus.DRAFT,
    "needs-l10n": SegmentStatus.DRAFT,
    "needs-review-translation": SegmentStatus.DRAFT,
    "needs-review-adaptation": SegmentStatus.DRAFT,
    "needs-review-l10n": SegmentStatus.DRAFT,
    "translated": SegmentStatus.TRANSLATED,
    "signed-off": SegmentStatus.REVIEWED,
    "final": SegmentStatus.REVIEWED,
    "reviewed": SegmentStatus.REVIEWED,
    "initial": SegmentStatus.NEW,
}


def read_xliff(data: bytes, name: str, source_lang: str) -> DocumentText:
    """The units of an XLIFF 1.2 or 2.x file as segments, with their target and state."""
    store, version = _parse(data, name)
    segments: list[DocumentSegment] = []
    target_lang: str | None = None
    for key, unit in _units(store, version):
        source = unit.source_dom
        if source is None:
            continue
        text, elements = _tagged(source)
        if not text.strip():
            continue
        target_dom = unit.target_dom
        target = _tagged(target_dom, _numbers_of(elements))[0] if target_dom is not None else ""
        segments.append(DocumentSegment(key, text, "text", target, _status_of(unit, version, target)))
    target_lang = store.gettargetlanguage() or None
    return DocumentText(name, "xliff", store.getsourcelanguage() or source_lang, tuple(segments), target_lang)


def write_xliff_targets(data: bytes, name: str, targets: Mapping[str, str], target_lang: str) -> bytes:
    """The XLIFF file with each target written into its unit (state ``translated``)."""
    store, version = _parse(data, name)
    if not store.gettargetlanguage():
        store.settargetlanguage(target_lang)
    for key, unit in _units(store, version):
        if key not in targets or unit.source_dom is None:
            continue
        _text, elements = _tagged(unit.source_dom)
        _set_target(unit, version, targets[key], elements, SegmentStatus.TRANSLATED)
    return bytes(store)


def write_xliff(
    segments: Sequence[Segment], source_lang: str, target_lang: str, version: Literal["1.2", "2.0"] = "1.2"
) -> bytes:
    """A project's segments as an XLIFF file for other tools: one unit per segment, its key as the unit id, its
    tags as inline elements, its status as the unit's state."""
    from translate.storage import xliff, xliff2

    # translate-toolkit's empty xlifffile() is XLIFF 1.1; a 1.2 skeleton gives the 1.2 namespace and version.
    classes: Any = (xliff.xlifffile, xliff2.Xliff2File)  # translate-toolkit is not typed
    store: Any = classes[0].parsestring(_SKELETON_12) if version == "1.2" else classes[1]()
    store.setsourcelanguage(source_lang)
    store.settargetlanguage(target_lang)
    for segment in segments:
        unit = store.UnitClass("")
        store.addunit(unit)
        unit.setid(_xml_id(segment.key))
        source = unit.source_dom
        for child in list(source):
            source.remove(child)
        source.text = None
        elements = _fill(source, segment.source, {}, version, fresh=True)
        _set_target(unit, version, segment.target, elements, segment.status, write_empty=False)
    return bytes(store)


def _xml_id(key: str) -> str:
    """A unit id from a segment key: XLIFF 2 ids are NMTOKENs, so the key's slashes become dots."""
    return key.replace("/", ".")


def _parse(data: bytes, name: str) -> tuple[Any, str]:
    from translate.storage import xliff, xliff2

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno
        raise UnreadableDocument(
            _("not well-formed XML (line {line}): {reason}").format(line=line, reason=exc.msg),
            reason="damaged",
            source=name,
        ) from exc
    namespace = etree.QName(root).namespace
    version = "2.0" if namespace == XLIFF20 or (root.get("version") or "").startswith("2") else "1.2"
    try:
        store_class: Any = xliff2.Xliff2File if version == "2.0" else xliff.xlifffile  # translate-toolkit: untyped
        store = store_class.parsestring(data)
    except Exception as exc:  # translate-toolkit raises ValueError, lxml errors ... on a malformed file
        message = _("a damaged XLIFF {version} file ({reason})").format(version=version, reason=type(exc).__name__)
        raise UnreadableDocument(message, reason="damaged", source=name) from exc
    return store, version


def _units(store: Any, version: str) -> Iterator[tuple[str, Any]]:
    files = [f for f in store.document.getroot() if etree.QName(f).localname == "file"]
    for unit in store.units:
        if unit.isheader():
            continue
        element = unit.xmlelement
        file_element = element.getparent()
        while file_element is not None and etree.QName(file_element).localname != "file":
            file_element = file_element.getparent()
        index = files.index(file_element) if file_element in files else 0
        unit_id = element.get("id") if version == "1.2" else unit.getid()
        yield f"{index}/{unit_id}", unit


def _status_of(unit: Any, version: str, target: str) -> SegmentStatus:
    if version == "1.2":
        target_dom = unit.target_dom
        state = target_dom.get("state") if target_dom is not None else None
        if unit.xmlelement.get("approved") == "yes" and target:
            return SegmentStatus.REVIEWED
    else:
        state = unit.xmlelement.get("state")
    status = _READ_STATE.get(state or "", SegmentStatus.TRANSLATED if target else SegmentStatus.NEW)
    if status is SegmentStatus.NEW and target:
        return SegmentStatus.DRAFT
    return status


def _numbers_of(elements: dict[int, Any]) -> dict[tuple[str, str | None], int]:
    """The tag number of each inline element of a source, by its name and id, to number a target's the same."""
    return {(etree.QName(element).localname, element.get("id")): number for number, element in elements.items()}


def _tagged(element: Any, numbers: dict[tuple[str, str | None], int] | None = None) -> tuple[str, dict[int, Any]]:
    """An XLIFF source or target as tagged text, and the inline element of each tag number. A target's elements
    take the numbers of the source's with the same name and id (``numbers``); a source's element keeps its id as
    its number when the id is a number not taken yet."""
    out: list[str] = []
    elements: dict[int, Any] = {}
    taken = set((numbers or {}).values())

    def number_of(child: Any) -> int:
        if numbers is not None:
            known = numbers.get((etree.QName(child).localname, child.get("id")))
        else:  # a source: a numeric id is kept as the tag's number (this module writes the tags' numbers as ids)
            given = child.get("id") or ""
            known = int(given) if given.isdigit() and 0 < int(given) < 100_000 and int(given) not in taken else None
        if known is not None and known not in elements:
            taken.add(known)
            return known
        number = max([*taken, *elements, 0]) + 1
        taken.add(number)
        return number

    def walk(node: Any) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                if child.tail:
                    out.append(child.tail)
                continue
            local = etree.QName(child).localname
            if local in _PAIRED:
                number = number_of(child)
                shell = copy.copy(child)
                for grandchild in list(shell):
                    shell.remove(grandchild)
                shell.text = shell.tail = None
                elements[number] = shell
                out.append(f"<g{number}>")
                walk(child)
                out.append(f"</g{number}>")
            elif local in _STANDALONE:
                number = number_of(child)
                standalone = copy.deepcopy(child)
                standalone.tail = None
                elements[number] = standalone
                out.append(f"<x{number}/>")
            else:  # <mrk>, <cp> and anything else: its text is part of the segment
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out), elements


def _fill(parent: Any, text: str, elements: dict[int, Any], version: str, *, fresh: bool = False) -> dict[int, Any]:
    """Write tagged text into an XLIFF element: copies of ``elements`` for known tags, new ``<g>``/``<x>`` (1.2)
    or ``<pc>``/``<ph>`` (2.x) for the others when ``fresh``. Answers the elements used, by tag number."""
    namespace = etree.QName(parent).namespace
    paired, standalone = ("g", "x") if version == "1.2" else ("pc", "ph")
    used: dict[int, Any] = dict(elements)
    stack = [parent]
    last: Any = None  # the element whose tail the next text goes to (None: the text of stack[-1])
    position = 0

    def put_text(chunk: str) -> None:
        if not chunk:
            return
        if last is None:
            stack[-1].text = (stack[-1].text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for match in TAG.finditer(text):
        put_text(text[position : match.start()])
        position = match.end()
        tag = match.group(0)
        if match.group(2) is not None:
            number = int(match.group(2))
            if number not in used and fresh:
                used[number] = etree.Element(f"{{{namespace}}}{standalone}", id=str(number))
            if number in used:
                element = copy.deepcopy(used[number])
                stack[-1].append(element)
                last = element
        elif tag.startswith("</"):
            if len(stack) > 1:
                last = stack.pop()
        else:
            number = int(match.group(1))
            if number not in used and fresh:
                used[number] = etree.Element(f"{{{namespace}}}{paired}", id=str(number))
            shell = copy.copy(used[number]) if number in used else None
            if shell is not None:
                shell.text = shell.tail = None
                stack[-1].append(shell)
                stack.append(shell)
                last = None
    put_text(text[position:])
    return used


def _set_target(
    unit: Any, version: str, text: str, elements: dict[int, Any], status: SegmentStatus, *, write_empty: bool = True
) -> None:
    source = unit.source_dom
    target = unit.target_dom
    if not text and not write_empty:
        if version == "1.2":
            unit.xmlelement.set("approved", "no")
        else:
            unit.xmlelement.set("state", "initial")
        return
    if target is None:
        target = etree.Element(etree.QName(source).text.replace("source", "target"))
        source.addnext(target)
    for child in list(target):
        target.remove(child)
    target.text = None
    _fill(target, text, elements, version)
    if version == "1.2":
        target.set("state", _STATE_12[status])
        unit.xmlelement.set("approved", "yes" if status is SegmentStatus.REVIEWED else "no")
    else:
        unit.xmlelement.set("state", _STATE_20[status])
