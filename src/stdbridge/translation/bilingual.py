"""A bilingual side-by-side document of a project's segments, for review: source beside target, with each
segment's status and where its target came from (memory 100 %, fuzzy 87 %, an engine, a person).

``bilingual_docx`` writes a DOCX with a two-column table (source | target; the status and origin in a small line
under the target), its Normal style set to show Chinese in a Chinese font; ``bilingual_html`` writes a page
(every text escaped) with a four-column table. Headings and labels are in the current language (gettext). Inline
tags are shown as ``⟨1⟩…⟨/1⟩`` and ``⟨2/⟩`` so that the reviewer sees where formatting and objects sit.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from stdbridge.i18n import _, current_language, pgettext
from stdbridge.translation.model import TAG, Segment, SegmentStatus, TargetOrigin

__all__ = ["bilingual_docx", "bilingual_html", "origin_label", "status_label"]


def status_label(status: SegmentStatus) -> str:
    """A segment's status as the reviewer reads it."""
    labels = {
        SegmentStatus.NEW: pgettext("segment status", "new"),
        SegmentStatus.DRAFT: pgettext("segment status", "draft"),
        SegmentStatus.TRANSLATED: pgettext("segment status", "translated"),
        SegmentStatus.REVIEWED: pgettext("segment status", "reviewed"),
    }
    return labels[status]


def origin_label(segment: Segment) -> str:
    """Where a segment's target came from: "memory 100 %", "fuzzy 87 %", "engine: argos", "human"."""
    if segment.origin is None:
        return ""
    if segment.origin is TargetOrigin.MEMORY_EXACT:
        return _("memory {score} %").format(score=segment.score if segment.score is not None else 100)
    if segment.origin is TargetOrigin.MEMORY_FUZZY:
        return _("fuzzy {score} %").format(score=segment.score if segment.score is not None else "?")
    if segment.origin is TargetOrigin.ENGINE:
        return _("engine: {name}").format(name=segment.engine or "?")
    if segment.origin is TargetOrigin.TERMBASE_DRAFT:
        return _("termbase draft")
    return _("human")


def language_name(lang: str) -> str:
    """The name of a language in the current language ("Chinese", "中文")."""
    names = {"zh": _("Chinese"), "en": _("English"), "ja": _("Japanese"), "fr": _("French"), "de": _("German")}
    return names.get(lang.split("-")[0].lower(), lang)


def _shown(text: str) -> str:
    """Tags made readable: ``<g1>`` is ⟨1⟩, ``</g1>`` ⟨/1⟩, ``<x2/>`` ⟨2/⟩."""

    def show(match: re.Match[str]) -> str:
        tag = match.group(0)
        number = match.group(1) or match.group(2)
        if tag.startswith("</"):
            return f"⟨/{number}⟩"
        return f"⟨{number}/⟩" if tag.endswith("/>") else f"⟨{number}⟩"

    return TAG.sub(show, text)


def _headings(source_lang: str, target_lang: str) -> tuple[str, str]:
    return (
        _("Source ({language})").format(language=language_name(source_lang)),
        _("Target ({language})").format(language=language_name(target_lang)),
    )


def _status_line(segment: Segment) -> str:
    parts = [f"#{segment.position + 1}", status_label(segment.status)]
    origin = origin_label(segment)
    if origin:
        parts.append(origin)
    return " · ".join(parts)


def bilingual_docx(segments: Sequence[Segment], source_lang: str, target_lang: str, *, title: str = "") -> bytes:
    """A DOCX for review: the title, then a two-column table of the segments in order."""
    import docx
    from docx.shared import Pt, RGBColor

    from stdbridge.translation.documents.docx_runs import language_mark, mark_language

    document = docx.Document()
    normal = document.styles["Normal"].element.get_or_add_rPr()
    mark_language(normal, language_mark("zh-CN"))  # Chinese shown in a Chinese font, whichever side it is on
    document.add_heading(title or _("Bilingual review"), level=1)
    document.add_paragraph(
        _("{count} segments, {source} → {target}").format(
            count=len(segments), source=language_name(source_lang), target=language_name(target_lang)
        )
    )
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, _headings(source_lang, target_lang), strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for segment in segments:
        source_cell, target_cell = table.add_row().cells
        source_cell.text = _shown(segment.source)
        target_cell.text = _shown(segment.target)
        status = target_cell.add_paragraph().add_run(_status_line(segment))
        status.font.size = Pt(8)
        status.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1rem}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3rem;vertical-align:top}"
    "th{background:#eee;text-align:left}.tag{color:#a33;font-size:.8em}"
    ".meta{color:#555;font-size:.85em;white-space:nowrap}"
)


def bilingual_html(segments: Sequence[Segment], source_lang: str, target_lang: str, *, title: str = "") -> str:
    """A standalone HTML page for review: the title, then a table of source, target, status and origin."""
    source_heading, target_heading = _headings(source_lang, target_lang)
    heading = escape(title or _("Bilingual review"))
    rows = [
        Markup(
            "<tr><td class='meta'>{}</td><td lang='{}'>{}</td><td lang='{}'>{}</td><td class='meta'>{}</td>"
            "<td class='meta'>{}</td></tr>"
        ).format(
            segment.position + 1,
            source_lang,
            _html_text(segment.source),
            target_lang,
            _html_text(segment.target),
            status_label(segment.status),
            origin_label(segment),
        )
        for segment in segments
    ]
    page = Markup(
        "<!DOCTYPE html><html lang='{}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>{}</title><style>{}</style>"
        "</head><body><h1>{}</h1><table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
        "</thead><tbody>{}</tbody></table></body></html>"
    ).format(
        current_language(),
        heading,
        Markup(_STYLE),
        heading,
        source_heading,
        target_heading,
        _("Status"),
        _("Origin"),
        Markup("").join(rows),
    )
    return str(page)


def _html_text(text: str) -> Markup:
    """A segment's text escaped, its tags shown as small marks."""
    out: list[Markup] = []
    position = 0
    for match in TAG.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(Markup("<span class='tag'>{}</span>").format(_shown(match.group(0))))
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)
