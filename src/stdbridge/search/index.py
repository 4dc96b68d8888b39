"""The full-text index of the catalogue: a Tantivy index kept in a folder beside the store.

The store holds the records; the index holds what search needs of them: titles analysed per language,
identifier tokens, the fields that filters and facets read, and a ranking priority. It is rebuilt from the store
(``rebuild``, as a new generation) or brought up to date with the editions changes touched (``update``); its
stamp records the last change of the catalogue's feed it has taken in, so that a node's indexer
(``search.keeper``) catches up with what other nodes changed. ``search.generations`` says how the processes of
one machine share the folder: one writer, readers that only reload.

Fields (all titles of a record go to the field of their language):

=============  ======================================================================================
``sid``        the store's id of the standard (fast; nothing is stored): results are read back from the store
``key``        the edition key (raw): what an update deletes by
``work``       a 64-bit hash of the work key (fast): groups editions of one work in results
``en``         English titles, stemmed by the Snowball stemmer, with positions: the English translations of a Chinese
               word and the expansions of an abbreviation are matched here as phrases (``PHRASED``)
``en_w ...``   the titles of every language of ``STEMMED`` (en fr es ru de), stemmed so, without positions or
               frequencies: words are scored here, each counting once per
               title, so that a word a title repeats ("... appliances - Part 2-32: ... massage appliances")
               does not outweigh a shorter, closer title
``other``      titles in other alphabetic languages, lower-cased (no positions)
``cjk``        Chinese, Japanese and Korean titles as overlapping character pairs (positions kept)
``cjk1``       their single characters (one-character words: 泵, 煤)
``idtok``      the identifier's letters and numbers ("61000", "x509")
``words_en``   English title words as written (lower case, once each): spelling correction and hot words
``words``      the same of the other alphabetic titles (French, Spanish ...): spelling correction
``words_zh``   Chinese title words (segmented): hot words
``body country doctype status ics adoption ccs committee kind department``  raw: filters and facets (fast:
               ``ics``, ``ccs``, ``committee``; the others are counted from ``facets``)
               (``ics`` holds every level; ``ccs`` the category, the group and the class; ``committee`` the
               committee and those above it: ISO/TC 176/SC 2 is also ISO/TC 176; ``kind`` the series prefix of a
               Chinese standard: GB, GB/T, GB/Z, HG/T, DB11/T, T/CAS; ``department`` a GB record's 主管部门)
``facets``     the values of the facets in ``PACKED_FACETS`` (body, country, document type, status, adoption, kind,
               department) packed into one string (raw, fast): counted as one aggregation, a column read per
               record instead of seven (``pack_facets``)
``work_sample`` the ``work`` hash of one work in ``WORK_SAMPLE`` (fast; absent for the others): the works of a
               large result are estimated from the sampled ones, at an eighth of the cost of counting them all
``year pub``   year of the document, and publication date as YYYYMMDD (fast): filters and date sorting
``priority``   0..6 (fast): status, kind of document and international origin; multiplies the score
``status_next`` YYYYMMDD of the next day the status changes (indexed, fast; 0: none known)
=============  ======================================================================================

The ``status`` field holds the status on the day the document was written, as ``catalog.lifecycle`` decides it
(the source's, else derived from the dates and the standards that replaced it), so that the facet, the filter and
the record page agree. The day is kept in the index's stamp (``status_day``); on a later day the documents whose
``status_next`` has come (an announced GB standard reaching its implementation date) are written again before the
next search (``refresh_statuses``). An import re-indexes, with the records it changed, those they replace and the
other editions of their works, whose derived status may follow from them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import math
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import tantivy
from filelock import Timeout

from stdbridge.catalog.lifecycle import (
    NOT_YET_PUBLISHED,
    Edition,
    StatusOn,
    dated_standard,
    later_editions,
    lifecycle,
    stated_lifecycle,
    successor,
    successors_for,
)
from stdbridge.errors import StoreError
from stdbridge.i18n import _
from stdbridge.language.text import cjk_index_text, has_cjk, identifier_words
from stdbridge.models import DocType, RelationType, Standard, Status, standard_to_record
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.runtime import without_cycle_collection
from stdbridge.search import generations
from stdbridge.store import Store

# Any change of fields or of what they hold: an index of another version is rebuilt. 10: generations in folders
# of their own (search.generations), stamped with the number of the last change taken in and the status day.
# 12: the packed facets and the works' sample (11 also kept their fields' own columns). 13: titles with positions
# only in the languages phrases are matched in. 14: no French titles with positions (queries match no whole phrase).
INDEX_VERSION = 14
STEMMED = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "de": "german"}
PHRASED = ("en",)  # the languages whose titles phrases are matched in (search.query), with positions
FACET_FIELDS = ("body", "country", "doctype", "status", "ics", "adoption", "ccs", "committee", "kind", "department")
# The facets of one value a record (of a few: its co-publishers, its adoption tags), whose combinations are few (a
# few thousand in a 1.3 M catalogue): packed together, they are counted in one pass over one column.
PACKED_FACETS = ("body", "country", "doctype", "status", "adoption", "kind", "department")
_FIELD_SEP, _VALUE_SEP = "\x1f", "\x1e"  # between facets, between values of one facet
WORK_SAMPLE = 8  # one work in this many is sampled (``work_sample``)
_BATCH = 2000
_REBUILD_HEAP = 1_600_000_000  # bytes, shared by the writer's threads

_STATUS_PRIORITY = {
    Status.IN_FORCE.value: 4,
    Status.ANNOUNCED.value: 3,
    Status.UNKNOWN.value: 2,
    Status.UNDER_DEVELOPMENT.value: 1,
    Status.REPLACED.value: 0,
    Status.WITHDRAWN.value: 0,
    Status.CANCELLED.value: 0,
}
_NOT_FULL = frozenset({DocType.AMENDMENT.value, DocType.CORRIGENDUM.value, DocType.DRAFT.value})


def priority_of(status: str, doctype: str, country: str, work_size: int = 1, adopted: bool = False) -> float:
    """How much a record deserves to come first at equal relevance: a standard in force (4) over one announced
    (3), of unknown status (2), under development (1) or withdrawn (0); +1 for a whole document rather than an
    amendment, corrigendum or draft; +2 for an international original, which comes before the national
    adoptions that copy its title; and up to +1.5 for prominence: a work revised and amended many times
    (log2 of its documents / 3, at most 1) and one that others adopt (+0.5) is one people use — ISO/IEC 27001
    before the guidance around it. The score is multiplied by log2(2 + priority): 1 for a withdrawn national
    amendment, 2.8 for a national standard in force, 3.2 to 3.5 for an international standard in force.
    Read from a record's own values: the index reads records without making ``Standard`` objects."""
    value: float = _STATUS_PRIORITY[status]
    value += 0 if doctype in _NOT_FULL else 1
    value += 2 if country == "INT" else 0
    value += min(1.0, math.log2(max(work_size, 1)) / 3) + (0.5 if adopted else 0.0)
    return round(value, 3)


def work_hash(work_key: str) -> int:
    return int.from_bytes(hashlib.blake2b(work_key.encode(), digest_size=8).digest(), "big")


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("sid", indexed=True, fast=True)
    sb.add_text_field("key", tokenizer_name="raw")
    sb.add_unsigned_field("work", fast=True)
    for lang in PHRASED:
        sb.add_text_field(lang, tokenizer_name=f"stem_{lang}")
    for lang in STEMMED:
        sb.add_text_field(f"{lang}_w", tokenizer_name=f"stem_{lang}", index_option="basic")
    sb.add_text_field("other", tokenizer_name="lower", index_option="freq")
    sb.add_text_field("cjk", tokenizer_name="whitespace")
    sb.add_text_field("cjk1", tokenizer_name="whitespace", index_option="basic")
    sb.add_text_field("idtok", tokenizer_name="lower", index_option="freq")
    sb.add_text_field("words", tokenizer_name="lower", index_option="basic")
    sb.add_text_field("words_en", tokenizer_name="lower", index_option="basic")
    sb.add_text_field("words_zh", tokenizer_name="whitespace", index_option="basic")
    for name in FACET_FIELDS:  # the packed ones are counted from ``facets``: only filters read them
        sb.add_text_field(name, tokenizer_name="raw", fast=name not in PACKED_FACETS)
    sb.add_text_field("facets", tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_unsigned_field("work_sample", fast=True)
    sb.add_unsigned_field("year", indexed=True, fast=True)
    sb.add_unsigned_field("pub", fast=True)
    sb.add_float_field("priority", fast=True)
    sb.add_unsigned_field("status_next", indexed=True, fast=True)
    return sb.build()


def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """The analyzers of the index by name; queries are cut with the same ones."""
    found = {
        f"stem_{lang}": tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer(stemmer))
        .build()
        for lang, stemmer in STEMMED.items()
    }
    found["lower"] = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).build()
    return found


class SearchIndex:
    """The Tantivy index of one catalogue, in ``path`` (a folder of generations: ``search.generations``)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.schema = _schema()
        self.analyzers = analyzers()
        self._index: tantivy.Index | None = None
        self._folder = ""  # the generation opened
        self._seen: tuple[int, int, dt.date | None] = (0, -2, None)  # the stamp last taken in by this process
        self._switch = threading.Lock()  # threads of this process reloading at once open one generation

    # opening -----------------------------------------------------------------------------
    @property
    def meta_path(self) -> Path:
        return self.path / generations.STAMP

    def _stamp(self) -> generations.Stamp | None:
        found = generations.read_stamp(self.path)
        if found is None or found.version != INDEX_VERSION or not (self.path / found.folder).is_dir():
            return None
        return found

    def exists(self) -> bool:
        return self._stamp() is not None

    @property
    def stamp(self) -> int:
        """The last change of the catalogue (``Store.changes_since``) the index has taken in (-1: no usable index)."""
        found = self._stamp()
        return found.seq if found is not None else -1

    @property
    def generation(self) -> int:
        """Which state of the index this process searches: the same number in every process that reads the same
        generation at the same change, another after any change (answers remembered under it are then stale)."""
        return hash(self._seen)

    @property
    def status_day(self) -> dt.date | None:
        """The day the statuses of the index are those of (None: no usable index)."""
        found = self._stamp()
        return found.status_day if found is not None else None

    def index(self) -> tantivy.Index:
        if self._index is None:
            found = self._stamp()
            if found is None:
                raise StoreError(f"no search index at {self.path}; it is built by 'stdbridge init' or 'index'")
            self._take(found)
        assert self._index is not None
        return self._index

    def _take(self, found: generations.Stamp) -> None:
        """Search the generation and change of ``found`` from now on (opened afresh when it is a new one)."""
        with self._switch:
            if found.folder != self._folder or self._index is None:
                self._index = self._open(self.path / found.folder, reuse=True)
                self._folder = found.folder
            elif _state(found) != self._seen:
                self._index.reload()
            self._seen = _state(found)

    def _open(self, folder: Path, *, reuse: bool) -> tantivy.Index:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(self.schema, path=str(folder), reuse=reuse)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot open the search index at {folder}: {exc}") from exc
        for name, analyzer in self.analyzers.items():
            index.register_tokenizer(name, analyzer)
        return index

    def searcher(self) -> tantivy.Searcher:
        return self.index().searcher()

    def reload(self) -> None:
        """See what the node's indexer wrote since (an update, or a new generation), if it did: readers only
        reload, they never write."""
        if self._index is None:
            return
        found = self._stamp()
        if found is not None and (found.folder != self._folder or _state(found) != self._seen):
            self._take(found)

    # writing -----------------------------------------------------------------------------
    @contextmanager
    def writing(self, *, wait: bool = True) -> Iterator[bool]:
        """Hold this machine's writer lock of the index while the block runs: True when held; False at once
        when another process holds it and ``wait`` is False (that process is the node's indexer)."""
        lock = generations.writer_lock(self.path)
        try:
            lock.acquire(timeout=-1 if wait else 0)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def took_in(self, seq: int) -> None:
        """Mark a change that changed no standard (a classification, say) as seen: no document changes, but what
        searches show beside the standards (ICS titles) may have, so answers remembered before are stale."""
        found = self._stamp()
        if found is None:
            return
        self._commit_stamp(dataclasses.replace(found, seq=seq))

    def _commit_stamp(self, found: generations.Stamp) -> None:
        generations.write_stamp(self.path, found)
        self._take(found)

    def rebuild(self, store: Store, seq: int, segment: Segmenter, progress: Progress = NO_PROGRESS) -> int:
        """Index every standard of ``store`` afresh, as a new generation taking in the changes up to ``seq``;
        returns how many. The caller holds the writer lock (``writing``)."""

        with without_cycle_collection():
            return self._rebuild(store, seq, segment, progress)

    def _rebuild(self, store: Store, seq: int, segment: Segmenter, progress: Progress) -> int:
        before = generations.read_stamp(self.path)
        folder, built = generations.new_generation(self.path)
        index = self._open(self.path / folder, reuse=False)
        # A heap that holds several hundred thousand documents a thread: a 1.3 M catalogue is written as two
        # segments, one a thread, under the eight that make Tantivy merge them (512 MB: twelve, merged into four)
        writer = index.writer(heap_size=_REBUILD_HEAP, num_threads=2)
        count = 0
        today = dt.date.today()
        tags = all_adoption_tags(store)
        sizes = store.work_sizes()
        # a record the source gives no status for waits until every record is read: its successors may come later
        editions: dict[int, Edition] = {}
        works: dict[str, list[int]] = {}
        waiting: list[tuple[int, dict[str, Any]]] = []
        statuses: dict[tuple[Any, ...], StatusOn] = {}  # see stated_lifecycle
        groups = CcsGroups(store)
        progress.step(_("Indexing the catalogue for search"), total=sum(sizes.values()))
        unknown = Status.UNKNOWN.value
        for sid, record in store.iter_records(_BATCH):
            editions[sid] = Edition.of_record(sid, record)
            works.setdefault(record["work_key"], []).append(sid)
            if record["status"] == unknown:
                waiting.append((sid, record))
                continue
            status = stated_lifecycle(sid, record, today, statuses)
            writer.add_json(
                document(record, sid, segment, tags.get(sid), sizes.get(record["work_key"], 1), groups, status)
            )
            count += 1
            if count % _BATCH == 0:
                progress.advance(_BATCH)
        progress.advance(count % _BATCH)
        replaced_by: dict[int, list[int]] = {}
        for source_id, target_id, _degree in store.relation_ends(RelationType.REPLACES):
            if source_id is not None and target_id is not None:
                replaced_by.setdefault(target_id, []).append(source_id)
        for sid, record in waiting:
            standard = dated_standard(sid, record)
            declared = [editions[i] for i in replaced_by.get(sid, ()) if i in editions and not editions[i].project]
            later = later_editions(standard, (editions[i] for i in works[standard.work_key]))
            found = [successor(e, declared=True) for e in declared] + [successor(e, declared=False) for e in later]
            status = lifecycle(standard, today, found)
            writer.add_json(
                document(record, sid, segment, tags.get(sid), sizes.get(record["work_key"], 1), groups, status)
            )
            count += 1
        progress.advance(len(waiting))
        progress.step(_("Writing the search index"))
        writer.commit()
        writer.wait_merging_threads()
        del writer
        self._commit_stamp(generations.Stamp(INDEX_VERSION, folder, built, seq, today))
        if before is not None and before.folder != folder:
            generations.retire(self.path, before.folder)
        generations.clean(self.path, folder)
        return count

    def update(self, store: Store, edition_keys: Iterable[str], seq: int, segment: Segmenter) -> int:
        """Re-index the given editions, the standards they adopt (which may now be "adopted"), and those whose
        derived status may follow from them (the standards they replace, the other editions of their works), in
        the generation in use; returns how many documents were written. Other figures a change touches only a
        little (the prominence of the other editions of a work) wait for the next ``rebuild``. The caller holds
        the writer lock (``writing``)."""
        keys = list(dict.fromkeys(edition_keys))
        found = self._stamp()
        if found is None:
            return self.rebuild(store, seq, segment)
        changed = list(store.standards_by_keys(keys).values())
        return self._write(store, _with_followers(store, changed), seq, segment, found)

    def statuses_due(self) -> bool:
        """Whether the statuses of the index are of an earlier day than today."""
        day = self.status_day
        return day is not None and day < dt.date.today()

    def refresh_statuses(self, store: Store, segment: Segmenter) -> int:
        """On a day after the index's ``status_day``, write again the documents whose status has changed since
        (their ``status_next`` has come); returns how many. The caller holds the writer lock (``writing``)."""
        found = self._stamp()
        if found is None or found.status_day is None or found.status_day >= dt.date.today():
            return 0
        return self._write(store, [], found.seq, segment, found)

    def _write(
        self, store: Store, standards: list[Standard], seq: int, segment: Segmenter, found: generations.Stamp
    ) -> int:
        self._take(found)
        today = dt.date.today()
        day = found.status_day
        if day is not None and day < today:  # the other documents are of an earlier day: bring them to today first
            standards = [*standards, *self._due(store, day, today, {s.id for s in standards})]
        index = self.index()
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        tags = adoption_tags(store, standards)
        sizes = store.work_sizes(s.work_key for s in standards)
        groups = CcsGroups(store)
        for standard in standards:
            writer.delete_documents_by_term("key", standard.edition_key)
            assert standard.id is not None
            work_size = sizes.get(standard.work_key, 1)
            record = standard_to_record(standard)
            status = lifecycle(standard, today, successors_for(store, standard))
            writer.add_json(document(record, standard.id, segment, tags.get(standard.id), work_size, groups, status))
        writer.commit()
        writer.wait_merging_threads()
        del writer
        self._commit_stamp(dataclasses.replace(found, seq=seq, status_day=today))
        return len(standards)

    def _due(self, store: Store, day: dt.date, today: dt.date, written: set[int | None]) -> list[Standard]:
        searcher = self.searcher()
        due = tantivy.Query.range_query(self.schema, "status_next", tantivy.FieldType.Unsigned,
                                        _day_number(day), _day_number(today), include_lower=False)  # fmt: skip
        total = _count(searcher.search(due, 1, count=True))
        if not total:
            return []
        addresses = [a for _s, a in searcher.search(due, total).hits]
        sids = {int(s) for s in searcher.fast_field_values("sid", addresses) if s is not None} - written
        return list(store.standards_by_ids(i for i in sids if i is not None).values())


def _state(found: generations.Stamp) -> tuple[int, int, dt.date | None]:
    """What a reader has taken in of a stamp: the generation's build, the last change, the day of the statuses (a
    refresh of the statuses is written without a change)."""
    return found.built, found.seq, found.status_day


def _with_followers(store: Store, changed: list[Standard]) -> list[Standard]:
    """``changed``, the standards they adopt (which may now be "adopted"), and those whose derived status may
    follow from them: the standards they replace, and the other editions of their works."""
    ids = {s.id for s in changed if s.id is not None}
    related = {r.target_id for r in store.relations_from(ids, RelationType.ADOPTS) if r.target_id is not None}
    related |= {r.target_id for r in store.relations_from(ids, RelationType.REPLACES) if r.target_id is not None}
    related -= ids
    standards = changed + list(store.standards_by_ids(related).values())
    seen = {s.id for s in standards}
    shared = [w for w, n in store.work_sizes({s.work_key for s in changed}).items() if n > 1]
    for work in shared:
        for other in store.standards_of_work(work):
            if other.id not in seen:
                seen.add(other.id)
                standards.append(other)
    return standards


def _day_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _count(result: tantivy.SearchResult) -> int:
    return int(result.count)  # type: ignore[attr-defined]  # tantivy's stub leaves the count out


def adoption_tags(store: Store, standards: Sequence[Standard]) -> dict[int, set[str]]:
    """For each standard: "adopts" and "adopts-IDT" (MOD, NEQ, ...) when it adopts another standard,
    "adopted" when another adopts it."""
    ids = {s.id for s in standards if s.id is not None}
    ends = [(r.source_id, r.target_id, r.degree.value if r.degree else None)
            for r in store.relations_touching(ids, []) if r.type == RelationType.ADOPTS]  # fmt: skip
    return _tags(ends, ids)


def all_adoption_tags(store: Store) -> dict[int, set[str]]:
    """``adoption_tags`` of the whole catalogue, in one pass over its adoptions."""
    return _tags(store.relation_ends(RelationType.ADOPTS), None)


def _tags(ends: Iterable[tuple[int | None, int | None, str | None]], ids: set[int] | None) -> dict[int, set[str]]:
    tags: dict[int, set[str]] = {}
    labels: dict[str, str] = {}  # "adopts-IDT" for "IDT", made once
    for source_id, target_id, degree in ends:
        if source_id is not None and (ids is None or source_id in ids):
            found = tags.get(source_id)
            if found is None:
                found = tags[source_id] = set()
            found.add("adopts")
            if degree:
                label = labels.get(degree)
                if label is None:
                    label = labels[degree] = f"adopts-{degree}"
                found.add(label)
        if target_id is not None and (ids is None or target_id in ids):
            found = tags.get(target_id)
            if found is None:
                found = tags[target_id] = set()
            found.add("adopted")
    return tags


Segmenter = Callable[[str], list[str]]


class CcsGroups:
    """The CCS group of a class (L06 is in L00/09), read from the catalogue's CCS entries as classes come up: the
    group is a range of numbers, which the class code alone does not tell."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._parents: dict[str, str | None] = {}

    def levels(self, code: str) -> list[str]:
        """The code with the category and group above it (a class), or the category (a group)."""
        found = [code[:1], code]
        if len(code) == 3:
            if code not in self._parents:
                entry = self.store.classes("CCS", [code]).get(code)
                self._parents[code] = entry.parent if entry is not None else None
            parent = self._parents[code]
            if parent:
                found.append(parent)
        return found


_COMMITTEE_LEVEL = re.compile(r"/(?=(?:SC|WG|JWG|AHG|PC|SWG)\b)")
_SERIES = re.compile(r"^(?:[TQ]/[A-Z0-9]+|DB\d{2}/T?|[A-Z]+(?:/[TZ])?)(?= )")


def committee_levels(code: str) -> list[str]:
    """A committee and those above it: ISO/TC 176/SC 2 -> ISO/TC 176/SC 2, ISO/TC 176."""
    parts = _COMMITTEE_LEVEL.split(code.strip())
    return ["/".join(parts[: i + 1]) for i in range(len(parts))][::-1]


def series_of(identifier: str) -> str | None:
    """The series prefix of a Chinese identifier: GB, GB/T, GB/Z, HG/T, DB11/T, T/CAS (None when it has none)."""
    found = _SERIES.match(identifier)
    return found.group(0) if found else None


def document(
    record: dict[str, Any],
    sid: int,
    segment: Segmenter,
    tags: set[str] | None = None,
    work_size: int = 1,
    ccs_groups: CcsGroups | None = None,
    status: StatusOn | None = None,
) -> str:
    """The index document of one standard, from its record as the store keeps it (``standard_to_record``), as
    the JSON that ``IndexWriter.add_json`` takes: the quickest way into Tantivy from Python, one call parsed
    in Rust. ``status`` is its status today (``lifecycle``); without it, the record's own."""
    now = status.status if status else record["status"]
    if now == NOT_YET_PUBLISHED:  # a date in the future: the facet counts it as announced, its next state
        now = Status.ANNOUNCED.value
    work = _work_hash(record["work_key"])
    doc: dict[str, Any] = {
        "sid": sid,
        "key": record["edition_key"],
        "work": work,
        "idtok": identifier_words(record["identifier"]),
        "body": [record["body"], *(record.get("copublishers") or ())],
        "country": record["country"],
        "doctype": record["doctype"],
        "status": now,
        "status_next": int(status.until.replace("-", "")) if status and status.until else 0,
        "priority": _priority(now, record["doctype"], record["country"], work_size, "adopted" in (tags or ())),
    }  # fmt: skip
    cjk_pairs: list[str] = []
    cjk_chars: list[str] = []
    others: list[str] = []
    words: list[str] = []
    seen: set[str] = set()
    official = record.get("titles") or {}
    extra = record.get("extra") or {}
    titles: Iterable[tuple[str, str]] = official.items()
    contributed = extra.get("contributed_titles")
    if (
        contributed
    ):  # a delivered translation project's title of the standard, in a language the sources give no title in
        given = [(lang, str(c.get("title") or "")) for lang, c in contributed.items() if lang not in official]
        titles = [*official.items(), *given]
    for lang, title in titles:
        if not title or title in seen:  # some sources copy the English title into the French one: count it once
            continue
        seen.add(title)
        if lang in STEMMED:
            doc[f"{lang}_w"] = title
            if lang in PHRASED:
                doc[lang] = title
            if lang == "en":
                doc["words_en"] = title
            else:
                words.append(title)
        elif has_cjk(title):
            pairs, chars = cjk_index_text(title)
            cjk_pairs.append(pairs)
            cjk_chars.append(chars)
            if lang == "zh":
                doc["words_zh"] = " ".join(segment(title))
        else:
            others.append(title)
    if words:
        doc["words"] = words
    if others:
        doc["other"] = others
    if cjk_pairs:
        doc["cjk"] = " | ".join(cjk_pairs)  # "|": a gap, so that no phrase spans two titles
        doc["cjk1"] = " ".join(cjk_chars)
    codes = record.get("ics")
    if codes:  # every level: field 03, group 03.120, sub-group 03.120.10 (fixed widths)
        doc["ics"] = _ics_levels(tuple(codes))
    if tags:
        doc["adoption"] = sorted(tags)
    ccs = record.get("ccs")
    if ccs:
        doc["ccs"] = sorted({level for code in ccs for level in
                             (ccs_groups.levels(code) if ccs_groups else [code[:1], code])})  # fmt: skip
    if record.get("committee"):
        doc["committee"] = _committee_levels(record["committee"])
    if extra.get("competent_department"):
        doc["department"] = extra["competent_department"]
    if record["country"] == "CN":
        series = series_of(record["identifier"])
        if series:
            doc["kind"] = series
    year = record.get("year") or _year_of(record.get("published"))
    if year:
        doc["year"] = year
    doc["pub"] = _date_number(record.get("published"), year)
    doc["facets"] = pack_facets(doc)
    if work % WORK_SAMPLE == 0:
        doc["work_sample"] = work
    return orjson.dumps(doc).decode()


def pack_facets(doc: dict[str, Any]) -> str:
    """The values of an index document's ``PACKED_FACETS`` as one string, each facet's values in order.

    >>> packed = pack_facets({"body": ["ISO", "IEC"], "country": "INT", "doctype": "standard", "status": "in-force"})
    >>> unpack_facets(packed)["body"], unpack_facets(packed)["adoption"]
    (['ISO', 'IEC'], [])
    """
    fields = []
    for name in PACKED_FACETS:
        value = doc.get(name)
        fields.append(_VALUE_SEP.join(value) if isinstance(value, list) else value or "")
    return _FIELD_SEP.join(fields)


def unpack_facets(packed: str) -> dict[str, list[str]]:
    """The values of each of ``PACKED_FACETS`` that ``pack_facets`` packed (none: an empty list)."""
    return {
        name: held.split(_VALUE_SEP) if held else []
        for name, held in zip(PACKED_FACETS, packed.split(_FIELD_SEP), strict=True)
    }


# What documents share, worked out once: a catalogue has a few thousand committees, sets of ICS codes, kinds of
# priority and dates for a million records (the lists are only read, into JSON).
_priority = functools.lru_cache(maxsize=1 << 12)(priority_of)
_work_hash = functools.lru_cache(maxsize=1 << 18)(work_hash)  # the editions of a work share it
_committee_levels = functools.lru_cache(maxsize=1 << 14)(committee_levels)


@functools.lru_cache(maxsize=1 << 14)
def _ics_levels(codes: tuple[str, ...]) -> list[str]:
    """Every level of the ICS codes: field 03, group 03.120, sub-group 03.120.10 (fixed widths)."""
    return sorted({code[:2] for code in codes} | {code[:6] for code in codes} | set(codes))


def _year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


@functools.lru_cache(maxsize=1 << 16)
def _date_number(date: str | None, year: int | None) -> int:
    """YYYYMMDD of a partial date ("2015-09" -> 20150900), the year alone when that is all there is."""
    if date and date[:4].isdigit():
        digits = date.replace("-", "")[:8]
        if not digits.isdigit():
            digits = "".join(c for c in date if c.isdigit())[:8]
        return int(digits.ljust(8, "0"))
    return year * 10000 if year else 0
