"""``Catalog``: the one entry point the command line, the API and the web page use.

It holds a ``Store`` and knows the meaning of what is stored: how a sloppy
identifier resolves, how sources are imported and merged, and how to walk the
graph of editions, supersessions and adoptions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stdbridge import identifiers
from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role, require
from stdbridge.catalog.graph import (
    Family,
    Link,
    StatusOn,
    current_edition,
    family_of,
    is_live,
    links_of,
    status_on,
)
from stdbridge.catalog.keeper import STALE_AFTER_SECONDS, IndexKeeper
from stdbridge.catalog.lifecycle import status_now
from stdbridge.catalog.links import (
    Counterpart,
    PairLink,
    Step,
    counterpart_along,
    counterparts_of,
    pair_link,
    select_counterparts,
)
from stdbridge.errors import IdentifierError, NotFound, UnknownFormat, UsageError
from stdbridge.i18n import _, listed, ngettext
from stdbridge.identifiers import LOOSE
from stdbridge.importers.base import Importer, build_standard, registry
from stdbridge.models import (
    ClassEntry,
    Decision,
    Degree,
    DocType,
    Evidence,
    ImportSummary,
    Relation,
    RelationType,
    Standard,
    Status,
    Verdict,
)
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.runtime import index_location
from stdbridge.store import Store, open_store
from stdbridge.watch.model import ItemKind, WatchItem

if TYPE_CHECKING:  # loaded by what needs them: showing a record reads the store only
    from stdbridge.bodies import NameResolver, Reading
    from stdbridge.catalog.browse import Branch, Committee
    from stdbridge.counterparts.suggest import Suggester, Suggestions
    from stdbridge.language.lexicon import Lexicon
    from stdbridge.search.engine import Filters, Search, SearchRequest, SearchResults
    from stdbridge.search.index import SearchIndex

_INDEX_CHECK_SECONDS = 0.5  # how often a long-running catalogue looks for changes made by other processes
_KEEPER_PERIOD = 5.0  # seconds between catch-ups of a served catalogue's keeper when no change wakes it
_NOT_EDITIONS = (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT)
MAX_TITLE_QUERY = 300  # characters of a title asked about
_REBUILD_ABOVE = 50_000  # changed editions beyond which indexing everything afresh is quicker than updating


@dataclass(slots=True)
class Resolution:
    """What an identifier the user typed was taken to mean."""

    query: str
    standard: Standard
    matched_by: str  # "edition", "current edition of the work", "compact key", "prefix"
    others: list[Standard] = field(default_factory=list)  # other editions, or other candidates

    @property
    def note(self) -> str | None:
        """A sentence saying how the identifier typed was read, when it was not the exact edition. The edition an
        undated identifier stands for is called current only when it is in force (``graph.is_live``)."""
        if self.matched_by == "edition":
            return None
        if self.matched_by == "current edition of the work":
            if not self.others:  # the one edition held: no choice was made
                said = _("'{query}' was read as {identifier}, the only edition of it the catalogue holds.")
            elif is_live(self.standard):
                said = _("'{query}' names a standard with several editions: this is the current one.")
            else:  # none in force that the catalogue knows of: not to be called current (现行)
                said = _("'{query}' names a standard with several editions: this is the latest the catalogue holds.")
            return said.format(query=self.query, identifier=self.standard.identifier)
        return _("'{query}' was read as {identifier}.").format(query=self.query, identifier=self.standard.identifier)


class Catalog:
    """A linked catalogue of standards over a ``Store``."""

    def __init__(self, store: Store, index_path: Path | None = None) -> None:
        self.store = store
        self._index_path = index_path or index_location(store.location)
        self._search: Search | None = None
        self._suggester: Suggester | None = None
        self._suggester_stamp = -1  # the index stamp the suggester was made at
        self._checked_at = 0.0
        self._names: tuple[int, NameResolver] | None = None  # the index generation it was made at, the resolver
        self.keeper: IndexKeeper | None = None  # the thread keeping the index in step, when served

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None) -> Catalog:
        return cls(open_store(location))

    @cached_property
    def index(self) -> SearchIndex:
        """The search index kept beside the store, made when first asked for (Tantivy is loaded then)."""
        from stdbridge.search.index import SearchIndex

        return SearchIndex(self._index_path)

    # importing -----------------------------------------------------------------------
    def importer(self, format: str, **options: Any) -> Importer:
        found = registry()
        if format not in found:
            message = _("no importer named '{name}'; available: {names}")
            raise UnknownFormat(message.format(name=format, names=", ".join(sorted(found))))
        return found[format](**options)

    def import_path(
        self,
        path: Path,
        format: str,
        *,
        rejects_dir: Path | None = None,
        progress: Progress = NO_PROGRESS,
        actor: Actor = LOCAL_ADMIN,
        by: str | None = None,
        **options: Any,
    ) -> ImportSummary:
        """Import the file ``path`` with the importer ``format``: an editor's action (``actor``; the catalogue
        opened directly, as the command line does, is the local administrator); the audit log records that
        ``actor`` did (named ``by`` when given: the person at the command line)."""
        from stdbridge.catalog.ingest import import_path

        require(actor, Role.EDITOR)
        importer = self.importer(format, **options)
        summary = import_path(
            self.store,
            importer,
            Path(path),
            format=format,
            rejects_dir=rejects_dir,
            progress=progress,
            by=by or actor.name,
            by_id=actor.user_id,
        )
        if self.index.exists():  # else it is built in full when first searched
            self.catch_up_index(progress)
        return summary

    def load_bundled(self, *, rejects_dir: Path | None = None, progress: Progress = NO_PROGRESS,
                     actor: Actor = LOCAL_ADMIN, by: str | None = None) -> list[ImportSummary]:  # fmt: skip
        """Import the classifications, committees and catalogues shipped with stdbridge (an editor's action; the
        audit log records ``actor``, named ``by`` when given)."""
        require(actor, Role.EDITOR)
        from stdbridge.catalog.ingest import import_path
        from stdbridge.importers.bundled import BUNDLED, bundled_path
        from stdbridge.importers.classifications import CcsImporter, IcsImporter, IsoCommitteesImporter

        jobs: list[tuple[Importer, str]] = [
            (IcsImporter(), IcsImporter.bundled_file),
            *((CcsImporter(), name) for name in CcsImporter.bundled_files),
            (IsoCommitteesImporter(), IsoCommitteesImporter.bundled_file),
            *((cls(), cls.bundled_file) for cls in BUNDLED),
        ]
        summaries = [
            import_path(
                self.store,
                imp,
                bundled_path(name),
                format=imp.name,
                rejects_dir=rejects_dir,
                progress=progress,
                by=by or actor.name,
                by_id=actor.user_id,
            )
            for imp, name in jobs
        ]
        from stdbridge.profiles.facts import ProfileFacts  # the country profiles' facts with their sources

        ProfileFacts(self.store).import_bundled(actor, by=by)
        self.rebuild_index(progress)
        return summaries

    # searching ---------------------------------------------------------------------------
    def search(self, request: SearchRequest | str, **filters: Any) -> SearchResults:
        """Search identifiers and titles; ``filters`` are those of ``Filters`` when ``request`` is text. Bodies and
        countries may be named as people name them (``JIS``, ``ГОСТ Р``, ``中国``): see ``read_filters``."""
        if isinstance(request, str):
            from stdbridge.search.engine import Filters, SearchRequest

            request = SearchRequest(request, Filters(**filters))
        if request.filters.body or request.filters.country:
            request = dataclasses.replace(request, filters=self.read_filters(request.filters)[0])
        results = self.search_engine().search(request)
        behind = self.index_behind()
        if behind:  # answered from the index as it is, and said so
            results = dataclasses.replace(results, understood={**results.understood, "index_behind_seconds": behind})
        return results

    def index_behind(self) -> int:
        """For how many seconds the served index has lagged behind the catalogue, when longer than
        ``keeper.STALE_AFTER_SECONDS`` (0 otherwise, and on its own: it catches up before each search)."""
        behind = self.keeper.behind() if self.keeper is not None else 0.0
        return round(behind) if behind > STALE_AFTER_SECONDS else 0

    # names of bodies and countries ------------------------------------------------------
    def names(self) -> NameResolver:
        """Reads the names people type for bodies and countries into stored codes, knowing which codes the
        catalogue holds (remade when the index changes)."""
        engine = self.search_engine()
        generation = engine.index.generation
        if self._names is None or self._names[0] != generation:
            from stdbridge.bodies import NameResolver

            _total, facets = engine.facet_counts()
            held = {kind: [v.value for v in facets.get(kind, [])] for kind in ("body", "country")}
            self._names = (generation, NameResolver(held["body"], held["country"]))
        return self._names[1]

    def read_names(
        self, *, body: Iterable[str] = (), country: Iterable[str] = ()
    ) -> tuple[tuple[str, ...], tuple[str, ...], list[Reading]]:
        """The stored codes of the bodies and countries named, and how each name was read; raises
        ``UnknownName`` (with the nearest known names) for a name that means nothing known."""
        body, country = list(body), list(country)
        if not body and not country:  # nothing to read: the resolver (and the search index it reads) stays unopened
            return (), (), []
        names = self.names()
        bodies = [names.body(text) for text in body]
        countries = [names.country(text) for text in country]
        return tuple(r.code for r in bodies), tuple(r.code for r in countries), [*bodies, *countries]

    def read_filters(self, filters: Filters) -> tuple[Filters, list[Reading]]:
        """``filters`` with their bodies and countries read as stored codes, and how each was read."""
        body, country, readings = self.read_names(body=filters.body, country=filters.country)
        return dataclasses.replace(
            filters, body=tuple(dict.fromkeys(body)), country=tuple(dict.fromkeys(country))
        ), readings

    def read_target(self, body: str | None, country: str | None) -> tuple[str | None, str | None, list[Reading]]:
        """The stored codes of one body and one country as people name them (either may be None), and how each
        was read (``read_names`` for one of each)."""
        bodies, countries, readings = self.read_names(body=[body] if body else [], country=[country] if country else [])
        return (bodies[0] if bodies else None), (countries[0] if countries else None), readings

    def read_watch_items(self, items: Iterable[WatchItem]) -> tuple[list[WatchItem], list[Reading]]:
        """``items`` with the bodies and countries they name, as watched or as a saved search's filters, read as
        stored codes (``JIS`` as JISC, 日本 as JP: a watch item compares codes), and how each was read; raises
        ``UnknownName`` (with the nearest known names) for a name that means nothing known."""
        read: list[WatchItem] = []
        readings: list[Reading] = []
        for item in items:
            value, filters = item.value, dict(item.filters)
            if item.kind in (ItemKind.BODY, ItemKind.COUNTRY):
                is_body = item.kind == ItemKind.BODY
                body, country, said = self.read_target(value if is_body else None, None if is_body else value)
                value = (body if is_body else country) or value
                readings += said
            if filters.get("body") or filters.get("country"):
                body, country, said = self.read_target(filters.get("body"), filters.get("country"))
                filters.update({k: v for k, v in (("body", body), ("country", country)) if v})
                readings += said
            read.append(WatchItem(item.kind, value, filters))
        return read, readings

    def search_engine(self) -> Search:
        """The search over this catalogue. On its own (the command line, a script), the catalogue brings its index
        up to date with the catalogue first; served, with a keeper (``keep_index``), it only reloads what the
        node's indexer wrote: no request ever writes the index."""
        now = time.monotonic()
        if now - self._checked_at > _INDEX_CHECK_SECONDS:
            self._checked_at = now
            if self.keeper is None:
                self.catch_up_index()
            else:
                self.index.reload()
        if self._search is None:
            from stdbridge.search.engine import Search

            self._search = Search(self.store, self.index, _lexicon())
        return self._search

    def keep_index(self, period: float = _KEEPER_PERIOD) -> IndexKeeper:
        """Start keeping the index in step with the change feed in a thread of this process (``catalog.keeper``),
        and stop catching up inside searches; ``stop_keeping_index`` ends it."""

        if self.keeper is None:
            self.keeper = IndexKeeper(self, period)
            self.keeper.start()
        return self.keeper

    def stop_keeping_index(self) -> None:
        if self.keeper is not None:
            self.keeper.stop()
            self.keeper = None

    def rebuild_index(self, progress: Progress = NO_PROGRESS) -> int:
        """Index every standard afresh, as a new generation (readers of the one before keep reading it until they
        reload); returns how many. Waits for the machine's indexer to finish what it writes."""
        with self.index.writing():
            return self._rebuild_index(progress)

    def _rebuild_index(self, progress: Progress) -> int:
        latest = self.store.latest_change()  # read first: a change committed while indexing is taken in again
        return self.index.rebuild(self.store, latest, _lexicon().segment, progress)

    def catch_up_index(self, progress: Progress = NO_PROGRESS, *, wait: bool = True) -> bool:
        """Take in the changes committed since the index last saw the catalogue, by any process or node; returns
        whether this process wrote them (False: another process of this machine is writing the index, and
        ``wait`` is False: its work is reloaded when done)."""
        with self.index.writing(wait=wait) as held:
            if not held:
                self.index.reload()
                return False
            stamp = self.index.stamp
            latest, keys = self.store.changes_since(max(stamp, 0))
            if stamp < 0 or latest < stamp or len(keys) > _REBUILD_ABOVE:  # none, or a catalogue restored older
                self._rebuild_index(progress)
            elif keys:
                progress.step(
                    ngettext(
                        "Updating the search index: {count:,} record",
                        "Updating the search index: {count:,} records",
                        len(keys),
                    ).format(count=len(keys))
                )
                self.index.update(self.store, keys, latest, _lexicon().segment)
            elif latest > stamp:  # a change of no standard: a classification's titles may be new
                self.index.took_in(latest)
            else:
                self.index.reload()
            if self.index.statuses_due():  # a new day: an announced standard may be in force now
                self.index.refresh_statuses(self.store, _lexicon().segment)
            return True

    def is_empty(self) -> bool:
        return next(self.store.iter_records(1), None) is None

    def revision(self) -> tuple[int, int]:
        """Which state of the catalogue this is: it changes with every import and every decision, made by any
        process (``Store.revision``); figures worked out from the catalogue can be remembered under it."""
        return self.store.revision()

    # finding -----------------------------------------------------------------------
    def resolve(self, text: str) -> Resolution:
        """The standard a typed identifier means; raises ``NotFound`` with near matches when none."""
        if not isinstance(text, str) or not text.strip():
            raise UsageError(_("give an identifier, for example 'ISO 9001:2015' or 'GB/T 19001'"))
        parsed: identifiers.Identifier | None
        try:
            parsed = identifiers.parse(text)
        except IdentifierError:
            parsed = None
        if parsed is not None:
            exact = self.store.standards_by_keys([parsed.edition_key]).get(parsed.edition_key)
            if exact is not None and parsed.year is None and exact.status == Status.UNDER_DEVELOPMENT:
                exact = None  # "ISO 37001" is the current edition, not the undated record of its revision
            if exact is not None:
                return Resolution(text, exact, "edition", self._other_editions(exact))
            if parsed.year is None and not parsed.supplements:
                editions = self.store.standards_of_work(parsed.work_key)
                current = current_edition(editions)
                if current is not None:
                    others = [s for s in editions if s.id != current.id]
                    return Resolution(text, current, "current edition of the work", others)
        key = identifiers.compact_key(text)
        for lookup in (key, LOOSE + key) if key else ():  # "ISO 27001" finds ISO/IEC 27001
            by_key = self._by_ids(self.store.standard_ids_by_lookup_key(lookup))
            if by_key:
                chosen = current_edition(by_key) or by_key[0]
                return Resolution(text, chosen, "compact key", [s for s in by_key if s.id != chosen.id])
        near = self.near_matches(text) or self._numbered(text)
        message = _("no standard matches '{query}'").format(query=text.strip()[:200])
        if near:
            message += _("; did you mean {candidates}?").format(candidates=listed(s.identifier for s in near[:5]))
        raise NotFound(message)

    def _numbered(self, text: str) -> list[Standard]:
        """The standards an identifier without its body names ("9001 2015", "60335-2-9"), as search reads it:
        what to offer when no identifier matches."""
        from stdbridge.search.lookup import find_by_identifier, looks_like_identifier  # only when nothing matched

        return find_by_identifier(self.store, text).standards if looks_like_identifier(text) else []

    def near_matches(self, text: str, limit: int = 10) -> list[Standard]:
        key = identifiers.compact_key(text)
        while len(key) >= 3:
            ids = self.store.standard_ids_by_lookup_prefix(key, limit)
            if ids:
                return self._by_ids(ids)
            key = key[:-1]
        return []

    def _by_ids(self, ids: list[int]) -> list[Standard]:
        found = self.store.standards_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def _other_editions(self, standard: Standard) -> list[Standard]:
        return [s for s in self.store.standards_of_work(standard.work_key) if s.id != standard.id]

    def get(self, text: str) -> Standard:
        return self.resolve(text).standard

    # the graph -----------------------------------------------------------------------
    def links(self, standard: Standard) -> list[Link]:
        return links_of(self.store, standard)

    def family(self, text: str, as_of: dt.date | str | None = None) -> Family:
        """The family of a standard, with each edition's status on ``as_of`` (today when not given)."""
        return family_of(self.store, self.get(text), _date(as_of) or dt.date.today())

    def status_now(self, standard: Standard) -> StatusOn:
        """The status of ``standard`` today: the source's, else derived (``catalog.lifecycle``)."""
        return status_now(self.store, standard)

    def status_on(self, text: str, when: dt.date | str) -> StatusOn:
        day = _date(when)
        assert day is not None
        return status_on(self.store, self.get(text), day)

    def counterparts(self, text: str, *, country: str | None = None, body: str | None = None) -> list[Counterpart]:
        """Counterparts of a standard; one not in the catalogue is followed through what its identifier adopts
        (EN ISO 9001:2015 -> ISO 9001:2015 -> GB/T 19001-2016), each path starting with that declared step.
        ``country`` and ``body`` are read as ``names`` reads them."""
        body, country, _readings = self.read_target(body, country)
        try:
            standard = self.get(text)
        except NotFound:
            return self._counterparts_by_identifier(text, country=country, body=body)
        return counterparts_of(self.store, standard, country=country, body=body)

    def link_between(self, a: Standard, b: Standard) -> PairLink | None:
        """What links ``a`` to ``b`` (``links.pair_link``): the one answer the comparison of two standards and the
        batch matrix give; None when nothing declared links them."""
        return pair_link(a, b, store=self.store)

    def _counterparts_by_identifier(self, text: str, *, country: str | None, body: str | None) -> list[Counterpart]:
        try:
            ident = identifiers.parse(text)
        except IdentifierError:
            raise NotFound(_("no standard matches '{query}'").format(query=text.strip()[:200])) from None
        if not ident.adoptions:
            raise NotFound(_("no standard matches '{query}'").format(query=text.strip()[:200]))
        found: dict[str, Counterpart] = {}
        for adoption in ident.adoptions:
            try:
                original = self.get(adoption.identifier.render())
            except NotFound:
                continue
            first = Step(ident.render(), "adopts", original.identifier, adoption.degree, Evidence.IDENTIFIER)
            for c in [Counterpart(original, [], adoption.degree, []), *counterparts_of(self.store, original)]:
                if c.standard.edition_key != ident.edition_key:
                    found.setdefault(c.standard.edition_key, counterpart_along(c.standard, [first, *c.path], c.current))
        return select_counterparts(found.values(), country=country, body=body)

    def adoptions_of(self, standards: list[Standard]) -> tuple[list[Relation], dict[int, Standard]]:
        """The adoptions these standards take part in, either way (an undated adoption of their work
        included), and the adopting standards by id: what a result page shows as badges, in one pass."""
        ids = {s.id for s in standards if s.id is not None}
        relations = [
            r
            for r in self.store.relations_touching(ids, {s.work_key for s in standards})
            if r.type == RelationType.ADOPTS
        ]
        return relations, self.store.standards_by_ids({r.source_id for r in relations if r.source_id is not None})

    # suggested counterparts -----------------------------------------------------------
    def suggester(self) -> Suggester:
        """The suggester over the catalogue as it is: a new one once imports changed what it remembers (the
        rarity of words, the scopes of committees)."""
        from stdbridge.counterparts.suggest import Suggester

        search = self.search_engine()  # takes in imports made since
        if self._suggester is None or self._suggester_stamp != self.index.stamp:
            self._suggester = Suggester(self.store, search, _lexicon())
            self._suggester_stamp = self.index.stamp
        return self._suggester

    def suggest(
        self, text: str, *, body: str | None = None, country: str | None = None, limit: int = 10
    ) -> Suggestions:
        """Counterparts of a standard that no relation declares, ranked and explained.

        A standard the catalogue does not hold is still asked about: an edition it lacks through the nearest
        edition of the work it holds ("ITU-T X.680 (02/2021)" through the edition of X.680 nearest in time),
        an identifier that declares what it adopts ("BS EN ISO 9001:2015") through what it adopts, and a
        title in any language the suggester reads ("信息技术 安全技术 信息安全管理体系 要求") by its words.
        """
        body, country, _readings = self.read_target(body, country)
        try:
            standard, declared = self.get(text), None
        except NotFound as missing:
            standard, declared = self._unheld(text, missing)
        return self.suggester().suggest(standard, body=body, country=country, limit=limit, declared=declared)

    def _unheld(self, text: str, missing: NotFound) -> tuple[Standard, list[Counterpart] | None]:
        try:
            ident = identifiers.parse(text)
        except IdentifierError:
            return self._title_query(text, missing), None
        editions = [s for s in self.store.standards_of_work(ident.work_key) if s.doctype not in _NOT_EDITIONS]
        if editions and ident.year is not None:
            return min(editions, key=lambda s: (abs((s.year or 0) - (ident.year or 0)), -(s.year or 0))), None
        if not ident.adoptions:
            raise missing
        declared = self._counterparts_by_identifier(text, country=None, body=None)
        # what it adopts, it is titled as (an identical or modified adoption keeps the original's title)
        originals = [c.standard for c in declared if len(c.path) == 1]
        titles: dict[str, str | None] = {k: v for s in originals[:1] for k, v in s.titles.items()}
        return build_standard(ident, dataset="query", source_record=text, titles=titles), declared

    def _title_query(self, text: str, missing: NotFound) -> Standard:
        """A standard known only by its title, ``text``: what the suggester reads of it, or ``missing``."""
        title, suggester = " ".join(text.split())[:MAX_TITLE_QUERY], self.suggester()
        query = Standard(identifier=title, edition_key="", work_key="", body="", country="",
                         doctype=DocType.STANDARD, number="", titles={suggester.title_language(title): title},
                         dataset="query", source_record=text)  # fmt: skip
        if len(suggester.words_of(query)) < 2:  # a word or two of junk is not a title to go by
            raise missing
        return query

    def decide(
        self, source: str, target: str, verdict: Verdict, *, by: str, degree: Degree | None = None,
        note: str | None = None, actor: Actor = LOCAL_ADMIN,
    ) -> Decision:  # fmt: skip
        """Accept (with a degree) or reject a suggested counterpart; an accepted one becomes a relation. Only an
        editor may (``actor``: the web and the API pass who asks; the catalogue opened directly is the local
        administrator)."""
        require(actor, Role.EDITOR)
        a, b = self.get(source), self.get(target)
        decision = self.suggester().decide(a, b, verdict, by=by, degree=degree, note=note, actor=actor)
        return decision

    # classifications -----------------------------------------------------------------
    def classification_children(self, scheme: str, parent: str | None = None) -> list[ClassEntry]:
        """The entries of a classification (ICS, CCS) directly under ``parent``, or its top level."""
        return self.store.class_children(scheme, parent)

    def browse(self, scheme: str, code: str | None = None) -> Branch:
        """A node of the ICS or the CCS ("ics", "ccs"; the top level when ``code`` is None) with its children,
        each with the number of records filed under it."""
        from stdbridge.catalog.browse import branch

        return branch(self.store, self.search_engine(), scheme, code)

    def committee(self, code: str) -> Committee:
        """A committee (ISO/TC 176, IEC/TC 61, a SAC/TC or 归口单位): title and scope where known, its records."""
        from stdbridge.catalog.browse import committee

        return committee(self.store, self.search_engine(), code)

    def classes(self, scheme: str, codes: Iterable[str]) -> dict[str, ClassEntry]:
        """Entries of a classification ("ICS", "CCS") or of the committees ("committee") by code."""
        return self.store.classes(scheme, codes)

    # figures -------------------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, int]]:
        return self.store.counts()


def _date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(_("not a date: '{value}' (use YYYY-MM-DD)").format(value=value)) from None


def _lexicon() -> Lexicon:
    """The bundled lexicon, loaded when a search or a suggestion first needs it."""
    from stdbridge.language.lexicon import Lexicon

    return Lexicon.bundled()
