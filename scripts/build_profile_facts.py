"""Build the profile facts shipped as src/stdbridge/data/profile_facts.csv (``stdbridge init`` imports them).

    python scripts/build_profile_facts.py

Only facts with a source that the repository holds are written. Today that is ISO Open Data's list of ISO
technical committees (src/stdbridge/data/iso_technical_committees.jsonl.gz, ODC-By 1.0, snapshot of 2025-07-01;
see /work/shared/data/SOURCES.md, iso-committees-opendata): for each ISO member body that ``stdbridge.bodies``
names as a country's national standards body, the number of *active* committees listing it among their
participating members (``pMembers``), among their observing members (``oMembers``), and holding their
secretariat. ISO lists members by acronym; an acronym is matched to a body by its code or one of its aliases
(``GOST R`` to Rosstandart), and acronyms of bodies the table lacks are left out. Nothing else is written: the
memberships of IEC and ITU, the IAF MLA and ILAC MRA, the WTO TBT enquiry points and bilateral agreements have no
data source here, and editors add them with their sources (``stdbridge profile-facts``).
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from pathlib import Path

from stdbridge.bodies import BODIES, name_key

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src/stdbridge/data/iso_technical_committees.jsonl.gz"
OUTPUT = ROOT / "src/stdbridge/data/profile_facts.csv"
SNAPSHOT = "2025-07-01"
CITED = ("ISO Open Data, iso_technical_committees (ODC-By 1.0; snapshot {date} in metanorma/iso-data-importer, "
         "commit a900093): active committees {what}")  # fmt: skip
KINDS = (
    ("iso-committees-participating", "pMembers", "listing {acronym} among pMembers"),
    ("iso-committees-observing", "oMembers", "listing {acronym} among oMembers"),
    ("iso-secretariats", "secretariat", "whose secretariat is {acronym}"),
)


def main() -> None:
    bodies = {}
    for body in BODIES:
        if body.national:
            for name in (body.code, *body.aliases):
                bodies.setdefault(name_key(name), body)
    counts: dict[str, Counter[str]] = {kind: Counter() for kind, _field, _what in KINDS}
    with gzip.open(SOURCE, "rt", encoding="utf-8") as lines:
        for line in lines:
            committee = json.loads(line)
            if committee.get("status") != "Active":
                continue
            for kind, field, _what in KINDS:
                members = committee.get(field) or []
                for member in [members] if isinstance(members, dict) else members:
                    if member.get("acronym"):
                        counts[kind][member["acronym"]] += 1
    rows = []
    for kind, _field, what in KINDS:
        for acronym, count in counts[kind].items():
            body = bodies.get(name_key(acronym))
            if body is None:
                continue
            source = CITED.format(date=SNAPSHOT, what=what.format(acronym=acronym))
            rows.append((body.country, kind, str(count), source, SNAPSHOT))
    rows.sort()
    with OUTPUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("country", "kind", "value", "source", "date"))
        writer.writerows(rows)
    print(f"{len(rows)} facts of {len({r[0] for r in rows})} countries written to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
