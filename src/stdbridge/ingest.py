"""Importing a source into the catalogue: one transaction, a change summary, a rejects report.

The importer only reads. Here the rows are checked against each other
(duplicates with conflicting data are rejected), compared with what the same
dataset said last time (so re-importing a file changes nothing), merged with
what other datasets say about the same edition, and written in one
transaction: an interrupted import leaves the catalogue as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stdbridge import identifiers
from stdbridge.errors import IdentifierError, ImportFailed, UnreadableSource
from stdbridge.importers.base import Importer, Row
from stdbridge.models import (
    ChangeEvent,
    ChangeKind,
    ClassEntry,
    ImportSummary,
    Rejected,
    Relation,
    RelationDraft,
    Standard,
    Status,
    standard_from_record,
    standard_to_record,
)
from stdbridge.store import SourceRecord, Store

Progress = Callable[[int], None]
_UNHASHED = ("dataset", "source_record")


@dataclass(slots=True)
class _Incoming:
    row: Row
    standard: Standard
    content_hash: str
    record: dict[str, Any] = field(default_factory=dict)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise UnreadableSource(f"cannot read: {exc.strerror}", source=str(path)) from exc
    return digest.hexdigest()


def _source_record(standard: Standard) -> dict[str, Any]:
    record = standard_to_record(standard)
    record["relations"] = [
        {
            "type": r.type.value,
            "target": r.target,
            "degree": r.degree.value if r.degree else None,
            "evidence": r.evidence.value,
            "note": r.note,
            "reverse": r.reverse,
        }
        for r in standard.relations
    ]
    return record


def _hash(record: dict[str, Any]) -> str:
    hashed = {k: v for k, v in record.items() if k not in _UNHASHED}
    return hashlib.sha1(json.dumps(hashed, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def read_source(
    importer: Importer, path: Path, progress: Progress | None = None
) -> tuple[list[_Incoming], list[ClassEntry], list[Rejected], int]:
    """Read every row, rejecting conflicting duplicates; returns standards, classes, rejects, identical repeats."""
    incoming: dict[str, _Incoming] = {}
    entries: list[ClassEntry] = []
    rejects: list[Rejected] = []
    duplicates = 0
    for count, item in enumerate(importer.read(path), 1):
        if progress and count % 1000 == 0:
            progress(1000)
        if isinstance(item, Rejected):
            rejects.append(item)
            continue
        if isinstance(item.item, ClassEntry):
            entries.append(item.item)
            continue
        standard = item.item
        record = _source_record(standard)
        content_hash = _hash(record)
        first = incoming.get(standard.edition_key)
        if first is None:
            incoming[standard.edition_key] = _Incoming(item, standard, content_hash, record)
        elif first.content_hash == content_hash:
            duplicates += 1
        else:
            reason = f"same edition as line {first.row.line} ({first.row.value}) but with different data; kept line {first.row.line}"
            rejects.append(Rejected(str(path), item.line, item.value, reason))
    return list(incoming.values()), entries, rejects, duplicates


def merge_sources(records: Sequence[SourceRecord]) -> Standard:
    """One standard from what several datasets say: the first source leads, later ones fill gaps."""
    first, *rest = records
    merged = dict(first.record)
    titles = dict(merged.get("titles") or {})
    for later in rest:
        record = later.record
        for lang, title in (record.get("titles") or {}).items():
            titles.setdefault(lang, title)
        for key in ("ics", "ccs"):
            merged[key] = list(dict.fromkeys([*(merged.get(key) or []), *(record.get(key) or [])]))
        for key, value in record.items():
            if key not in ("titles", "relations", "extra") and merged.get(key) in (None, "", [], "unknown"):
                merged[key] = value
    merged["titles"] = titles
    if rest:
        merged["extra"] = {**(merged.get("extra") or {}), "datasets": [r.dataset for r in records]}
    return standard_from_record(merged, imported_at=first.imported_at)


def relations_of(incoming: _Incoming, dataset: str, rejects: list[Rejected], source: str) -> list[Relation]:
    """Turn the drafts of one record into stored relations; an unreadable target is reported, the record kept."""
    standard = incoming.standard
    found: list[Relation] = []
    for draft in standard.relations:
        try:
            target = identifiers.parse(draft.target)
        except IdentifierError as exc:
            reason = f"relation {draft.type.value} of {standard.identifier}: target is not an identifier ({exc.message}); record kept without it"
            rejects.append(Rejected(source, incoming.row.line, draft.target, reason))
            continue
        found.append(_relation(standard, draft, target, dataset))
    return found


def _relation(standard: Standard, draft: RelationDraft, target: identifiers.Identifier, dataset: str) -> Relation:
    if draft.reverse:  # "replaced by X": the edge runs X -> this standard
        return Relation(
            source_key=target.edition_key,
            type=draft.type,
            target_key=standard.edition_key,
            target_text=standard.identifier,
            degree=draft.degree,
            evidence=draft.evidence,
            dataset=dataset,
            note=draft.note,
            target_work_key=standard.work_key,
            origin_key=standard.edition_key,
        )
    return Relation(
        source_key=standard.edition_key,
        type=draft.type,
        target_key=target.edition_key,
        target_text=target.render(),
        degree=draft.degree,
        evidence=draft.evidence,
        dataset=dataset,
        note=draft.note,
        target_work_key=target.work_key,
        origin_key=standard.edition_key,
    )


def _events_for(before: Standard | None, after: Standard, at: str) -> list[ChangeEvent]:
    if before is None:
        detail = {"status": after.status.value, "dataset": after.dataset}
        return [ChangeEvent(ChangeKind.ADDED, after.edition_key, after.identifier, at, detail)]
    old, new = standard_to_record(before), standard_to_record(after)
    changed = sorted(k for k in new if k not in ("source_record", "extra") and old.get(k) != new.get(k))
    if not changed:
        return []
    found = [ChangeEvent(ChangeKind.CHANGED, after.edition_key, after.identifier, at, {"fields": changed})]
    if before.status != after.status and after.status in (Status.WITHDRAWN, Status.REPLACED):
        kind = ChangeKind.WITHDRAWN if after.status == Status.WITHDRAWN else ChangeKind.REPLACED
        detail = {"from": before.status.value, "date": after.withdrawn}
        found.append(ChangeEvent(kind, after.edition_key, after.identifier, at, detail))
    return found


def import_path(
    store: Store,
    importer: Importer,
    path: Path,
    *,
    format: str,
    rejects_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path`` with ``importer`` into ``store`` in one transaction and report what changed."""
    if not path.is_file():
        raise UnreadableSource("no such file", source=str(path))
    sha256 = file_sha256(path)
    started = now_iso()
    incoming, entries, rejects, duplicates = read_source(importer, path, progress)
    dataset = importer.dataset
    summary = ImportSummary(dataset=dataset, format=format, path=str(path), duplicates=duplicates)
    summary.read = len(incoming) + len(entries) + len(rejects) + duplicates
    with store.transaction():
        import_id = store.start_import(dataset, format, str(path), sha256, started)
        if entries:
            store.save_classes(entries)
            summary.classes = len(entries)
        known = store.source_hashes(dataset)
        fresh = [i for i in incoming if known.get(i.standard.edition_key) != i.content_hash]
        summary.unchanged = len(incoming) - len(fresh)
        store.save_sources(
            [SourceRecord(dataset, i.standard.edition_key, i.content_hash, i.record, started) for i in fresh]
        )
        keys = [i.standard.edition_key for i in fresh]
        before = store.standards_by_keys(keys)
        merged = [merge_sources(records) for records in store.sources_of(keys).values()]
        store.save_standards(merged, [identifiers.lookup_keys(identifiers.parse(s.identifier)) for s in merged])
        new_relations = [r for i in fresh for r in relations_of(i, dataset, rejects, str(path))]
        store.replace_relations([(dataset, k) for k in keys], new_relations)
        summary.unresolved_relations = store.link_relations()
        summary.relations = len(new_relations)
        for standard in merged:
            for change in _events_for(before.get(standard.edition_key), standard, started):
                summary.events.append(change)
                setattr(summary, change.kind.value, getattr(summary, change.kind.value) + 1)
        store.save_events(import_id, summary.events)
        summary.rejected = len(rejects)
        store.finish_import(import_id, summary_dict(summary), now_iso())
    if rejects:
        summary.rejects_report = str(write_rejects(rejects, dataset, rejects_dir or Path.cwd(), started))
    return summary


def write_rejects(rejects: list[Rejected], dataset: str, folder: Path, started: str) -> Path:
    stamp = started.replace(":", "").replace("+0000", "Z")
    report = folder / f"rejects-{dataset}-{stamp}.csv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with report.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "line", "value", "reason"])
            writer.writerows([r.source, r.line, r.value, r.reason] for r in rejects)
    except OSError as exc:
        raise ImportFailed(f"imported, but cannot write the rejects report: {exc.strerror}", source=str(report)) from exc
    return report


def summary_dict(summary: ImportSummary) -> dict[str, Any]:
    fields = (
        "dataset", "format", "path", "read", "added", "changed", "unchanged", "duplicates", "withdrawn",
        "replaced", "classes", "relations", "unresolved_relations", "rejected", "rejects_report",
    )  # fmt: skip
    return {name: getattr(summary, name) for name in fields}
