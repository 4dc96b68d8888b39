"""Importing a source into the catalogue: one transaction, a change summary, a rejects report.

The importer only reads. Here the rows are checked against each other
(duplicates with conflicting data are rejected), compared with what the same
dataset said last time (so re-importing a file changes nothing), merged with
what other datasets say about the same edition, and written in one
transaction: an interrupted import leaves the catalogue as it was.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from stdbridge import audit, identifiers
from stdbridge.errors import IdentifierError, ImportFailed, UnreadableSource
from stdbridge.i18n import _, ngettext
from stdbridge.importers.base import Importer, Row
from stdbridge.importers.foreign_versions import FOREIGN_VERSIONS
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
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.recognition.living import flag_changed_entries
from stdbridge.runtime import now_iso, rejects_location, without_cycle_collection
from stdbridge.store import SourceRecord, Store

_COUNTED_EVERY = 1000  # rows read between two reports of progress
_UNHASHED = ("dataset", "source_record")
AUDIT_LISTED = 100  # identifiers an import's audit entry names of each kind of change (it counts them all)
LOCAL_ACTOR = "local"  # who acts when nobody is named: the person at the keyboard of an embedded catalogue


Finishing = Callable[[ImportSummary, list[Rejected]], None]


@dataclass(slots=True)
class _Incoming:
    row: Row
    standard: Standard
    content_hash: str
    record: dict[str, Any] = field(default_factory=dict)


CONTRIBUTED_TITLES = (
    "contributed_titles"  # extra: titles translated in delivered projects (store.add_contributed_title)
)


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
    return hashlib.sha1(orjson.dumps(hashed, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass(slots=True)
class _Read:
    """Everything one source held, before it is compared with the catalogue."""

    incoming: dict[str, _Incoming] = field(default_factory=dict)  # by edition key
    entries: list[ClassEntry] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)  # rows
    dropped: list[Rejected] = field(default_factory=list)  # values left out of accepted rows
    duplicates: int = 0  # identical repeats of a record
    folded: int = 0  # lines the importer merged into another record (other forms of one edition)

    @property
    def lines(self) -> int:
        return len(self.incoming) + len(self.entries) + len(self.rejects) + self.duplicates + self.folded


def read_source(importer: Importer, path: Path, progress: Progress = NO_PROGRESS) -> _Read:
    """Read every row, rejecting duplicates that conflict with the first one read."""
    found = _Read()
    incoming, rejects = found.incoming, found.rejects
    progress.step(_("{dataset}: reading {file}").format(dataset=importer.dataset, file=path.name))
    count = 0
    for count, item in enumerate(importer.read(path), 1):
        if count % _COUNTED_EVERY == 0:
            progress.advance(_COUNTED_EVERY)
        if isinstance(item, Rejected):
            rejects.append(item)
            continue
        if isinstance(item.item, ClassEntry):
            found.entries.append(item.item)
            continue
        found.folded += item.folded
        found.dropped += item.dropped
        standard = item.item
        record = _source_record(standard)
        content_hash = _hash(record)
        first = incoming.get(standard.edition_key)
        if first is None:
            incoming[standard.edition_key] = _Incoming(item, standard, content_hash, record)
        elif first.content_hash == content_hash:
            found.duplicates += 1
        else:
            reason = (
                f"same edition as line {first.row.line} ({first.row.value}) but with different data; "
                f"kept line {first.row.line}"
            )
            rejects.append(Rejected(str(path), item.line, item.value, reason))
    progress.advance(count % _COUNTED_EVERY)
    return found


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
        versions = (record.get("extra") or {}).get(FOREIGN_VERSIONS)  # a later source may be the one that has them
        if versions and not (merged.get("extra") or {}).get(FOREIGN_VERSIONS):
            merged["extra"] = {**(merged.get("extra") or {}), FOREIGN_VERSIONS: versions}
    merged["titles"] = titles
    if rest:
        merged["extra"] = {**(merged.get("extra") or {}), "datasets": [r.dataset for r in records]}
    return standard_from_record(merged, imported_at=first.imported_at)


def _merged_standards(store: Store, fresh: list[_Incoming], before: dict[str, Standard], at: str) -> list[Standard]:
    """The catalogue's view of each fresh record: itself, or merged with what other datasets say of its edition."""
    shared = {key for key, datasets in store.source_datasets([i.standard.edition_key for i in fresh]).items()
              if len(datasets) > 1}  # fmt: skip
    merged = [merge_sources(records) for records in store.sources_of(shared).values()] if shared else []
    for i in fresh:
        key = i.standard.edition_key
        if key not in shared:
            old = before.get(key)
            i.standard.imported_at = old.imported_at if old else at
            merged.append(i.standard)
    for standard in merged:  # what people contributed is no dataset's to drop: translated titles stay
        old = before.get(standard.edition_key)
        kept = old.extra.get(CONTRIBUTED_TITLES) if old is not None else None
        if kept and CONTRIBUTED_TITLES not in standard.extra:
            standard.extra[CONTRIBUTED_TITLES] = kept
    return merged


def relations_of(incoming: _Incoming, dataset: str, rejects: list[Rejected], source: str) -> list[Relation]:
    """Turn the drafts of one record into stored relations; an unreadable target is reported, the record kept."""
    standard = incoming.standard
    found: list[Relation] = []
    for draft in standard.relations:
        try:
            target = identifiers.parse(draft.target)
        except IdentifierError as exc:
            reason = (
                f"relation {draft.type.value} of {standard.identifier}: target is not an identifier "
                f"({exc.message}); the row is imported without it"
            )
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
        detail: dict[str, Any] = {"status": after.status.value, "dataset": after.dataset}
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
    progress: Progress = NO_PROGRESS,
    by: str = LOCAL_ACTOR,
    by_id: int | None = None,
    finishing: Finishing | None = None,
) -> ImportSummary:
    """Import ``path`` with ``importer`` into ``store`` in one transaction and report what changed; the audit log
    records that ``by`` (account ``by_id``) imported it, in the same transaction. ``finishing`` is called in that
    transaction too, with the summary and the rejected rows, before the audit entry: what it writes commits with
    the import, and an error it raises undoes the import (a job marks itself done so: ``stdbridge.jobs``)."""
    with without_cycle_collection():
        return _import_path(store, importer, path, format=format, rejects_dir=rejects_dir, progress=progress,
                            actor=(by, by_id), finishing=finishing)  # fmt: skip


def _import_path(
    store: Store,
    importer: Importer,
    path: Path,
    *,
    format: str,
    rejects_dir: Path | None,
    progress: Progress,
    actor: tuple[str, int | None],
    finishing: Finishing | None = None,
) -> ImportSummary:
    if not path.is_file():
        raise UnreadableSource(_("no such file"), source=str(path))
    sha256 = file_sha256(path)
    started = now_iso()
    found = read_source(importer, path, progress)
    if not found.incoming and not found.entries:
        raise _nothing_to_import(importer, path, found.rejects)
    incoming, entries, rejects = list(found.incoming.values()), found.entries, found.rejects
    dataset = importer.dataset
    summary = ImportSummary(
        dataset=dataset,
        format=format,
        path=str(path),
        read=found.lines,
        duplicates=found.duplicates,
        folded=found.folded,
    )
    with store.transaction():
        import_id = store.start_import(dataset, format, str(path), sha256, started)
        if entries:
            store.save_classes(entries)
            summary.classes = len(entries)
        known = store.source_hashes(dataset)
        fresh = [i for i in incoming if known.get(i.standard.edition_key) != i.content_hash]
        progress.step(
            ngettext(
                "{dataset}: saving {count:,} new or changed record",
                "{dataset}: saving {count:,} new or changed records",
                len(fresh),
            ).format(dataset=dataset, count=len(fresh))
        )
        store.save_sources(
            [SourceRecord(dataset, i.standard.edition_key, i.content_hash, i.record, started) for i in fresh]
        )
        keys = [i.standard.edition_key for i in fresh]
        before = store.standards_by_keys(keys)
        merged = _merged_standards(store, fresh, before, started)
        store.save_standards(merged, [identifiers.lookup_keys(s) for s in merged])
        dropped = list(found.dropped)
        progress.step(_("{dataset}: linking relations").format(dataset=dataset))
        new_relations = [r for i in fresh for r in relations_of(i, dataset, dropped, str(path))]
        summary.values_rejected = len(dropped)
        store.replace_relations([(dataset, k) for k in keys], new_relations)
        summary.unresolved_relations = store.link_relations(keys)
        summary.relations = len(new_relations)
        for standard in merged:
            for change in _events_for(before.get(standard.edition_key), standard, started):
                summary.events.append(change)
                setattr(summary, change.kind.value, getattr(summary, change.kind.value) + 1)
        store.save_events(import_id, summary.events)
        # programmes' agreed entries naming a changed standard go back to review (recognition.living)
        flag_changed_entries(store, summary.events, actor)
        # a record can be new to this dataset yet tell nothing the catalogue did not hold (another body's copy)
        summary.unchanged = len(incoming) - summary.added - summary.changed
        summary.rejected = len(rejects)
        store.finish_import(import_id, summary_dict(summary), now_iso())
        if finishing is not None:
            finishing(summary, [*rejects, *dropped])
        audit.record(store, actor[0], actor[1], audit.IMPORT, f"import {import_id}", None,
                     audited_import(import_id, sha256, summary))  # fmt: skip
    if rejects or dropped:
        report = write_rejects([*rejects, *dropped], dataset, rejects_dir or rejects_location(store.location), started)
        summary.rejects_report = str(report)
    return summary


def _nothing_to_import(importer: Importer, path: Path, rejects: list[Rejected]) -> UnreadableSource:
    """The error for a file that holds no record this importer can read: empty, or every line refused (the
    first refusal named with its line, value and reason)."""
    if not rejects:
        message = _("the file holds no record of the format {format}").format(format=importer.name)
        return UnreadableSource(message, source=str(path))
    first = min(rejects, key=lambda r: r.line)
    message = ngettext(
        "not one of its {count} line holds a record of the format {format}; the first: {value!r}: {reason}",
        "not one of its {count} lines holds a record of the format {format}; the first: {value!r}: {reason}",
        len(rejects),
    ).format(count=len(rejects), format=importer.name, value=first.value[:80], reason=_(first.reason))
    return UnreadableSource(message, source=str(path), line=first.line)


def write_rejects(rejects: list[Rejected], dataset: str, folder: Path, started: str) -> Path:
    stamp = started.replace(":", "").replace("+0000", "Z")
    report = folder / f"rejects-{dataset}-{stamp}.csv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with report.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "line", "value", "reason"])
            ordered = sorted(rejects, key=lambda r: (r.source, r.line))
            writer.writerows([r.source, r.line, r.value, r.reason] for r in ordered)
    except OSError as exc:
        raise ImportFailed(
            f"imported, but cannot write the rejects report: {exc.strerror}", source=str(report)
        ) from exc
    return report


def audited_import(import_id: int, sha256: str, summary: ImportSummary) -> dict[str, Any]:
    """What the audit log says of an import: the file, its counts, and the identifiers of the records added,
    changed, withdrawn and replaced (the first ``AUDIT_LISTED`` of each, and how many); the events hold them all."""
    found: dict[str, list[str]] = {}
    for change in summary.events:
        found.setdefault(change.kind.value, []).append(change.identifier)
    counts = {k: v for k, v in summary_dict(summary).items() if k not in ("path", "rejects_report")}
    return {"import_id": import_id, "file": Path(summary.path).name, "sha256": sha256, **counts,
            "records": {kind: audit.bounded(ids, AUDIT_LISTED) for kind, ids in sorted(found.items())}}  # fmt: skip


def summary_dict(summary: ImportSummary) -> dict[str, Any]:
    fields = (
        "dataset", "format", "path", "read", "added", "changed", "unchanged", "duplicates", "folded", "withdrawn",
        "replaced", "classes", "relations", "unresolved_relations", "values_rejected", "rejected",
        "rejects_report",
    )  # fmt: skip
    return {name: getattr(summary, name) for name in fields}
