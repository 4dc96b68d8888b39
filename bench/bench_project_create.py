"""Making a translation project of a 60,000-word DOCX (issue 12): reading and segmenting the document, then
keeping the project and its segments (``Store.add_project``).

The DOCX is made of real titles, as ``bench_pretranslate.document`` makes its document (the ISO and IEC
catalogues' English titles, with the GB and ICS pairs' English every fifth segment): one paragraph a title, every
25th a heading. Each round makes the project in a fresh SQLite catalogue (a temporary folder; ``--url`` for
another store) and prints the time of the whole ``Projects.create`` and of ``add_project`` alone; then the best
round, the spread, and ``uptime``.

    .venv/bin/python bench/bench_project_create.py [--words 60000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).parent))

from bench_pretranslate import document, memory_pairs

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.store import SqlStore
from stdbridge.translation.projects import Projects


def docx_of(words: int) -> tuple[bytes, int]:
    """The DOCX of about ``words`` words, and how many paragraphs it has."""
    made = docx.Document()
    segments = document(words, memory_pairs())
    for i, segment in enumerate(segments):
        if i % 25 == 0:
            made.add_heading(segment.source, level=2)
        else:
            made.add_paragraph(segment.source)
    out = io.BytesIO()
    made.save(out)
    return out.getvalue(), len(segments)


def _timed(work: Callable[..., None], spent: list[float]) -> Callable[..., None]:
    """``work``, adding the seconds it takes to ``spent[0]``."""

    def timed(*arguments: object, **options: object) -> None:
        started = time.perf_counter()
        work(*arguments, **options)
        spent[0] += time.perf_counter() - started

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data, paragraphs = docx_of(args.words)
    print(f"document: {paragraphs} paragraphs, {len(data) / 2**20:.1f} MB; uptime: {os.popen('uptime').read().strip()}")
    wholes, writes = [], []
    for round_number in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as folder:
            store = SqlStore(f"sqlite:///{Path(folder) / 'bench.db'}")
            spent = [0.0]
            store.add_project = _timed(store.add_project, spent)  # type: ignore[method-assign]
            started = time.perf_counter()
            project = Projects(store).create(LOCAL_ADMIN, "bench.docx", data, "en", "zh")
            whole = time.perf_counter() - started
            segments = len(store.segments_of(project.id or 0))
            store.close()
        wholes.append(whole)
        writes.append(spent[0])
        print(f"round {round_number}: {whole:.2f} s in all, add_project {spent[0]:.2f} s ({segments} segments)")
    print(f"best {min(wholes):.2f} s in all (spread {max(wholes) - min(wholes):.2f}), add_project best "
          f"{min(writes):.2f} s (spread {max(writes) - min(writes):.2f})")  # fmt: skip
    print("uptime:", os.popen("uptime").read().strip())


if __name__ == "__main__":
    main()
