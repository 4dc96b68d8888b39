"""The command line as a user runs it: tables for people, JSON for machines, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from stdbridge.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_parse_json_lines_keep_input_order_and_report_errors() -> None:
    code, output = run("parse", "--json", "gbt19001", "ISO 9001:2015/Amd 1:2024", "???", "BS EN ISO 9001:2015")
    rows = [json.loads(line) for line in output.splitlines()]
    assert code == 0
    assert [r["input"] for r in rows] == ["gbt19001", "ISO 9001:2015/Amd 1:2024", "???", "BS EN ISO 9001:2015"]
    assert rows[0]["canonical"] == "GB/T 19001" and rows[0]["body"] == "SAC"
    assert rows[1]["supplements"][0]["number"] == 1 and rows[1]["year"] == 2015
    assert "error" in rows[2] and "canonical" not in rows[2]
    assert [(a["identifier"], a["degree"]) for a in rows[3]["adoptions"]] == [
        ("EN ISO 9001:2015", "IDT"),
        ("ISO 9001:2015", "IDT"),
    ]


def test_a_list_is_read_in_gb18030_and_from_standard_input(tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_bytes("GB／T 7714－2015\nＧＢ／Ｔ 19001－2016\n".encode("gb18030"))
    code, output = run("parse", "--json", "--file", str(listing))
    assert code == 0 and [json.loads(line)["canonical"] for line in output.splitlines()] == [
        "GB/T 7714-2015", "GB/T 19001-2016"]  # fmt: skip
    piped = CliRunner().invoke(cli, ["parse", "--json", "--file", "-"], input=listing.read_bytes())
    assert piped.exit_code == 0 and [json.loads(line)["input"] for line in piped.output.splitlines()] == [
        "GB／T 7714－2015", "ＧＢ／Ｔ 19001－2016"]  # fmt: skip


def test_parse_file_reads_one_identifier_a_line(tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_bytes("\ufeffГОСТ 31610.18-2016/IEC 60079-18:2014\n\nGB／T 7714－2015\n".encode())
    code, output = run("parse", "--json", "--file", str(listing))
    rows = [json.loads(line) for line in output.splitlines()]
    assert len(rows) == 3 and code == 0
    assert rows[0]["adoptions"] == [{"identifier": "IEC 60079-18:2014", "degree": "IDT", "form": "slash"}]
    assert "error" in rows[1]
    assert rows[2]["canonical"] == "GB/T 7714-2015"


def test_show_resolves_a_sloppy_identifier(db: str) -> None:
    code, output = run("--db", db, "show", "iso9001 2015")
    assert code == 0
    assert "ISO 9001:2015" in output and "Quality management systems" in output
    code, output = run("--db", db, "show", "--json", "ISO 9001")
    record = json.loads(output)
    assert record["standard"]["identifier"] == "ISO 9001:2015"
    assert record["matched_by"] == "current edition of the work"
    assert record["note"] == "'ISO 9001' names a standard with several editions: this is the current one."
    assert "ISO 9001:2008" in {e["identifier"] for e in record["other_editions"]}


def test_family_shows_what_replaced_an_edition(db: str) -> None:
    code, output = run("--db", db, "family", "ISO 9001:2008")
    assert code == 0
    assert "Replaced by: ISO 9001:2015" in output
    code, output = run("--db", db, "family", "--json", "ISO 9001:2008", "--as-of", "2012-01-01")
    family = json.loads(output)
    assert family["replaced_by"][0]["identifier"] == "ISO 9001:2015"
    assert family["status_on"]["ISO 9001:2008"]["status"] == "in-force"


def test_family_calls_current_only_an_edition_in_force(db: str) -> None:
    code, output = run("--db", db, "family", "ISO 9001:2008")
    assert code == 0 and "Current edition: ISO 9001:2015" in output
    code, output = run("--db", db, "family", "GB/T 19001-2008")  # its source gives no status; nothing later held
    assert code == 0 and "Latest edition held: GB/T 19001-2008" in output and "Current edition" not in output
    code, output = run("--db", db, "show", "iso 9001")  # the same note as the record page's
    assert "'iso 9001' names a standard with several editions: this is the current one." in output
    code, output = run("--db", db, "show", "gbt19001")
    assert "'gbt19001' was read as GB/T 19001-2008, the only edition of it the catalogue holds." in output


def test_counterparts_and_stats(db: str) -> None:
    code, output = run("--db", db, "counterparts", "--json", "ISO 9001:2008", "--country", "CN")
    assert code == 0
    assert [(c["identifier"], c["degree"]) for c in json.loads(output)] == [("GB/T 19001-2008", "IDT")]
    code, output = run("--db", db, "stats", "--json")
    figures = json.loads(output)
    assert figures["body"]["ISO"] > 100 and figures["relations"]["adopts"] > 0


def test_errors_are_one_line_with_a_non_zero_exit(db: str, tmp_path: Path) -> None:
    code, output = run("--db", db, "show", "ISO 99999999:2015")
    assert code == 1 and output.startswith("Error: no standard matches") and "Traceback" not in output
    code, output = run("--db", db, "--lang", "zh", "show", "ISO 99999999:2015")
    assert code == 1 and output.startswith("错误")
    code, output = run("--db", db, "family", "ISO 9001", "--as-of", "yesterday")
    assert code == 2 and "not a date" in output
    code, output = run("--db", str(tmp_path / "empty.db"), "show", "ISO 9001")
    assert code == 1 and "stdbridge init" in output
    code, output = run("--db", db, "import", str(tmp_path / "nothing.csv"), "--format", "gb")
    assert code == 1 and "nothing.csv" in output and "no such file" in output


@pytest.mark.slow
def test_the_readme_main_job_builds_the_bundled_catalogue(bundled_init: tuple[Path, dict[str, Any]]) -> None:
    # `stdbridge init --json` has run once for the session (the fixture checks it ended well): what it printed
    folder, summary = bundled_init
    db = str(folder / "catalog.db")
    imports = {s["dataset"]: s for s in summary["imports"]}
    lines = {"iso": 61619, "iec": 32524, "jis": 21327, "itu": 21506, "gb-sample": 895}
    for dataset, count in lines.items():
        s = imports[dataset]
        assert s["read"] == count, dataset
        # every line is accounted for, and almost none is rejected
        accounted = s["added"] + s["changed"] + s["unchanged"] + s["duplicates"] + s["folded"] + s["rejected"]
        assert accounted == count, dataset
        assert s["rejected"] <= count // 100, dataset
    # the platform's translation memory is seeded: the records with both titles, and the lexicon's glossary
    assert summary["memory"]["offered"]["catalogue-title"] == 75 and summary["memory"]["added"] == 478
    # ISO/IEC publications are in both catalogues: the IEC import adds to the ISO records instead of copying them
    assert imports["iec"]["changed"] > 1000
    assert imports["iec"]["folded"] > 1000
    code, output = run("--db", db, "show", "--json", "iso9001 2015")
    assert code == 0 and json.loads(output)["standard"]["identifier"] == "ISO 9001:2015"
    code, output = run("--db", db, "family", "--json", "ISO 9001:2008")
    assert code == 0 and json.loads(output)["replaced_by"][0]["identifier"] == "ISO 9001:2015"


def test_search_prints_a_table_and_json(db: str, tmp_path: Path) -> None:
    code, output = run("--db", db, "search", "质量管理体系 要求")
    assert code == 0 and "records match" in output and "ISO 9001:2015" in output
    code, output = run("--db", db, "search", "quality management", "--body", "JISC", "--year", "2010-2020", "--json")
    body = json.loads(output)
    assert code == 0 and body["results"] and {r["body"] for r in body["results"]} == {"JISC"}
    assert body["filters"] == {"body": ["JISC"], "year_from": 2010, "year_to": 2020}
    assert {"body", "status", "ics", "year"} <= set(body["facets"])
    code, output = run("--db", db, "--lang", "zh", "search", "quality management", "--limit", "3")
    assert code == 0 and "条记录匹配" in output


def test_search_file_gives_one_json_line_per_query_in_order(db: str, tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("iso9001 2015\n\nX.509\n品質マネジメントシステム\n", encoding="utf-8")
    code, output = run("--db", db, "search", "--file", str(queries), "--json", "--limit", "3")
    rows = [json.loads(line) for line in output.splitlines()]
    assert code == 0
    assert [r["input"] for r in rows] == ["iso9001 2015", "", "X.509", "品質マネジメントシステム"]
    assert rows[0]["results"][0]["identifier"] == "ISO 9001:2015"
    assert "error" in rows[1]
    assert rows[2]["results"][0]["identifier"] == "ITU-T X.509 (10/2019)"
    assert rows[3]["results"][0]["identifier"] == "JIS Q 9001:2015"


def test_search_refuses_bad_options_in_one_line(db: str) -> None:
    code, output = run("--db", db, "search", "quality", "--year", "recent")
    assert code == 2 and "FROM-TO" in output
    code, output = run("--db", db, "search", "quality", "--status", "valid")
    assert code == 2 and output.startswith("Error: unknown status 'valid'") and "Traceback" not in output
    code, output = run("--db", db, "search")
    assert code == 2 and "give a query or --file" in output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    undocumented = [name for name in cli.list_commands(click.Context(cli)) if f"stdbridge {name}" not in readme]
    assert undocumented == []
