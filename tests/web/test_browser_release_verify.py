"""Checking a release in a real browser (Chromium through Playwright, as ``test_browser``): a reader uploads the
published file with the programme's public key and sees it verify; each tampered copy of the test set fails with
what disagrees; a copy signed again with another key is named so; the difference between two releases shows."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page, expect
from tests.release_cases import settled_case, signed_release

from stdbridge.recognition.signing import key_description, public_pem, sign_document

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def tampered(signed: dict[str, Any], change: str) -> dict[str, Any]:
    forged = copy.deepcopy(signed)
    entries = forged["document"]["entries"]
    if change == "degree":
        entries[0]["degree"] = "MOD"
    elif change == "removed":
        del entries[3]
    elif change == "identifier":
        entries[0]["standards"][1], entries[4]["standards"][1] = entries[4]["standards"][1], entries[0]["standards"][1]
    elif change == "reservation":
        entries[1]["reservations"][0]["degree"] = "IDT"
    return forged


def check(page: Page, server: str, path: Path, key: str) -> None:
    page.goto(f"{server}/releases/verify?lang=en")
    page.locator("input[name=release]").set_input_files(str(path))
    page.locator("textarea[name=key]").fill(key)
    page.get_by_role("button", name="Verify").click()


def test_a_release_verifies_and_every_tampered_copy_fails(page: Page, live_server: str, tmp_path: Path) -> None:
    signed = signed_release(settled_case(12), KEY)
    key = public_pem(KEY.public_key())
    path = tmp_path / "cn-int-quality-v1.json"
    path.write_text(json.dumps(signed, ensure_ascii=False), encoding="utf-8")
    check(page, live_server, path, key)
    expect(page.locator(".notice.verified")).to_contain_text("Release v1 of cn-int-quality verifies: 12 entries")
    expected = {"degree": "the release says MOD, the audit entry 2 that settled it says IDT",
                "removed": "settled entry 4, which the release does not carry: an entry was removed",
                "identifier": "are not those audit entry 2 settled",
                "reservation": "the reservation differs from audit entry 4 that recorded it (degree)"}  # fmt: skip
    for change, message in expected.items():
        path.write_text(json.dumps(tampered(signed, change), ensure_ascii=False), encoding="utf-8")
        check(page, live_server, path, key)
        alert = page.locator("[role=alert]")
        expect(alert).to_contain_text("The signature does not match")
        expect(alert).to_contain_text(message)
    resigned = tampered(signed, "degree")["document"]
    resigned["key"] = key_description(OTHER_KEY.public_key())
    path.write_text(json.dumps(sign_document(resigned, OTHER_KEY), ensure_ascii=False), encoding="utf-8")
    check(page, live_server, path, key)
    expect(page.locator("[role=alert]")).to_contain_text("The release was signed with another key")


def test_the_difference_between_two_releases(page: Page, live_server: str, tmp_path: Path) -> None:
    (tmp_path / "v1.json").write_text(json.dumps(signed_release(settled_case(5), KEY)), encoding="utf-8")
    case = settled_case(6)
    case.entries[1].differences = "Annex B omitted."
    (tmp_path / "v2.json").write_text(json.dumps(signed_release(case, KEY, number=2)), encoding="utf-8")
    page.goto(f"{live_server}/releases/diff?lang=en")
    page.locator("input[name=older]").set_input_files(str(tmp_path / "v1.json"))
    page.locator("input[name=newer]").set_input_files(str(tmp_path / "v2.json"))
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("h2")).to_have_text("From v1 to v2: 1 added, 0 removed, 1 changed.")
    expect(page.locator("tr.changed")).to_contain_text("Annex B omitted.")
