"""A release of 5,000 settled entries: building and signing it, exporting it, and checking it offline.

    python bench/bench_release.py                 # 5,000 entries, best of 3
    python bench/bench_release.py --entries 20000 --repeat 5

The entries pair each GB standard of the bundled data that declares the international standard it adopts (with
IDT, MOD or NEQ) with that standard, repeated under as many product classes as it takes to reach ``--entries``
(as a thematic programme lists one pair under several classes); each is settled by an audit entry sealed as the
audit log seals it, and every twentieth carries a reservation. Times, each the best of ``--repeat`` runs:

- the release document built and signed (``release_document``, ``sign_document``);
- the exports: the signed JSON file written, CSV, XLSX and the printable HTML;
- ``stdbridge verify``'s work: the file read and parsed, the signature and every cited audit entry checked;
- publishing from a catalogue (``publish_release`` on a fresh SQLite file whose audit log holds the settlements and
  reservations): the settlements found in the log, the document built, signed, stored and the audit entry written;
- publishing as the command line, the API and the web do (``publish_programme``): the same entries kept in the
  catalogue as a programme's settled entries, settled by one round's close in the audit log, their reservations in
  the review tables — read, published, moved to the stage of sharing; then that stored release exported (JSON, CSV,
  XLSX, HTML) and verified from its file, as ``release export`` and ``verify`` do.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import tempfile
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from stdbridge import audit
from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.audit.entry import GENESIS_PREV, AuditEntry, seal
from stdbridge.errors import IdentifierError
from stdbridge.identifiers import parse
from stdbridge.recognition import release_export
from stdbridge.recognition.model import (
    Basis,
    ConsensusRule,
    Entry,
    EntryDegree,
    EntryStandard,
    EntryState,
    Origin,
    Party,
    Programme,
    Reservation,
    Scope,
)  # fmt: skip
from stdbridge.recognition.publishing import publish_programme, publish_release, signed_file
from stdbridge.recognition.release import Published, release_document
from stdbridge.recognition.signing import KeyFolder, key_description, read_release, sign_document, verify_release
from stdbridge.store import SqlStore

PROGRAMME = Programme(
    id=1, slug="cn-int-bench", title={"en": "GB adoptions", "zh": "国家标准采用国际标准"},
    parties=(Party("CN", "China (SAC)", "zh", ("SAC",)), Party("INT", "ISO and IEC", "en", ("ISO", "IEC"))),
    scope=Scope(), rule=ConsensusRule(), coordinator_id=1,
)  # fmt: skip


def bundled_pairs() -> list[dict[str, Any]]:
    data = files("stdbridge") / "data" / "gb_records.jsonl.gz"
    pairs = []
    for line in gzip.decompress(data.read_bytes()).decode("utf-8").splitlines():
        record = json.loads(line)
        if record.get("degree") in {"IDT", "MOD", "NEQ"} and record.get("adopted_from"):
            try:
                gb, intl = parse(record["designation"]), parse(record["adopted_from"])
            except IdentifierError:
                continue
            pairs.append({"gb": gb, "intl": intl, "degree": record["degree"], "zh": record["title_zh"] or "",
                          "en": record["title_en"] or ""})  # fmt: skip
    return pairs


def build(count: int) -> dict[str, Any]:
    pairs = bundled_pairs()
    chain: list[AuditEntry] = []

    def add(action: str, after: dict[str, Any]) -> AuditEntry:
        prev = chain[-1].hash if chain else GENESIS_PREV
        entry = seal(len(chain) + 1, prev, actor_name="coordinator", actor_id=1, action=action,
                     subject=f"entry {after['entry_id']}", before=None, after=after)  # fmt: skip
        chain.append(entry)
        return entry

    entries, titles, settlements, reservations = [], {}, {}, {}
    for entry_id in range(1, count + 1):
        pair = pairs[(entry_id - 1) % len(pairs)]
        standards = (EntryStandard("CN", pair["gb"].edition_key, pair["gb"].render()),
                     EntryStandard("INT", pair["intl"].edition_key, pair["intl"].render()))  # fmt: skip
        titles[pair["gb"].edition_key] = {"zh": pair["zh"], "en": pair["en"]}
        titles[pair["intl"].edition_key] = {"en": pair["en"]}
        degree = EntryDegree(pair["degree"])
        product_class = f"class {(entry_id - 1) // len(pairs)}"
        entries.append(Entry(entry_id, 1, standards, degree, Origin.DECLARED, Basis.ADOPTION, degree=degree,
                             state=EntryState.SETTLED, rounds_taken=2, product_class=product_class))  # fmt: skip
        settlements[entry_id] = add("entry.settle", {"entry_id": entry_id, "degree": str(degree),
                                                     "standards": [s.edition_key for s in standards]})  # fmt: skip
        if entry_id % 20 == 0:
            reason = "Clause 4 adds national requirements."
            recorded = add("entry.reserve", {"entry_id": entry_id, "party": "CN", "degree": "NEQ", "reason": reason})
            reservations[entry_id] = [(Reservation(entry_id, 2, "CN", EntryDegree.NEQ, reason, recorded.at), recorded)]
    return {"entries": entries, "titles": titles, "settlements": settlements, "reservations": reservations,
            "head": chain[-1]}  # fmt: skip


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    times, result = [], None
    for _run in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    case = build(args.entries)
    key = Ed25519PrivateKey.generate()
    folder = Path(tempfile.mkdtemp(prefix="bench-release-"))

    def publish() -> dict[str, Any]:
        published = Published(1, "2026-12-04T11:00:00+00:00", "coordinator", case["head"])
        document = release_document(PROGRAMME, case["entries"], published, titles=case["titles"],
                                    settlements=case["settlements"], reservations=case["reservations"],
                                    key=key_description(key.public_key()))  # fmt: skip
        return sign_document(document, key)

    print(f"{args.entries} settled entries, {len(case['reservations'])} with a reservation; load {os.getloadavg()}")
    low, high, signed = best(args.repeat, publish)
    print(f"build and sign the document      best {low:6.3f} s  worst {high:6.3f} s")
    release = folder / "release.json"
    exports: dict[str, Callable[[], Any]] = {
        "JSON (the signed file)": lambda: release.write_bytes(orjson.dumps(signed, option=orjson.OPT_INDENT_2)),
        "CSV": lambda: (folder / "release.csv").write_bytes(release_export.to_csv(signed["document"])),
        "XLSX": lambda: (folder / "release.xlsx").write_bytes(release_export.to_xlsx(signed["document"])),
        "printable HTML": lambda: (folder / "release.html").write_text(release_export.to_html(signed["document"])),
    }
    total = low
    for name, work in exports.items():
        low, high, _result = best(args.repeat, work)
        total += low
        print(f"export {name:<25} best {low:6.3f} s  worst {high:6.3f} s")
    print(f"release export, all of the above (best runs summed): {total:.3f} s (budget 10 s)")
    print(f"release file: {release.stat().st_size / 1e6:.1f} MB")

    def check() -> Any:
        return verify_release(read_release(release.read_bytes(), str(release)), key.public_key())

    low, high, found = best(args.repeat, check)
    assert found.ok, found.problems
    print(f"verify (read, parse, check)      best {low:6.3f} s  worst {high:6.3f} s (budget 2 s)")
    store = SqlStore(f"sqlite:///{folder / 'catalog.db'}")
    with store.transaction():
        for settled in case["settlements"].values():
            audit.record(store, settled.actor_name, 1, settled.action, settled.subject, None, settled.after)
        for pairs in case["reservations"].values():
            for _reservation, recorded in pairs:
                audit.record(store, "expert", 2, recorded.action, recorded.subject, None, recorded.after)
    reservations = {i: [r for r, _a in pairs] for i, pairs in case["reservations"].items()}
    keys = KeyFolder(folder / "keys")
    entries = case["entries"]
    low, high, _release = best(args.repeat, lambda: publish_release(store, keys, PROGRAMME, entries, LOCAL_ADMIN,
                                                                    reservations=reservations))  # fmt: skip
    print(f"publish from a catalogue         best {low:6.3f} s  worst {high:6.3f} s")
    store.close()
    through_the_publish_path(case, folder, args.repeat)


def through_the_publish_path(case: dict[str, Any], folder: Path, repeat: int) -> None:
    """``publish_programme`` over a stored programme, then its release exported and verified (see the docstring)."""
    store = SqlStore(f"sqlite:///{folder / 'programme.db'}")
    programme = Programme(None, "cn-int-stored", dict(PROGRAMME.title), PROGRAMME.parties, Scope(), ConsensusRule(),
                          None)  # fmt: skip
    entries = [Entry(None, 0, e.standards, e.proposed, e.origin, e.basis, state=EntryState.SETTLED, degree=e.degree,
                     rounds_taken=e.rounds_taken, product_class=e.product_class) for e in case["entries"]]  # fmt: skip
    with store.transaction():
        store.add_programme(programme)
        for entry in entries:
            entry.programme_id = programme.id or 0
        store.add_entries(entries)
        settled = {str(e.id): str(e.degree) for e in entries}
        audit.record(store, "coordinator", 1, "round.close", f"{programme.slug} round 1", None,
                     {"settled": settled, "open": [], "no_consensus": []})  # fmt: skip
        for original, stored in zip(case["entries"], entries, strict=True):
            for reservation, _recorded in case["reservations"].get(original.id, ()):
                kept = Reservation(stored.id or 0, 2, "CN", reservation.degree, reservation.reason, reservation.at)
                store.save_reservation(kept)
                after = {"degree": "NEQ", "reason": reservation.reason, "settled": str(stored.degree)}
                subject = f"{programme.slug} entry {stored.id}"
                audit.record(store, "expert", 2, "entry.reservation", subject, None, after)
    keys = KeyFolder(folder / "programme-keys")
    low, high, release = best(repeat, lambda: publish_programme(store, keys, programme, LOCAL_ADMIN))
    print(f"publish_programme (CLI/API/web)  best {low:6.3f} s  worst {high:6.3f} s")
    stored_release = store.release_of(programme.id or 0, release.number)
    assert stored_release is not None
    signed = signed_file(stored_release)
    path = folder / "stored-release.json"
    exports: dict[str, Callable[[], Any]] = {
        "JSON (the signed file)": lambda: path.write_bytes(orjson.dumps(signed, option=orjson.OPT_INDENT_2)),
        "CSV": lambda: release_export.to_csv(signed["document"]),
        "XLSX": lambda: release_export.to_xlsx(signed["document"]),
        "printable HTML": lambda: release_export.to_html(signed["document"]),
    }
    total = 0.0
    for name, work in exports.items():
        low, high, _result = best(repeat, work)
        total += low
        print(f"  export {name:<23} best {low:6.3f} s  worst {high:6.3f} s")
    print(f"  release export of the published release (best runs summed): {total:.3f} s (budget 10 s)")

    def check() -> Any:
        return verify_release(read_release(path.read_bytes(), str(path)), keys.public_key_of(programme.slug))

    low, high, found = best(repeat, check)
    assert found.ok and found.entries == len(entries), found.problems
    print(f"  verify the published release   best {low:6.3f} s  worst {high:6.3f} s (budget 2 s)")
    store.close()


if __name__ == "__main__":
    main()
