"""The comparison of two texts as a standalone HTML page: summary first, then numeric differences, references,
and every clause with its changes marked.

The page has no external resources (inline CSS, no script, no font or image to fetch), so that it can be saved,
mailed or printed. Every piece of text in it comes from the compared documents, which are untrusted: the
template (``report.html``, Jinja2 with autoescape) escapes everything; only ``head_html``, a section the caller
has already rendered (the metadata comparison of the two standards), is inserted as it is and must be ``Markup``.
The template says its own words with ``_()``; labels of values (statuses, changes) are translated here.

    html = render_html(compare_texts(a, b), head_html=Markup(metadata_section))
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from stdbridge.compare.alignment import ClausePair
from stdbridge.compare.requirements import NumericRequirement, RequirementChange
from stdbridge.compare.texts import TextComparison
from stdbridge.i18n import _, current_language
from stdbridge.templating import environment, html_lang

_CHANGE_CSS = {
    "tightened": "changed",
    "relaxed": "changed",
    "value-changed": "changed",
    "unit-changed": "aligned",
    "added": "added",
    "removed": "missing",
}
_REFERENCE_CSS = {
    "same": "matched",
    "edition-changed": "changed",
    "dating-changed": "changed",
    "only-in-a": "missing",
    "only-in-b": "added",
}


def render_html(comparison: TextComparison, *, head_html: Markup | None = None) -> str:
    """The standalone HTML report; ``head_html`` is shown between the title and the summary, unescaped."""
    return (
        environment()
        .get_template("report.html")
        .render(
            lang=html_lang(current_language()),
            c=comparison,
            counts=comparison.counts(),
            head_html=head_html,
            notices=[("", n) for n in comparison.notices]
            + [("A", n) for n in comparison.a.notices]
            + [("B", n) for n in comparison.b.notices],
            requirement_rows=[_requirement_row(pair, change) for pair, change in comparison.requirement_changes()],
            reference_rows=[
                {
                    "status": _reference_status_label(r.status),
                    "css": _REFERENCE_CSS[r.status],
                    "a": r.a.text if r.a else "",
                    "b": r.b.text if r.b else "",
                    "via": r.via or "",
                }
                for r in comparison.references
            ],
            reference_notes=_reference_notes(comparison),
            clause_rows=[_clause_row(pair, comparison.cross_language) for pair in comparison.pairs],
        )
    )


def _status_label(status: str) -> str:
    return {
        "matched": _("matched"),
        "changed": _("changed"),
        "added": _("added"),
        "missing": _("missing"),
        "aligned": _("aligned"),
    }[status]


def _change_label(change: str) -> str:
    return {
        "tightened": _("tightened"),
        "relaxed": _("relaxed"),
        "value-changed": _("value changed"),
        "unit-changed": _("same value, other unit"),
        "added": _("added"),
        "removed": _("removed"),
    }[change]


def _reference_status_label(status: str) -> str:
    return {
        "same": _("same edition"),
        "edition-changed": _("other edition"),
        "dating-changed": _("dated in one, undated in the other"),
        "only-in-a": _("only in A"),
        "only-in-b": _("only in B"),
    }[status]


def _reference_notes(comparison: TextComparison) -> list[str]:
    """What the references section says besides its table: which text states that it has no normative
    references, or that none were found."""
    stating = [summary.label for summary in (comparison.a, comparison.b) if summary.states_no_references]
    if comparison.references:
        return [_("{label} states that it has no normative references.").format(label=label) for label in stating]
    if len(stating) == 2:
        return [_("Both texts state that they have no normative references.")]
    if stating:
        other = comparison.b.label if comparison.a.states_no_references else comparison.a.label
        message = _("{label} states that it has no normative references; none were found in {other}.")
        return [message.format(label=stating[0], other=other)]
    return [_("No normative references were found in either text.")]


def _requirement_text(requirement: NumericRequirement | None) -> str:
    return requirement.text if requirement is not None else "—"


def _change(change: RequirementChange) -> dict[str, str]:
    """A numeric difference as the page shows it: its label, its colour, the values before and after."""
    return {
        "change": _change_label(change.change),
        "css": _CHANGE_CSS[change.change],
        "before": _requirement_text(change.before),
        "after": _requirement_text(change.after),
    }


def _requirement_row(pair: ClausePair, change: RequirementChange) -> dict[str, str]:
    names = [c.short_name for c in (pair.a, pair.b) if c is not None]
    return {"clause": " → ".join(dict.fromkeys(names)), **_change(change)}


def _clause_row(pair: ClausePair, cross_language: bool) -> dict[str, Any]:
    shown = pair.b or pair.a
    assert shown is not None
    similarity = ""
    if pair.a is not None and pair.b is not None and pair.status != "matched":
        if pair.similarity is not None:
            similarity = _("{percent} % of the words in common").format(percent=round(pair.similarity * 100))
        elif cross_language:
            similarity = _("wording not comparable across languages")
        if pair.diff_skipped:
            similarity += " · " + _("too long for a word-level diff")
    renumbered = ""
    if pair.renumbered and pair.a is not None and pair.b is not None:
        renumbered = _("renumbered: {old} in A, {new} in B").format(old=pair.a.short_name, new=pair.b.short_name)
    heading_in_a = ""
    if pair.a is not None and pair.b is not None and " ".join(pair.a.title.split()) != " ".join(pair.b.title.split()):
        heading_in_a = _("in A: {heading}").format(heading=pair.a.heading)
    return {
        "status": pair.status,
        "status_label": _status_label(pair.status),
        "heading": shown.heading,
        "heading_in_a": heading_in_a,
        "heading_a": pair.a.heading if pair.a else "",
        "heading_b": pair.b.heading if pair.b else "",
        "renumbered": renumbered,
        "similarity": similarity,
        "diff": pair.diff if pair.status == "changed" else (),
        "columns": (cross_language and pair.a is not None and pair.b is not None) or pair.diff_skipped,
        "text_a": pair.a.text if pair.a else "",
        "text_b": pair.b.text if pair.b else "",
        "changes": [_change(c) for c in pair.requirement_changes],
    }
