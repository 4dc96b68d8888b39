"""Links as a standards engineer reads them in a browser: GB 4706.1-2024 declares that it adopts IEC 60335-1:2016
(IDT), an edition the catalogue does not hold; its record page, its counterparts, the comparison with the current
edition IEC 60335-1:2020 and a batch matrix all name IEC 60335-1:2016 and say it is not held, never that GB
4706.1-2024 adopts IEC 60335-1:2020; ISO 9001:2015 lists each related document once. In English and Chinese.

The catalogue is the one of ``tests/test_links.py`` (the excerpts and tests/data/links), served live.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from tests.test_links import CURRENT, DECLARED, GB, NOT_HELD, NOT_HELD_ZH, load_linked
from tests.web.conftest import serving

from stdbridge.catalog import Catalog
from stdbridge.store import SqlStore


@pytest.fixture(scope="module")
def linked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    where = tmp_path_factory.mktemp("links-web")
    store = SqlStore(f"sqlite:///{where / 'catalog.db'}")
    with serving(load_linked(Catalog(store), where)) as url:
        yield url
    store.close()


def test_the_record_and_its_counterparts_name_the_edition_declared(page: Page, linked_server: str) -> None:
    page.goto(f"{linked_server}/standard?id={quote(GB)}&lang=en")
    relations = page.locator("#relations table.relations")
    adopts = relations.locator("tr.rel-adopts")
    expect(adopts).to_have_count(1)
    expect(adopts).to_contain_text(DECLARED)
    expect(adopts).to_contain_text(NOT_HELD)
    expect(adopts.locator(".degree")).to_have_text("IDT")
    counterparts = page.locator("#counterparts ul.counterparts li")
    expect(counterparts).to_have_count(1)
    expect(counterparts).to_contain_text(f"{GB} adopts {DECLARED} (IDT) (not in the catalogue)")
    expect(counterparts).to_contain_text(NOT_HELD)
    expect(counterparts.locator(".absent-note")).to_have_text(NOT_HELD)  # named as declared, not linked
    expect(counterparts.locator("a.ident")).to_have_count(0)  # nothing stands in for it
    page.screenshot(path=str(Path("/tmp") / "links-record-en.png"), full_page=True)
    page.goto(f"{linked_server}/standard?id={quote(GB)}&lang=zh")
    expect(page.locator("#relations tr.rel-adopts")).to_contain_text(NOT_HELD_ZH)
    expect(page.locator("#counterparts ul.counterparts li")).to_contain_text(NOT_HELD_ZH)


def test_the_current_edition_shows_the_adoption_as_of_another_edition(page: Page, linked_server: str) -> None:
    page.goto(f"{linked_server}/standard?id={quote(CURRENT)}&lang=en")
    # the relations of IEC 60335-1:2020 do not claim the adoption of the 2016 edition
    expect(page.locator("#relations")).not_to_contain_text(GB)
    related = page.locator("#counterparts li.counterpart-related-edition", has_text=GB)
    expect(related).to_have_count(1)
    expect(related.locator(".badge.related-edition")).to_have_text("through another edition")
    expect(related.locator(".degree")).to_have_count(0)  # no degree to this edition
    expect(related).to_contain_text(f"{CURRENT} other edition {DECLARED} (not in the catalogue)")
    expect(page.locator("#family details.family-list")).to_contain_text(f"{DECLARED}: adopted as {GB}")


def test_the_comparison_names_the_edition_declared(page: Page, linked_server: str) -> None:
    page.goto(f"{linked_server}/compare?a={quote(GB)}&b={quote(CURRENT)}&lang=en")
    box = page.locator("section.link-box")
    expect(box).to_have_class("link-box link-related-edition")
    expect(box.locator(".link-badge")).to_contain_text(
        f"counterparts through another edition: the relation names {DECLARED}, not {CURRENT}"
    )
    expect(box.locator(".link-badge")).to_contain_text(NOT_HELD)
    step = box.locator("ol.path li")
    expect(step).to_have_count(1)
    expect(step).to_contain_text(f"{GB} adopts {DECLARED} (not in the catalogue) IDT")
    expect(step.locator("a.ident")).to_have_text([GB])  # the edition not held is no link to a missing page
    expect(page.locator("table.side-by-side")).to_contain_text(NOT_HELD)
    page.goto(f"{linked_server}/compare?a={quote(GB)}&b={quote(CURRENT)}&lang=zh")
    expect(page.locator("section.link-box .link-badge")).to_contain_text(NOT_HELD_ZH)


def test_the_batch_matrix_names_the_edition_declared(page: Page, linked_server: str) -> None:
    lists = f"list_a={quote(GB)}&list_b={quote(CURRENT)}%0A{quote('IEC 60335-1:2010')}"
    page.goto(f"{linked_server}/compare-batch?{lists}&lang=en")
    rows = page.locator("table.pairs tbody tr")
    expect(rows).to_have_count(2)
    for row in rows.all():
        expect(row.locator(".badge.kind")).to_have_text("through another edition")
        expect(row.locator(".why")).to_contain_text(f"the relation names {DECLARED}, another edition")
        expect(row.locator(".why")).to_contain_text(NOT_HELD)
    expect(page.locator("table.batch-summary, p.kinds").first).not_to_contain_text("IDT")
    page.goto(f"{linked_server}/compare-batch?{lists}&lang=zh")
    expect(page.locator("table.pairs tbody tr").first.locator(".why")).to_contain_text(NOT_HELD_ZH)


def test_iso_9001_2015_lists_each_related_document_once(page: Page, linked_server: str) -> None:
    page.goto(f"{linked_server}/standard?id={quote('ISO 9001:2015')}&lang=en")
    listed = page.locator("#relations table.relations tbody tr td:nth-child(2) > :first-child").all_inner_texts()
    assert len(listed) == len(set(listed)), listed
    assert "ISO/CD 9001.2" in listed and "ISO 9001:2015/Amd 1" not in listed
    amendment = page.locator("#relations tr.rel-amended-by")
    expect(amendment).to_have_count(1)
    expect(amendment).to_contain_text("ISO 9001:2015/Amd 1:2024")
    expect(amendment).to_contain_text("the same document at an earlier stage: ISO 9001:2015/Amd 1 (Under development)")
    expect(page.locator("#relations tr.rel-edition-of", has_text="ISO/CD 9001.2")).to_have_count(0)
