"""The comparison page: two records side by side and what links them, their full texts clause by clause, the
full report and the JSON, and a clear sentence, in the reader's language, for whatever cannot be compared."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from markupsafe import escape
from tests.web.conftest import EN, ZH, notices

from stdbridge.api import uploads

TEXTS = Path(__file__).parent.parent / "compare" / "data"
EDITIONS = {"a": "IEC 60335-1:2010", "b": "IEC 60335-1:2020"}


def _files(a: bytes | None = None, b: bytes | None = None) -> dict[str, tuple[str, bytes, str]]:
    return {
        "text_a": ("edition1.txt", (TEXTS / "edition1_en.txt").read_bytes() if a is None else a, "text/plain"),
        "text_b": ("edition2.txt", (TEXTS / "edition2_en.txt").read_bytes() if b is None else b, "text/plain"),
    }


def _post(client: TestClient, files: dict[str, tuple[str, bytes, str]], action: str = "page",
          lang: dict[str, str] = EN, **form: str) -> Response:  # fmt: skip
    return client.post("/compare", params=lang, data={**EDITIONS, "action": action, **form}, files=files,
                       follow_redirects=False)  # fmt: skip


def _row(html: str, label: str) -> str:
    return html.split(f'<th scope="row">{label}</th>', 1)[1].split("</tr>", 1)[0]


def test_the_form_alone_with_examples(client: TestClient) -> None:
    page = client.get("/compare", params=EN)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'name="text_a" type="file"' in page.text
    assert 'name="action" value="html" formtarget="_blank"' in page.text
    assert 'href="/compare?a=JIS+Q+9001%3A2015&amp;b=ISO+9001%3A2015"' in page.text
    assert '<a href="/compare" aria-current="page">Compare</a>' in page.text  # in the site's navigation
    assert notices(page.text) == ""


def test_two_records_side_by_side_and_what_links_them(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "JIS Q 9001:2015", "b": "ISO 9001:2015", **EN})
    assert page.status_code == 200
    assert "<title>JIS Q 9001:2015 ⇄ ISO 9001:2015 · stdbridge</title>" in page.text
    link = page.text.split('<section class="link-box link-suggested"', 1)[1].split("</section>", 1)[0]
    assert "suggested counterpart (rank 1)" in link
    assert "same number and part: 9001" in link
    assert 'name="source" value="JIS Q 9001:2015"' in link and 'name="target" value="ISO 9001:2015"' in link
    assert "same" in _row(page.text, "title (en)")
    assert '<td data-side="A" lang="ja">' in _row(page.text, "title (ja)")
    assert "In force" in _row(page.text, "status") and "Japan" in _row(page.text, "country or region")
    assert "partly the same" in _row(page.text, "ICS")
    editions = _row(page.text, "editions of the work")
    assert '<a class="ident" href="/standard?id=ISO+9001%3A2008">ISO 9001:2008</a>' in editions


def test_declared_counterparts_show_their_path_and_no_decision(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "GB/T 19001-2008", "b": "ISO 9001:2008", **EN})
    link = page.text.split('<section class="link-box link-declared"', 1)[1].split("</section>", 1)[0]
    assert "declared counterparts (IDT)" in link
    assert re.search(r'<ol class="path"><li><a class="ident"[^>]*>GB/T 19001-2008</a> <em>adopts</em>', link)
    assert 'class="decide"' not in link


def test_the_comparison_in_chinese(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "JIS Q 9001:2015", "b": "ISO 9001:2015", **ZH})
    assert '<html lang="zh-CN">' in page.text
    assert "比对两项标准" in page.text and "两者的关联" in page.text and "两条记录" in page.text
    assert "现行" in page.text and "日本" in page.text


@pytest.mark.parametrize(
    ("params", "status", "notice"),
    [
        ({"a": "ISO 90011", "b": "ISO 9001:2015"}, 404, "A: no standard matches &#39;ISO 90011&#39;"),
        ({"a": "ISO 9001:2015", "b": "<script>x</script>"}, 404, "B: no standard matches"),
        ({"a": "ISO 9001:2015", "b": "iso 9001 2015"}, 400, "compared with itself"),
        ({"a": "ISO 9001:2015"}, 400, "Give the identifier of standard B too."),
        ({"b": "ISO 9001:2015"}, 400, "Give the identifier of standard A too."),
        ({"a": "ISO " + "9" * 300, "b": "ISO 9001"}, 400, "at most 200 characters"),
    ],
)
def test_bad_identifiers_are_said_on_the_page_with_the_form_kept(
    client: TestClient, params: dict[str, str], status: int, notice: str
) -> None:
    page = client.get("/compare", params={**params, **EN})
    assert page.status_code == status
    assert notice in notices(page.text)
    assert "<script>x" not in page.text
    for side, typed in params.items():
        assert f'name="{side}" type="search" value="{escape(typed[:200])}' in page.text


def test_an_unknown_identifier_offers_near_ones_in_the_same_comparison(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "ISO 90011", "b": "JIS Q 9001:2015", **EN})
    near = page.text.split('<p class="near">', 1)[1].split("</p>", 1)[0]
    assert "Did you mean, for A:" in near
    offered = re.findall(r'<a class="ident" href="/compare\?a=([^"&]+)&amp;b=JIS\+Q\+9001%3A2015">ISO 9001:', near)
    assert offered and all(a.startswith("ISO+9001%3A") for a in offered)  # B kept as it was


def test_uploaded_texts_are_compared_clause_by_clause(client: TestClient) -> None:
    page = _post(client, _files())
    assert page.status_code == 200
    assert "editions of one work" in page.text
    texts = page.text.split('<section class="texts"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'<span class="n">1</span> <span class="what">missing</span>', texts)
    assert "230 V ± 10 %" in texts and "230 V ± 6 %" in texts
    assert "IEC 60068-2-1" in texts  # a reference only A names
    assert '<span class="badge clause-missing">missing</span>' in texts
    assert "edition1.txt" in texts and "English" in texts
    assert "Files are not kept: choose them again" in page.text


def test_texts_without_identifiers_are_named_by_their_files(client: TestClient) -> None:
    page = _post(client, _files(), a="", b="")
    assert page.status_code == 200 and "link-box" not in page.text
    assert "<td>edition1.txt</td><td>edition2.txt</td>" in page.text


def test_texts_of_standards_the_catalogue_lacks_are_compared_by_text(client: TestClient) -> None:
    page = _post(client, _files(), a="ACME 1:2010", b="ISO 99999:2099")
    assert page.status_code == 200 and notices(page.text) == ""
    texts = page.text.split('<section class="texts"', 1)[1].split("</section>", 1)[0]
    assert "<td>ACME 1:2010</td><td>ISO 99999:2099</td>" in texts and "230 V ± 6 %" in texts
    data = json.loads(_post(client, _files(), action="json", a="ACME 1:2010", b="ISO 99999:2099").content)
    assert data["a"] == {"input": "ACME 1:2010"} and data["texts"]["counts"]["missing"] == 1
    report = _post(client, _files(), action="html", a="ACME 1:2010", b="ISO 99999:2099")
    assert report.status_code == 200 and "230 V ± 6 %" in report.text


def test_the_full_report_is_a_standalone_page_and_the_json_a_download(client: TestClient) -> None:
    report = _post(client, _files(), action="html")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert report.headers["content-disposition"].startswith("inline;")
    assert report.headers["content-security-policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")
    assert "230 V ± 6 %" in report.text and '<table class="side-by-side">' in report.text
    data = _post(client, _files(), action="json")
    assert data.headers["content-type"] == "application/json"
    assert data.headers["content-disposition"].startswith('attachment; filename="stdbridge-comparison-IEC_60335-1_2010')
    body = json.loads(data.content)
    assert body["link"]["kind"] == "edition" and body["texts"]["counts"]["missing"] == 1
    records = client.post("/compare", data={"a": "JIS Q 9001:2015", "b": "ISO 9001:2015", "action": "html"})
    assert "<title>Comparison of two standards" in records.text  # no texts: the records' report


def test_records_posted_without_files_go_to_their_address(client: TestClient) -> None:
    answer = client.post("/compare", data={"a": "JIS Q 9001:2015", "b": "ISO 9001:2015", "action": "page"},
                         files={"text_a": ("", b"", "application/octet-stream")}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/compare?a=JIS+Q+9001%3A2015&b=ISO+9001%3A2015"


@pytest.mark.parametrize(
    ("files", "status", "notice"),
    [
        (_files(b=b""), 422, "B: edition2.txt: the file is empty"),
        (_files(b=b"   \n\n  "), 422, "the file is empty"),
        (_files(a=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), 422, "A: edition1.txt: binary file (PNG image)"),
        (_files(a=b"PK\x03\x04 not really a zip"), 422, "A: edition1.txt: a damaged ZIP or DOCX file"),
        (_files(a=b"\xff\xfe\xfa\x00 bad" * 3 + "质量".encode("gb18030") + b"\x80\x81\xfe"), 422, "A: edition1.txt"),
        ({"text_a": _files()["text_a"]}, 400, "Give the full text of B too"),
    ],
)
def test_bad_uploads_are_said_on_the_page(client: TestClient, files: dict[str, tuple[str, bytes, str]], status: int,
                                          notice: str) -> None:  # fmt: skip
    for action in ("page", "html", "json"):  # the page, never a broken report
        page = _post(client, files, action=action)
        assert page.status_code == status
        assert page.headers["content-type"].startswith("text/html")
        assert notice in notices(page.text)
        assert 'value="IEC 60335-1:2010"' in page.text


def test_an_oversized_upload_is_refused_before_it_is_read(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 2048)
    page = _post(client, _files())
    assert page.status_code == 413
    assert "texts of at most" in notices(page.text)


def test_nothing_to_compare_is_said(client: TestClient) -> None:
    page = client.post("/compare", params=EN, data={"a": "", "b": ""})
    assert page.status_code == 400
    assert "Give two identifiers, two full texts, or both." in notices(page.text)


def test_bad_uploads_in_chinese(client: TestClient) -> None:
    page = _post(client, _files(b=b""), lang=ZH)
    assert page.status_code == 422
    said = notices(page.text)
    assert "edition2.txt" in said and "文件为空" in said
