"""The batch comparison page: two lists typed or uploaded, the matrix of their counterparts, every line not
compared with its reason, and the downloads (XLSX, JSON, HTML)."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import EN, ZH, notices

LISTS = {
    "name_a": "International",
    "list_a": "JIS Q 9001:2015\nJIS C 61000-4-2:2012\n\nnonsense\njis q 9001 2015",
    "name_b": "Japan",
    "list_b": "ISO 9001:2015\r\nIEC 61000-4-2:2008\r\nISO 14001:2015",
}


def _pairs(html: str) -> list[tuple[str, str, str]]:
    table = html.split('<table class="pairs stack-narrow">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="kind-row-([\w-]+)">\s*<td[^>]*><a class="ident" href="[^"]+">([^<]+)</a>.*?'
                      r'<td[^>]*><a class="ident" href="[^"]+">([^<]+)</a>', table, flags=re.S)  # fmt: skip


def test_the_form_offers_two_lists_uploads_downloads_and_an_example(client: TestClient) -> None:
    page = client.get("/compare-batch", params=EN)
    assert page.status_code == 200
    for name in ("name_a", "list_a", "file_a", "name_b", "list_b", "file_b"):
        assert f'name="{name}"' in page.text, name
    assert all(f'name="format" value="{f}"' in page.text for f in ("page", "xlsx", "json", "html"))
    example = re.search(r'<a href="(/compare-batch\?[^"]+)">Try an example</a>', page.text)
    assert example is not None
    shown = client.get(example.group(1).replace("&amp;", "&"))
    assert _pairs(shown.text)  # the example compares


def test_two_lists_become_a_matrix(client: TestClient) -> None:
    page = client.post("/compare-batch", params=EN, data=LISTS)
    assert page.status_code == 200
    assert _pairs(page.text) == [
        ("suggested", "JIS Q 9001:2015", "ISO 9001:2015"),
        ("suggested", "JIS C 61000-4-2:2012", "IEC 61000-4-2:2008"),
    ]
    assert '<th scope="col">International</th><th scope="col">Japan</th>' in page.text
    only_b = page.text.split('<h2 id="only-b">', 1)[1].split("</table>", 1)[0]
    assert "Only in Japan" in only_b and "ISO 14001:2015" in only_b
    rejected = page.text.split('<h2 id="rejected">', 1)[1].split("</table>", 1)[0]
    reasons = re.findall(r'data-label="Reason">([^<]+)</td>', rejected)
    assert reasons == ["blank line", "not found", "duplicate"]
    assert "the same standard as line 1 (JIS Q 9001:2015)" in rejected
    assert ">jis q 9001 2015</textarea>" not in page.text and "jis q 9001 2015</textarea>" in page.text  # kept


@pytest.mark.parametrize(("format_", "kind"), [("xlsx", "application/vnd.openxmlformats"), ("json", "application/json"),
                                               ("html", "text/html")])  # fmt: skip
def test_the_matrix_downloads(client: TestClient, format_: str, kind: str) -> None:
    answer = client.post("/compare-batch", params=EN, data={**LISTS, "format": format_})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(kind)
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="stdbridge-comparison-International-Japan.')
    if format_ == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(answer.content))
        pairs = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
        assert [(row[0], row[2]) for row in pairs] == [("JIS Q 9001:2015", "ISO 9001:2015"),
                                                       ("JIS C 61000-4-2:2012", "IEC 61000-4-2:2008")]  # fmt: skip
    elif format_ == "json":
        body = json.loads(answer.content)
        assert body["summary"]["pairs"] == 2 and [r["reason"] for r in body["rejected"]] == [
            "blank", "not-found", "duplicate"]  # fmt: skip
    else:
        assert answer.headers["content-security-policy"].startswith("default-src 'none'")
        assert "JIS C 61000-4-2:2012" in answer.text


def test_an_uploaded_list_takes_the_place_of_its_box(client: TestClient) -> None:
    upload = {"file_b": ("national.txt", "GB/T 19001-2008\nGB/T 24001-2004\n".encode("gb18030"), "text/plain")}
    form = {"name_a": "ISO", "list_a": "ISO 9001:2008\nISO 14001:2004", "name_b": "China", "list_b": "ignored"}
    page = client.post("/compare-batch", params=EN, data=form, files=upload)
    assert page.status_code == 200
    assert [(a, b) for _kind, a, b in _pairs(page.text)] == [("ISO 9001:2008", "GB/T 19001-2008"),
                                                             ("ISO 14001:2004", "GB/T 24001-2004")]  # fmt: skip
    assert ">GB/T 19001-2008\nGB/T 24001-2004\n</textarea>" in page.text  # shown, so the downloads work from here


@pytest.mark.parametrize(
    ("form", "files", "status", "notice"),
    [
        ({"list_a": "ISO 9001", "list_b": ""}, {}, 400, "Give both lists"),
        ({"list_a": "ISO 9001", "list_b": "\tISO 9001"}, {}, 400, "list B is empty: give one identifier per line"),
        ({"list_a": "ISO 9001", "list_b": "\n  \n\t"}, {}, 400, "Give both lists"),
        ({"list_a": "ISO 9001\n" * 5001, "list_b": "ISO 9001"}, {}, 400, "compare at most 5000 at a time"),
        ({"list_a": "ISO 9001", "list_b": ""}, {"file_b": ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(256), "image/png")},
         422, "List B: scan.png: binary file (PNG image)"),
        ({"list_a": "ISO 9001", "list_b": ""}, {"file_b": ("empty.txt", b"", "text/plain")}, 422, "the file is empty"),
    ],
)  # fmt: skip
def test_bad_lists_are_said_on_the_page(
    client: TestClient, form: dict[str, str], files: dict[str, tuple[str, bytes, str]], status: int, notice: str
) -> None:
    for format_ in ("page", "xlsx"):  # a download that cannot be made is the page with the reason
        page = client.post("/compare-batch", params=EN, data={**form, "format": format_}, files=files or None)
        assert page.status_code == status
        assert page.headers["content-type"].startswith("text/html")
        assert notice in notices(page.text)
        assert 'class="pairs' not in page.text


def test_the_batch_page_in_chinese(client: TestClient) -> None:
    page = client.post("/compare-batch", params=ZH, data=LISTS)
    assert "比对两份标准清单" in page.text and "仅见于“Japan”" in page.text
    assert "未找到" in page.text  # the reason a line was not compared
    empty = client.post("/compare-batch", params=ZH, data={"list_a": "ISO 9001"})
    assert "两份清单" in notices(empty.text)
