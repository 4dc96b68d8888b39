"""The batch comparison page: two lists of standards (typed, pasted or uploaded, one identifier a line) and the
matrix of ``correspondence.compare_lists`` — the pairs with their kind, degree or score, what each list alone
holds, and every line not compared with its reason — with downloads as XLSX, JSON and HTML.

``GET /compare-batch`` shows the form, and compares when both lists are in the address (``list_a``, ``list_b``,
``name_a``, ``name_b``: a link to an example, say). ``POST /compare-batch`` compares what the form sends; its
``format`` says what to answer with: ``page`` (default), ``xlsx``, ``json`` or ``html`` (downloads). An uploaded
list (plain text in UTF-8 or GB18030, DOCX, PDF) replaces what its box holds, and the page shows it in the box,
so that the downloads work from the page that shows the result. Asked by the page's script, ``POST /compare-batch``
streams the comparison's progress, then the page (``web.progress``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from stdbridge.api.access import check_form_token
from stdbridge.api.uploads import XLSX, read_upload
from stdbridge.catalog import Catalog
from stdbridge.compare.lists import MAX_LINES, Matrix, compare_lists
from stdbridge.errors import StdbridgeError, UnreadableDocument
from stdbridge.i18n import _
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.web.language import page_language
from stdbridge.web.progress import streamed_page, wants_progress
from stdbridge.web.rendering import download_headers, report_response
from stdbridge.web.search_page import Notice
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, MAX_FORM_FILES, chosen_file

FORMATS = ("page", "xlsx", "json", "html")
MAX_NAME = 60
MAX_LIST_CHARACTERS = 400_000  # ample for MAX_LINES identifiers; a form field may be at most 1 MB
EXAMPLE = {
    "name_a": "ISO / IEC",
    "list_a": "ISO 9001:2015\nISO 14001:2015\nIEC 61000-4-2:2008\nISO/IEC 27001:2013\nISO 45001:2018",
    "name_b": "JIS / GB",
    "list_b": "JIS Q 9001:2015\nGB/T 24001-2004\nJIS C 61000-4-2:2012\nGB/T 22080-2016\nGB/T 19001-2008",
}


@dataclass(slots=True)
class BatchForm:
    """The two lists and their names, as the page shows them back."""

    name_a: str = ""
    name_b: str = ""
    list_a: str = ""
    list_b: str = ""
    format: str = "page"

    @property
    def complete(self) -> bool:
        return bool(self.list_a.strip() and self.list_b.strip())


@dataclass(slots=True)
class BatchComparison:
    form: BatchForm
    notices: list[Notice] = field(default_factory=list)
    matrix: Matrix | None = None
    status: int = 200

    def fail(self, message: str, status: int = 400) -> None:
        self.notices.append(Notice(message, "warning"))
        self.status = max(self.status, status)


def read_form(values: dict[str, Any] | FormData) -> BatchForm:
    def text(name: str, most: int) -> str:
        value = values.get(name)
        return value[:most] if isinstance(value, str) else ""

    format_ = text("format", 10)
    return BatchForm(
        name_a=text("name_a", MAX_NAME).strip(), name_b=text("name_b", MAX_NAME).strip(),
        list_a=text("list_a", MAX_LIST_CHARACTERS), list_b=text("list_b", MAX_LIST_CHARACTERS),
        format=format_ if format_ in FORMATS else "page",
    )  # fmt: skip


async def read_posted(form_data: FormData) -> BatchComparison:
    """The posted form, an uploaded list in place of its box."""
    found = BatchComparison(read_form(form_data))
    for side in ("a", "b"):
        upload = chosen_file(form_data, f"file_{side}")
        if upload is None:
            continue
        try:
            document = await read_upload(upload)
        except UnreadableDocument as exc:
            found.fail(_("List {side}: {problem}").format(side=side.upper(), problem=exc), 422)
            continue
        setattr(found.form, f"list_{side}", document.plain_text[:MAX_LIST_CHARACTERS])
    return found


def compare(catalog: Catalog, found: BatchComparison, progress: Progress = NO_PROGRESS) -> BatchComparison:
    """Compare the two lists of ``found`` when both hold something and nothing failed before; ``progress`` hears
    how the comparison goes."""
    form = found.form
    if found.notices:
        return found
    if not form.complete:
        found.fail(_("Give both lists: one identifier a line, at most {most} lines each.").format(most=MAX_LINES))
        return found
    try:
        found.matrix = compare_lists(catalog, form.list_a, form.list_b, name_a=form.name_a or "A",
                                     name_b=form.name_b or "B", progress=progress)  # fmt: skip
    except StdbridgeError as exc:
        found.fail(exc.message)
    return found


def download(matrix: Matrix, format_: str) -> Response:
    """The matrix as a workbook, JSON or a standalone HTML report, each a download."""
    stem = f"stdbridge-comparison-{matrix.name_a}-{matrix.name_b}"
    if format_ == "xlsx":
        return Response(matrix.to_xlsx(), media_type=XLSX, headers=download_headers(stem + ".xlsx"))
    if format_ == "html":
        return report_response(matrix.to_html(), stem + ".html", download=True)
    return Response(orjson.dumps(matrix.to_json()), media_type="application/json",
                    headers=download_headers(stem + ".json"))  # fmt: skip


async def compare_posted(catalog: Catalog, form_data: FormData) -> BatchComparison:
    found = await read_posted(form_data)
    return await run_in_threadpool(compare, catalog, found)


# the page's routes -----------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


@router.get("/compare-batch")
def batch_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    found = BatchComparison(read_form(dict(request.query_params)))
    if found.form.list_a or found.form.list_b:
        compare(site.catalog, found)
    context = {"c": found, "example": EXAMPLE}
    return site.renderer.page(request, "compare_batch.html", context, lang=lang, status=found.status)


@router.post("/compare-batch")
async def batch_posted(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    async with request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS) as posted:
        check_form_token(request, posted)
        if wants_progress(request):
            asked = await read_posted(posted)

            def compared_page(progress: Progress) -> str:
                found = compare(site.catalog, asked, progress)
                context = {"c": found, "example": EXAMPLE}
                return site.renderer.render(request, "compare_batch.html", context, lang=lang)

            return streamed_page(compared_page)
        found = await compare_posted(site.catalog, posted)
    if found.matrix is not None and found.form.format != "page":
        return await run_in_threadpool(download, found.matrix, found.form.format)
    context = {"c": found, "example": EXAMPLE}
    return site.renderer.page(request, "compare_batch.html", context, lang=lang, status=found.status)
