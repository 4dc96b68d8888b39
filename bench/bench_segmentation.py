"""Speed of reading a DOCX into segments and writing it back translated (``stdbridge.translation.documents``).

    python bench/bench_segmentation.py [--words 60000] [--repeat 2]

Builds a DOCX of about ``--words`` words from real text: the English titles of the bundled ISO and IEC
catalogues (one sentence each, four to six sentences to a paragraph, every seventh title in bold or italic, a
heading every ten paragraphs, a three-column table of GB designations with their Chinese and English titles every
forty) and the bilingual GB titles. Then, ``--repeat`` times, measures: ``read_document`` (unzip, walk, merge
runs, tag, segment), ``write_document`` with a target for every segment (the source itself: every paragraph is
rebuilt from its tags all the same, and reading it back must give the same segments), and reading the written
file back; prints the best time of each, the spread, and segments per second.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import statistics
import time
from collections.abc import Callable
from importlib import resources
from typing import TypeVar

import docx

from stdbridge.translation.documents import read_document, write_document

T = TypeVar("T")


def _rows(name: str) -> list[dict[str, object]]:
    with gzip.open(str(resources.files("stdbridge.data") / name), "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _english_titles() -> list[str]:
    titles: list[str] = []
    for name in ("iso_catalog.jsonl.gz", "iec_catalog.jsonl.gz"):
        for row in _rows(name):
            title = row.get("title_en") or row.get("title")
            if isinstance(title, dict):
                title = title.get("en")
            if isinstance(title, str) and len(title.split()) >= 4:
                titles.append(" ".join(title.split()).rstrip("."))
    return titles


def build_docx(words: int) -> bytes:
    """A DOCX of about ``words`` words of real standards' titles."""
    sentences = _english_titles()
    gb = [r for r in _rows("gb_records.jsonl.gz") if r.get("title_zh") and r.get("title_en")]
    document = docx.Document()
    count = index = paragraphs = 0
    while count < words:
        if paragraphs % 10 == 0:
            document.add_heading(f"{paragraphs // 10 + 1} {sentences[index % len(sentences)]}", level=1)
            index += 1
        if paragraphs % 40 == 39:
            table = document.add_table(rows=1, cols=3)
            for row in gb[paragraphs % len(gb) : paragraphs % len(gb) + 5]:
                cells = table.add_row().cells
                for cell, value in zip(cells, ("designation", "title_zh", "title_en"), strict=True):
                    cell.text = str(row[value])
                    count += len(str(row[value]).split())
        paragraph = document.add_paragraph()
        for _sentence in range(4 + paragraphs % 3):
            sentence = sentences[index % len(sentences)] + ". "
            run = paragraph.add_run(sentence)
            if index % 7 == 0:
                run.bold = True
            elif index % 7 == 3:
                run.italic = True
            count += len(sentence.split())
            index += 1
        paragraphs += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _timed(work: Callable[..., T], *args: object) -> tuple[float, T]:
    start = time.perf_counter()
    result = work(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    data = build_docx(args.words)
    print(f"document: {len(data) / 1024:.0f} KiB, about {args.words:,} words; load {os.getloadavg()[0]:.2f}")
    reads, writes, rereads = [], [], []
    segments = 0
    for _ in range(args.repeat):
        seconds, document = _timed(read_document, "bench.docx", data, "en")
        reads.append(seconds)
        segments = len(document.segments)
        targets = {segment.key: segment.source for segment in document.segments}
        seconds, written = _timed(write_document, "bench.docx", data, targets, "en")
        writes.append(seconds)
        seconds, again = _timed(read_document, "translated.docx", written, "en")
        rereads.append(seconds)
        assert [s.source for s in again.segments] == [s.source for s in document.segments]
    for label, times in (("read + segment", reads), ("write translated", writes), ("read written", rereads)):
        spread = max(times) - min(times)
        rate = segments / min(times)
        print(f"{label:18} best {min(times):6.2f} s  spread {spread:5.2f} s  {rate:8,.0f} segments/s")
    print(f"segments: {segments:,}; mean of all runs {statistics.mean(reads + writes + rereads):.2f} s")


if __name__ == "__main__":
    main()
