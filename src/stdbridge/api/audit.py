"""``GET /api/audit``: the entries of the audit log, for administrators; and ``require_administrator``, the one
check the audit page and this route make before reading it.

Until there are accounts, the administrator is the person at the keyboard of an embedded catalogue (``stdbridge
serve`` binds to 127.0.0.1): the log is read only by requests from this machine (a loopback address). With
accounts, the check becomes the administrator role of the signed-in user (``stdbridge.accounts.require``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from stdbridge import audit
from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language

router = APIRouter()
MAX_PAGE = 500  # entries one answer gives at most


def require_administrator(request: Request) -> None:
    """Refuse a request that may not read the audit log: only administrators read it (``accounts``: the local
    administrator of an embedded catalogue, else a signed-in user or a token with the role of admin)."""
    require(actor_of(request), Role.ADMIN)


@router.get("/audit", summary="The entries of the audit log, newest first, with their hashes (administrators)")
async def audit_entries(
    request: Request,
    api: State,
    since: Annotated[
        str | None, Query(max_length=40, description="From this date (YYYY-MM-DD) or date-time on, UTC.")
    ] = None,
    user: Annotated[str | None, Query(max_length=200, description="The actor's name, as recorded.")] = None,
    action: Annotated[str | None, Query(max_length=40, description="One action: " + ", ".join(audit.ACTIONS))] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    require_administrator(request)
    query = audit.query_of(since, user, action, offset=offset, limit=limit)
    store = api.catalog.store
    entries = store.audit_entries(query)
    seq, hash_ = store.audit_head()
    return json_response({"total": store.count_audit(query), "offset": offset, "limit": limit,
                          "head": {"seq": seq, "hash": hash_}, "entries": [e.to_json() for e in entries]})  # fmt: skip
