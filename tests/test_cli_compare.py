"""suggest, accept, reject and compare as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run


def test_suggest_prints_a_table_and_a_json_list(db: str) -> None:
    code, output = run("--db", db, "suggest", "ITU-T X.509", "--body", "ISO", "--limit", "3")
    assert code == 0 and "ISO/IEC 9594-8:2020" in output and "not declared" in output
    code, output = run("--db", db, "suggest", "JIS Q 9001:2015", "--body", "ISO", "--limit", "5", "--json")
    found = json.loads(output)
    assert code == 0 and isinstance(found, list) and len(found) == 5
    assert found[0]["identifier"] == "ISO 9001:2015" and found[0]["relation"] == "suggested"
    assert {e["kind"] for e in found[0]["evidence"]} == {"title", "number", "ics", "date", "committee"}
    assert found[0]["score"] >= found[1]["score"] >= found[4]["score"]


def test_an_adoption_named_by_its_identifier_comes_first_marked_so(db: str) -> None:
    code, output = run("--db", db, "suggest", "BS EN ISO 9001:2015", "--body", "ISO", "--limit", "3", "--json")
    found = json.loads(output)
    assert code == 0 and (found[0]["identifier"], found[0]["relation"], found[0]["score"]) == (
        "ISO 9001:2015",
        "identifier",
        1.0,
    )
    assert found[0]["evidence"][0]["kind"] == "identifier" and found[1]["relation"] == "suggested"
    code, output = run("--db", db, "suggest", "BS EN ISO 9001:2015", "--body", "ISO", "--limit", "3")
    assert code == 0 and "names ISO 9001:2015 (IDT)" in output


def test_suggest_file_gives_one_json_line_per_input_line_in_order(db: str, tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_text("\ufeffITU-T X.509\n\nISO 99999:2099\nJIS C 61000-4-2\n", encoding="utf-8")
    code, output = run("--db", db, "suggest", "--file", str(listing), "--body", "IEC", "--limit", "2")
    rows = [json.loads(line) for line in output.splitlines()]
    assert code == 0 and [r["input"] for r in rows] == ["ITU-T X.509", "", "ISO 99999:2099", "JIS C 61000-4-2"]
    assert "error" in rows[1] and "no standard matches" in rows[2]["error"]
    assert rows[3]["identifier"] == "JIS C 61000-4-2:2012"
    assert rows[3]["suggestions"][0]["identifier"].startswith("IEC 61000-4-2:")


def test_accept_then_reject_through_the_command_line(db: str) -> None:
    code, output = run("--db", db, "accept", "JIS Q 9001:2015", "ISO 9001:2015", "--degree", "idt", "--by", "Li Wei")
    assert code == 0 and "IDT" in output and "Li Wei" in output
    code, output = run("--db", db, "counterparts", "--json", "JIS Q 9001:2015")
    assert next((c["identifier"], c["degree"]) for c in json.loads(output)) == ("ISO 9001:2015", "IDT")
    code, output = run("--db", db, "reject", "JIS Q 9001:2015", "ISO 9000:2015", "--by", "Li Wei", "--json")
    assert code == 0 and json.loads(output)["verdict"] == "rejected"
    code, output = run("--db", db, "suggest", "JIS Q 9001:2015", "--body", "ISO", "--json")
    assert "ISO 9000:2015" not in [s["identifier"] for s in json.loads(output)]
    code, output = run("--db", db, "accept", "JIS Q 9001:2015", "ISO 9001:2015", "--by", "Li Wei")
    assert code == 2 and "--degree" in output


def test_compare_side_by_side(db: str) -> None:
    code, output = run("--db", db, "compare", "JIS Q 9001:2015", "ISO 9001:2015")
    assert code == 0 and "品質マネジメントシステム" in output and "suggested counterpart (rank 1)" in output
    code, output = run("--db", db, "compare", "GB/T 22080-2016", "ISO/IEC 27001:2013", "--format", "json")
    body = json.loads(output)
    assert body["link"]["kind"] == "declared" and body["link"]["degree"] == "IDT"
    assert any(r["key"] == "title.zh" and r["a"] for r in body["rows"])
    code, output = run("--db", db, "compare", "ISO 9001:2015", "iso9001 2015")
    assert code != 0 and "compared with itself" in output


TEXTS = Path(__file__).parent / "compare" / "data"


def test_compare_with_full_texts_writes_one_report(db: str, tmp_path: Path) -> None:
    texts = ["--text-a", str(TEXTS / "edition1_en.txt"), "--text-b", str(TEXTS / "edition2_en.txt")]
    code, output = run("--db", db, "compare", "IEC 60335-1:2010", "IEC 60335-1:2020", *texts)
    assert code == 0 and "editions of one work" in output and "1 missing" in output
    page = tmp_path / "report.html"
    code, output = run("--db", db, "compare", "IEC 60335-1:2010", "IEC 60335-1:2020", *texts, "--format", "html",
                       "-o", str(page))  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert code == 0 and "The two records" in html and "Numeric requirements" in html and "230 V ± 6 %" in html
    code, output = run("--db", db, "compare", "IEC 60335-1:2010", "IEC 60335-1:2020", *texts, "--format", "json")
    body = json.loads(output)
    assert body["link"]["kind"] == "edition" and body["texts"]["counts"]["missing"] == 1


def test_texts_of_standards_the_catalogue_lacks_are_still_compared(db: str) -> None:
    texts = ["--text-a", str(TEXTS / "edition2_en.txt"), "--text-b", str(TEXTS / "edition2_zh.txt")]
    code, output = run("--db", db, "compare", "ISO 99999", "GB/T 99999", *texts, "--format", "json")
    body = json.loads(output)
    assert code == 0 and body["a"] == {"input": "ISO 99999"} and body["texts"]["cross_language"] is True


def test_compare_refuses_half_the_texts_and_unreadable_ones(db: str, tmp_path: Path) -> None:
    code, output = run(
        "--db", db, "compare", "ISO 9001:2015", "JIS Q 9001:2015", "--text-a", str(TEXTS / "edition1_en.txt")
    )
    assert code == 2 and "--text-b" in output
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    texts = ["--text-a", str(binary), "--text-b", str(TEXTS / "edition1_en.txt")]
    code, output = run("--db", db, "compare", "ISO 9001:2015", "JIS Q 9001:2015", *texts)
    assert code == 1 and "scan.txt" in output and "Traceback" not in output


def test_compare_batch_reads_two_lists_and_writes_every_format(db: str, tmp_path: Path) -> None:
    list_a, list_b = tmp_path / "japan.txt", tmp_path / "iso.txt"
    list_a.write_text("JIS Q 9001:2015\nJIS C 61000-4-2:2012\nJIS Q 9001:2015\nno such thing\n", encoding="utf-8")
    list_b.write_bytes("ISO 9001:2015\r\nIEC 61000-4-2:2008\r\n\r\nISO 9000:2015\r\n".encode("gb18030"))
    code, output = run("--db", db, "compare-batch", str(list_a), str(list_b))
    assert code == 0 and "Only in iso: ISO 9000:2015" in output and "duplicate" in output
    code, output = run("--db", db, "compare-batch", str(list_a), str(list_b), "--format", "json")
    body = json.loads(output)
    assert body["summary"]["a"] == {"name": "japan", "lines": 4, "standards": 2, "with_counterpart": 2,
                                    "without_counterpart": 0, "rejected": 2}  # fmt: skip
    workbook = tmp_path / "matrix.xlsx"
    code, output = run("--db", db, "compare-batch", str(list_a), str(list_b), "--format", "xlsx", "-o", str(workbook))
    assert code == 0 and workbook.read_bytes().startswith(b"PK")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    code, output = run("--db", db, "compare-batch", str(empty), str(list_b))
    assert code == 2 and "empty" in output


def test_compatibility_prints_coverage_and_information(db: str) -> None:
    code, output = run("--db", db, "compatibility", "CN", "ISO", "--declared-only")
    assert code == 0 and "IDT" in output and "Normalised mutual information" in output
    code, output = run("--db", db, "compatibility", "body:SAC", "ISO", "--ics", "03", "--json")
    body = json.loads(output)
    assert body["ics"] == "03" and all(f["code"].startswith("03.") for f in body["fields"])
    code, output = run("--db", db, "compatibility", "CN", "planet:Mars")
    assert code == 2 and "body or a country" in output
