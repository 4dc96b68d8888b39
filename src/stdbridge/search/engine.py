"""One search over every catalogue: identifiers first, then words in any language, with filters and facets.

``Search.search(SearchRequest)`` answers with ``SearchResults``: the standards an identifier-like query names
(``lookup``), followed by the keyword matches (``query``) ranked by BM25 times the record's priority, one per
work unless asked otherwise, each with its title matches marked; facet counts of everything found, with the
number of works they make; and, when nothing was, the nearest identifiers. A query that is an identifier the
catalogue does not hold says so (``not_held``), with what it adopts leading the results. A request with filters
and no query lists what the filters select (browsing a classification or a committee).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

import tantivy
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from stdbridge.bodies import body_code
from stdbridge.catalog.lifecycle import StatusOn, status_now_of_each
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.language.lexicon import Lexicon
from stdbridge.language.text import STOPWORDS
from stdbridge.models import DocType, Standard, Status
from stdbridge.search.highlight import highlight
from stdbridge.search.index import FACET_FIELDS, PACKED_FACETS, SearchIndex, unpack_facets, work_hash
from stdbridge.search.lookup import IdentifierMatch, NotHeld, find_by_identifier, looks_like_identifier, not_held
from stdbridge.search.query import QueryAnalyzer, QueryPlan, held_only, keyword_query, match_query, most_matches
from stdbridge.search.selection import any_term
from stdbridge.search.works import Counting, matches_in, works_spec
from stdbridge.store import Store

MAX_LIMIT = 100
MAX_OFFSET = 5000
SORTS = ("relevance", "newest", "oldest")
_FEW = 10  # fewer strict matches than this: add the relaxed ones after them
_IDENTIFIER_HITS = 400
_REORDERED = 60  # how far down adoptions are checked for their originals
_REMEMBERED = 1024  # answers kept (least recently asked dropped first)
_FACET_VALUES = 60  # values of a facet shown beside search results
_EVERY_VALUE = 10_000  # values of a facet counted over the whole catalogue: every body and country
_ICS_DEEPER = 60  # ICS groups and sub-groups shown among the facets, besides the fields
# the combinations of packed facets one aggregation returns (a few thousand are held in a 1.3 M catalogue): with
# the other facets' values and the works counted beside them, under the engine's limit of 65,000 buckets a request
_PACKED_VALUES = 50_000


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions on results; values within one field are alternatives, fields combine."""

    body: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    doctype: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    ics: tuple[str, ...] = ()  # a field, group or sub-group code: 03, 03.120, 03.120.10
    adoption: tuple[str, ...] = ()  # "adopts", "adopts-IDT", "adopts-MOD", "adopts-NEQ", "adopted"
    ccs: tuple[str, ...] = ()  # a CCS category, group or class: L, L00/09, L06
    committee: tuple[str, ...] = ()  # a committee (its sub-committees too), or a GB record's 归口单位
    kind: tuple[str, ...] = ()  # the series of a Chinese standard: GB, GB/T, GB/Z, HG/T, DB11/T, T/CAS
    department: tuple[str, ...] = ()  # a GB record's 主管部门
    year_from: int | None = None
    year_to: int | None = None

    def __post_init__(self) -> None:
        # codes as the index holds them, however they were typed: ``body=iso`` is ISO, ``country=cn`` CN
        object.__setattr__(self, "body", tuple(body_code(v) for v in self.body))
        object.__setattr__(self, "country", tuple(v.strip().upper() for v in self.country))
        for value in self.doctype:
            if value not in DocType.__members__.values():
                raise UsageError(_("unknown document type '{value}'; use one of: {values}").format(
                    value=value, values=", ".join(d.value for d in DocType)))  # fmt: skip
        for value in self.status:
            if value not in Status.__members__.values():
                raise UsageError(_("unknown status '{value}'; use one of: {values}").format(
                    value=value, values=", ".join(s.value for s in Status)))  # fmt: skip
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise UsageError(_("the year range {start}-{end} is empty").format(start=self.year_from, end=self.year_to))

    def any(self) -> bool:
        return any(getattr(self, name) for name in (*FACET_FIELDS, "year_from", "year_to"))


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    filters: Filters = Filters()
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    group: bool = True  # one result per work (its best-ranked edition)

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise UsageError(_("unknown sort '{value}'; use one of: {values}").format(
                value=self.sort, values=", ".join(SORTS)))  # fmt: skip
        if not 1 <= self.limit <= MAX_LIMIT:
            raise UsageError(_("the page size must be between 1 and {most}").format(most=MAX_LIMIT))
        if not 0 <= self.offset <= MAX_OFFSET:
            raise UsageError(_("results can be paged up to {most}").format(most=MAX_OFFSET))


class _Match(NamedTuple):
    sid: int
    score: float
    how: str  # "identifier" or "keyword"
    work: int  # hash of the work key
    priority: float  # see index.priority_of; 0 for the named standards (never compared)


@dataclass(slots=True)
class SearchHit:
    standard: Standard
    score: float
    matched_by: str  # "identifier" or "keyword"
    highlights: dict[str, str] = field(default_factory=dict)  # language -> title with <mark>ed matches (HTML)
    more_editions: int = 0  # other documents of the same work among the matches
    status: StatusOn | None = None  # its status today, as the status facet counts it (``catalog.lifecycle``)


@dataclass(slots=True)
class FacetValue:
    value: str
    count: int
    titles: dict[str, str] = field(default_factory=dict)  # for ICS codes


@dataclass(slots=True)
class SearchResults:
    request: SearchRequest
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    did_you_mean: list[Standard] = field(default_factory=list)
    understood: dict[str, Any] = field(default_factory=dict)  # how the query was read
    milliseconds: float = 0.0
    works: int = 0  # the works the matching records make (one per work when results are grouped)
    not_held: NotHeld | None = None  # the query is an identifier the catalogue does not hold
    works_estimated: bool = False  # ``works`` is the engine's estimate (more than pages reach; ``search.works``)


class Search:
    """Search over a store and its index."""

    def __init__(self, store: Store, index: SearchIndex, lexicon: Lexicon) -> None:
        self.store = store
        self.index = index
        self.analyzer = QueryAnalyzer(index.analyzers, lexicon)
        self._answers: OrderedDict[tuple[SearchRequest, int], SearchResults] = OrderedDict()
        self._lock = threading.Lock()
        self._titles: dict[str, dict[str, dict[str, str]]] = {}  # scheme -> code -> titles, once per generation
        self._titles_generation = -1

    def search(self, request: SearchRequest) -> SearchResults:
        """The answer to ``request``: a popular query is answered from memory until the index changes."""
        started = time.perf_counter()
        key = (request, self.index.generation)
        with self._lock:  # the server's threads share the memory
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
        if answer is not None:
            return dataclasses.replace(answer, milliseconds=round((time.perf_counter() - started) * 1000, 2))
        with self.store.reading():  # the request's reads share one connection
            answer = self._search(request)
        with self._lock:
            self._answers[key] = answer
            if len(self._answers) > _REMEMBERED:
                self._answers.popitem(last=False)
        return answer

    def _search(self, request: SearchRequest) -> SearchResults:
        started = time.perf_counter()
        searcher = self.index.searcher()
        plan = self.analyzer.analyze(request.query, partial(_spelling, searcher))
        browsing = not plan.text
        if browsing and not request.filters.any():
            raise UsageError(_("type something to search for: an identifier or words"))
        schema = self.index.schema
        matched = find_by_identifier(self.store, plan.text) if looks_like_identifier(plan.text) else IdentifierMatch()
        unheld = not_held(self.store, plan.text) if not matched.standards and not browsing else None
        if unheld is not None and unheld.adopts:  # what the identifier adopts leads, as it does in suggest
            matched = IdentifierMatch([a.standard for a in unheld.adopts], "adopts", matched.did_you_mean)
        filters = _filter_clauses(schema, request.filters)
        named = self._named(searcher, matched, filters)
        held = functools.cache(searcher.doc_freq)  # the terms' frequencies, read once for the queries built below
        num_docs = searcher.num_docs
        plan = held_only(plan, held)
        keyword = tantivy.Query.all_query() if browsing else keyword_query(schema, plan)
        # the words of a query that names a standard are only read strictly: they are its identifier's parts
        may_relax = not named
        strict = _combined(schema, keyword, [m.sid for m in named], filters, relaxed=False, plan=plan, doc_freq=held)
        # The facets (and the records, when the query names some) and the works are counted by the engine on
        # another core while this one ranks and reads the page (``works``): the works from the matches the ranking
        # read instead, when it read them all.
        at_most = num_docs if browsing else most_matches(plan, held) + len(named)
        spec = _search_spec(with_records=bool(named), at_most=at_most)
        counting = Counting(searcher, spec, strict, _window(request), partial(self._facet_values, searcher=searcher))

        def count_relaxed() -> None:  # the relaxed matches are counted instead, while the ranking reads them
            loose = _combined(schema, keyword, [m.sid for m in named], filters, relaxed=True, plan=plan, doc_freq=held,
                              num_docs=num_docs)  # fmt: skip
            assert loose is not None  # there are words to relax
            wider = most_matches(plan, held, relaxed=True) + len(named)
            # their works in the same pass, however many: reading the relaxed matches again costs more
            counting.restart(loose, _search_spec(with_records=bool(named), at_most=wider, every=True))

        named_ids = {m.sid for m in named}
        hits, relaxed, counted, read_all = self._keyword_hits(
            searcher, plan, keyword, filters, request, named_ids, may_relax, count_relaxed, held
        )
        everything = counting.query
        ordered = named + hits
        page = _first_of_each_work(ordered) if request.group else ordered
        if request.sort == "relevance" and not (request.filters.country or request.filters.body) and not browsing:
            page = self._originals_first(page)
        if request.sort == "relevance" and not browsing:
            page = _scores_in_order(page)
        page = page[request.offset : request.offset + request.limit]
        standards = self.store.standards_by_ids([m.sid for m in page])
        statuses = status_now_of_each(self.store, standards.values(), dt.date.today())
        results = [
            SearchHit(
                standards[m.sid],
                m.score,
                m.how,
                self._highlights(standards[m.sid], plan),
                status=statuses[m.sid],
            )
            for m in page
            if m.sid in standards
        ]
        if request.group:
            _count_editions(results, ordered)
        aggregated = counting.result()
        facets = counting.digested() or {}
        if everything is None:
            total = 0
        elif named:  # the named standards and the keyword matches overlap: counted together, in the aggregation
            total = matches_in(aggregated)
        else:
            total = counted
        if everything is None:
            work_count, estimated = 0, False
        elif read_all:
            work_count, estimated = len({m.work for m in ordered}), False
        else:
            work_count, estimated = counting.works(total)
        understood: dict[str, Any] = {"identifier": matched.how or None, "relaxed": relaxed}
        if plan.translations:
            understood["translations"] = plan.translations
        if plan.corrections:
            understood["corrections"] = plan.corrections
        if browsing:
            understood["browsing"] = True
        else:
            understood.update(self._names_a_group(searcher, request.query))
        return SearchResults(
            request, total, results, facets, matched.did_you_mean, understood,
            round((time.perf_counter() - started) * 1000, 2), work_count, unheld, estimated,
        )  # fmt: skip

    def _names_a_group(self, searcher: tantivy.Searcher, query: str) -> dict[str, dict[str, Any]]:
        """A query that is the name of a committee (ISO/TC 176, a 归口单位) or of a 主管部门, as records hold it:
        {"committee": {"code", "records"}} and the like, so that pages can lead to its committee page or list."""
        text = " ".join(query.split())
        found: dict[str, dict[str, Any]] = {}
        if not text or len(text) > 120:
            return found
        for name in ("committee", "department"):
            for value in dict.fromkeys((text, text.upper())):
                records = _count(
                    searcher.search(tantivy.Query.term_query(self.index.schema, name, value), 1, count=True)
                )
                if records:
                    found[name] = {"code": value, "records": records}
                    break
        return found

    def _named(self, searcher: tantivy.Searcher, matched: IdentifierMatch,
               filters: list[tantivy.Query]) -> list[_Match]:  # fmt: skip
        """The standards the query names, in order, that pass the filters."""
        named = [
            _Match(s.id, 0.0, "identifier", work_hash(s.work_key), 0.0)
            for s in matched.standards[:_IDENTIFIER_HITS]
            if s.id is not None
        ]
        if not named or not filters:
            return named
        allowed = tantivy.Query.term_set_query(self.index.schema, "sid", [m.sid for m in named])
        found = searcher.search(_all_of([allowed, *filters]), len(named))
        passing = set(searcher.fast_field_values("sid", [address for _, address in found.hits]))
        return [m for m in named if m.sid in passing]

    def _keyword_hits(
        self,
        searcher: tantivy.Searcher,
        plan: QueryPlan,
        keyword: tantivy.Query | None,
        filters: list[tantivy.Query],
        request: SearchRequest,
        exclude: set[int],
        may_relax: bool,
        relaxing: Callable[[], None],
        doc_freq: Callable[[str, str], int],
    ) -> tuple[list[_Match], bool, int, bool]:
        """The keyword matches in ranked order, whether the relaxed query was needed, how many match, and whether
        those read are all of them; ``relaxing`` is called when the relaxed query is about to be read."""
        if keyword is None:
            return [], False, 0, True
        window = _window(request)
        hits, counted = self._run(searcher, _all_of([keyword, *filters]), window, request.sort, exclude)
        # Whether to relax is decided on the whole catalogue, not within the filters, so that narrowing a
        # search by a facet finds as many records as the facet counted (counted there only when the filtered
        # matches are few: the whole catalogue holds at least as many).
        relaxed = False
        if may_relax and counted < _FEW and len(plan.required) >= 2:
            strict_total = counted if not filters else _count(searcher.search(keyword, 1, count=True))
            relaxed = strict_total < _FEW
        if relaxed:
            relaxing()
            loose = keyword_query(self.index.schema, plan, relaxed=True, doc_freq=doc_freq, num_docs=searcher.num_docs)
            assert loose is not None
            seen = exclude | {m.sid for m in hits}
            more, counted = self._run(searcher, _all_of([loose, *filters]), window, request.sort, seen)
            hits += more  # the relaxed query matches everything the strict one does: its count is the total
        return hits, relaxed, counted, counted <= window

    @staticmethod
    def _run(searcher: tantivy.Searcher, query: tantivy.Query, window: int, sort: str,
             exclude: set[int]) -> tuple[list[_Match], int]:  # fmt: skip
        """The best ``window`` matches of ``query`` (in ``sort`` order), and how many there are in all."""
        if sort == "relevance":
            found = searcher.search(query, window, count=True, weight_by_field="priority")
        else:
            order = tantivy.Order.Desc if sort == "newest" else tantivy.Order.Asc
            found = searcher.search(query, window, count=True, order_by_field="pub", order=order)
        addresses = [address for _, address in found.hits]
        sids = searcher.fast_field_values("sid", addresses)
        works = searcher.fast_field_values("work", addresses)
        priorities = searcher.fast_field_values("priority", addresses)
        matches = [
            _Match(int(sid), float(score) if sort == "relevance" else 0.0, "keyword", int(work or 0), float(p or 0))
            for (score, _), sid, work, p in zip(found.hits, sids, works, priorities, strict=True)
            if sid is not None and sid not in exclude
        ]
        return matches, _count(found)

    def _originals_first(self, ranked: list[_Match]) -> list[_Match]:
        """Among the first results, an adopted original comes just before its highest-ranked adoption: the
        national copy of an international standard matches the same words, and the user asked no country."""
        head = ranked[:_REORDERED]
        place = {m.sid: i for i, m in enumerate(head) if m.how == "keyword"}
        # the original may be shown through another edition of its work (GB/T 19001-2008 adopts ISO 9001:2008,
        # and ISO 9001:2015 stands for the work): match adoptions to results by work
        work_place = {m.work: i for i, m in reversed(list(enumerate(head))) if m.how == "keyword"}
        moves: dict[int, int] = {}  # original's sid -> position of its best-ranked adoption above it
        for source_id, target_id, target_work_key in self.store.adoption_targets(list(place)):
            if source_id not in place:
                continue
            original_at = place.get(target_id or -1, work_place.get(work_hash(target_work_key)))
            adopter_at = place[source_id]
            if original_at is not None and adopter_at < original_at:
                sid = head[original_at].sid
                moves[sid] = min(adopter_at, moves.get(sid, adopter_at))
        if not moves:
            return ranked
        moved = list(head)
        for sid, before in sorted(moves.items(), key=lambda kv: kv[1]):
            original = head[place[sid]]
            moved.remove(original)
            moved.insert(moved.index(head[before]), original)
        return moved + ranked[_REORDERED:]

    def _highlights(self, standard: Standard, plan: QueryPlan) -> dict[str, str]:
        marked = {}
        for lang, title in standard.titles.items():
            found = highlight(title, lang, plan.stems, plan.cjk_words, self.index.analyzers)
            if found is not None:
                marked[lang] = found
        return marked

    # figures over a part of the catalogue (overview pages and analyses) ---------------------------------
    def facet_counts(self, filters: Filters = Filters()) -> tuple[int, dict[str, list[FacetValue]]]:
        """How many standards pass ``filters``, and their counts by body, country, type, status, ICS code
        (every level), adoption and year."""
        query = _all_of(_filter_clauses(self.index.schema, filters) or [tantivy.Query.all_query()])
        searcher = self.index.searcher()
        return _count(searcher.search(query, 1, count=True)), self._facets(searcher, query, size=_EVERY_VALUE)

    def ids_of(self, filters: Filters) -> set[int]:
        """The store ids of every standard that passes ``filters`` (an ICS field takes everything under it)."""
        query = _all_of(_filter_clauses(self.index.schema, filters) or [tantivy.Query.all_query()])
        searcher = self.index.searcher()
        total = _count(searcher.search(query, 1, count=True))
        if not total:
            return set()
        addresses = [address for _, address in searcher.search(query, total).hits]
        return {int(sid) for sid in searcher.fast_field_values("sid", addresses) if sid is not None}

    def class_counts(self, field: str, filters: Filters = Filters()) -> dict[str, int]:
        """How many standards passing ``filters`` each code of ``field`` ("ics", "ccs", "committee") holds, every
        level, and under "" how many hold any code: what a classification tree shows beside its nodes (see
        bench/bench_browse.py)."""
        if field not in ("ics", "ccs", "committee"):
            raise UsageError(_("unknown classification '{value}'; use one of: {values}").format(
                value=field, values="ics, ccs, committee"))  # fmt: skip
        query = _all_of(_filter_clauses(self.index.schema, filters) or [tantivy.Query.all_query()])
        searcher = self.index.searcher()
        found = searcher.aggregate(query, {field: {"terms": {"field": field, "size": _EVERY_VALUE}}})
        counts = {str(b["key"]): int(b["doc_count"]) for b in found.get(field, {}).get("buckets", [])}
        counts[""] = _count(searcher.search(_all_of([query, tantivy.Query.exists_query(field)]), 1, count=True))
        return counts

    def top_words(self, filters: Filters = Filters(), lang: str = "en", limit: int = 50) -> list[tuple[str, int]]:
        """The words most titles use among the standards that pass ``filters`` ("en": English titles as written;
        "zh": Chinese titles, segmented), with their number of standards, function words left out."""
        field = "words_zh" if lang == "zh" else "words_en"
        query = _all_of(_filter_clauses(self.index.schema, filters) or [tantivy.Query.all_query()])
        found = self.index.searcher().terms_with_prefix(field, "", filter_query=query, limit=limit * 4 + 100)
        words = [(w, n) for w, n in found if _is_content_word(w)]
        return words[:limit]

    def _facets(
        self, searcher: tantivy.Searcher, query: tantivy.Query, size: int = _FACET_VALUES
    ) -> dict[str, list[FacetValue]]:
        """The counts by facet: the ``size`` values most held of each (of ICS codes, 400)."""
        return self._facet_values(searcher.aggregate(query, facet_spec(size)), query, searcher, size)

    def _facet_values(
        self, found: dict[str, Any], query: tantivy.Query, searcher: tantivy.Searcher, size: int = _FACET_VALUES
    ) -> dict[str, list[FacetValue]]:
        """The facets of an aggregation of ``query`` by ``facet_spec(size)``, years newest first, ICS codes with
        their titles."""
        buckets = {name: found.get(name, {}).get("buckets", []) for name in (*FACET_FIELDS, "year")}
        packed = found.get("facets", {})
        if packed.get("sum_other_doc_count"):  # more combinations than one aggregation returns: each from its terms
            buckets.update(_counted_by_terms(searcher, query, size))
        else:
            buckets.update(_unpacked(packed.get("buckets", []), size))
        # every ICS field, and the most used groups and sub-groups (only those are made values)
        ics, ccs = buckets["ics"], buckets["ccs"]
        buckets["ics"] = [b for b in ics if "." not in b["key"]] + [b for b in ics if "." in b["key"]][:_ICS_DEEPER]
        buckets["ccs"] = [b for b in ccs if len(b["key"]) == 1] + [b for b in ccs if len(b["key"]) > 1][:_ICS_DEEPER]
        facets = {
            name: [FacetValue(str(b["key"]), int(b["doc_count"])) for b in held] for name, held in buckets.items()
        }
        for value in facets["year"]:
            value.value = str(int(float(value.value)))
        facets["year"].sort(key=lambda v: v.value, reverse=True)
        for name, scheme in (("ics", "ICS"), ("ccs", "CCS"), ("committee", "committee")):
            titles = self.titles_of(scheme, [v.value for v in facets[name]])
            for value in facets[name]:
                value.titles = titles[value.value]
        return facets

    def titles_of(self, scheme: str, codes: list[str]) -> dict[str, dict[str, str]]:
        """The titles of codes of a classification or of committees ({} for a code the catalogue does not
        describe), from memory: the same few hundred codes come back beside every search, and an import (a new
        generation) may change them."""
        if self._titles_generation != self.index.generation:
            self._titles = {}
            self._titles_generation = self.index.generation
        known = self._titles.setdefault(scheme, {})
        missing = [code for code in codes if code not in known]
        if missing:
            entries = self.store.classes(scheme, missing)
            known.update((code, entries[code].titles if code in entries else {}) for code in missing)
        return {code: known[code] for code in codes}


# Words of titles too common to say anything about a catalogue (besides the function words).
_GENERIC_WORDS = frozenset(
    "part general requirements requirement specification specifications method methods test tests "
    "determination use using guide guidelines vocabulary terms definitions amendment corrigendum technical "
    "standard standards code codes system systems type types "
    "部分 第 要求 通用要求 一般要求 规范 技术规范 通则 总则 导则 指南 术语 方法 试验方法 测定 条件 技术条件 "
    "标准 规程 分类".split()
)


def _is_content_word(word: str) -> bool:
    return len(word) > 1 and not word.isdigit() and word not in STOPWORDS and word not in _GENERIC_WORDS


def facet_spec(size: int = _FACET_VALUES) -> dict[str, Any]:
    """The engine's aggregation of every facet: the combinations of the packed ones (``index.PACKED_FACETS``, all
    of them) and terms of each other field over its fast column, ``size`` values most held (of ICS codes 400, every
    level; of years 200)."""
    spec: dict[str, Any] = {
        name: {"terms": {"field": name, "size": size}} for name in FACET_FIELDS if name not in PACKED_FACETS
    }
    spec["ics"]["terms"]["size"] = spec["ccs"]["terms"]["size"] = 400
    spec["year"] = {"terms": {"field": "year", "size": 200}}
    spec["facets"] = {"terms": {"field": "facets", "size": _PACKED_VALUES}}
    return spec


def _unpacked(combinations: list[dict[str, Any]], size: int) -> dict[str, list[dict[str, Any]]]:
    """The buckets of each packed facet (``key``, ``doc_count``; the ``size`` most held, most first, equals in the
    order of their values) from the counts of their combinations."""
    counts: dict[str, dict[str, int]] = {name: {} for name in PACKED_FACETS}
    for bucket in combinations:
        count = int(bucket["doc_count"])
        for name, values in _combination(bucket["key"]):
            of_facet = counts[name]
            for value in values:
                of_facet[value] = of_facet.get(value, 0) + count
    return {name: _most_held(found.items(), size) for name, found in counts.items()}


def _most_held(counts: Iterable[tuple[str, int]], size: int) -> list[dict[str, Any]]:
    """Buckets of the engine's shape (``key``, ``doc_count``) of the ``size`` values held most, equals in the order
    of their values; values held by none left out."""
    ranked = sorted(((value, n) for value, n in counts if n), key=lambda kv: (-kv[1], kv[0]))[:size]
    return [{"key": value, "doc_count": n} for value, n in ranked]


@functools.lru_cache(maxsize=1 << 16)
def _combination(packed: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each packed facet's distinct values in a combination (the same few thousand come back beside every search)."""
    return tuple((name, tuple(dict.fromkeys(values))) for name, values in unpack_facets(packed).items())


def _counted_by_terms(searcher: tantivy.Searcher, query: tantivy.Query, size: int) -> dict[str, list[dict[str, Any]]]:
    """The buckets of each packed facet as ``_unpacked`` gives them, counted from each field's terms instead: for a
    catalogue whose combinations of packed values are more than one aggregation returns (_PACKED_VALUES)."""
    return {
        name: _most_held(searcher.terms_with_prefix(name, "", filter_query=query, limit=1_000_000), size)
        for name in PACKED_FACETS
    }


def _search_spec(*, with_records: bool, at_most: int, every: bool = False) -> dict[str, Any]:
    """What a search aggregates in its one pass over the matches: the facets, how many matches there are when
    the query names standards (``records``: the named and the keyword matches overlap), and their works
    (``works.works_spec``, the matches being at most ``at_most``; ``every``: counted in the pass however many)."""
    spec = facet_spec()
    if with_records:
        spec["records"] = {"value_count": {"field": "sid"}}
    spec.update(works_spec(at_most, in_pass=every))
    return spec


def _window(request: SearchRequest) -> int:
    """How many matches the ranking reads for ``request``: its page and those before it, and for a page of works
    (``group``) eight documents a work, with a margin."""
    return min(MAX_OFFSET + MAX_LIMIT, (request.offset + request.limit) * (8 if request.group else 1) + 40)


def _spelling(searcher: tantivy.Searcher, word: str) -> str | None:
    """The title word ``word`` most likely misspells, or None when titles use it (or nothing is close):
    among the words sharing its first two letters, the nearest by edit distance (at most 1 for short words,
    2 for longer ones), the most used of equals."""
    fields = ("words_en", "words")
    if len(word) < 4 or not word.isalpha() or any(searcher.doc_freq(f, word) for f in fields):
        return None
    known: dict[str, int] = {}
    for f in fields:
        for term, count in searcher.terms_with_prefix(f, word[:2], limit=20_000):
            known[term] = known.get(term, 0) + count
    worst = 1 if len(word) < 7 else 2
    found = process.extract(word, list(known), scorer=Levenshtein.distance, score_cutoff=worst, limit=20)
    if not found:
        return None
    best = min(found, key=lambda f: (f[1], -known[f[0]]))
    return str(best[0])


def _count(result: tantivy.SearchResult) -> int:
    return int(result.count)  # type: ignore[attr-defined]  # tantivy's stub leaves the count out


def _all_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])


def _filter_clauses(schema: tantivy.Schema, filters: Filters) -> list[tantivy.Query]:
    clauses = [any_term(schema, name, getattr(filters, name)) for name in FACET_FIELDS if getattr(filters, name)]
    if filters.year_from or filters.year_to:
        clauses.append(
            tantivy.Query.range_query(schema, "year", tantivy.FieldType.Unsigned, filters.year_from, filters.year_to)
        )
    return clauses


def _combined(schema: tantivy.Schema, keyword: tantivy.Query | None, named: list[int],
              filters: list[tantivy.Query], *, relaxed: bool, plan: QueryPlan,
              doc_freq: Callable[[str, str], int] | None = None,
              num_docs: int = 0) -> tantivy.Query | None:  # fmt: skip
    """Everything the results hold: the keyword matches (relaxed ones too when they were used) and the
    standards the query names, within the filters; facets and the total count read it, so the keyword matches
    are those of ``match_query``, which only matches (``keyword`` itself when browsing)."""
    either: list[tuple[tantivy.Occur, tantivy.Query]] = []
    if keyword is not None:
        matching = match_query(schema, plan, relaxed=relaxed, doc_freq=doc_freq, num_docs=num_docs)
        either.append((tantivy.Occur.Should, matching or keyword))
    if named:
        either.append((tantivy.Occur.Should, tantivy.Query.term_set_query(schema, "sid", named)))
    if not either:
        return None
    return _all_of([tantivy.Query.boolean_query(either), *filters])


def _scores_in_order(ranked: list[_Match]) -> list[_Match]:
    """The ranking with no score above the one before it, so that a list in ranked order reads in order: the
    matches of a relaxed query come after the strict ones whatever their own score, and an original moved before its
    adoption (``_originals_first``) keeps its place; each such match shows the score of the one above it."""
    ceiling = float("inf")
    ordered = []
    for m in ranked:
        if m.how == "keyword":
            if m.score > ceiling:
                m = m._replace(score=ceiling)
            ceiling = m.score
        ordered.append(m)
    return ordered


def _first_of_each_work(ordered: list[_Match]) -> list[_Match]:
    """One match per work, at the place of the work's best-ranked match: the one of highest priority (the
    current edition, when it matched at all), else the best-ranked. Named standards keep their own order."""
    place: dict[int, int] = {}
    kept: list[_Match] = []
    for m in ordered:
        at = place.get(m.work)
        if at is None:
            place[m.work] = len(kept)
            kept.append(m)
        elif m.how == "keyword" and kept[at].how == "keyword" and m.priority > kept[at].priority:
            kept[at] = m._replace(score=kept[at].score)
    return kept


def _count_editions(results: list[SearchHit], ordered: list[_Match]) -> None:
    """How many other documents of each shown work are among the matches read."""
    counts: dict[int, int] = {}
    for m in ordered:
        counts[m.work] = counts.get(m.work, 0) + 1
    for hit in results:
        hit.more_editions = counts.get(work_hash(hit.standard.work_key), 1) - 1


__all__ = ["Filters", "Search", "SearchHit", "SearchRequest", "SearchResults", "facet_spec"]
