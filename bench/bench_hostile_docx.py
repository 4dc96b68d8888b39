"""Reading hostile DOCX files built here: how long each takes to be read or refused, and the memory it costs.

    python bench/bench_hostile_docx.py --rounds 3

(a) 50,000 one-letter paragraphs (a 40 KB file): read;
(b) a document part that inflates to 190 MB (XML padding): refused by ``MAX_UNPACKED_BYTES`` while inflating;
(c) 150,000 one-letter paragraphs: refused by ``MAX_PARAGRAPHS`` while reading.
The best round and the spread (best-worst) are printed in seconds, with the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import io
import resource
import time
import zipfile

import docx

from stdbridge.compare import read_document_bytes
from stdbridge.errors import UnreadableDocument


def docx_with_body(body: bytes) -> bytes:
    template = io.BytesIO()
    docx.Document().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                start, end = data.index(b"<w:body>"), data.index(b"</w:body>") + len(b"</w:body>")
                data = data[:start] + b"<w:body>" + body + b"</w:body>" + data[end:]
            target.writestr(item.filename, data)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    cases = {
        "50,000 one-letter paragraphs": docx_with_body(paragraph * 50_000),
        "inflates to 190 MB": docx_with_body(b"<!--" + b" " * (190 * 1024 * 1024) + b"-->" + paragraph),
        "150,000 paragraphs": docx_with_body(paragraph * 150_000),
    }
    for label, data in cases.items():
        times = []
        outcome = ""
        for _ in range(rounds):
            started = time.perf_counter()
            try:
                outcome = f"read, {len(read_document_bytes(data, name='bench.docx').lines):,} lines"
            except UnreadableDocument as refused:
                outcome = f"refused ({refused.reason})"
            times.append(time.perf_counter() - started)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{label:32} {len(data) // 1024:6} KB  best {min(times):6.2f} s  spread {max(times) - min(times):5.2f} s"
              f"  peak RSS {peak} MB  {outcome}")  # fmt: skip


if __name__ == "__main__":
    main()
