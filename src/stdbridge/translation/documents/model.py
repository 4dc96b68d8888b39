"""What a document reader of the translation workbench answers: the document's segments, each with its key (where
it sits, for the writer), its source text with inline tags, and what kind of text it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stdbridge.translation.model import Segment, SegmentStatus

DocumentFormat = Literal["docx", "xliff", "text", "markdown"]
SegmentKind = Literal["text", "heading", "list-item", "table-cell", "note", "footnote", "title", "formula"]


@dataclass(frozen=True, slots=True)
class DocumentSegment:
    """One segment as read: ``target`` and ``status`` come from a bilingual file (XLIFF), else empty / None."""

    key: str
    source: str
    kind: SegmentKind = "text"
    target: str = ""
    status: SegmentStatus | None = None


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A document to translate, as read: its format, languages and segments in document order."""

    name: str
    format: DocumentFormat
    source_lang: str
    segments: tuple[DocumentSegment, ...]
    target_lang: str | None = None  # an XLIFF file says it
    encoding: str | None = None  # a plain-text or Markdown file's, used again to write the translation

    def project_segments(self, project_id: int) -> list[Segment]:
        """The segments as records of a project, positions in document order."""
        return [
            Segment(
                project_id=project_id,
                position=position,
                key=segment.key,
                source=segment.source,
                target=segment.target,
                status=segment.status or SegmentStatus.NEW,
                kind=segment.kind,
            )
            for position, segment in enumerate(self.segments)
        ]
