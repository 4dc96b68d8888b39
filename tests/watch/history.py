"""The ISO excerpt as it stood before ISO 9001:2015 was published (September 2015): ISO 9001:2008 and its
corrigendum were in force and nothing revised them yet. Importing the real excerpt after it is what happened
then: ISO 9001:2015 is added and replaces ISO 9001:2008, which is withdrawn."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXCERPTS

ISO = EXCERPTS / "iso_catalog.jsonl"
BEFORE_2015 = {"ISO 9001:2008", "ISO 9001:2008/Cor 1:2009"}


def iso_before_9001_2015(where: Path) -> Path:
    rows = []
    for line in ISO.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"].startswith("ISO 9001:2015"):
            continue
        if row["id"] in BEFORE_2015:
            row.update(status="published", stage="90.93")
            row["relations"] = [r for r in row.get("relations", []) if r["id"] != "ISO 9001:2015" and
                                not r["id"].startswith("ISO 9001:2008/Cor")]  # fmt: skip
        rows.append(json.dumps(row, ensure_ascii=False))
    path = where / "iso_catalog.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
