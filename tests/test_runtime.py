"""Per-process state a server shares between its threads (``stdbridge.runtime``): the cycle collector's pause and
where reports of rejected records go. Each test failed before its fix: a job in a request thread switched the
collector off for every thread of the server (and an overlapping one turned it back on under the other); a
report of rejected records was written to whatever folder the process ran in."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS

from stdbridge.catalog import Catalog
from stdbridge.runtime import default_location, rejects_location, without_cycle_collection


def test_a_job_in_a_server_thread_leaves_the_collector_running() -> None:
    seen: list[bool] = []

    def job() -> None:
        with without_cycle_collection():
            seen.append(gc.isenabled())

    thread = threading.Thread(target=job)
    thread.start()
    thread.join(10)
    assert seen == [True]
    assert gc.isenabled()


def test_overlapping_jobs_restore_the_collector_when_the_last_ends() -> None:
    threshold = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    during: list[tuple[int, ...]] = []

    def first() -> None:
        with without_cycle_collection():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second() -> None:
        first_in.wait(10)
        with without_cycle_collection():
            second_in.set()
            first_out.wait(10)
            during.append(gc.get_threshold())  # the first job ended: still rarer collections for this one

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert during and during[0][0] > threshold[0]
    assert gc.get_threshold() == threshold and gc.isenabled()


def test_the_main_thread_of_a_command_switches_the_collector_off() -> None:
    with without_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_rejected_records_are_reported_beside_the_catalogue_not_in_the_working_folder(
    empty_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    lines = (EXCERPTS / "jis_catalog.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    source = tmp_path / "jis.jsonl"
    source.write_text(lines[0] + '{"id": "not a standard at all", "status": "valid"}\n', encoding="utf-8")
    summary = empty_catalog.import_path(source, "jis")
    assert summary.rejects_report is not None
    assert Path(summary.rejects_report).parent == tmp_path / "rejects"
    assert list(elsewhere.iterdir()) == []
    server = rejects_location("postgresql+psycopg://db.example/stdbridge")
    assert server == default_location().parent / "rejects"  # a server catalogue: the data folder
