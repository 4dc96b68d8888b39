"""Publishing in a real browser (Chromium through Playwright, as ``test_browser``): the coordinator of a programme
whose review round settled entries signs in, publishes v1 with the form on the releases page, downloads the signed
JSON, uploads it to ``/releases/verify`` with the programme's public key and sees it verified; a copy with one
changed degree fails there. Screenshots of the pages in Chinese, 375 px wide, go to /tmp/stdbridge-screenshots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.recognition.publish_cases import PASSWORD, reviewed_programme
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.catalog import Catalog

SHOTS = Path("/tmp/stdbridge-screenshots")


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(accept_downloads=True)


def _verify(page: Page, url: str, path: Path, key: str) -> None:
    page.goto(f"{url}/releases/verify?lang=en")
    page.locator("input[name=release]").set_input_files(str(path))
    page.locator("textarea[name=key]").fill(key)
    page.get_by_role("button", name="Verify").click()


def test_the_coordinator_publishes_v1_and_the_download_verifies(
    page: Page, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STDBRIDGE_KEYS", str(tmp_path / "keys"))
    done = reviewed_programme(catalog)
    with serving(catalog) as url:
        page.goto(f"{url}/sign-in?lang=en")
        page.get_by_label("User name").fill("Zhang Min")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{url}/programmes/gb-iso/releases?lang=en")
        expect(page.locator("#publish-heading")).to_have_text("Publish the next release")
        page.locator("#publish-release").click()
        expect(page).to_have_url(f"{url}/programmes/gb-iso/releases/1?lang=en")
        rows = page.locator("table.release-entries tbody tr")
        expect(rows).to_have_count(len(done.settled))
        expect(page.locator(f"#entry-{done.reserved}")).to_contain_text("Annex A adds national requirements.")
        with page.expect_download() as downloading:
            page.get_by_role("link", name="JSON", exact=True).click()
        signed = tmp_path / downloading.value.suggested_filename
        downloading.value.save_as(signed)
        assert signed.name == "gb-iso-v1.json"
        page.goto(f"{url}/programmes/gb-iso/releases?lang=en")
        key = page.locator("code.hash").first.inner_text()
        _verify(page, url, signed, key)
        expect(page.locator(".notice.verified")).to_contain_text(
            f"Release v1 of gb-iso verifies: {len(done.settled)} entries"
        )
        tampered = json.loads(signed.read_text(encoding="utf-8"))
        entry = tampered["document"]["entries"][0]
        entry["degree"] = "NEQ" if entry["degree"] != "NEQ" else "MOD"
        forged = tmp_path / "gb-iso-v1-tampered.json"
        forged.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
        _verify(page, url, forged, key)
        alert = page.locator("[role=alert]")
        expect(alert).to_contain_text("The signature does not match")
        expect(alert).to_contain_text(f"the release says {entry['degree']}")
        SHOTS.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 375, "height": 800})
        for path, shot in (("/programmes/gb-iso/releases/1?lang=zh", "release-v1-zh.png"),
                           ("/programmes/gb-iso/releases?lang=zh", "releases-publish-zh.png"),
                           ("/programmes/gb-iso/reports/GB-ISO+IEC?lang=zh", "pair-report-zh.png"),
                           ("/programmes/gb-iso?lang=zh", "programme-stages-zh.png")):  # fmt: skip
            page.goto(url + path)
            page.screenshot(path=str(SHOTS / shot), full_page=True)
