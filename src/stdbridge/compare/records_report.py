"""The side-by-side comparison of two records as HTML: a section for the full-text report's head, or a page.

Record values come from imported catalogues and are escaped by the templates (Jinja2 autoescape), like
everything in ``report.py``; the section is returned as ``Markup`` only once it is rendered.

    section = render_metadata_section(side_by_side(catalog, a, b))
    html = render_html(compare_texts(text_a, text_b), head_html=section)   # with the full texts
    html = render_metadata_page(side)                                      # the records alone
"""

from __future__ import annotations

from markupsafe import Markup

from stdbridge.catalog.links import absent_note
from stdbridge.compare.records import Row, SideBySide
from stdbridge.counterparts.suggest import clue_label
from stdbridge.i18n import _, current_language
from stdbridge.templating import environment, html_lang

_CODED = ("status", "doctype")  # rows whose values are codes with a translation
_LINK_CSS = {"edition": "aligned", "declared": "matched", "related-edition": "changed", "rejected": "missing",
             "suggested": "changed", "none": ""}  # fmt: skip


def render_metadata_section(side: SideBySide) -> Markup:
    """The two records side by side and what links them, as an HTML section."""
    link = side.connection
    decision = ""
    if link.decision is not None:
        decision = _("{verdict} by {by} on {at}").format(
            verdict=_verdict_label(link.decision.verdict.value), by=link.decision.by, at=link.decision.at[:10]
        ) + (f": {link.decision.note}" if link.decision.note else "")
    html = (
        environment()
        .get_template("records_section.html")
        .render(
            clue_label=clue_label,
            side=side,
            rows=[displayed(row) for row in side.rows],
            link=link,
            link_css=_LINK_CSS[link.kind],
            link_label=link_label(side),
            decision=decision,
        )
    )
    return Markup(html)  # rendered by an autoescaping template: safe as it is


def render_metadata_page(side: SideBySide) -> str:
    """The two records side by side as a standalone page (no full texts given)."""
    return (
        environment()
        .get_template("records_page.html")
        .render(
            lang=html_lang(current_language()),
            side=side,
            section=render_metadata_section(side),
        )
    )


def displayed(row: Row) -> Row:
    """The row as a person reads it: coded values (status, document type) in words of their language."""
    if row.key not in _CODED:
        return row
    return Row(row.key, row.label, [_(v) for v in row.a], [_(v) for v in row.b], row.match)


def link_label(side: SideBySide) -> str:
    """What links the two records, in words."""
    link = side.connection
    if link.kind == "related-edition":
        text = _("counterparts through another edition: the relation names {edition}, not {identifier}").format(
            edition=link.declared_edition, identifier=link.declared_for
        )
        return text + ("; " + absent_note(link.declared_edition or "", link.current) if not link.declared_held else "")
    return {
        "edition": _("editions of one work"),
        "declared": _("declared counterparts ({degree})").format(degree=link.degree.value if link.degree else "?"),
        "rejected": _("rejected as counterparts"),
        "suggested": _("suggested counterpart (rank {rank})").format(rank=link.rank),
        "none": _("no link"),
    }[link.kind]


def _verdict_label(verdict: str) -> str:
    return {"accepted": _("accepted"), "rejected": _("rejected")}[verdict]
