"""JSON shapes of catalogue objects, shared by the command line's ``--json`` and the HTTP API."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from stdbridge.i18n import current_language
from stdbridge.models import Decision, ImportSummary, Standard, standard_to_record

if TYPE_CHECKING:  # only named in annotations: the command line loads what a command uses
    from stdbridge.catalog import Resolution
    from stdbridge.catalog.graph import Family, Link, StatusOn
    from stdbridge.catalog.links import Counterpart, Step
    from stdbridge.compare import TextComparison
    from stdbridge.compare.records import SideBySide
    from stdbridge.counterparts.suggest import Clue, Suggestion, Suggestions
    from stdbridge.search import SearchHit, SearchResults
    from stdbridge.search.lookup import NotHeld


def standard_json(standard: Standard) -> dict[str, Any]:
    record = standard_to_record(standard)
    record["imported_at"] = standard.imported_at
    return record


def brief_json(standard: Standard, status: StatusOn | None = None) -> dict[str, Any]:
    """A standard in a list; with ``status`` (its status on a date), that status and whether it is derived."""
    return {
        "identifier": standard.identifier,
        "body": standard.body,
        "country": standard.country,
        "status": status.status if status else standard.status.value,
        **({"status_derived": status.derived} if status else {}),
        "published": standard.published,
        "title": standard.title(),
    }


def status_json(status: StatusOn) -> dict[str, Any]:
    """A status on a date for people too: the value, its label, whether stdbridge derived it, and why."""
    from stdbridge.fields import status_label

    return {**status_on_json(status), "label": status_label(status.status), "stated_label": status_label(status.stated)}


def fields_json(standard: Standard) -> dict[str, Any]:
    """The labels of the record's fields and the meanings of its codes, beside the machine keys."""
    from stdbridge.fields import FIELD_LABELS, described_fields, field_label, gb_kind, source_text

    return {
        "labels": {k: field_label(k) for k in FIELD_LABELS},
        "extra": [{"key": f.key, "label": f.label, "value": f.value} for f in described_fields(standard)],
        "gb_kind": gb_kind(standard),
        "source": source_text(standard),
    }


def link_json(link: Link) -> dict[str, Any]:
    from stdbridge.catalog.graph import link_notes

    r = link.relation
    return {
        "relation": link.name,
        "identifier": link.other.identifier if link.other else link.other_text,
        "in_catalogue": link.other is not None,
        "status": link.other.status.value if link.other else None,
        "degree": r.degree.value if r.degree else None,
        "evidence": r.evidence.value,
        "dataset": r.dataset,
        "note": r.note,
        # an edition a relation declares that the catalogue does not hold: its work's current edition, and notes
        "current_edition": link.current.identifier if link.current else None,
        "declared_edition": link.declared,
        "stages": [brief_json(s) for s in link.stages],
        "notes": link_notes(link),
    }


def resolution_json(resolution: Resolution, links: list[Link], status: StatusOn | None = None) -> dict[str, Any]:
    """A resolved standard and its relations; with ``status`` (today's), ``standard.status`` is that status,
    ``status_now`` says whether it is derived and why, and ``described`` gives labels and meanings of its fields."""
    record = standard_json(resolution.standard)
    if status is not None:
        record["status"] = status.status
    return {
        "query": resolution.query,
        "matched_by": resolution.matched_by,
        "note": resolution.note,  # how the identifier typed was read, in the reader's language (None: as typed)
        "standard": record,
        **({"status_now": status_json(status)} if status else {}),
        "described": fields_json(resolution.standard),
        "relations": [link_json(link) for link in links],
        "other_editions": [brief_json(s) for s in resolution.others],
    }


def status_on_json(status: StatusOn) -> dict[str, Any]:
    return {
        "date": status.date,
        "status": status.status,
        "derived": status.derived,
        "stated": status.stated,
        "since": status.since,
        "until": status.until,
        "basis": status.basis,
    }


def family_json(family: Family) -> dict[str, Any]:
    return {
        "standard": brief_json(family.standard),
        "current_edition": brief_json(family.current) if family.current else None,
        "editions": [brief_json(s, family.status_on.get(s.edition_key)) for s in family.editions],
        "drafts": [brief_json(s) for s in family.drafts],
        "supplements": [brief_json(s, family.status_on.get(s.edition_key)) for s in family.supplements],
        "replaces": _chain_json(family.replaces_chain),
        "replaced_by": _chain_json(family.replaced_by_chain),
        "adoptions": [link_json(link) for link in family.adoptions],
        "status_on": {k: status_on_json(v) for k, v in family.status_on.items()},
        "stages": {k: [brief_json(s) for s in v] for k, v in family.stages.items()},
    }


def _chain_json(chain: list[list[Standard]]) -> list[dict[str, Any]]:
    """A supersession chain, flat: each standard with its step (1 = nearest; a merger has several in one step)."""
    return [{**brief_json(s), "step": n} for n, step in enumerate(chain, 1) for s in step]


def counterpart_json(c: Counterpart, status: StatusOn | None = None) -> dict[str, Any]:
    from stdbridge.catalog.links import absent_note

    return {
        **brief_json(c.standard, status),
        "in_catalogue": c.held,
        "current_edition": c.current.identifier if c.current else None,
        "note": None if c.held else absent_note(c.standard.identifier, c.current),
        "kind": c.kind,
        "degree": c.degree.value if c.degree else None,
        "evidence": c.evidence,
        "path": _path_json(c.path),
    }


def _path_json(path: list[Step]) -> list[dict[str, Any]]:
    return [
        {
            "from": s.source,
            "relation": s.relation,
            "to": s.target,
            "from_in_catalogue": s.source_held,
            "to_in_catalogue": s.target_held,
            "degree": s.degree.value if s.degree else None,
            "evidence": s.evidence.value,
        }
        for s in path
    ]


def clue_json(clue: Clue) -> dict[str, Any]:
    return {"kind": clue.kind, "value": clue.value, "points": clue.points, "detail": clue.detail}


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    """One suggested counterpart: always marked ``"relation": "suggested"``, never a declared relation."""
    return {
        **brief_json(s.standard),
        "work": s.standard.work_key,
        "relation": s.status,
        "score": s.score,
        "degree_hint": s.degree_hint.value if s.degree_hint else None,
        "evidence": [clue_json(c) for c in s.clues],
    }


def suggestions_json(found: Suggestions) -> dict[str, Any]:
    return {
        "standard": brief_json(found.standard),
        "target": {"body": found.body, "country": found.country},
        "suggestions": [suggestion_json(s) for s in found.suggestions],
        "declared": [counterpart_json(c) for c in found.declared],
        "rejected_left_out": found.rejected,
    }


def decision_json(d: Decision) -> dict[str, Any]:
    return {
        "id": d.id,
        "source": d.source_key,
        "target": d.target_key,
        "verdict": d.verdict.value,
        "degree": d.degree.value if d.degree else None,
        "by": d.by,
        "at": d.at,
        "note": d.note,
    }


def decision_history_json(history: list[Decision]) -> list[dict[str, Any]]:
    """Decisions oldest first (``Store.decision_history``), each marked ``current`` when it is the latest about its
    pair of editions, the one that stands."""
    latest = {(d.source_key, d.target_key): d.id for d in history}
    return [{**decision_json(d), "current": latest[(d.source_key, d.target_key)] == d.id} for d in history]


def side_by_side_json(side: SideBySide) -> dict[str, Any]:
    c = side.connection
    return {
        "a": brief_json(side.a),
        "b": brief_json(side.b),
        "rows": [{"key": r.key, "label": r.label, "a": r.a, "b": r.b, "match": r.match} for r in side.rows],
        "link": {
            "kind": c.kind,
            "degree": c.degree.value if c.degree else None,
            "path": _path_json(c.path),
            "score": c.score,
            "rank": c.rank,
            "evidence": [clue_json(clue) for clue in c.clues],
            "decision": decision_json(c.decision) if c.decision else None,
            "found_from": c.found_from,
            "declared_edition": c.declared_edition,
            "declared_edition_in_catalogue": c.declared_held if c.declared_edition else None,
            "current_edition": c.current.identifier if c.current else None,
            "declared_for": c.declared_for,
        },
    }


def comparison_json(side: SideBySide | None, texts: TextComparison | None) -> dict[str, Any]:
    """Two standards compared, one shape wherever it is asked for (``stdbridge compare --format json``,
    ``/api/compare``, the comparison page's download): the records side by side when the catalogue holds both,
    else what the texts are called (``{"input": ...}``); with ``"texts"``, clause by clause, when they were given."""
    if side is not None:
        answer = side_by_side_json(side)
    elif texts is not None:
        answer = {"a": {"input": texts.a.label}, "b": {"input": texts.b.label}}
    else:
        raise ValueError("nothing compared: neither records nor texts")
    if texts is not None:
        answer["texts"] = texts.to_json()
    return answer


def hit_json(hit: SearchHit) -> dict[str, Any]:
    s = hit.standard
    return {
        "identifier": s.identifier,
        "titles": s.titles,
        "title": s.title(current_language()),
        "status": hit.status.status if hit.status else s.status.value,
        "status_derived": hit.status.derived if hit.status else False,
        "type": s.doctype.value,
        "body": s.body,
        "copublishers": list(s.copublishers),
        "country": s.country,
        "published": s.published,
        "ics": list(s.ics),
        "score": round(hit.score, 4),
        "matched_by": hit.matched_by,
        "highlights": hit.highlights,
        "more_editions": hit.more_editions,
    }


def search_json(results: SearchResults) -> dict[str, Any]:
    r = results.request
    return {
        "query": r.query,
        "filters": {k: v for k, v in asdict(r.filters).items() if v},
        "sort": r.sort,
        "offset": r.offset,
        "limit": r.limit,
        "not_held": not_held_json(results.not_held) if results.not_held is not None else None,
        "total": results.total,
        "works": results.works,
        "works_estimated": results.works_estimated,
        "results": [hit_json(h) for h in results.hits],
        "facets": {
            name: [{"value": v.value, "count": v.count, **({"titles": v.titles} if v.titles else {})} for v in values]
            for name, values in results.facets.items()
        },
        "did_you_mean": [brief_json(s) for s in results.did_you_mean],
        "understood": results.understood,
        "milliseconds": results.milliseconds,
    }


def not_held_json(unheld: NotHeld) -> dict[str, Any]:
    """An identifier the catalogue does not hold, with what it adopts and what adopts it."""
    return {
        "identifier": unheld.identifier,
        "in_catalogue": False,
        "adopts": [{**brief_json(a.standard), "degree": a.degree.value if a.degree else None} for a in unheld.adopts],
        "adopted_by": [
            {**brief_json(a.standard), "degree": a.degree.value if a.degree else None} for a in unheld.adopted_by
        ],
    }


def summary_json(summary: ImportSummary) -> dict[str, Any]:
    from stdbridge.catalog.ingest import summary_dict

    return {**summary_dict(summary), "events": len(summary.events)}
