"""The comparison page: two standards side by side — every property of their records and what links them — and,
when their full texts are uploaded (TXT, DOCX or PDF), how the texts compare clause by clause.

``GET /compare?a=...&b=...`` compares the records. ``POST /compare`` sends the form with the two files; its
``action`` says what to answer with: ``page`` (this page, with a summary of the texts), ``html`` (the full
clause-by-clause report, a standalone page to read beside this one or save) or ``json`` (the same as data, a
download). Posted without files, ``page`` answers with a redirect to the address of the records' comparison, which
can be shared. With both texts, identifiers the catalogue does not know (or none) are no error: the texts are
compared alone, named as typed (``stdbridge.compare.service``, as the command line and the API do). Nothing uploaded is
kept.

Whatever goes wrong — an identifier the catalogue does not know (near identifiers are offered), the same
standard twice, an empty, binary or oversized file, only one file — is said on the page, in the reader's
language, with the identifiers as they were typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from stdbridge.api.access import check_form_token
from stdbridge.api.uploads import REQUEST_SECONDS, read_upload, request_deadline
from stdbridge.catalog import Catalog
from stdbridge.compare import DocumentText, TextComparison, compare_documents
from stdbridge.compare.alignment import ClausePair
from stdbridge.compare.records import Row, SideBySide, side_by_side
from stdbridge.compare.records_report import link_label
from stdbridge.compare.service import render_comparison, side_by_side_or_texts, text_labels
from stdbridge.deadline import Deadline
from stdbridge.errors import NotFound, StdbridgeError, UnreadableDocument, WorkStopped
from stdbridge.i18n import N_, _, labelled
from stdbridge.language.text import MAX_QUERY_LENGTH
from stdbridge.models import Standard
from stdbridge.serialize import comparison_json
from stdbridge.web.language import page_language
from stdbridge.web.names import country_name, status_label, type_label
from stdbridge.web.rendering import download_headers, report_response
from stdbridge.web.search_page import Notice
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, MAX_FORM_FILES, chosen_file

ACTIONS = ("page", "html", "json")
SIDES = ("a", "b")
CLAUSES_LISTED = 200  # changed, added and missing clauses listed on the page; the full report has them all
COUNTS = (
    ("matched", N_("matched")), ("changed", N_("changed")), ("added", N_("added")), ("missing", N_("missing")),
    ("aligned", N_("aligned across languages")), ("renumbered", N_("renumbered")),
    ("requirement_changes", N_("numeric differences")),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ShownRow:
    """One row of the records side by side as the page shows it: codes named in the reader's language."""

    label: str
    a: list[str]
    b: list[str]
    match: str | None
    identifiers: bool  # the values name other standards (editions, relations): links
    absent: tuple[str, ...]  # values naming editions the catalogue does not hold: not links
    lang: str | None  # the language of the values (a title's)


_NAMED: dict[str, Callable[[str], str]] = {"status": status_label, "doctype": type_label, "country": country_name}


def _shown(row: Row) -> ShownRow:
    name = _NAMED.get(row.key, str)
    return ShownRow(
        row.label, [name(v) for v in row.a], [name(v) for v in row.b], row.match,
        identifiers=row.key == "editions" or row.key.startswith("relations."), absent=row.absent,
        lang=row.key.removeprefix("title.") if row.key.startswith("title.") else None,
    )  # fmt: skip


@dataclass(slots=True)
class CompareForm:
    """What the reader asked to compare, as typed."""

    a: str = ""
    b: str = ""
    action: str = "page"
    files: list[str] = field(default_factory=list)  # names of the files sent

    def params(self) -> str:
        return urlencode({"a": self.a, "b": self.b})


@dataclass(slots=True)
class Near:
    """Identifiers near one the catalogue does not know, each as a link to the comparison with it instead."""

    side: str
    asked: str
    offers: list[tuple[Standard, str]]  # (standard, address of the comparison with it)


@dataclass(slots=True)
class Comparison:
    """What the page shows: the records side by side, the texts compared, and what went wrong."""

    form: CompareForm
    notices: list[Notice] = field(default_factory=list)
    near: list[Near] = field(default_factory=list)
    side: SideBySide | None = None
    texts: TextComparison | None = None
    status: int = 200

    @property
    def rows(self) -> list[ShownRow]:
        return [_shown(row) for row in self.side.rows] if self.side else []

    @property
    def link_label(self) -> str:
        return link_label(self.side) if self.side else ""

    @property
    def summary(self) -> TextsSummary | None:
        return texts_summary(self.texts) if self.texts else None

    def fail(self, message: str, status: int) -> None:
        self.notices.append(Notice(message, "warning"))
        self.status = max(self.status, status)


def read_form(values: dict[str, Any] | FormData) -> CompareForm:
    def text(name: str) -> str:
        value = values.get(name)
        return " ".join(value.split())[: MAX_QUERY_LENGTH + 1] if isinstance(value, str) else ""

    action = text("action")
    return CompareForm(text("a"), text("b"), action if action in ACTIONS else "page")


def compare_records(catalog: Catalog, form: CompareForm) -> Comparison:
    """The two records side by side, or why they cannot be: each identifier is looked up (near ones offered
    when it names nothing), then the pair compared."""
    found = Comparison(form)
    if not form.a and not form.b:
        return found
    standards: dict[str, Standard] = {}
    for side, asked in (("a", form.a), ("b", form.b)):
        if not asked:
            found.fail(_("Give the identifier of standard {side} too.").format(side=side.upper()), 400)
        elif len(asked) > MAX_QUERY_LENGTH:
            found.fail(_("an identifier is at most {most} characters long").format(most=MAX_QUERY_LENGTH), 400)
        else:
            try:
                standards[side] = catalog.get(asked)
            except NotFound as exc:
                found.fail(labelled(side.upper(), exc.message), 404)
                found.near.append(_near(catalog, form, side, asked))
    if len(standards) == 2:
        try:
            found.side = side_by_side(catalog, standards["a"], standards["b"])
        except StdbridgeError as exc:
            found.fail(exc.message, 400)
    return found


def _near(catalog: Catalog, form: CompareForm, side: str, asked: str) -> Near:
    offers = []
    for standard in catalog.near_matches(asked, limit=5):
        pair = {"a": form.a, "b": form.b, side: standard.identifier}
        offers.append((standard, "/compare?" + urlencode(pair)))
    return Near(side, asked, offers)


async def compare_with_texts(catalog: Catalog, form_data: FormData, deadline: Deadline | None = None) -> Comparison:
    """The records of the posted form side by side (when identifiers are given) and its two texts compared, the
    texts' reading and comparison stopped when ``deadline`` passes."""
    deadline = deadline or Deadline(REQUEST_SECONDS)
    form = read_form(form_data)
    uploads = {side: chosen_file(form_data, f"text_{side}") for side in SIDES}
    form.files = [u.filename or "" for u in uploads.values() if u is not None]
    if all(uploads.values()):  # with both texts, standards the catalogue lacks are compared by their texts
        found = await run_in_threadpool(_records_beside_texts, catalog, form)
    else:
        found = await run_in_threadpool(compare_records, catalog, form)
    if not any(uploads.values()):
        if not form.a and not form.b:
            found.fail(_("Give two identifiers, two full texts, or both."), 400)
        return found
    documents: dict[str, DocumentText] = {}
    for side, upload in uploads.items():
        if upload is None:
            found.fail(_("Give the full text of {side} too: two texts are compared.").format(side=side.upper()), 400)
            continue
        try:
            documents[side] = await read_upload(upload, deadline)
        except UnreadableDocument as exc:
            found.fail(labelled(side.upper(), exc), 413 if exc.reason == "too-large" else 422)
        except WorkStopped as exc:
            found.fail(exc.message, 422)
            return found
    if len(documents) == 2:
        label_a, label_b = text_labels(found.side, *(_typed(form, side, uploads[side]) for side in SIDES))
        try:
            found.texts = await run_in_threadpool(
                lambda: deadline.run(compare_documents, documents["a"], documents["b"], label_a=label_a,
                                     label_b=label_b)
            )  # fmt: skip
        except WorkStopped as exc:
            found.fail(exc.message, 422)
    return found


def _records_beside_texts(catalog: Catalog, form: CompareForm) -> Comparison:
    """The records side by side when the catalogue holds both (``side_by_side_or_texts``): the texts are compared
    whether it does or not."""
    found = Comparison(form)
    if max(len(form.a), len(form.b)) > MAX_QUERY_LENGTH:
        found.fail(_("an identifier is at most {most} characters long").format(most=MAX_QUERY_LENGTH), 400)
        return found
    try:
        found.side = side_by_side_or_texts(catalog, form.a, form.b, texts=True)
    except StdbridgeError as exc:
        found.fail(exc.message, 400)
    return found


def _typed(form: CompareForm, side: str, upload: UploadFile | None) -> str:
    """What a text not named by its standard is called: what was typed, else its file's name."""
    return (form.a if side == "a" else form.b) or (upload.filename if upload else "") or side.upper()


def download(found: Comparison) -> Response:
    """The comparison as the full report (``action=html``: a page to read beside this one, or save) or as JSON
    (a download, in the shape of the HTTP API's answer); there is a comparison of the records, of the texts, or
    of both."""
    side, texts = found.side, found.texts
    if texts is not None:
        labels = (texts.a.label, texts.b.label)
    else:
        assert side is not None
        labels = (side.a.identifier, side.b.identifier)
    stem = f"stdbridge-comparison-{labels[0]}-{labels[1]}"
    if found.form.action == "html":
        return report_response(render_comparison(side, texts), stem + ".html", download=False)
    answer = comparison_json(side, texts)
    return Response(orjson.dumps(answer), media_type="application/json", headers=download_headers(stem + ".json"))


@dataclass(slots=True)
class TextsSummary:
    """The comparison of the two texts as the page summarises it; the full report has every clause's words."""

    counts: list[tuple[str, int]]  # (label, count)
    notices: list[tuple[str, str]]  # (side, message)
    requirements: list[tuple[str, str, str]]  # (clause, in A, in B)
    references: list[tuple[str, str]]  # (in A, in B), those that differ
    clauses: list[tuple[str, str, str, str]]  # (status, its label, heading in A, heading in B): those that differ
    more_clauses: int


def texts_summary(texts: TextComparison) -> TextsSummary:
    counts, labels = texts.counts(), dict(COUNTS)
    changed = [p for p in texts.pairs if p.status in ("changed", "added", "missing") or p.renumbered]
    return TextsSummary(
        counts=[(_(label), counts[key]) for key, label in COUNTS if counts[key] or key in ("matched", "changed")],
        notices=[("", n.message) for n in texts.notices] + [("A", n.message) for n in texts.a.notices]
        + [("B", n.message) for n in texts.b.notices],
        requirements=[(_heading(pair), c.before.text if c.before else "—", c.after.text if c.after else "—")
                      for pair, c in texts.requirement_changes()],
        references=[(r.a.text if r.a else "—", r.b.text if r.b else "—") for r in texts.references
                    if r.status != "same"],
        clauses=[(_status(p), _(labels[_status(p)]), p.a.heading if p.a else "—", p.b.heading if p.b else "—")
                 for p in changed[:CLAUSES_LISTED]],
        more_clauses=max(0, len(changed) - CLAUSES_LISTED),
    )  # fmt: skip


def _status(pair: ClausePair) -> str:
    return "renumbered" if pair.status in ("matched", "aligned") and pair.renumbered else pair.status


def _heading(pair: ClausePair) -> str:
    clause = pair.b or pair.a
    return clause.heading if clause else ""


# the page's routes -----------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


@router.get("/compare")
def compare_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    found = compare_records(site.catalog, read_form(dict(request.query_params)))
    return site.renderer.page(request, "compare.html", {"c": found}, lang=lang, status=found.status)


@router.post("/compare")
async def compare_texts_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    # the form's files are closed after; the work stops when too long, or when the client has gone (the deadline
    # is entered once the form is read: looking for the disconnection reads from the connection)
    async with (
        request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS) as posted,
        request_deadline(request) as deadline,
    ):
        check_form_token(request, posted)
        found = await compare_with_texts(site.catalog, posted, deadline)
    if found.notices or found.form.action == "page":
        if not found.notices and found.texts is None:  # the records alone: the address of their comparison
            return RedirectResponse(f"/compare?{found.form.params()}", status_code=303)
        return site.renderer.page(request, "compare.html", {"c": found}, lang=lang, status=found.status)
    return await run_in_threadpool(download, found)
