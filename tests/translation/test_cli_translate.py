"""``stdbridge translate`` on a real standard's DOCX: a project made, pre-translated from the memory, its status
and findings, the translated document and the XLIFF written out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
from click.testing import CliRunner
from tests.translation.docx_samples import standard_docx, titles
from translate.storage import xliff

from stdbridge.cli.base import cli
from stdbridge.store import SqlStore
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope


def test_a_project_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    gb = titles()
    store = SqlStore(f"sqlite:///{db}")
    TranslationMemory(store).add([TranslationUnit("en", "zh", gb[0].title_en, gb[0].title_zh, UnitScope.PLATFORM,
                                                  UnitOrigin.CATALOGUE_TITLE)])  # fmt: skip
    store.close()
    document = tmp_path / "GB-T 24001.docx"
    document.write_bytes(standard_docx())
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    made = json.loads(run("translate", "new", str(document), "--from", "en", "--to", "zh", "--json"))
    assert made["segments"] > 20
    run("translate", "pretranslate", str(made["id"]))
    status = json.loads(run("translate", "status", str(made["id"]), "--json"))
    assert status["progress"]["draft"] > 0 and status["progress"]["new"] == 0
    out = tmp_path / "translated.docx"
    run("translate", "export", str(made["id"]), "--format", "document", "-o", str(out))
    assert docx.Document(io.BytesIO(out.read_bytes())).paragraphs[0].text == gb[0].title_zh  # the memory's match
    xlf = tmp_path / "project.xlf"
    run("translate", "export", str(made["id"]), "--format", "xliff", "-o", str(xlf))
    units = xliff.xlifffile(xlf.read_bytes()).units
    assert len(units) == made["segments"] and units[0].target == gb[0].title_zh
    listed = json.loads(run("translate", "list", "--json"))
    assert [p["id"] for p in listed["projects"]] == [made["id"]]
    refused = runner.invoke(cli, ["--db", str(db), "translate", "deliver", str(made["id"])])
    assert refused.exit_code != 0 and "segments are not approved yet (the first: " in refused.output
