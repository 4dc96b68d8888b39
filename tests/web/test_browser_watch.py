"""Watching in a real browser (Chromium through Playwright): a compliance engineer signs in, watches ISO 9001 from
its record page and adds the ICS field 03.120.10 on the watchlist's page; an import then replaces ISO 9001:2008 by
ISO 9001:2015. The notification arrives in the inbox (the header counts it unread; in Chinese too), in the Atom
feed read with its token, and at a local webhook receiver that was down at the first attempt and gets it after it
comes back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from playwright.sync_api import Page, expect
from tests.watch.history import ISO, iso_before_9001_2015
from tests.watch.receiver import Receiver, free_port
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog
from stdbridge.watch.fanout import fan_out
from stdbridge.watch.service import Watching
from stdbridge.watch.webhooks import FIRST_DELAY, deliver_due, verify

PASSWORD = "correct horse battery"
SHOTS = Path("/tmp/stdbridge-screenshots")


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(width=420)  # a phone's width


def test_a_compliance_engineer_hears_that_iso_9001_was_replaced(
    page: Page, empty_catalog: Catalog, tmp_path: Path
) -> None:
    catalog, store = empty_catalog, empty_catalog.store
    catalog.import_path(iso_before_9001_2015(tmp_path), "iso", rejects_dir=tmp_path)
    fan_out(store)  # the first import is before anybody watched
    Accounts(store).add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.READER}))
    receiver = Receiver(free_port())  # down at first
    with serving(catalog) as url:
        page.goto(f"{url}/standard?id=ISO%209001:2008&lang=en")
        expect(page.locator("form.watch-button button")).to_have_count(0)  # nobody signed in: no button
        page.goto(f"{url}/sign-in?lang=en")
        page.get_by_label("User name").fill("Li Wei")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{url}/standard?id=ISO%209001:2008&lang=en")
        page.get_by_role("button", name="Watch this standard (every edition)").click()
        expect(page.locator("h1")).to_have_text("My watchlist")
        page.locator("form.watch-more select[name=kind]").select_option("ics")
        page.locator("form.watch-more input[name=value]").fill("03.120.10")
        page.get_by_role("button", name="Add").click()
        expect(page.locator("ul.watch-items li")).to_have_count(2)
        expect(page.locator("ul.watch-items")).to_contain_text("03.120.10")
        feed = page.locator("a[href*='feed.atom']").get_attribute("href") or ""
        [watchlist] = store.all_watchlists()
        hook = Watching(store).add_webhook(LOCAL_ADMIN, watchlist.id or 0, receiver.url)

        catalog.import_path(ISO, "iso", rejects_dir=tmp_path)  # ISO 9001:2015 replaces ISO 9001:2008
        assert fan_out(store).notifications > 0
        now = dt.datetime.now(dt.UTC)
        assert deliver_due(store, url, now=now).failed > 0  # the receiver is down
        page.goto(f"{url}/watch?lang=zh")
        expect(page.locator("header.site nav a[href='/watch'] .badge")).not_to_be_empty()
        replaced = page.locator("ul.notifications li", has_text="ISO 9001:2008 已被 ISO 9001:2015 代替")
        expect(replaced).to_have_count(1)
        expect(replaced.locator("a[href='/standard?id=ISO+9001%3A2008']")).to_have_count(1)  # what changed
        expect(replaced.locator("a[href='/standard?id=ISO+9001%3A2015']")).to_have_count(1)  # what replaces it
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "watch-inbox-zh.png"), full_page=True)
        replaced.locator("a").first.click()
        expect(page.locator("h1 .ident")).to_have_text("ISO 9001:2008")

        atom = page.request.get(feed)
        assert atom.ok and "ISO 9001:2008 已被 ISO 9001:2015 代替" in atom.text()  # the language chosen last
        assert page.request.get(feed.replace("token=", "token=x")).status == 404

        try:
            receiver.start()  # back: the next attempt, when due, delivers
            later = now + dt.timedelta(seconds=FIRST_DELAY)
            sent = deliver_due(store, url, now=later)
            assert sent.failed == 0 and sent.delivered > 0
        finally:
            receiver.stop()
        bodies = [orjson.loads(body) for body, signature in receiver.received if verify(hook.secret, body, signature)]
        assert len(bodies) == len(receiver.received) == sent.delivered
        assert ("ISO 9001:2008", "ISO 9001:2015") in [(b["identifier"], b["replaced_by"]) for b in bodies]
