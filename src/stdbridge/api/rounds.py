"""``/api/programmes/{slug}/rounds``: a programme's Delphi review rounds over HTTP. A coordinator opens and closes
rounds; an expert of a party answers each entry of an open round (``PUT``: a first answer or a change) and records
reservations on settled entries; members read a round: while it is open, an expert sees only their own answers;
once it is closed, everybody of the programme sees the anonymous feedback and what the rule made of each entry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import NotFound
from stdbridge.i18n import _
from stdbridge.recognition.model import Answer, EntryDegree, Round
from stdbridge.recognition.rounds import Closing, ReviewRounds

router = APIRouter()
Slug = Annotated[str, Path(min_length=1, max_length=120)]
Number = Annotated[int, Path(ge=1, le=10_000)]
EntryId = Annotated[int, Path(ge=1, le=2**31)]


class OpenRequest(BaseModel):
    deadline: str = Field(min_length=10, max_length=40, description="A date (end of day, UTC) or an ISO date-time.")
    entries: list[int] | None = Field(None, max_length=100_000, description="Default: every unsettled entry.")
    full_review: bool = Field(False, description="A full re-review: every entry, settled ones too.")


class AnswerRequest(BaseModel):
    degree: EntryDegree | None = Field(description="IDT, MOD, NEQ or not-equivalent; null to skip the entry.")
    confidence: int | None = Field(None, description="1 (unsure) to 5 (sure); needed unless skipping.")
    differences: str = Field("", max_length=10_000)
    clauses: list[str] = Field([], max_length=200)
    comment: str = Field("", max_length=10_000)


class ReservationRequest(BaseModel):
    degree: EntryDegree | None = None
    reason: str = Field(min_length=1, max_length=10_000)


def round_json(r: Round) -> dict[str, Any]:
    return {"number": r.number, "deadline": r.deadline, "opened_at": r.opened_at, "closed_at": r.closed_at,
            "full_review": r.full_review, "entries": list(r.entry_ids)}  # fmt: skip


def answer_json(a: Answer) -> dict[str, Any]:
    return {"entry_id": a.entry_id, "degree": None if a.degree is None else a.degree.value,
            "confidence": a.confidence, "differences": a.differences, "clauses": list(a.clauses),
            "comment": a.comment, "at": a.at}  # fmt: skip


def closing_json(c: Closing) -> dict[str, Any]:
    return {**round_json(c.round), "settled": {str(k): v.value for k, v in c.settled.items()},
            "open": list(c.open), "no_consensus": list(c.no_consensus)}  # fmt: skip


def _round_id(service: ReviewRounds, number: int) -> int:
    found = next((r for r in service.store.rounds_of(service.programme_id) if r.number == number), None)
    if found is None or found.id is None:
        raise NotFound(_("the programme {slug} has no round {id}").format(slug=service.programme.slug, id=number))
    return found.id


@router.post("/programmes/{slug}/rounds", status_code=201, summary="Open the next review round (coordinator)")
async def open_round(request: Request, api: State, slug: Slug, asked: OpenRequest, lang: Lang = None) -> Response:
    language(request, lang)

    def work() -> Round:
        service = ReviewRounds.of(api.catalog.store, slug)
        chosen = asked.entries or (service.every_entry() if asked.full_review else service.unsettled())
        return service.open_round(actor_of(request), chosen, asked.deadline, full_review=asked.full_review)

    answer = json_response(round_json(await run_in_threadpool(work)))
    answer.status_code = 201
    return answer


@router.post("/programmes/{slug}/rounds/{number}/close", summary="Close a round and apply the consensus rule")
async def close_round(request: Request, api: State, slug: Slug, number: Number, lang: Lang = None) -> Response:
    language(request, lang)

    def work() -> Closing:
        service = ReviewRounds.of(api.catalog.store, slug)
        return service.close(actor_of(request), _round_id(service, number))

    return json_response(closing_json(await run_in_threadpool(work)))


@router.put("/programmes/{slug}/rounds/{number}/answers/{entry_id}", summary="An expert's answer on an entry")
async def put_answer(
    request: Request, api: State, slug: Slug, number: Number, entry_id: EntryId, asked: AnswerRequest, lang: Lang = None
) -> Response:
    language(request, lang)

    def work() -> Answer:
        service = ReviewRounds.of(api.catalog.store, slug)
        return service.answer(actor_of(request), _round_id(service, number), entry_id, asked.degree, asked.confidence,
                              differences=asked.differences, clauses=asked.clauses, comment=asked.comment)  # fmt: skip

    return json_response(answer_json(await run_in_threadpool(work)))


@router.get("/programmes/{slug}/rounds/{number}", summary="A round: your answers while open, the feedback once closed")
async def show_round(request: Request, api: State, slug: Slug, number: Number, lang: Lang = None) -> Response:
    language(request, lang)

    def work() -> dict[str, Any]:
        service = ReviewRounds.of(api.catalog.store, slug)
        round_id = _round_id(service, number)
        found = service.store.round_by_id(round_id)
        assert found is not None
        if found.closed_at is None:
            mine = service.own_answers(actor_of(request), round_id, found.entry_ids)
            return {**round_json(found), "answers": [answer_json(a) for a in mine.values()]}
        results = service.results(actor_of(request), round_id)
        return {**round_json(found), "results": {str(k): v for k, v in results.items()}}

    return json_response(await run_in_threadpool(work))


@router.post("/programmes/{slug}/entries/{entry_id}/reservation", status_code=201,
             summary="An expert's reservation on a settled entry")  # fmt: skip
async def reserve(
    request: Request, api: State, slug: Slug, entry_id: EntryId, asked: ReservationRequest, lang: Lang = None
) -> Response:
    language(request, lang)

    def work() -> dict[str, Any]:
        kept = ReviewRounds.of(api.catalog.store, slug).reserve(actor_of(request), entry_id, asked.degree, asked.reason)
        return {"entry_id": kept.entry_id, "party": kept.party, "reason": kept.reason, "at": kept.at,
                "degree": None if kept.degree is None else kept.degree.value}  # fmt: skip

    answer = json_response(await run_in_threadpool(work))
    answer.status_code = 201
    return answer
