"""The pages of a programme's Delphi review rounds (``recognition.rounds``):

- ``/programmes/SLUG/rounds``: the rounds so far (number, deadline, open or closed, answers); for the programme's
  coordinator the forms that open the next round with a deadline (over the unsettled entries, or a full re-review
  of every entry, saying when the programme's review period makes one due), close the open round and close the
  rounds past their deadline (``POST`` with ``action=open|close|close-due``); after a close, how many entries
  settled, went to the next round or reached no consensus (``?closed=N``).
- ``/programmes/SLUG/rounds/N`` while round N is open: an expert's review page, ``PER_PAGE`` entries a page (a
  round may hold thousands), one card per entry with both standards and the answer form (degree, confidence,
  differences, clauses, comment; or skip), filled with the expert's own earlier answer and nothing of anybody
  else's; ``POST .../answers`` keeps an answer (a refusal shows the page again with the reason, nothing changed).
- the same address once round N is closed (and ``/programmes/SLUG/rounds/N/results``): for each entry the
  anonymous distribution of the answers per degree and party, the median and spread, the confidences, the
  comments, and the outcome; an expert records a reservation on a settled entry there
  (``POST /programmes/SLUG/entries/ID/reservation``), and the reservations show with the entry, without names.

Who may do what is the service's (``ReviewRounds``); the pages offer each person only their own forms. Every form
carries the CSRF token; a handler checks it before it reads anything else of the request.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from stdbridge.accounts.roles import Actor
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.recognition.consensus import DEGREES
from stdbridge.recognition.model import Entry, EntryDegree, EntryState, Round
from stdbridge.recognition.programmes import may_read, review_due
from stdbridge.recognition.rounds import ReviewRounds, utc_now
from stdbridge.store import Store
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
_LAST_PAGE = 10_000


def degree_names() -> dict[str, str]:
    """The degrees an answer gives, as the forms and the results name them, in the page's language."""
    return {EntryDegree.IDT.value: _("IDT — identical"), EntryDegree.MOD.value: _("MOD — modified"),
            EntryDegree.NEQ.value: _("NEQ — not equivalent in part"),
            EntryDegree.NOT_EQUIVALENT.value: _("not equivalent")}  # fmt: skip


def outcome_names() -> dict[str, str]:
    return {"settled": _("settled"), "open": _("to the next round"), "no-consensus": _("no consensus")}


def reason_names() -> dict[str, str]:
    return {"too-few-answers": _("too few answers"), "no-majority": _("no degree reached the share"),
            "tie": _("two degrees tied"), "disagree": _("the parties agreed on different degrees")}  # fmt: skip


def _service(store: Store, actor: Actor, slug: str) -> ReviewRounds:
    service = ReviewRounds.of(store, slug[:120])
    if not may_read(store, actor, service.programme):
        raise NotFound(_("there is no programme {slug!r}").format(slug=slug[:80]))
    return service


def _round_numbered(service: ReviewRounds, number: int) -> Round:
    found = service.store.round_numbered(service.programme_id, number)
    if found is None or found.id is None:
        raise NotFound(_("the programme {slug} has no round {id}").format(slug=service.programme.slug, id=number))
    return found


def _number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 9 else 0


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _titled(store: Store, entries: list[Entry], lang: str) -> dict[str, dict[str, str]]:
    """The titles of the entries' standards: the reader's language and English, by edition key."""
    held = store.standards_by_keys(s.edition_key for e in entries for s in e.standards)
    return {key: {"own": s.titles.get(lang, ""), "en": s.titles.get("en", "") if lang != "en" else ""}
            for key, s in held.items()}  # fmt: skip


# the coordinator's page ----------------------------------------------------------------------
def _rounds_context(store: Store, actor: Actor, slug: str, closed: int) -> dict[str, Any]:
    service = _service(store, actor, slug)
    rounds = store.rounds_of(service.programme_id)
    answers = store.answers_counted(r.id for r in rounds if r.id is not None)
    releases = store.releases_of(service.programme_id)
    due = review_due(service.programme, releases[-1].published_at if releases else None)
    summary = None
    done = next((r for r in rounds if r.number == closed and r.closed_at is not None), None)
    if done is not None:
        outcomes = [o["outcome"] for o in store.round_outcomes(done.id or 0).values()]
        summary = {"number": done.number, "settled": outcomes.count("settled"), "open": outcomes.count("open"),
                   "no_consensus": outcomes.count("no-consensus")}  # fmt: skip
    open_round = next((r for r in rounds if r.closed_at is None), None)
    now = utc_now().isoformat(timespec="seconds")
    return {"programme": service.programme, "rounds": rounds, "answers": answers, "review_due": due,
            "review_due_now": due is not None and due <= now[:10], "summary": summary, "open_round": open_round,
            "past_deadline": [r for r in rounds if r.closed_at is None and r.deadline < now],
            "unsettled": sum(n for state, n in store.entry_counts(service.programme_id)["state"].items()
                             if state in (EntryState.DRAFT.value, EntryState.IN_REVIEW.value)),
            "coordinating": service.is_coordinator(actor), "expert": service.expert_of(actor) is not None,
            "member": service.is_member(actor), "notice": None}  # fmt: skip


@router.get("/programmes/{slug}/rounds")
async def rounds_page(request: Request, slug: str, closed: int = Query(0, ge=0, le=_LAST_PAGE)) -> Response:
    site, lang = site_of(request), page_language(request)
    context = await run_in_threadpool(_rounds_context, site.catalog.store, actor_of(request), slug, closed)
    return site.renderer.page(request, "rounds.html", context, lang=lang)


@router.post("/programmes/{slug}/rounds")
async def act_on_rounds(request: Request, slug: str) -> Response:
    """Open the next round, close the open one, or close those past their deadline (the coordinator's)."""
    site, lang = site_of(request), page_language(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
    store, actor = site.catalog.store, actor_of(request)
    action = _text(form, "action")

    def act() -> str:
        service = _service(store, actor, slug)
        base = f"/programmes/{service.programme.slug}/rounds"
        if action == "open":
            full = _text(form, "entries") == "all"
            chosen = service.every_entry() if full else service.unsettled()
            made = service.open_round(actor, chosen, _text(form, "deadline")[:40], full_review=full)
            return f"{base}/{made.number}"
        if action == "close":
            open_one = next((r for r in store.rounds_of(service.programme_id) if r.closed_at is None), None)
            if open_one is None or open_one.id is None:
                raise UsageError(_("{slug} has no open round").format(slug=service.programme.slug))
            closing = service.close(actor, open_one.id)
            return f"{base}?closed={closing.round.number}"
        if action == "close-due":
            done = service.close_due(actor)
            return f"{base}?closed={done[-1].round.number}" if done else base
        raise UsageError(_("open a round, close the open one, or close those past their deadline"))

    try:
        target = await run_in_threadpool(act)
    except UsageError as refused:
        context = await run_in_threadpool(_rounds_context, store, actor, slug, 0)
        context["notice"] = str(refused)
        return site.renderer.page(request, "rounds.html", context, lang=lang, status=400)
    return RedirectResponse(target, status_code=303)


# the expert's review page and the results ------------------------------------------------------
def _round_context(store: Store, actor: Actor, slug: str, number: int, page: int, lang: str) -> dict[str, Any]:
    service = _service(store, actor, slug)
    round_ = _round_numbered(service, number)
    rid = round_.id or 0
    total = len(round_.entry_ids)  # in id order: a page of them is a slice
    ids = list(round_.entry_ids[(page - 1) * PER_PAGE : page * PER_PAGE])
    by_id = store.entries_by_id(ids)
    entries = [by_id[i] for i in ids if i in by_id]
    context: dict[str, Any] = {
        "programme": service.programme, "round": round_, "entries": entries, "total": total, "page": page,
        "last_page": max(1, -(-total // PER_PAGE)), "titles": _titled(store, entries, lang),
        "degrees": degree_names(), "degree_order": [d.value for d in DEGREES], "notice": None, "mine": {},
        "coordinating": service.is_coordinator(actor), "expert": service.expert_of(actor), "sent": None,
    }  # fmt: skip
    if round_.closed_at is None:
        if context["expert"] is not None:  # the expert's own answers, nobody else's (the round is the programme's)
            mine = store.answers_of_round(rid, entry_ids=ids, user_id=context["expert"].user_id)
            context["mine"] = {a.entry_id: a for a in mine}
        elif not context["coordinating"]:
            service.own_answers(actor, rid, ids)  # refuses who is neither (Forbidden / Unauthenticated)
        context["answered"] = store.answers_counted([rid])[rid] if context["coordinating"] else None
        context["past_deadline"] = round_.deadline < utc_now().isoformat(timespec="seconds")
        return context
    results = service.results(actor, rid)  # refuses who is not a member
    context.update({"results": {i: results.get(i, {}) for i in ids}, "outcomes": outcome_names(),
                    "reasons": reason_names(),
                    "reservations": _reservations(store, ids)})  # fmt: skip
    return context


def _reservations(store: Store, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The reservations on these entries, by entry: party, degree and reason; never who."""
    found: dict[int, list[dict[str, Any]]] = {}
    for r in store.reservations_of(ids):
        found.setdefault(r.entry_id, []).append({"party": r.party, "degree": None if r.degree is None else
                                                 r.degree.value, "reason": r.reason, "at": r.at})  # fmt: skip
    return found


async def _round_page(request: Request, slug: str, number: int, page: int, *, notice: str | None = None,
                      sent: dict[str, str] | None = None, status: int = 200) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    context = await run_in_threadpool(_round_context, site.catalog.store, actor_of(request), slug, number, page, lang)
    context.update({"notice": notice, "sent": sent})
    template = "round_review.html" if context["round"].closed_at is None else "round_results.html"
    return site.renderer.page(request, template, context, lang=lang, status=status)


@router.get("/programmes/{slug}/rounds/{number}")
async def round_page(
    request: Request, slug: str, number: int = Path(ge=1, le=_LAST_PAGE), page: int = Query(1, ge=1, le=_LAST_PAGE)
) -> Response:
    return await _round_page(request, slug, number, page)


@router.get("/programmes/{slug}/rounds/{number}/results")
async def results_page(
    request: Request, slug: str, number: int = Path(ge=1, le=_LAST_PAGE), page: int = Query(1, ge=1, le=_LAST_PAGE)
) -> Response:
    return await round_page(request, slug, number, page)


def _confidence(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) == 1 else None


@router.post("/programmes/{slug}/rounds/{number}/answers")
async def answer_posted(request: Request, slug: str, number: str) -> Response:
    """An expert's answer on one entry of an open round (``skip`` sent: outside their competence)."""
    site = site_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
    sent = {k: _text(form, k) for k in ("entry_id", "degree", "confidence", "differences", "clauses", "comment")}
    page = max(1, min(_LAST_PAGE, _number(_text(form, "page")) or 1))
    round_number = _number(number)
    if round_number < 1:
        raise NotFound(_("the programme {slug} has no round {id}").format(slug=slug[:80], id=number[:20]))
    store, actor = site.catalog.store, actor_of(request)
    skip = bool(_text(form, "skip"))

    def keep() -> int:
        service = _service(store, actor, slug)
        round_ = _round_numbered(service, round_number)
        entry_id = _number(sent["entry_id"])
        degree = None
        if not skip:
            try:
                degree = EntryDegree(sent["degree"])
            except ValueError:
                raise UsageError(_("choose a degree for entry {id}, or skip it").format(id=entry_id)) from None
        clauses = [c for c in sent["clauses"].replace("，", ",").split(",") if c.strip()]
        service.answer(actor, round_.id or 0, entry_id, degree, None if skip else _confidence(sent["confidence"]),
                       differences="" if skip else sent["differences"], clauses=() if skip else clauses,
                       comment=sent["comment"])  # fmt: skip
        return entry_id

    try:
        entry_id = await run_in_threadpool(keep)
    except UsageError as refused:
        return await _round_page(request, slug, round_number, page, notice=str(refused), sent=sent, status=400)
    return RedirectResponse(f"/programmes/{slug[:120]}/rounds/{round_number}?page={page}&saved={entry_id}"
                            f"#entry-{entry_id}", status_code=303)  # fmt: skip


@router.post("/programmes/{slug}/entries/{entry_id}/reservation")
async def reservation_posted(request: Request, slug: str, entry_id: str) -> Response:
    """An expert's reservation on a settled entry, sent from a round's results page (``round``, ``page``)."""
    site = site_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
    store, actor = site.catalog.store, actor_of(request)
    entry = _number(entry_id)
    round_number, page = _number(_text(form, "round")), max(1, _number(_text(form, "page")) or 1)

    def keep() -> None:
        service = _service(store, actor, slug)
        found = store.entries_by_id([entry]).get(entry)
        if found is None or found.programme_id != service.programme_id:
            raise UsageError(_("entry {id} is not one of {slug}").format(id=entry_id[:20], slug=service.programme.slug))
        chosen = _text(form, "degree")
        degree = EntryDegree(chosen) if chosen in {d.value for d in EntryDegree} else None
        service.reserve(actor, entry, degree, _text(form, "reason"))

    try:
        await run_in_threadpool(keep)
    except UsageError as refused:
        if round_number < 1:
            raise
        return await _round_page(request, slug, round_number, page, notice=str(refused), status=400)
    back = f"/programmes/{slug[:120]}/rounds/{round_number}?page={page}" if round_number else f"/programmes/{slug}"
    return RedirectResponse(f"{back}#entry-{entry}", status_code=303)
