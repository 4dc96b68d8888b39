"""The connectivity page, its downloads and the API without a browser, on the excerpts of the bundled data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from stdbridge.catalog import Catalog
from stdbridge.errors import UsageError


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


def test_saved_groups_on_the_page(catalog: Catalog) -> None:
    from tests.web.conftest import form_token
    from tests.web.test_accounts_web import PASSWORD, SERVER, sign_in

    from stdbridge.accounts import LOCAL_ADMIN, Role
    from stdbridge.accounts.service import Accounts
    from stdbridge.app import create_app

    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "reader", password=PASSWORD, roles=frozenset({Role.READER}))
    asked = {"name": "East Asia", "members": "CN，JP、ISO"}
    with TestClient(create_app(catalog), base_url=SERVER) as client:
        page = client.get("/connectivity?lang=en")
        assert "Sign in as a contributor" in page.text and 'action="/connectivity/groups' not in page.text
        token = form_token(client.get("/sign-in").text)
        refused = client.post("/connectivity/groups", data={**asked, "csrf_token": token}, follow_redirects=False)
        assert refused.status_code in (401, 403)  # nobody signed in
        sign_in(client, "reader")
        token = form_token(client.get("/sign-in").text)
        refused = client.post("/connectivity/groups", data={**asked, "csrf_token": token}, follow_redirects=False)
        assert refused.status_code == 403
        client.cookies.clear()
        sign_in(client, "Li Wei")
        page = client.get("/connectivity?lang=en")
        token = form_token(page.text)
        assert 'name="shared"' not in page.text  # sharing is an editor's
        forged = client.post("/connectivity/groups", data=asked, headers={"X-CSRF-Token": ""}, follow_redirects=False)
        assert forged.status_code == 403
        saved = client.post("/connectivity/groups?lang=en", data={**asked, "csrf_token": token},
                            follow_redirects=False)  # fmt: skip
        assert saved.status_code == 303 and "saved=" in saved.headers["location"]
        shown = client.get(saved.headers["location"] + "&to=2017")
        # the heat map of the group: CN, JP and ISO (9 cells, 6 off the diagonal); CN towards ISO worked by hand
        assert "The group: East Asia" in shown.text and shown.text.count('class="cell"') == 6
        group_id = saved.headers["location"].split("saved=")[1].split("&")[0]
        heat = client.get(f"/connectivity/download.png?saved={group_id}&to=2017&what=group")
        assert heat.headers["content-type"] == "image/png" and heat.content[:4] == b"\x89PNG"
        removed = client.post(f"/connectivity/groups/{group_id}/remove", data={"csrf_token": token},
                              follow_redirects=False)  # fmt: skip
        assert removed.status_code == 303
        assert "East Asia" not in client.get("/connectivity?lang=en").text


def test_the_group_downloads_hold_every_figure(client: TestClient) -> None:
    csv = client.get("/connectivity/download.csv?group=CN,ISO,JP&to=2017&what=group").text.lstrip("\ufeff")
    lines = csv.splitlines()
    assert lines[0].startswith("date,system,towards,standards,recognised,common,same_original,shared,symbiotic,")
    # CN towards ISO on 2017-12-31, worked by hand (test_connectivity): 7 standards, 1 recognised, 1 common
    assert "2017-12-31,country:CN,body:ISO,7,1,1,0,0,0," in csv
    assert len(lines) == 1 + 6  # every ordered pair of three systems
    book = load_workbook(
        io.BytesIO(client.get("/api/connectivity/matrix?group=CN,ISO,JP&year=2017&format=xlsx").content)
    )
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:4] == ("date", "system", "towards", "standards") and len(rows) == 7
    png = client.get("/connectivity/download.png?group=CN,ISO,JP&to=2017&what=group")
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    line_png = client.get("/connectivity/download.png?a=CN&b=ISO&from=2010&to=2017&side=b")
    assert line_png.content[:4] == b"\x89PNG" and len(line_png.content) > 5000


def test_the_png_draws_chinese_glyphs_not_boxes() -> None:
    from PIL import Image

    from stdbridge.web.connectivity_chart import FONTS, png_of

    def drawn(text: str) -> bytes:
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 20" font-family="{FONTS}">'
               f'<text x="2" y="15" font-size="12">{text}</text></svg>')  # fmt: skip
        return Image.open(io.BytesIO(png_of(svg))).convert("L").tobytes()

    # a missing glyph is drawn as the same box whatever the character: two names would then be one image
    assert drawn("中国") != drawn("日本")
    assert drawn("互认") != drawn("共通")


def test_without_the_cairo_library_the_png_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import sys

    from stdbridge.web.connectivity_chart import png_of

    real_import = builtins.__import__

    def no_cairo(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cairosvg":  # as cairocffi fails when the system has no libcairo
            raise OSError('no library called "cairo-2" was found')
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "cairosvg", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_cairo)
    with pytest.raises(UsageError, match="libcairo2"):
        png_of('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>')
