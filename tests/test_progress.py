"""Long commands show their steps: a bar on standard error when a person watches (a terminal, no --json) or when
asked (--progress, STDBRIDGE_PROGRESS), nothing in pipes and under --json; the core reports steps and counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console
from tests.conftest import EXCERPT_FORMATS, EXCERPTS

from stdbridge.analytics.compatibility import Scope, compatibility
from stdbridge.catalog import Catalog
from stdbridge.cli import base, cli
from stdbridge.compare.lists import compare_lists


class Steps:
    """A ``Progress`` that keeps every step it is told of, with the items counted in it."""

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []

    def step(self, label: str, total: int | None = None) -> None:
        self.steps.append({"label": label, "total": total, "done": 0})

    def advance(self, count: int = 1) -> None:
        self.steps[-1]["done"] += count


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error is a terminal, as when a person runs the command."""
    monkeypatch.setattr(base, "err", Console(stderr=True, highlight=False, force_terminal=True, width=120))


def _import_args(db: str, tmp_path: Path) -> list[str]:
    return ["--db", db, "import", str(EXCERPTS / EXCERPT_FORMATS["iso"]), "--format", "iso",
            "--rejects-dir", str(tmp_path)]  # fmt: skip


def test_import_draws_its_steps_on_a_terminal(terminal: None, tmp_path: Path) -> None:
    code, stdout, stderr = invoke(*_import_args(str(tmp_path / "c.db"), tmp_path))
    assert code == 0, stderr
    assert "iso: reading iso_catalog.jsonl" in stderr and "new or changed records" in stderr
    assert "iso: linking relations" in stderr and "━" in stderr  # the bar itself
    assert "Import summary" in stdout and "reading" not in stdout  # the bar stays off standard output


def test_json_and_pipes_get_no_progress(terminal: None, tmp_path: Path) -> None:
    code, stdout, stderr = invoke(*_import_args(str(tmp_path / "c.db"), tmp_path), "--json")
    assert code == 0 and stderr == "" and json.loads(stdout)["dataset"] == "iso"
    code, stdout, stderr = invoke("--no-progress", *_import_args(str(tmp_path / "d.db"), tmp_path))
    assert code == 0 and stderr == "" and "Import summary" in stdout
    code, stdout, stderr = invoke(*_import_args(str(tmp_path / "e.db"), tmp_path), env={"STDBRIDGE_PROGRESS": "0"})
    assert code == 0 and stderr == ""


def test_a_pipe_is_quiet_unless_progress_is_asked_for(tmp_path: Path) -> None:
    code, _stdout, stderr = invoke(*_import_args(str(tmp_path / "c.db"), tmp_path))
    assert code == 0 and stderr == ""  # CliRunner's standard error is no terminal
    code, _stdout, stderr = invoke(*_import_args(str(tmp_path / "d.db"), tmp_path),
                                   env={"STDBRIDGE_PROGRESS": "1"})  # fmt: skip
    assert code == 0 and "iso: reading iso_catalog.jsonl" in stderr
    code, _stdout, stderr = invoke("--lang", "zh", "--progress", *_import_args(str(tmp_path / "e.db"), tmp_path))
    assert code == 0 and "iso：读取 iso_catalog.jsonl" in stderr


def test_index_compare_batch_and_compatibility_draw_their_steps(terminal: None, db: str, tmp_path: Path) -> None:
    code, stdout, stderr = invoke("--db", db, "index")
    assert code == 0 and "Indexing the catalogue for search" in stderr and "Indexed" in stdout
    list_a, list_b = tmp_path / "japan.txt", tmp_path / "iso.txt"
    list_a.write_text("JIS Q 9001:2015\nJIS C 61000-4-2:2012\n", encoding="utf-8")
    list_b.write_text("ISO 9001:2015\nIEC 61000-4-2:2008\nISO 9000:2015\n", encoding="utf-8")
    code, stdout, stderr = invoke("--db", db, "compare-batch", str(list_a), str(list_b))
    assert code == 0 and "Finding the standards of list japan" in stderr and "Following declared links" in stderr
    code, stdout, stderr = invoke("--db", db, "compare-batch", str(list_a), str(list_b), "--format", "json")
    assert code == 0 and stderr == "" and json.loads(stdout)["summary"]["b"]["standards"] == 3
    code, stdout, stderr = invoke("--db", db, "compatibility", "CN", "ISO")
    assert code == 0 and "Gathering the standards of CN" in stderr and "Seeking suggested counterparts" in stderr
    assert "Normalised mutual information" in stdout
    code, stdout, stderr = invoke("--db", db, "compatibility", "CN", "ISO", "--json")
    assert code == 0 and stderr == "" and json.loads(stdout)["a"]["code"] == "CN"


def test_an_import_reports_each_step_with_its_counts(empty_catalog: Catalog, tmp_path: Path) -> None:
    steps = Steps()
    summary = empty_catalog.import_path(EXCERPTS / EXCERPT_FORMATS["jis"], "jis", rejects_dir=tmp_path,
                                        progress=steps)  # fmt: skip
    labels = [s["label"] for s in steps.steps]
    assert labels == ["jis: reading jis_catalog.jsonl", f"jis: saving {summary.added:,} new or changed records",
                      "jis: linking relations"]  # fmt: skip
    assert steps.steps[0]["done"] == summary.read  # every row read is counted
    steps = Steps()
    assert empty_catalog.rebuild_index(steps) == steps.steps[0]["total"] == steps.steps[0]["done"]
    assert [s["label"] for s in steps.steps] == ["Indexing the catalogue for search", "Writing the search index"]


def test_batch_comparison_and_compatibility_report_their_steps(catalog: Catalog) -> None:
    steps = Steps()
    matrix = compare_lists(catalog, ["JIS Q 9001:2015", "", "no such"], ["ISO 9001:2015"], name_a="JP",
                           name_b="INT", progress=steps)  # fmt: skip
    assert [(s["label"], s["total"], s["done"]) for s in steps.steps] == [
        ("Finding the standards of list JP", 3, 3),
        ("Finding the standards of list INT", 1, 1),
        ("Following declared links", 2, 2),
        ("Seeking suggested counterparts", None, 0),
    ]
    assert len(matrix.pairs) == 1
    steps = Steps()
    found = compatibility(catalog, Scope("country", "CN"), Scope("body", "ISO"), progress=steps)
    labels = [s["label"] for s in steps.steps]
    assert labels[:3] == ["Gathering the standards of CN", "Gathering the standards of ISO", "Following declared links"]
    assert labels[-1] == "Working out the figures"
    sought = [s for s in steps.steps if s["label"].startswith("Seeking suggested counterparts of")]
    assert sought and all(s["done"] == s["total"] for s in sought)
    # the standards of each side sought for are those without a declared link
    assert sum(s["total"] for s in sought) <= found.a_to_b.standards + found.b_to_a.standards
