"""``/api/programmes/{slug}/rounds``: a programme's Delphi review rounds over HTTP. A coordinator opens and closes
rounds; an expert of a party answers each entry of an open round (``PUT``: a first answer or a change) and records
reservations on settled entries; members read a round: while it is open, an expert sees only their own answers;
once it is closed, everybody of the programme sees the anonymous feedback and what the rule made of each entry.

``/api/programmes/{slug}/comment-periods``: the public comment on a draft. The coordinator opens a period (``POST``);
a stakeholder — a user with the role of contributor: associations, enterprises, third parties — comments on an
entry or on the whole draft until it closes; the coordinator replies to each comment with its handling (``PUT``
``.../reply``); anyone who may read the programme reads the periods with their handling log (``GET``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from stdbridge.accounts.roles import Actor
from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import NotFound
from stdbridge.i18n import _
from stdbridge.recognition.model import Answer, EntryDegree, Round
from stdbridge.recognition.programmes import may_read
from stdbridge.recognition.rounds import Closing, ReviewRounds
from stdbridge.store import Store

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


class CommentPeriodRequest(BaseModel):
    closes_at: str = Field(min_length=10, max_length=40, description="A date (end of day, UTC) or an ISO date-time.")


class CommentRequest(BaseModel):
    text: str = Field(min_length=1, max_length=10_000)
    entry_id: int | None = Field(None, ge=1, le=2**31, description="The entry commented on; null: the whole draft.")
    organisation: str = Field("", max_length=200, description="The association, enterprise ... the comment is of.")
    party: str | None = Field(None, max_length=40, description="The party the commenter belongs to, if any.")


class ReplyRequest(BaseModel):
    handling: str = Field(description="accepted, partly-accepted, not-accepted or noted")
    reply: str = Field(min_length=1, max_length=10_000)


PeriodId = Annotated[int, Path(ge=1, le=2**31)]


@router.post("/programmes/{slug}/comment-periods", status_code=201,
             summary="Open the draft for public comment until a date (coordinator)")  # fmt: skip
async def open_comment_period(
    request: Request, api: State, slug: Slug, asked: CommentPeriodRequest, lang: Lang = None
) -> Response:
    language(request, lang)

    def work() -> dict[str, Any]:
        service = ReviewRounds.of(api.catalog.store, slug)
        period = service.open_comment(actor_of(request), asked.closes_at)
        return _plain(next(p for p in service.comment_periods() if p["id"] == period))

    answer = json_response(await run_in_threadpool(work))
    answer.status_code = 201
    return answer


@router.get("/programmes/{slug}/comment-periods",
            summary="The comment periods of a programme, each with its comments and how each was handled")  # fmt: skip
async def comment_periods(request: Request, api: State, slug: Slug, lang: Lang = None) -> Response:
    language(request, lang)

    def work() -> dict[str, Any]:
        service = readable_rounds(api.catalog.store, actor_of(request), slug)
        periods = [{**_plain(p), "comments": [_plain(c) for c in service.handling_log(p["id"])]}
                   for p in service.comment_periods()]  # fmt: skip
        return {"programme": service.programme.slug, "periods": periods}

    return json_response(await run_in_threadpool(work))


@router.post("/programmes/{slug}/comment-periods/{period}/comments", status_code=201,
             summary="A stakeholder's comment on the draft, on one entry or general (contributor)")  # fmt: skip
async def add_comment(
    request: Request, api: State, slug: Slug, period: PeriodId, asked: CommentRequest, lang: Lang = None
) -> Response:
    language(request, lang)

    def work() -> dict[str, Any]:
        service = ReviewRounds.of(api.catalog.store, slug)
        kept = service.comment(actor_of(request), period, asked.text, entry_id=asked.entry_id,
                               organisation=asked.organisation, party=asked.party)  # fmt: skip
        return _plain(next(c for c in service.handling_log(period) if c["id"] == kept))

    answer = json_response(await run_in_threadpool(work))
    answer.status_code = 201
    return answer


@router.put("/programmes/{slug}/comment-periods/{period}/comments/{comment_id}/reply",
            summary="The coordinator's reply to a comment and how it was handled")  # fmt: skip
async def reply_to_comment(
    request: Request, api: State, slug: Slug, period: PeriodId, comment_id: PeriodId, asked: ReplyRequest,
    lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)

    def work() -> dict[str, Any]:
        service = ReviewRounds.of(api.catalog.store, slug)
        service.reply(actor_of(request), period, comment_id, asked.handling, asked.reply)
        return _plain(next(c for c in service.handling_log(period) if c["id"] == comment_id))

    return json_response(await run_in_threadpool(work))


def readable_rounds(store: Store, actor: Actor, slug: str) -> ReviewRounds:
    """The rounds of a programme the actor may read (a members-only one reads as absent to others)."""
    service = ReviewRounds.of(store, slug)
    if not may_read(store, actor, service.programme):
        raise NotFound(_("there is no programme {slug!r}").format(slug=slug))
    return service


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row with plain ``str`` keys (the store's are SQLAlchemy's names), as JSON takes them."""
    return {str(k): v for k, v in row.items()}
