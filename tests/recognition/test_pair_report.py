"""The comparison report of a pair of partners, from a programme's entries: one per pair of parties (three parties,
three reports), the degrees, the differences agreed and written in the answers, the reservations; in Chinese and in
English, as CSV and printable HTML, on the command line and on the web, as readable as the programme."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.recognition.publish_cases import DIFFERENCES, reviewed_programme

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import UsageError
from stdbridge.i18n import set_language
from stdbridge.recognition.model import (
    Basis,
    ConsensusRule,
    Entry,
    EntryDegree,
    EntryStandard,
    EntryState,
    Origin,
    Party,
    Programme,
    Reservation,
    Scope,
)
from stdbridge.recognition.pair_report import pair_report, pairs, party_pair, read_pair, report_csv, report_html

SERVER = "http://stdbridge.example"
# The quality-management trio of the bundled data: GB/T 19001-2016 IDT ISO 9001:2015, JIS Q 9001:2015 IDT it.
THREE = Programme(
    3, "cn-jp-int-quality", {"en": "Quality management in China, Japan and ISO", "zh": "中日与 ISO 质量管理"},
    (Party("GB", "China (SAC)", "zh"), Party("JIS", "Japan (JISC)", "ja"), Party("ISO", "ISO", "en")),
    Scope(), ConsensusRule(), coordinator_id=1,
)  # fmt: skip
TITLES = {"GB/T 19001-2016": {"zh": "质量管理体系 要求", "en": "Quality management systems—Requirements"},
          "JIS Q 9001:2015": {"ja": "品質マネジメントシステム―要求事項",
                              "en": "Quality management systems -- Requirements"},
          "ISO 9001:2015": {"en": "Quality management systems — Requirements"}}  # fmt: skip


def _entries() -> list[Entry]:
    trio = (EntryStandard("GB", "GB/T 19001-2016", "GB/T 19001-2016"),
            EntryStandard("JIS", "JIS Q 9001:2015", "JIS Q 9001:2015"), EntryStandard("ISO", "ISO 9001:2015",
                                                                                     "ISO 9001:2015"))  # fmt: skip
    settled = Entry(1, 3, trio, EntryDegree.IDT, Origin.DECLARED, Basis.ADOPTION, state=EntryState.SETTLED,
                    degree=EntryDegree.IDT, rounds_taken=2, differences="Editorial changes only.")  # fmt: skip
    pair = Entry(2, 3, trio[::2], EntryDegree.MOD, Origin.IDENTIFIER, Basis.ADOPTION, state=EntryState.IN_REVIEW)
    return [settled, pair]


def test_one_report_per_pair_of_parties_from_the_entries() -> None:
    assert [(a.code, b.code) for a, b in pairs(THREE)] == [("GB", "JIS"), ("GB", "ISO"), ("JIS", "ISO")]
    reservation = Reservation(1, 7, "JIS", EntryDegree.MOD, "Clause 8.5 adds national requirements.", "2026-12-04")
    answered = {1: ["Clause 4 differs.", "Clause 4 differs.", ""], 2: ["Annex B omitted."]}
    reports = {(a.code, b.code): pair_report(THREE, a, b, _entries(), titles=TITLES, answered=answered,
                                             reservations={1: [reservation]}) for a, b in pairs(THREE)}  # fmt: skip
    assert [r.entry_id for r in reports[("GB", "JIS")].rows] == [1]
    gb_iso = reports[("GB", "ISO")]
    assert [r.entry_id for r in gb_iso.rows] == [1, 2]
    first, second = gb_iso.rows
    assert first.first.titles == {"zh": "质量管理体系 要求", "en": "Quality management systems—Requirements"}
    assert first.degree == "IDT" and first.answered == ("Clause 4 differs.",) and second.degree is None
    assert gb_iso.by_degree() == [("IDT", 1)] and gb_iso.reserved() == 1 and gb_iso.with_differences() == 2
    set_language("zh")
    try:
        html = report_html(gb_iso)
        table = list(csv.reader(io.StringIO(report_csv(gb_iso).decode("utf-8-sig"))))
    finally:
        set_language("en")
    assert "比对报告" in html and "JIS MOD: Clause 8.5 adds national requirements." in html
    assert (
        table[0][0] == "条目"
        and table[1][:2] == ["1", "GB/T 19001-2016"]
        and table[2][10:12] == ["", "Annex B omitted."]
    )
    english = report_html(gb_iso)
    assert "Comparison report" in english and "Editorial changes only." in english
    assert party_pair(THREE, "gb", "iso")[1].code == "ISO"
    with pytest.raises(UsageError, match="Not two parties of the programme: GB, RU"):
        party_pair(THREE, "GB", "RU")
    assert [p.code for p in read_pair(THREE, "JIS-ISO")] == ["JIS", "ISO"]


def test_the_report_on_the_command_line_and_the_web(catalog: Catalog, tmp_path: Path) -> None:
    done = reviewed_programme(catalog)
    db = catalog.store.location
    runner = CliRunner()
    made = runner.invoke(cli, ["--db", db, "programme", "report", "gb-iso", "GB", "ISO+IEC", "--lang", "zh"])
    assert made.exit_code == 0, made.stderr
    assert "比对报告" in made.stdout and DIFFERENCES in made.stdout
    assert "Annex A adds national requirements." in made.stdout and "GB/T 19000-2016" in made.stdout
    made = runner.invoke(cli, ["--db", db, "programme", "report", "gb-iso", "GB", "ISO+IEC", "--lang", "en",
                               "--format", "csv", "-o", str(tmp_path / "gb-iso.csv")])  # fmt: skip
    rows = list(csv.reader(io.StringIO((tmp_path / "gb-iso.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Entry", "GB: Identifier", "GB: Title"] and len(rows) == 1 + 4
    refused = runner.invoke(cli, ["--db", db, "--lang", "en", "programme", "report", "gb-iso", "GB", "JIS"])
    assert refused.exit_code != 0 and "Not two parties of the programme: GB, JIS" in refused.stderr
    with TestClient(create_app(catalog), base_url=SERVER) as client:
        index = client.get("/programmes/gb-iso/reports", params={"lang": "en"})
        assert 'href="/programmes/gb-iso/reports/GB-ISO+IEC"' in index.text
        page = client.get("/programmes/gb-iso/reports/GB-ISO+IEC", params={"lang": "zh"})
        assert page.status_code == 200 and "比对报告" in page.text and DIFFERENCES in page.text
        assert f'id="pair-entry-{done.reserved}"' in page.text
        csv_file = client.get("/programmes/gb-iso/reports/GB-ISO+IEC", params={"format": "csv", "lang": "en"})
        assert csv_file.text.lstrip("\ufeff").startswith("Entry,GB: Identifier")
        assert client.get("/programmes/gb-iso/reports/GB-JIS", params={"lang": "en"}).status_code == 400


def test_a_members_only_programmes_reports(catalog: Catalog) -> None:
    reviewed_programme(catalog, visibility="members")
    with TestClient(create_app(catalog), base_url=SERVER) as client:
        assert client.get("/programmes/gb-iso/reports/GB-ISO+IEC").status_code == 401
