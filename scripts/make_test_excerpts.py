"""Cut the small excerpts of real bundled data that the tests use (tests/data/excerpts/, and tests/data/links/: the
records the tests of links add to those excerpts: an adoption of an edition the catalogue does not hold, a draft
listed in two roles).

    python scripts/make_test_excerpts.py

Each excerpt keeps whole records of the bundled catalogues, chosen by identifier
so that the tests see complete families (every edition, amendment and draft of a work).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "stdbridge" / "data"
OUT = ROOT / "tests" / "data" / "excerpts"

WANTED = {
    "iso_catalog.jsonl.gz": (
        r"^(ISO(/DIS|/FDIS|/CD)? 9001(:|$)|ISO 9000:|ISO 14001:|ISO/IEC 27001:|ISO/IEC 9594-8:|ISO 13485:|ISO 7010:)"
    ),
    "iec_catalog.jsonl.gz": r"^(IEC 60335-1:|IEC 61000-4-2:|CISPR 11:|ISO/IEC 27001:|IEC 60079-18:)",
    "jis_catalog.jsonl.gz": r"^(JIS Q 9001:|JIS Q 9000:|JIS C 61000-4-2:|JIS Z 8301:)",
    "itu_catalog.jsonl.gz": r"^(ITU-T X\.509 |ITU-T G\.711 |ITU-R BS\.1114-)",
    "gb_records.jsonl.gz": r"^GB/T (19001|19000|24001|17626\.2|22080|16886)",
}

# Added to the excerpts by tests/test_links.py and the browser test of links only: the excerpts' figures stay as
# other tests count them. GB 4706.1-2024 adopts IEC 60335-1:2016 (IDT), an edition the IEC catalogue lacks;
# ISO/CD 9001.2 is both "being revised by" and "other edition" of ISO 9001:2015.
LINKS_OUT = ROOT / "tests" / "data" / "links"
LINKS_WANTED = {
    "iso_catalog.jsonl.gz": r"^ISO/CD 9001\.2$",
    "gb_records.jsonl.gz": r"^GB 4706\.1-",
}


def main() -> None:
    cut(WANTED, OUT)
    cut(LINKS_WANTED, LINKS_OUT)


def cut(wanted: dict[str, str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, pattern in wanted.items():
        regex = re.compile(pattern)
        kept = []
        with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if regex.search(record.get("id") or record.get("designation") or ""):
                    kept.append(line)
        target = out / name.removesuffix(".gz")
        target.write_text("".join(kept), encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: {len(kept)} records")


if __name__ == "__main__":
    main()
