"""Every page, in both languages, through the ASGI app: what a reader sees and where its links go."""

from __future__ import annotations

import dataclasses
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import EN, NASTY, ZH, svg_texts

from stdbridge.catalog import Catalog, Resolution
from stdbridge.catalog.graph import family_of
from stdbridge.models import Status
from stdbridge.web.family_chart import family_picture


def _text(html: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities read."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _identifiers(html: str) -> list[str]:
    """The identifiers of the results, in order."""
    hits = html.split('<ol class="hits"', 1)[1].split("</ol>", 1)[0]
    return [unescape(i) for i in re.findall(r'<a class="ident" href="[^"]*">([^<]+)</a>', hits)]


def test_the_front_page_offers_a_search_box_examples_and_the_catalogue(client: TestClient) -> None:
    page = client.get("/", params=EN)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in page.text
    assert 'name="q"' in page.text and 'role="search"' in page.text
    assert 'href="/?q=%E8%B4%A8%E9%87%8F%E7%AE%A1%E7%90%86%E4%BD%93%E7%B3%BB"' in page.text  # 质量管理体系
    assert 'href="/overview/country/CN"' in page.text
    assert "Find a standard" in page.text


def test_the_front_page_in_chinese(client: TestClient) -> None:
    page = client.get("/", params=ZH)
    assert '<html lang="zh-CN">' in page.text
    assert "查找标准" in page.text
    assert "检索" in page.text
    assert page.headers["content-language"] == "zh-CN"


def test_a_chinese_search_shows_titles_badges_facets_and_highlights(client: TestClient) -> None:
    page = client.get("/", params={"q": "质量管理体系", **ZH})
    assert page.status_code == 200
    found = _identifiers(page.text)
    assert "GB/T 19001-2008" in found and "ISO 9001:2015" in found
    gb = page.text.split('href="/standard?id=GB%2FT+19001-2008"', 1)[1].split("</li>", 1)[0]
    assert '<p class="title" lang="zh"><mark>质量管理体系</mark> 要求</p>' in gb  # the reader's language first
    assert "IDT ISO 9001:2008" in gb  # what it adopts, with the degree
    assert "状态未知" in gb  # status badge
    iso = page.text.split('href="/standard?id=ISO+9001%3A2015"', 1)[1].split("</li>", 1)[0]
    assert "现行" in iso and "另有 6 个版本" in iso and "#family" in iso
    text = _text(page.text)
    assert "国家/地区" in text and "中国" in text  # the country facet, named in Chinese
    assert "服务、公司组织、管理和质量、行政、运输、社会学" in text  # an ICS field's Chinese name
    assert "还检索了" in text and "quality management systems" in text  # the query, read in English too


def test_an_english_search_puts_english_titles_first(client: TestClient) -> None:
    page = client.get("/", params={"q": "质量管理体系", **EN})
    gb = page.text.split('href="/standard?id=GB%2FT+19000-2016"', 1)[1].split("</li>", 1)[0]
    titles = re.findall(r'<p class="title[^"]*" lang="(\w+)">', gb)
    assert titles == ["en", "zh"]
    assert "In force" in gb
    assert "Country or region" in page.text


def test_a_facet_filters_the_results_and_can_be_removed(client: TestClient) -> None:
    page = client.get("/", params={"q": "质量管理体系", **EN})
    link = re.search(r'<a href="([^"]+)"[^>]*><span class="label">China</span>', page.text)
    assert link is not None
    href = unescape(link.group(1))
    assert parse_qs(urlsplit(href).query)["country"] == ["CN"]
    filtered = client.get(href)
    found = _identifiers(filtered.text)
    assert found and all(i.startswith("GB/T") for i in found)
    assert 'class="selected" aria-current="true"' in filtered.text
    assert "Clear filters" in filtered.text
    selected = re.search(r'<a href="([^"]+)" class="selected"[^>]*><span class="label">China</span>', filtered.text)
    assert selected is not None
    assert "country" not in parse_qs(urlsplit(unescape(selected.group(1))).query)  # the same link removes it


def test_a_body_typed_in_small_letters_filters_as_in_capitals(client: TestClient) -> None:
    typed = _identifiers(client.get("/", params={"q": "quality", "body": "iso", **EN}).text)
    assert typed and typed == _identifiers(client.get("/", params={"q": "quality", "body": "ISO", **EN}).text)
    assert all(i.startswith("ISO") for i in typed)


def test_an_ics_facet_drills_down_one_level(client: TestClient) -> None:
    page = client.get("/", params={"q": "quality", "ics": "03", **EN})
    facet = page.text.split('class="facet facet-ics"', 1)[1].split("</section>", 1)[0]
    codes = re.findall(r'<span class="label">([\d.]+) ', facet)
    assert "03" in codes and "03.120" in codes
    assert all(code == "03" or code.count(".") == 1 for code in codes)


def test_results_are_paged_and_sorted(client: TestClient) -> None:
    first = client.get("/", params={"q": "safety", "all": "1", **EN})
    second = client.get("/", params={"q": "safety", "all": "1", "page": "2", **EN})
    assert len(_identifiers(first.text)) == 20
    assert set(_identifiers(first.text)).isdisjoint(_identifiers(second.text))
    assert 'rel="next"' in first.text and 'rel="prev"' in second.text
    newest = client.get("/", params={"q": "quality management", "sort": "newest", "all": "1", **EN})
    years = [int(m) for m in re.findall(r"published (\d{4})", newest.text)]
    assert years and years == sorted(years, reverse=True)


def test_did_you_mean_links_the_near_identifiers_the_engine_offers(client: TestClient, web_catalog: Catalog) -> None:
    near = [s.identifier for s in web_catalog.search("ISO 9001:2009").did_you_mean]
    assert near  # an edition that does not exist: its siblings are offered
    page = client.get("/", params={"q": "ISO 9001:2009", **EN})
    offered = page.text.split('<p class="did-you-mean">', 1)[1].split("</p>", 1)[0]
    assert [unescape(i) for i in re.findall(r'<a class="ident" href="[^"]+">([^<]+)</a>', offered)] == near[:8]


def test_international_results_say_where_they_are_adopted(client: TestClient) -> None:
    page = client.get("/", params={"q": "ISO 9001:2008", "all": "1", **EN})
    hit = page.text.split('href="/standard?id=ISO+9001%3A2008"', 1)[1].split("</li>", 1)[0]
    assert re.search(r'<span class="badge adoption adoption-adopted" title="Adopted by standards of: China">'
                     r"Adopted in CN</span>", hit)  # fmt: skip


def test_the_record_page_shows_every_field_title_relation_and_counterpart(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "ISO 9001:2008", **EN})
    assert page.status_code == 200
    text = _text(page.text)
    assert '<h1><span class="ident">ISO 9001:2008</span></h1>' in page.text
    for shown in ("Quality management systems - Requirements", "Systèmes de management de la qualité - Exigences",
                  "English", "French", "ISO/TC 176/SC 2", "2008-11", "Replaced",
                  "03.120.10 Quality management and quality assurance", "iso_catalog.jsonl"):  # fmt: skip
        assert shown in text, shown
    assert 'href="https://www.iso.org/standard/46486.html"' in page.text
    relations = page.text.split('<table class="relations">', 1)[1].split("</table>", 1)[0]
    assert re.search(r'<tr class="rel-replaced-by">\s*<td>Replaced by</td>\s*<td><a class="ident" '
                     r'href="/standard\?id=ISO\+9001%3A2015">', relations)  # fmt: skip
    assert "rel-adopted-as" in relations and ">IDT<" in relations
    counterparts = page.text.split('id="counterparts"', 1)[1]
    assert '<a href="/overview/country/CN">China</a>' in counterparts
    assert "GB/T 19001-2008" in counterparts


def test_the_family_is_drawn_with_editions_chain_supplements_and_adoptions(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "ISO 9001:2008", **EN})
    svg = page.text.split('<svg xmlns="http://www.w3.org/2000/svg" class="family"', 1)[1].split("</svg>", 1)[0]
    for edition in ("ISO 9001:1987", "ISO 9001:1994", "ISO 9001:2000", "ISO 9001:2015"):
        assert f'<a href="/standard?id={edition.replace(" ", "+").replace(":", "%3A")}">' in svg, edition
    assert "node status-replaced current" in svg  # the page's own edition, not a link
    assert svg.count('class="chain"') == 4  # 1987 → 1994 → 2000 → 2008 → 2015
    assert "/Cor 1:2009" in svg and "/Amd 1:2024" in svg
    assert "GB/T 19001-2008" in svg and "IDT" in svg
    assert "Replaced by, step by step" in page.text  # the same family as a list


def test_the_family_picture_shows_markup_as_text(web_catalog: Catalog) -> None:
    family = family_of(web_catalog.store, web_catalog.resolve("ISO 9001:2008").standard)
    marked = dataclasses.replace(family.standard, identifier=NASTY)  # as if an identifier carried markup
    editions = [marked if e.edition_key == marked.edition_key else e for e in family.editions]
    family = dataclasses.replace(family, standard=marked, editions=editions)
    svg = family_picture(family, lambda identifier: f"/standard?id={identifier}&{NASTY}")
    assert "<script" not in svg
    texts, links = svg_texts(svg)
    assert texts[0] == f"Family of {NASTY}: editions, supersession, amendments and adoptions"
    assert f"{NASTY} — Replaced" in texts  # the tooltip of the page's own edition
    assert "/standard?id=ISO 9001:2015&" + NASTY in links and len(links) > 5


@pytest.mark.slow
def test_every_record_of_the_catalogue_has_a_page(client: TestClient, web_catalog: Catalog) -> None:
    standards = list(web_catalog.store.iter_standards())
    assert len(standards) > 300
    for n, s in enumerate(standards):  # amendments, drafts, withdrawn projects, ITU, JIS, GB ...
        page = client.get("/standard", params={"id": s.identifier, "lang": ("en", "zh")[n % 2]})
        assert page.status_code == 200, s.identifier
        assert 'class="family"' in page.text, s.identifier


def test_a_loose_identifier_opens_the_current_edition_with_a_note(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "iso 9001", **EN})
    assert page.status_code == 200
    assert '<span class="ident">ISO 9001:2015</span>' in page.text
    assert "this is the current one" in page.text


def test_the_record_page_in_chinese(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "GB/T 19001-2008", **ZH})
    text = _text(page.text)
    assert "质量管理体系 要求" in text
    assert "采用" in text and "ISO 9001:2008" in text
    assert "中文" in text  # the language of the title
    assert "标准族" in text and "关系" in text


def test_an_edition_whose_status_is_not_known_is_not_called_current(client: TestClient) -> None:
    # The GB sample's record of GB/T 19001-2008 gives no status, and the catalogue holds no later edition (the real
    # one, of 2016, replaced it): the page calls it the latest edition held, never the current (现行) one
    english = _text(client.get("/standard", params={"id": "GB/T 19001-2008", **EN}).text)
    assert "This is the latest edition the catalogue holds." in english
    assert "current edition" not in english
    chinese = _text(client.get("/standard", params={"id": "GB/T 19001-2008", **ZH}).text)
    assert "此为目录中最新的版本。" in chinese and "现行版本" not in chinese
    loose = _text(client.get("/standard", params={"id": "gbt19001", **EN}).text)
    assert "'gbt19001' was read as GB/T 19001-2008, the only edition of it the catalogue holds." in loose
    assert "this is the current one" not in loose and "several editions" not in loose
    # an edition in force still is the current one
    assert "This is the current edition." in _text(client.get("/standard", params={"id": "ISO 9001:2015", **EN}).text)
    assert "此为现行版本。" in _text(client.get("/standard", params={"id": "ISO 9001:2015", **ZH}).text)


def test_the_note_on_a_loose_identifier_calls_current_only_an_edition_in_force(web_catalog: Catalog) -> None:
    # were the latest edition held of a work with several editions replaced (ISO 9001:2008, were 2015 not held),
    # the note says it is the latest held, not the current one
    latest = web_catalog.resolve("ISO 9001:2008").standard
    others = [web_catalog.resolve(i).standard for i in ("ISO 9001:2000", "ISO 9001:1994")]
    assert latest.status is Status.REPLACED
    note = Resolution("iso 9001", latest, "current edition of the work", others).note
    assert note == "'iso 9001' names a standard with several editions: this is the latest the catalogue holds."
    current = web_catalog.resolve("iso 9001")
    assert current.note == "'iso 9001' names a standard with several editions: this is the current one."


def test_an_unknown_standard_gets_a_page_with_near_matches(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "ISO 90011", **EN})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Not found" in page.text and "ISO 9001" in page.text
    assert 'value="ISO 90011"' in page.text  # offered again in the search box


def test_the_language_is_remembered_and_switchable_on_every_page(client: TestClient) -> None:
    first = client.get("/standard", params={"id": "ISO 9001:2008", "lang": "zh"})
    assert first.cookies.get("lang") == "zh" or client.cookies.get("lang") == "zh"
    again = client.get("/overview")  # no lang: the cookie decides
    assert '<html lang="zh-CN">' in again.text
    switch = re.search(r'<a class="switch" href="([^"]+)"', first.text)
    assert switch is not None
    target = urlsplit(unescape(switch.group(1)))
    assert target.path == "/standard"
    assert parse_qs(target.query) == {"id": ["ISO 9001:2008"], "lang": ["en"]}
    english = client.get(unescape(switch.group(1)))
    assert '<html lang="en">' in english.text and "Replaced by" in english.text


def test_the_browser_language_is_the_default(client: TestClient) -> None:
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert '<html lang="zh-CN">' in chinese.text and "set-cookie" not in chinese.headers
    english = client.get("/", headers={"Accept-Language": "fr-FR,en;q=0.7,zh;q=0.3"})
    assert '<html lang="en">' in english.text


@pytest.mark.parametrize(
    ("header", "expected"),
    [("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9,zh;q=0.8", "en"), ("de-DE", "en"), ("", "en"),
     ("zh-TW", "zh"), ("en;q=0.2, zh;q=0.5", "zh"), ("zh;q=abc", "en")],
)  # fmt: skip
def test_the_preferred_language_follows_the_weights(header: str, expected: str) -> None:
    from stdbridge.i18n import preferred_language

    assert preferred_language(header) == expected


def test_the_directory_links_every_body_and_country(client: TestClient) -> None:
    page = client.get("/overview", params=EN)
    for href in ("/overview/country/CN", "/overview/country/JP", "/overview/country/INT", "/overview/body/ISO",
                 "/overview/body/SAC", "/overview/body/ITU-T"):  # fmt: skip
        assert f'href="{href}"' in page.text, href
    assert "Japanese Industrial Standards Committee" in page.text
    chinese = client.get("/overview", params=ZH)
    assert "国际标准化组织" in chinese.text and "日本" in chinese.text


def test_pages_are_served_with_a_strict_content_policy_and_static_files(client: TestClient) -> None:
    page = client.get("/", params=EN)
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "<script>" not in page.text  # no inline script anywhere
    for path in ("/static/app.css", "/static/app.js", "/static/favicon.svg"):
        assert client.get(path).status_code == 200, path
    assert "https://" not in client.get("/static/app.css").text  # nothing loaded from elsewhere


def test_unknown_pages_are_html_in_the_readers_language_and_the_api_stays_json(client: TestClient) -> None:
    page = client.get("/no/such/page", params=ZH)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "此地址没有页面" in page.text and '<html lang="zh-CN">' in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not-found"


def test_a_record_seen_on_several_pages_links_each(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "GB/T 22080-2016", "lang": "en"})
    assert page.status_code == 200
    for address in (
        "https://www.chinesestandard.net/PDF/PDF.amp.aspx/GBT22080-2016",
        "https://taowenge.com/p-96306483.html",
    ):
        assert f'href="{address}"' in page.text
    assert " ; " not in page.text.split("Pages where it was seen", 1)[1].split("</dd>", 1)[0]
