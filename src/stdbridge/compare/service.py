"""Comparing two standards the one way the command line (``stdbridge compare``), the HTTP API (``/api/compare``)
and the web pages (``/compare``) all do it:

- ``side_by_side_or_texts``: the records side by side; when the full texts are given, standards the catalogue
  does not hold (or no identifiers at all) are no error: the texts are compared alone;
- ``text_labels``: what the two texts are called in their comparison;
- ``render_comparison``: the one HTML report of the records, the texts, or both
  (``stdbridge.serialize.comparison_json`` is the same as JSON);

Reading uploaded files is the HTTP interfaces' business (``stdbridge.api.uploads``), not the core's.
"""

from __future__ import annotations

from stdbridge.catalog import Catalog
from stdbridge.compare import TextComparison, render_html
from stdbridge.compare.records import SideBySide, side_by_side
from stdbridge.compare.records_report import render_metadata_page, render_metadata_section
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _

__all__ = ["render_comparison", "side_by_side_or_texts", "text_labels"]


def side_by_side_or_texts(catalog: Catalog, a: str | None, b: str | None, *, texts: bool) -> SideBySide | None:
    """Standards ``a`` and ``b`` side by side. With their full texts (``texts``), identifiers that are missing or
    that the catalogue does not know are no error: None, and the texts are compared alone. Without texts they are
    (``UsageError``, ``NotFound``)."""
    if not a or not b:
        if texts:
            return None
        raise UsageError(_("Give two identifiers, two full texts, or both."))
    try:
        return side_by_side(catalog, catalog.get(a), catalog.get(b))
    except NotFound:
        if texts:
            return None
        raise


def text_labels(side: SideBySide | None, a: str, b: str) -> tuple[str, str]:
    """What texts A and B are called: their standards' identifiers, else ``a`` and ``b`` (as typed, a file name)."""
    return (side.a.identifier, side.b.identifier) if side is not None else (a, b)


def render_comparison(side: SideBySide | None, texts: TextComparison | None) -> str:
    """The comparison as a standalone HTML page: the texts clause by clause, headed by the records side by side
    when there are both; else the records alone."""
    if texts is not None:
        return render_html(texts, head_html=render_metadata_section(side) if side is not None else None)
    if side is None:
        raise ValueError("nothing compared: neither records nor texts")
    return render_metadata_page(side)
