"""Personal API tokens of the user who asks: list, create (the secret is in this answer only), revoke.

A token is sent as ``Authorization: Bearer sbt_...`` and acts with its roles, a subset of its user's.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from stdbridge.accounts.records import ApiToken
from stdbridge.accounts.roles import read_roles
from stdbridge.api.access import actor_of, policy_of
from stdbridge.api.common import Lang, json_response, language
from stdbridge.errors import Unauthenticated
from stdbridge.i18n import _

router = APIRouter()


class TokenRequest(BaseModel):
    name: str = Field(min_length=1, max_length=80, description="What the token is for (a script, a machine).")
    roles: list[str] | None = Field(None, max_length=5, description="Its roles, among yours (default: all yours).")


def token_json(token: ApiToken) -> dict[str, Any]:
    return {"id": token.id, "name": token.name, "roles": sorted(r.value for r in token.roles),
            "created_at": token.created_at, "revoked_at": token.revoked_at}  # fmt: skip


def _signed_in(request: Request) -> None:
    if actor_of(request).user_id is None:
        raise Unauthenticated(_("sign in to manage your API tokens: tokens belong to users"))


@router.get("/tokens", summary="Your personal API tokens (never their secrets)")
async def list_tokens(request: Request, lang: Lang = None) -> Response:
    language(request, lang)
    _signed_in(request)
    found = await run_in_threadpool(policy_of(request).accounts.tokens, actor_of(request))
    return json_response([token_json(t) for t in found])


@router.post("/tokens", status_code=201, summary="A new personal API token: its secret is shown in this answer only")
async def create_token(request: Request, asked: TokenRequest, lang: Lang = None) -> Response:
    language(request, lang)
    _signed_in(request)
    roles = read_roles(asked.roles) if asked.roles is not None else None
    made = await run_in_threadpool(policy_of(request).accounts.create_token, actor_of(request), asked.name, roles)
    answer = json_response({**token_json(made.token), "secret": made.secret})
    answer.status_code = 201
    return answer


@router.delete("/tokens/{token_id}", summary="Revoke one of your API tokens")
async def revoke_token(request: Request, token_id: Annotated[int, Path(ge=1, le=2**31)], lang: Lang = None) -> Response:
    language(request, lang)
    _signed_in(request)
    revoked = await run_in_threadpool(policy_of(request).accounts.revoke_token, actor_of(request), token_id)
    return json_response(token_json(revoked))
