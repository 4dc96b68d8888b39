"""Issue 11's whole process in a real browser (Chromium through Playwright), as people would walk it: a
coordinator creates a programme (China ↔ ISO/IEC) and adds two experts of each party; entries are added by hand;
the experts vote in two rounds on their own sessions; two entries settle in the first round, one in the second,
one reaches no consensus; an expert records a reservation on a settled entry; v1 is published; an import (an
upload on the jobs page) brings a new edition of a standard v1 names and its entry is flagged; v2 is published
with the flagged entry carried with a note, and the difference from v1 is shown. The signed files verify offline
(``stdbridge verify``, no database), and every tampered copy fails.

The catalogue is the excerpts of the bundled data, with the lines of ISO/IEC 27001:2022 held back: they are the
file the coordinator imports after v1 (real records, only their arrival is staged)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.conftest import EXCERPT_FORMATS, EXCERPTS
from tests.web.chromium import new_context
from tests.web.conftest import serving

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.api.access import SESSION_COOKIE
from stdbridge.catalog import Catalog
from stdbridge.cli.base import cli
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IcsImporter
from stdbridge.recognition.signing import sign_document

PASSWORD = "correct horse battery"
SLUG = "cn-int-e2e"
COORDINATOR = "Zhang Min"
EXPERTS = {"Wang Fang": "CN", "Liu Yang": "CN", "Maria Keller": "ISO+IEC", "John Smith": "ISO+IEC"}
DIFFERENCES = {
    "IDT": "Editorial: a national foreword.",
    "MOD": "A national annex adds requirements.",
    "NEQ": "Different scope and structure.",
}
PAIRS = (("GB/T 24001-1996", "ISO 14001:1996"), ("GB/T 22080-2016", "ISO/IEC 27001:2013"),
         ("GB/T 19001-2008", "ISO 9001:2008"), ("GB/T 24001-2004", "ISO 14001:2004"))  # fmt: skip
HELD_BACK = "ISO/IEC 27001:2022"  # the new edition (and its amendments), imported after v1


def _held_back(line: str) -> bool:
    return line.startswith("{") and str(json.loads(line).get("id", "")).startswith(HELD_BACK)


@pytest.fixture
def staged(empty_catalog: Catalog, tmp_path: Path) -> tuple[Catalog, Path]:
    """The excerpts without ISO/IEC 27001:2022 (and its amendments), and the file of those held-back lines."""
    catalog, rejects = empty_catalog, tmp_path / "rejects"
    catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics", rejects_dir=rejects)
    for format_, name in EXCERPT_FORMATS.items():
        lines = (EXCERPTS / name).read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not _held_back(line)]
        path = tmp_path / name
        path.write_text("".join(kept), encoding="utf-8")
        catalog.import_path(path, format_, rejects_dir=rejects)
        if len(kept) < len(lines):
            (tmp_path / "new-edition.jsonl").write_text(
                "".join(line for line in lines if line not in kept), encoding="utf-8"
            )
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, COORDINATOR, password=PASSWORD, roles=frozenset({Role.READER, Role.EDITOR}))
    for name in EXPERTS:
        accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset({Role.READER, Role.EXPERT}))
    assert catalog.resolve("ISO/IEC 27001:2013").standard.identifier == "ISO/IEC 27001:2013"
    return catalog, tmp_path / "new-edition.jsonl"


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def _session(browser: Browser, catalog: Catalog, url: str, name: str, opened: list[BrowserContext],
             **options: object) -> Page:  # fmt: skip
    """A browser of ``name``'s own, signed in (a session made as the sign-in form makes it)."""
    accounts = Accounts(catalog.store)
    context = new_context(browser, locale="zh-CN", **options)
    context.add_cookies([{"name": SESSION_COOKIE, "value": accounts.start_session(accounts.user(name)), "url": url}])
    opened.append(context)
    return context.new_page()


def _vote(page: Page, url: str, number: int, votes: dict[int, str]) -> None:
    page.goto(f"{url}/programmes/{SLUG}/rounds/{number}?lang=en")
    for entry, degree in votes.items():
        card = page.locator(f"#entry-{entry}")
        card.locator(f"label.choice:has(input[name=degree][value='{degree}'])").click()
        card.locator("label.choice:has(input[name=confidence][value='4'])").click()
        card.locator("textarea[name=differences]").fill(DIFFERENCES[degree])
        card.locator(f"#answer-{entry}").click()
        expect(page.locator(f"#entry-{entry} input[name=degree][value='{degree}']")).to_be_checked()


def _close(page: Page, url: str, summary: str) -> None:
    page.goto(f"{url}/programmes/{SLUG}/rounds?lang=en")
    page.locator("#close-round-button").click()
    expect(page.locator("#close-summary")).to_contain_text(summary)


def _publish(page: Page, url: str, number: int, carry: dict[int, str] | None = None) -> Path:
    page.goto(f"{url}/programmes/{SLUG}/releases?lang=en")
    for entry, note in (carry or {}).items():
        page.locator(f"textarea[name=carry_{entry}]").fill(note)
    page.locator("#publish-release").click()
    expect(page).to_have_url(f"{url}/programmes/{SLUG}/releases/{number}?lang=en")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="JSON", exact=True).click()
    target = Path(downloading.value.path()).with_name(f"{SLUG}-v{number}.json")
    downloading.value.save_as(target)
    return target


def _verifies(path: Path, key: Path) -> bool:
    found = CliRunner().invoke(cli, ["verify", str(path), "--key", str(key)])
    assert found.exit_code in (0, 1), found.output
    return found.exit_code == 0


@pytest.mark.slow
def test_the_whole_process_from_a_programme_to_a_living_verified_catalogue(
    browser: Browser,
    staged: tuple[Catalog, Path],
    contexts: list[BrowserContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog, new_edition = staged
    monkeypatch.setenv("STDBRIDGE_KEYS", str(tmp_path / "keys"))
    with serving(catalog, run_jobs=True) as url:
        # the coordinator signs in with the form, creates the programme, adds the experts and the entries
        coordinator = new_context(browser, locale="zh-CN", accept_downloads=True)
        contexts.append(coordinator)
        page = coordinator.new_page()
        page.goto(f"{url}/sign-in?lang=en")
        page.get_by_label("User name").fill(COORDINATOR)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{url}/programmes?lang=en")
        form = page.locator("#create-programme-form")
        form.locator("input[name=slug]").fill(SLUG)
        form.locator("input[name=title_en]").fill("China and ISO/IEC: management systems")
        form.locator("input[name=title_zh]").fill("中国与 ISO/IEC 管理体系标准互认")
        form.locator("textarea[name=parties]").fill("CN:zh\nISO+IEC:en")
        form.locator("input[name=min_answers]").fill("2")
        form.locator("input[name=max_rounds]").fill("2")
        page.locator("#create-programme").click()
        expect(page).to_have_url(f"{url}/programmes/{SLUG}?lang=en&done=created")
        for name, party in EXPERTS.items():
            page.locator("#member-user").fill(name)
            page.locator("#member-party").select_option(party)
            page.locator("#member-language").select_option("zh" if party == "CN" else "en")
            page.locator("#member-role").select_option("expert")
            page.locator("#add-member").click()
            expect(page.locator("#programme-done")).to_contain_text("The member was saved.")
        entries = []
        for gb, international in PAIRS:
            page.goto(f"{url}/programmes/{SLUG}?lang=en")
            page.locator("details:has(#entry-form) > summary").click()
            page.locator("input[name=standard_CN]").fill(gb)
            page.locator("input[name='standard_ISO+IEC']").fill(international)
            page.locator("#entry-degree").select_option("IDT")
            page.locator("#add-entry").click()
            expect(page.locator("#entry-heading")).to_contain_text(f"{gb} ↔ {international}")
            entries.append(int(page.url.split("?")[0].rsplit("/", 1)[1]))
        first, flagged, second_round, split = entries

        # round 1: two entries settle, two go on
        page.goto(f"{url}/programmes/{SLUG}/rounds?lang=en")
        page.locator("#round-deadline").fill("2099-12-31")
        page.locator("#open-round-button").click()
        expect(page).to_have_url(f"{url}/programmes/{SLUG}/rounds/1")
        experts = {name: _session(browser, catalog, url, name, contexts) for name in EXPERTS}
        round_one = {"Wang Fang": ("IDT", "IDT", "IDT", "IDT"), "Liu Yang": ("IDT", "IDT", "IDT", "NEQ"),
                     "Maria Keller": ("IDT", "IDT", "IDT", "MOD"),
                     "John Smith": ("IDT", "IDT", "MOD", "NEQ")}  # fmt: skip
        for name, degrees in round_one.items():
            _vote(experts[name], url, 1, dict(zip(entries, degrees, strict=True)))
        _close(page, url, "2 settled, 2 to the next round, 0 without consensus")

        # John Smith keeps a reservation on a settled entry; the results never name who said what
        john = experts["John Smith"]
        john.goto(f"{url}/programmes/{SLUG}/rounds/1?lang=en")
        card = john.locator(f"#entry-{first}")
        card.locator("details.reserve > summary").click()
        card.locator(".reservation-form select[name=degree]").select_option("MOD")
        card.locator(".reservation-form textarea[name=reason]").fill("Clause 4.4 of the national text adds a step.")
        card.locator(f"#reserve-{first}").click()
        expect(john.locator(f"#entry-{first}")).to_contain_text("Clause 4.4 of the national text adds a step.")
        assert all(name not in john.content() for name in EXPERTS if name != "John Smith")

        # round 2 over the unsettled entries: one settles, one reaches no consensus (the programme's last round)
        page.goto(f"{url}/programmes/{SLUG}/rounds?lang=en")
        page.locator("#round-deadline").fill("2099-12-31")
        page.locator("#open-round-button").click()
        expect(page).to_have_url(f"{url}/programmes/{SLUG}/rounds/2")
        round_two = {"Wang Fang": ("IDT", "IDT"), "Liu Yang": ("IDT", "NEQ"), "Maria Keller": ("IDT", "MOD"),
                     "John Smith": ("IDT", "NEQ")}  # fmt: skip
        for name, degrees in round_two.items():
            _vote(experts[name], url, 2, dict(zip((second_round, split), degrees, strict=True)))
        _close(page, url, "1 settled, 0 to the next round, 1 without consensus")

        # v1: the three settled entries, the reservation with its entry
        v1 = _publish(page, url, 1)
        rows = page.locator("table.release-entries tbody tr")
        expect(rows).to_have_count(3)
        expect(page.locator(f"#entry-{first}")).to_contain_text("Clause 4.4 of the national text adds a step.")
        expect(page.locator(f"#entry-{split}")).to_have_count(0)

        # an import brings a new edition of ISO/IEC 27001: its entry is flagged for review
        page.goto(f"{url}/jobs?lang=en")
        upload = page.locator("form.job-upload")
        upload.locator("input[type=file]").set_input_files(str(new_edition))
        upload.locator("select[name=format]").select_option("iso")
        upload.locator("button[type=submit]").click()
        expect(page.locator("[data-job-state]")).to_have_text("done", timeout=120_000)
        page.goto(f"{url}/programmes/{SLUG}/entries/{flagged}?lang=en")
        expect(page.locator("#entry-needs-review")).to_contain_text("ISO/IEC 27001:2022")

        # v2 cannot carry it silently: without a note publishing is refused, with one it is published
        page.goto(f"{url}/programmes/{SLUG}/releases?lang=en")
        page.locator("#publish-release").click()
        expect(page.locator("#publish-notice")).to_contain_text("ISO/IEC 27001:2013")
        v2 = _publish(page, url, 2, {flagged: "Kept until the experts compare the 2022 edition."})
        page.locator("#diff-previous").click()
        changed = page.locator("table.release-diff-table tr.changed")
        expect(changed.first).to_contain_text("ISO/IEC 27001:2013")

        key = tmp_path / "programme.pub"
        page.goto(f"{url}/programmes/{SLUG}/releases?lang=en")
        key.write_text(page.locator("code.hash").first.inner_text(), encoding="utf-8")

    # offline, with no database: both releases verify, every tampered copy fails
    assert _verifies(v1, key) and _verifies(v2, key)
    signed = json.loads(v1.read_text(encoding="utf-8"))
    published = {e["id"]: e for e in signed["document"]["entries"]}
    assert published[first]["differences"] == DIFFERENCES["IDT"]  # what the experts wrote, without their names
    assert [r["reason"] for r in published[first]["reservations"]] == ["Clause 4.4 of the national text adds a step."]

    def tampered(change: object, name: str) -> Path:
        altered = copy.deepcopy(signed)
        change(altered["document"])  # type: ignore[operator]
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(altered, ensure_ascii=False), encoding="utf-8")
        return path

    def reservation(document: dict[str, object]) -> None:
        for entry in document["entries"]:  # type: ignore[attr-defined]
            for held in entry.get("reservations", []):
                held["reason"] = "No reservation."

    alterations = {
        "degree": lambda d: d["entries"][0].update(degree="NEQ" if d["entries"][0]["degree"] != "NEQ" else "MOD"),
        "removed": lambda d: d["entries"].pop(),
        "swapped": lambda d: d["entries"][0]["standards"][1].update(identifier="ISO 9001:2015"),
        "reservation": reservation,
    }
    for name, change in alterations.items():
        assert not _verifies(tampered(change, name), key), name
    other = Ed25519PrivateKey.generate()  # the same document signed by another key
    resigned = sign_document(signed["document"], other)
    (tmp_path / "resigned.json").write_text(json.dumps(resigned, ensure_ascii=False), encoding="utf-8")
    assert not _verifies(tmp_path / "resigned.json", key)
