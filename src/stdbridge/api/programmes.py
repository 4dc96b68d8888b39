"""Mutual-recognition programmes over HTTP: list, create (editors), read one with its counts and flagged entries,
its entries with filters, and the coordinator's actions — add an expert, move the step, draft the catalogue,
import a list of pairs (CSV or XLSX, uploaded). A members-only programme is read by its members alone."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, error_body, json_response, language
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import (
    STEPS,
    Assessment,
    Basis,
    ConsensusRule,
    Entry,
    EntryDegree,
    EntryState,
    MemberRole,
    Origin,
    Programme,
    RelationKind,
    Scope,
    Stage,
    Visibility,
)

router = APIRouter()
MAX_PAIRS_BYTES = 5 * 1024 * 1024


class PartyRequest(BaseModel):
    name: str = Field(min_length=1, max_length=40, description="A country or body as people name it: GB, JIS, CN.")
    language: str = Field(min_length=2, max_length=5, description="zh, en, ru, ja ...")


class ProgrammeRequest(BaseModel):
    slug: str = Field(min_length=1, max_length=60)
    title: dict[str, str] = Field(description="The title by language: {'en': ..., 'zh': ...}.")
    parties: list[PartyRequest] = Field(min_length=2, max_length=10)
    ics: list[str] = Field(default_factory=list, max_length=50)
    committees: list[str] = Field(default_factory=list, max_length=50)
    standards: list[str] = Field(default_factory=list, max_length=5000,
                                 description="A list of standards of the scope, by identifier.")  # fmt: skip
    product_classes: list[str] = Field(default_factory=list, max_length=50)
    share: str = Field("2/3", max_length=10, description="Consensus: the share of each party's experts.")
    min_answers: int = Field(2, ge=1, le=100)
    max_rounds: int = Field(3, ge=1, le=20)
    review_period_months: int | None = Field(None, ge=1, le=240)
    visibility: Visibility = Visibility.PUBLIC


class MemberRequest(BaseModel):
    user: str = Field(min_length=1, max_length=80)
    party: str | None = Field(None, max_length=40)
    language: str = Field("en", min_length=2, max_length=5)
    role: MemberRole = MemberRole.EXPERT


class EntryRequest(BaseModel):
    standards: dict[str, str] = Field(description="One identifier per party, by the party's code: "
                                      "{'GB': 'GB/T 19001-2016', 'ISO': 'ISO 9001:2015'}.")  # fmt: skip
    degree: EntryDegree = EntryDegree.NEQ
    basis: Basis = Basis.ADOPTION
    kind: RelationKind | None = Field(None, description="Where the basis is not an adoption.")
    product_class: str = Field("", max_length=200)
    transition_from: str | None = Field(None, max_length=10, description="An ISO date: 2026-12-31.")
    transition_until: str | None = Field(None, max_length=10)
    verdict: str = Field("", max_length=2000, description="The equivalence assessment's verdict (basis assessment).")
    evidence: str = Field("", max_length=5000)
    assessors: list[str] = Field(default_factory=list, max_length=20)


class SymbiosisRequest(BaseModel):
    note: str = Field(min_length=1, max_length=2000, description="What the parties jointly developed or revised.")


class StepRequest(BaseModel):
    step: str = Field(description="One of the steps, or 'next'.")


def programme_json(p: Programme) -> dict[str, Any]:
    return {"slug": p.slug, "title": p.title,
            "parties": [{"code": x.code, "language": x.language, "systems": list(x.bodies)} for x in p.parties],
            "scope": {"ics": list(p.scope.ics), "committees": list(p.scope.committees),
                      "standards": list(p.scope.standards), "product_classes": list(p.scope.product_classes)},
            "rule": {"share": str(p.rule.share), "min_answers": p.rule.min_answers, "max_rounds": p.rule.max_rounds},
            "coordinator_id": p.coordinator_id, "step": p.step.value, "steps": [s.value for s in STEPS],
            "visibility": p.visibility.value, "review_period_months": p.review_period_months,
            "review_due": prog.review_due(p), "created_at": p.created_at}  # fmt: skip


def entry_json(e: Entry) -> dict[str, Any]:
    return {"id": e.id, "standards": [{"party": s.party, "identifier": s.identifier, "edition_key": s.edition_key}
                                      for s in e.standards],
            "proposed": e.proposed.value, "degree": e.degree.value if e.degree else None, "origin": e.origin.value,
            "basis": e.basis.value, "kind": e.kind.value if e.kind else None, "state": e.state.value,
            "stage": e.stage.value, "score": e.score, "evidence": list(e.evidence),
            "assessment": None if e.assessment is None else {"verdict": e.assessment.verdict,
                                                             "evidence": e.assessment.evidence,
                                                             "assessors": list(e.assessment.assessors)},
            "product_class": e.product_class, "transition_from": e.transition_from,
            "transition_until": e.transition_until, "needs_review": e.needs_review, "differences": e.differences,
            "rounds_taken": e.rounds_taken}  # fmt: skip


def _readable(api: State, request: Request, slug: str) -> Programme:
    p = prog.programme_of(api.catalog.store, slug)
    if not prog.may_read(api.catalog.store, actor_of(request), p):
        raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))  # hidden, not forbidden
    return p


@router.get("/programmes", summary="The programmes the one asking may read")
async def list_programmes(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    store, actor = api.catalog.store, actor_of(request)
    found = await run_in_threadpool(store.list_programmes)
    return json_response([programme_json(p) for p in found if prog.may_read(store, actor, p)])


@router.post("/programmes", status_code=201, summary="Create a programme (editors); its creator coordinates it")
async def create_programme(request: Request, api: State, asked: ProgrammeRequest, lang: Lang = None) -> Response:
    language(request, lang)
    from fractions import Fraction

    try:
        share = Fraction(asked.share)
    except (ValueError, ZeroDivisionError):
        raise UsageError(_("the share is a fraction such as 2/3, not {value!r}").format(value=asked.share)) from None

    def create() -> Programme:
        parties = [prog.read_party(api.catalog, p.name, p.language) for p in asked.parties]
        listed = prog.scope_standards(api.catalog, asked.standards, "standards") if asked.standards else ()
        return prog.create_programme(
            api.catalog, actor_of(request), asked.slug, asked.title, parties,
            Scope(tuple(asked.ics), tuple(asked.committees), listed, tuple(asked.product_classes)),
            rule=ConsensusRule(share, asked.min_answers, asked.max_rounds), visibility=asked.visibility,
            review_period_months=asked.review_period_months,
        )  # fmt: skip

    made = await run_in_threadpool(create)
    answer = json_response(programme_json(made))
    answer.status_code = 201
    return answer


@router.get("/programmes/{slug}", summary="A programme: its step, counts per stage, state, origin and ICS field, "
            "its members and the entries that need review")  # fmt: skip
async def show_programme(request: Request, api: State, slug: str, lang: Lang = None) -> Response:
    language(request, lang)

    def read() -> dict[str, Any]:
        p = _readable(api, request, slug)
        assert p.id is not None
        store = api.catalog.store
        flagged = store.entries_of(p.id, needs_review=True, limit=200)[0]
        by_ics = {field: dict(c) for field, c in prog.counts_by_ics(api.catalog, p).items()}
        members = [{"user_id": m.user_id, "role": m.role.value, "party": m.party, "language": m.language}
                   for m in store.members_of(p.id)]  # fmt: skip
        return {**programme_json(p), "counts": store.entry_counts(p.id), "by_ics": by_ics, "members": members,
                "needs_review": [entry_json(e) for e in flagged]}  # fmt: skip

    return json_response(await run_in_threadpool(read))


@router.get("/programmes/{slug}/entries", summary="A page of a programme's entries, filtered")
async def list_entries(
    request: Request, api: State, slug: str, state: EntryState | None = None, stage: Stage | None = None,
    origin: Origin | None = None, flagged: bool | None = None, offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50, lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)

    def read() -> dict[str, Any]:
        p = _readable(api, request, slug)
        assert p.id is not None
        found, total = api.catalog.store.entries_of(p.id, state=state, stage=stage, origin=origin,
                                                    needs_review=flagged, offset=offset, limit=limit)  # fmt: skip
        return {"total": total, "offset": offset, "entries": [entry_json(e) for e in found]}

    return json_response(await run_in_threadpool(read))


@router.post("/programmes/{slug}/members", summary="Add an expert (or change one): the coordinator's action")
async def add_member(request: Request, api: State, slug: str, asked: MemberRequest, lang: Lang = None) -> Response:
    language(request, lang)
    store = api.catalog.store
    p = prog.programme_of(store, slug)
    m = await run_in_threadpool(prog.add_member, store, actor_of(request), p, asked.user, asked.party,
                                asked.language, asked.role)  # fmt: skip
    return json_response({"user_id": m.user_id, "role": m.role.value, "party": m.party, "language": m.language})


@router.post("/programmes/{slug}/step", summary="Move the programme to a step: the coordinator's action")
async def set_step(request: Request, api: State, slug: str, asked: StepRequest, lang: Lang = None) -> Response:
    language(request, lang)
    store = api.catalog.store
    p = await run_in_threadpool(prog.set_step, store, actor_of(request), prog.programme_of(store, slug), asked.step)
    return json_response(programme_json(p))


@router.post("/programmes/{slug}/draft", summary="Draft the catalogue over the scope: the coordinator's action")
async def draft(request: Request, api: State, slug: str, lang: Lang = None) -> Response:
    language(request, lang)
    from stdbridge.recognition.draft import draft as drafting

    p = prog.programme_of(api.catalog.store, slug)
    summary = await run_in_threadpool(drafting, api.catalog, actor_of(request), p)
    return json_response(summary.to_json())


@router.post("/programmes/{slug}/pairs", status_code=201, summary="Import a list of pairs (CSV or XLSX, a column "
             "per party's code): all rows or none; the coordinator's action")  # fmt: skip
async def import_pairs(request: Request, api: State, slug: str, file: Annotated[UploadFile, File()],
                       lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    from stdbridge.recognition.draft import PairsRefused
    from stdbridge.recognition.draft import import_pairs as importing

    p = prog.programme_of(api.catalog.store, slug)
    prog.require_coordinator(actor_of(request), p)  # before reading the upload
    data = await file.read(MAX_PAIRS_BYTES + 1)
    if len(data) > MAX_PAIRS_BYTES:
        raise UsageError(_("the list is larger than {size} MB").format(size=MAX_PAIRS_BYTES // 2**20))
    try:
        made = await run_in_threadpool(importing, api.catalog, actor_of(request), p, data,
                                       file.filename or "pairs.csv")  # fmt: skip
    except PairsRefused as refused:  # the error's one shape, with each bad row: its number, column and value
        rows = [{"row": r.row, "column": r.column, "value": r.value, "message": str(r)} for r in refused.rows]
        answer = json_response(error_body(400, "bad-request", str(refused), rows=rows))
        answer.status_code = 400
        return answer
    answer = json_response({"imported": len(made), "entries": [entry_json(e) for e in made]})
    answer.status_code = 201
    return answer


def entry_of(store: Any, programme: Programme, entry_id: int) -> Entry:
    """The entry ``entry_id`` of ``programme`` (``NotFound`` when it is another programme's or none)."""
    found = store.entries_by_id([entry_id]).get(entry_id)
    if found is None or found.programme_id != programme.id:
        raise NotFound(_("{slug} has no entry {id}").format(slug=programme.slug, id=entry_id))
    entry: Entry = found
    return entry


def entry_fields(asked: EntryRequest) -> tuple[dict[str, str], Assessment | None]:
    """The row ``draft.add_entry`` reads, and the assessment, of an entry asked for by hand."""
    fields = {**asked.standards, "degree": asked.degree.value, "basis": asked.basis.value,
              "kind": asked.kind.value if asked.kind else "", "product_class": asked.product_class,
              "transition_from": asked.transition_from or "",
              "transition_until": asked.transition_until or ""}  # fmt: skip
    verdict = asked.verdict.strip()
    assessment = Assessment(verdict, asked.evidence.strip(), tuple(a.strip() for a in asked.assessors if a.strip()))
    return fields, assessment if verdict else None


@router.get("/programmes/{slug}/entries/{entry_id}", summary="One entry of a programme")
async def show_entry(request: Request, api: State, slug: str, entry_id: Annotated[int, Path(ge=1, le=2**31)],
                     lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)

    def read() -> dict[str, Any]:
        p = _readable(api, request, slug)
        return entry_json(entry_of(api.catalog.store, p, entry_id))

    return json_response(await run_in_threadpool(read))


@router.post("/programmes/{slug}/entries", status_code=201, summary="Add an entry by hand (one identifier per "
             "party, proposed degree, basis, relation kind, transition dates): the coordinator's action")  # fmt: skip
async def add_entry(request: Request, api: State, slug: str, asked: EntryRequest, lang: Lang = None) -> Response:
    language(request, lang)
    from stdbridge.recognition.draft import add_entry as adding

    p = prog.programme_of(api.catalog.store, slug)
    fields, assessment = entry_fields(asked)
    made = await run_in_threadpool(lambda: adding(api.catalog, actor_of(request), p, fields, assessment=assessment))
    answer = json_response(entry_json(made))
    answer.status_code = 201
    return answer


@router.post("/programmes/{slug}/entries/{entry_id}/symbiosis", summary="Record that an entry's standards were "
             "jointly developed or revised by the parties (stage symbiosis): the coordinator's action")  # fmt: skip
async def record_symbiosis(request: Request, api: State, slug: str,
                           entry_id: Annotated[int, Path(ge=1, le=2**31)], asked: SymbiosisRequest,
                           lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    store = api.catalog.store

    def record() -> Entry:
        p = prog.programme_of(store, slug)
        prog.require_coordinator(actor_of(request), p)  # before telling whether the entry exists
        return prog.record_symbiosis(store, actor_of(request), p, entry_of(store, p, entry_id), asked.note)

    return json_response(entry_json(await run_in_threadpool(record)))
