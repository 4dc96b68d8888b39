"""Shared by the engine, pre-translation and quality tests: real termbase entries as a small ``TermLookup``, real
titles, and a local HTTP server (127.0.0.1, a thread) that answers as a test tells it to."""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any

from stdbridge.translation.model import Concept, Term, TermHit, TermStatus

# IEC 60050-192 (IEV, dependability) entries of the IEV export in /work/shared/data/termbase-iev-sample: the
# English term, its synonyms with their status, the Chinese term.
IEV_ENTRIES = [
    ("192-01-11", "repairable item", [("repaired item", "Deprecated")], "可修复产品"),
    ("192-03-17", "failure mode", [("fault mode", "Deprecated")], "失效模式"),
    ("192-04-05", "transient fault", [("volatile fault", "Deprecated")], "瞬间故障"),
    ("192-07-23", "mean time to restoration",
     [("MTTR", "Preferred"), ("mean time to repair", "Deprecated"), ("mean time to recovery", "Deprecated")],
     "平均恢复时间"),
    ("192-10-09", "fault tolerance", [("fault masking", "Deprecated")], "容错"),
    ("192-11-05", "failure modes and effects analysis",
     [("FMEA", "Preferred"), ("fault mode and effects analysis", "Deprecated")], "失效模式和影响分析"),
]  # fmt: skip


def iev_concepts() -> list[Concept]:
    concepts = []
    for ref, english, synonyms, chinese in IEV_ENTRIES:
        terms = [Term("en", english), Term("zh", chinese)]
        terms += [Term("en", text, TermStatus(status.lower())) for text, status in synonyms]
        concepts.append(Concept(terms, source=f"IEC 60050-192, {ref}", origin="iev"))
    return concepts


class ConceptLookup:
    """A ``TermLookup`` over a list of concepts: a term is found where its text occurs (English: whole words, any
    case), longest first, never two overlapping."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = concepts

    def terms_in(self, text: str, source_lang: str, target_lang: str, *, user_id: int | None = None) -> list[TermHit]:
        candidates = [(t, c) for c in self.concepts for t in c.terms if t.lang == source_lang]
        candidates.sort(key=lambda pair: -len(pair[0].text))
        hits: list[TermHit] = []
        for term, concept in candidates:
            pattern = (
                re.escape(term.text) if source_lang == "zh" else rf"(?<![A-Za-z]){re.escape(term.text)}(?![A-Za-z])"
            )
            for m in re.finditer(pattern, text, re.IGNORECASE):
                if not any(m.start() < h.end and h.start < m.end() for h in hits):
                    hits.append(TermHit(m.start(), m.end(), term, concept))
        return sorted(hits, key=lambda h: h.start)


def gb_titles() -> list[tuple[str, str]]:
    """The (Chinese, English) titles of the bundled GB records that have both."""
    path = files("stdbridge") / "data" / "gb_records.jsonl.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [(r["title_zh"], r["title_en"]) for r in rows if r["title_zh"] and r["title_en"]]


@dataclass
class Served:
    """What the local server answers (``answer(path, request_json) -> (status, body)``), after ``delay`` seconds,
    and what it was asked."""

    answer: Callable[[str, Any], tuple[int, bytes]]
    delay: float = 0.0
    requests: list[tuple[str, Any, dict[str, str]]] = field(default_factory=list)


@contextmanager
def local_server(served: Served) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 (a free port) in a thread; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            request = json.loads(body) if body else None
            served.requests.append((self.path, request, dict(self.headers)))
            if served.delay:
                time.sleep(served.delay)
            status, answer = served.answer(self.path, request)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a time-out test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
