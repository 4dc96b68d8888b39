"""``stdbridge programme``: create from a scope, members, draft, import pairs (a bad list changes nothing), entries,
show and step, over the excerpts catalogue."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from stdbridge.cli import cli


def _run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, "--lang", "en", *args], env={"STDBRIDGE_PASSWORD": "correct horse"})
    return result.exit_code, result.output


def test_a_programme_from_the_command_line(db: str, tmp_path: Path) -> None:
    code, output = _run(db, "programme", "create", "gb-iso", "--title-en", "GB and ISO/IEC", "--title-zh", "国标",
                        "--party", "GB:zh", "--party", "ISO+IEC:en", "--review-months", "36")  # fmt: skip
    assert code == 0 and "Created the programme gb-iso (GB / ISO+IEC)" in output, output
    code, output = _run(db, "programme", "create", "one", "--party", "GB:zh", "--title-en", "x")
    assert code != 0 and "two or more parties" in output
    assert _run(db, "users", "add", "Wang Fang", "--role", "expert", "--language", "zh")[0] == 0
    code, output = _run(db, "programme", "members", "gb-iso", "--add", "Wang Fang", "--party", "GB", "--language", "zh")
    assert code == 0 and "Wang Fang" in output and "expert" in output
    code, output = _run(db, "programme", "draft", "gb-iso", "--json")
    assert code == 0 and json.loads(output)["added"] == {"suggested": 4}
    bad = tmp_path / "pairs.csv"
    bad.write_text("GB,ISO+IEC\nGB/T 22080-2016,ISO/IEC 27001:2013\nGB/T 1-1900,ISO 9001:2015\n", encoding="utf-8")
    code, output = _run(db, "programme", "import-pairs", "gb-iso", str(bad))
    assert code != 0 and "pairs.csv, row 3, column GB: unknown identifier 'GB/T 1-1900'" in output
    bad.write_text("GB,ISO+IEC,degree\nGB/T 22080-2016,ISO/IEC 27001:2013,IDT\n", encoding="utf-8")
    code, output = _run(db, "programme", "import-pairs", "gb-iso", str(bad))
    assert code == 0 and "Imported 1 pairs" in output
    code, output = _run(db, "programme", "entries", "gb-iso", "--origin", "imported", "--json")
    found = json.loads(output)
    assert found["total"] == 1 and found["entries"][0]["standards"] == {"GB": "GB/T 22080-2016",
                                                                        "ISO+IEC": "ISO/IEC 27001:2013"}  # fmt: skip
    assert _run(db, "programme", "step", "gb-iso", "next")[1].strip() == "gb-iso is now at the step translation."
    code, output = _run(db, "programme", "show", "gb-iso", "--json")
    shown = json.loads(output)
    assert shown["step"] == "translation" and shown["counts"]["origin"] == {"imported": 1, "suggested": 4}
    assert shown["counts"]["stage"] == {"recognition": 5} and shown["review_due"]
    assert sum(c.get("recognition", 0) for c in shown["by_ics"].values()) >= 5
    code, output = _run(db, "programme", "list", "--json")
    assert [p["slug"] for p in json.loads(output)] == ["gb-iso"]
