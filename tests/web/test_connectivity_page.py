"""The connectivity page, its downloads and the API without a browser, on the excerpts of the bundled data."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook


def test_the_page_the_downloads_and_the_api(client: TestClient) -> None:
    page = client.get("/connectivity?a=country:CN&b=body:ISO&from=2010&to=2017&lang=en")
    assert page.status_code == 200 and "<svg" in page.text and "<script" not in page.text.split("</header>")[-1]
    assert (
        'data-date="2010-12-31" data-count="1" data-standards="2"' in page.text
    )  # worked by hand, see test_connectivity
    svg = client.get("/connectivity/download.svg?a=country:CN&b=body:ISO&from=2010&to=2017&side=b")
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.startswith("<svg xmlns")
    csv = client.get("/connectivity/download.csv?a=CN&b=ISO&from=2010&to=2010").text.lstrip("\ufeff").splitlines()
    assert csv[1].startswith("2010-12-31,a,country:CN,,2,1,0,0,0,0,")
    book = load_workbook(io.BytesIO(client.get("/connectivity/download.xlsx?a=CN&b=ISO&from=2017&to=2017").content))
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[1][:7] == ("2017-12-31", "a", "country:CN", None, 7, 1, 1)  # an empty cell: overall
    found = client.get("/api/connectivity?a=CN&b=ISO&from=2017&to=2017").json()
    assert found["points"][0]["b"]["recognised"] == 1 and found["points"][0]["b"]["standards"] == 7
    group = client.get("/api/connectivity/matrix?group=CN,ISO,JP&year=2017").json()
    assert group["cells"][0][1]["recognised"] == 1 and group["cells"][0][0] is None
    assert client.get("/api/connectivity?a=CN&b=ISO&from=2024&to=2005").status_code == 400
    assert client.get("/connectivity?from=abc").status_code == 400
    assert client.get("/connectivity?a=CN&b=ISO&from=2005&to=2024&lang=zh").text.count("互认") >= 2
