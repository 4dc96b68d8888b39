"""Comparing the full texts of two standards, clause by clause.

Give two texts (plain text, DOCX, or PDF with a text layer); get back which clauses are matched, changed,
added or missing, how numeric requirements changed (values with units, tolerances, limits) and how the normative
references differ, as JSON (``TextComparison.to_json``) or as an HTML page (``render_html``).

    documents.py     reading a file into lines (formats, encodings, limits, PDF clean-up)
    clauses.py       cutting the text into clauses as ISO/IEC Directives Part 2 and GB/T 1.1 number them
    requirements.py  numeric requirements of a clause and how they changed
    references.py    the normative references clause, read with stdbridge.identifiers
    alignment.py     pairing the clauses of the two texts, word-level differences
    comparison.py    the entry points and the result, TextComparison
    report.py        the HTML page
"""

from stdbridge.compare.documents import (
    MAX_CHARACTERS,
    MAX_FILE_BYTES,
    DocumentText,
    Notice,
    document_from_text,
    read_document,
    read_document_bytes,
)
from stdbridge.compare.report import render_html
from stdbridge.compare.texts import (
    DocumentSummary,
    TextComparison,
    compare_documents,
    compare_plain_texts,
    compare_texts,
)

__all__ = [
    "MAX_CHARACTERS",
    "MAX_FILE_BYTES",
    "DocumentSummary",
    "DocumentText",
    "Notice",
    "TextComparison",
    "compare_documents",
    "compare_plain_texts",
    "compare_texts",
    "document_from_text",
    "read_document",
    "read_document_bytes",
    "render_html",
]
