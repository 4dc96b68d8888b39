"""The words of the programmes' pages for people, in the page's language: steps, degrees, bases, relation kinds,
origins, states, stages, roles and visibilities of ``recognition.model`` (whose values are English words made for
URLs and files). ``label(value)`` gives the word for any of them, the value itself for one it does not know."""

from __future__ import annotations

from stdbridge.i18n import _


def _labels() -> dict[str, str]:
    return {
        # steps
        "exchange": _("exchange"), "translation": _("translation"), "comparison": _("comparison"),
        "analysis": _("analysis"), "review": _("review"), "signature": _("signature"),
        # degrees
        "IDT": _("IDT (identical)"), "MOD": _("MOD (modified)"), "NEQ": _("NEQ (not equivalent in content)"),
        "not-equivalent": _("not equivalent"),
        # bases
        "adoption": _("direct adoption"), "assessment": _("equivalence assessment"),
        "agreement": _("reciprocal agreement"),
        # relation kinds
        "referenced": _("referenced by the other party"), "recognised": _("recognised by the other party"),
        "converted": _("converted into the other party's standard"),
        "protocol": _("technical specification of a protocol of the other party"),
        # origins
        "declared": _("declared counterpart"), "identifier": _("named by the identifier"),
        "suggested": _("suggested"), "imported": _("imported from a list"), "manual": _("added by hand"),
        # states
        "draft": _("draft"), "in-review": _("in review"), "settled": _("settled"),
        "no-consensus": _("no consensus"),
        # stages
        "recognition": _("recognition"), "commonality": _("commonality"), "sharing": _("sharing"),
        "symbiosis": _("symbiosis"),
        # members and visibility
        "coordinator": _("coordinator"), "expert": _("expert"), "public": _("public"),
        "members": _("members only"),
    }  # fmt: skip


def label(value: str | None) -> str:
    """The word for people of a value of the programmes' model, in the current language."""
    if value is None:
        return ""
    return _labels().get(value, value)
