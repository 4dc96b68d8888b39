"""The command line loads only what a command uses, and a missing extra is told, not thrown.

Each check runs in a fresh interpreter: what the test session has imported already says nothing about what a
command loads. Timings are for ``bench/bench_cli.py``; here only what gets loaded is checked.
"""

from __future__ import annotations

import importlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest

from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.cli.base import COMMANDS

HEAVY = ("fastapi", "starlette", "uvicorn", "numpy", "scipy", "pypdf", "docx", "openpyxl", "tantivy", "jieba")
COMMAND_MODULES = sorted({module for module, _help in COMMANDS.values()})


def loaded_after(arguments: list[str], *, setup: str = "") -> tuple[int, str, set[str]]:
    """Run ``stdbridge ARGUMENTS`` in a fresh interpreter; its exit code, its output and the modules it loaded."""
    script = f"""
import json, sys
{setup}
from click.testing import CliRunner
from stdbridge.cli import cli
result = CliRunner().invoke(cli, {arguments!r})
print(json.dumps([result.exit_code, result.output, sorted(sys.modules)]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    code, output, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return code, output, set(modules)


@pytest.fixture(scope="module")
def excerpts_db(excerpts: Catalog) -> str:
    """The excerpts catalogue with its search index built: a search then only opens it."""
    excerpts.rebuild_index()
    return excerpts.store.location


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(name for name in HEAVY if name in modules)


def test_the_command_table_agrees_with_the_commands() -> None:
    for module in COMMAND_MODULES:
        importlib.import_module(f"stdbridge.cli.{module}")
    assert sorted(cli.commands) == sorted(COMMANDS)
    for name, command in cli.commands.items():
        module, summary = COMMANDS[name]
        assert command.callback is not None and command.callback.__module__ == f"stdbridge.cli.{module}", name
        for limit in (45, 80, 1000):  # what --help shows, at any terminal width
            assert click.Command(name, help=summary).get_short_help_str(limit) == command.get_short_help_str(limit)


def test_help_lists_every_command_and_loads_none() -> None:
    code, output, modules = loaded_after(["--help"])
    assert code == 0
    listed = [line.split()[0] for line in output.split("Commands:\n")[1].splitlines() if line.strip()]
    assert listed == sorted(COMMANDS)
    assert "Parse identifiers and show their parts" in output
    assert not [m for m in modules if m.startswith("stdbridge.cli.") and m != "stdbridge.cli.base"]
    assert heavy_in(modules) == []
    assert "sqlalchemy" not in modules


def test_parse_loads_neither_the_store_nor_search_nor_extras() -> None:
    code, output, modules = loaded_after(["parse", "GB/T 19001-2016", "--json"])
    assert code == 0 and json.loads(output)["canonical"] == "GB/T 19001-2016"
    assert heavy_in(modules) == []
    assert "sqlalchemy" not in modules and "rapidfuzz" not in modules


def test_show_reads_the_store_without_loading_search(excerpts_db: str) -> None:
    code, output, modules = loaded_after(["--db", excerpts_db, "show", "ISO 9001:2015", "--json"])
    assert code == 0 and json.loads(output)["standard"]["identifier"] == "ISO 9001:2015"
    assert heavy_in(modules) == []
    assert "stdbridge.language.lexicon" not in modules and "stdbridge.counterparts.suggest" not in modules
    # nor the translation checks and the comparison package they read (0.09 s), which opening a store once did
    assert "stdbridge.translation.quality" not in modules and "stdbridge.compare" not in modules


def test_search_loads_no_extra_and_an_english_query_no_segmenter(excerpts_db: str) -> None:
    code, output, modules = loaded_after(["--db", excerpts_db, "search", "quality management", "--json"])
    assert code == 0 and json.loads(output)["results"]
    assert heavy_in(modules) == ["tantivy"]


# Importing a package that is not installed fails as if it were not: the extra's error must come out of it.
HIDE = """
import importlib.abc, sys
class Hidden(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Hidden())
"""


@pytest.mark.parametrize(
    ("hidden", "arguments", "extra"),
    [
        (["numpy", "scipy"], ["compare-batch", "a.txt", "b.txt"], "bulk"),
        (["numpy", "scipy"], ["compatibility", "ISO", "JISC"], "bulk"),
        (["uvicorn"], ["serve"], "web"),
        (["fastapi", "starlette"], ["serve"], "web"),
    ],
)
def test_a_missing_extra_is_one_line_naming_what_to_install(
    hidden: list[str], arguments: list[str], extra: str, tmp_path: Path
) -> None:
    database = tmp_path / "none.db"
    code, output, _modules = loaded_after(["--db", str(database), *arguments], setup=HIDE.format(hidden=hidden))
    assert code == 1
    assert output.startswith(f"Error: {hidden[0]} is not installed")
    assert f"pip install 'stdbridge[{extra}]'" in output and "Traceback" not in output
    assert not database.exists()  # told before anything was built


def test_a_missing_extra_is_told_in_chinese_too(tmp_path: Path) -> None:
    arguments = ["--lang", "zh", "--db", str(tmp_path / "none.db"), "compare-batch", "a.txt", "b.txt"]
    code, output, _modules = loaded_after(arguments, setup=HIDE.format(hidden=["numpy"]))
    assert code == 1
    assert output.startswith("错误：未安装 numpy") and "pip install 'stdbridge[bulk]'" in output


def test_reading_a_pdf_without_the_pdf_extra_says_so() -> None:
    script = (
        HIDE.format(hidden=["pypdf"])
        + """
from stdbridge.compare import read_document_bytes
from stdbridge.errors import MissingExtra
try:
    read_document_bytes(b"%PDF-1.4 ...", name="text.pdf")
except MissingExtra as missing:
    print(missing.extra, missing.package, isinstance(missing, ImportError))
"""
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["pdf", "pypdf", "True"]


def test_the_installed_command_shows_a_record_and_leaves_the_catalogue_closed(excerpts_db: str, tmp_path: Path) -> None:
    # the real entry point (``main``): the collector is kept out of the start and of the exit, and the catalogue's
    # connections are closed by the command itself, not left to the exit (which no longer collects them), so
    # SQLite, its last connection closed, leaves no write-ahead log beside the file (a copy of the catalogue,
    # which no connection of this test holds open)
    with sqlite3.connect(excerpts_db.removeprefix("sqlite:///")) as source, sqlite3.connect(tmp_path / "c.db") as copy:
        source.backup(copy)
    entry = "import sys; from stdbridge.cli import main; sys.argv[0] = 'stdbridge'; main()"
    command = [sys.executable, "-c", entry, "--db", str(tmp_path / "c.db")]
    done = subprocess.run([*command, "show", "ISO 9001:2015", "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["standard"]["identifier"] == "ISO 9001:2015"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db"]
    failed = subprocess.run([*command, "show", "ISO 99999"], capture_output=True, text=True)
    assert failed.returncode != 0 and "Traceback" not in failed.stderr  # an error still exits with its code
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db"]


def test_the_collector_is_off_while_a_command_starts_and_on_once_it_has() -> None:
    # on once the command says so (its catalogue open, its long work begun), or after the start's budget
    script = """
import gc, json, time
from stdbridge import runtime
seen = {"before": gc.isenabled()}
runtime.started()  # outside a command-line process: nothing changes
seen["outside"] = [gc.isenabled(), gc.get_freeze_count()]
with runtime.command_line_process():
    seen["starting"] = gc.isenabled()
    with runtime.without_cycle_collection():  # a job that began before the start was over
        runtime.started()
        seen["in_job"] = gc.isenabled()
    seen["job_done"] = gc.isenabled()
    frozen = gc.get_freeze_count()
    runtime.started()  # once only
    seen["again"] = [gc.isenabled(), gc.get_freeze_count() == frozen]
seen["exit_frozen"] = gc.get_freeze_count() > 0
runtime._START_BUDGET = 0.05
with runtime.command_line_process():  # a command that never says it has started: long work, after the budget
    seen["long_work"] = [gc.isenabled(), time.sleep(0.5), gc.isenabled()]
print(json.dumps(seen))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout)
    assert seen == {
        "before": True,
        "outside": [True, 0],
        "starting": False,
        "in_job": False,
        "job_done": True,
        "again": [True, True],
        "exit_frozen": True,
        "long_work": [False, None, True],
    }
