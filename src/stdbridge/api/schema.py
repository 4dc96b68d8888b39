"""The OpenAPI schema as the server really answers: every error in the one shape ``error_body`` gives (FastAPI
would document its own validation error, ``{"detail": [...]}``, which this API never sends), with the statuses
the API answers with, and the media types of answers that can be pages or workbooks."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

__all__ = ["ERROR_SCHEMA", "documented_schema"]

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "description": "The one shape of every error; some carry more fields (problems, nearest, retry_after).",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status, again."},
                "code": {"type": "string", "description": "Stable, for machines: not-found, invalid-parameters ..."},
                "message": {"type": "string", "description": "For people, in the language asked (en or zh)."},
                "problems": {
                    "type": "array",
                    "description": "invalid-parameters: each parameter and what is wrong with it.",
                    "items": {
                        "type": "object",
                        "properties": {"parameter": {"type": "string"}, "problem": {"type": "string"}},
                    },
                },
                "parameter": {"type": "string", "description": "unknown-name: the parameter."},
                "value": {"type": "string", "description": "unknown-name: the value given."},
                "nearest": {"type": "array", "items": {"type": "string"}, "description": "unknown-name."},
                "retry_after": {"type": "integer", "description": "too-many-requests: seconds to wait."},
            },
            "additionalProperties": True,
        }
    },
}
_ERRORS = {
    "400": "A request that cannot be carried out as asked: bad-request, bad-identifier, unknown-name ...",
    "401": "unauthenticated: signing in (a session) or a valid token (Authorization: Bearer sbt_...) is needed; "
    "see the WWW-Authenticate header.",
    "403": "forbidden: the user or token lacks the role the action needs (the message names it).",
    "404": "not-found: no standard (or route) matches.",
    "422": "invalid-parameters: a parameter is missing or malformed (each named in problems); "
    "unreadable-document: an uploaded text cannot be read.",
    "429": "too-many-requests: the rate of calls per token or address is passed; see the Retry-After header.",
    "503": "catalogue-unavailable: the catalogue cannot be read just now (its database server is unreachable or "
    "restarting: see the Retry-After header).",
}
_UPLOAD_ERRORS = {"413": "too-large: the request, or a file in it, is larger than the limit."}
_OTHER_MEDIA = {"html": "text/html", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def documented_schema(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI schema (made once, then kept), with the real error shape and statuses."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for fastapi_own in ("HTTPValidationError", "ValidationError"):
        components.pop(fastapi_own, None)
    components["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            errors = {**_ERRORS, **(_UPLOAD_ERRORS if method == "post" else {})}
            for status, description in errors.items():
                responses[status] = {"description": description, "content": error}
            for waiting in ("429", "503"):
                responses[waiting]["headers"] = {
                    "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
                }
            formats = next((p for p in operation.get("parameters", []) if p["name"] == "format"), None)
            ok = responses.get("200") or responses.get("201")
            if ok is not None and ok.get("content", {}).get("application/json", {}).get("schema") == {}:
                ok["content"]["application/json"]["schema"] = {"type": "object"}  # every JSON answer is an object
            if formats is not None and ok is not None:
                offered = str(formats.get("schema", {}))
                for name, media in _OTHER_MEDIA.items():
                    if f"'{name}'" in offered:
                        ok.setdefault("content", {})[media] = {"schema": {"type": "string"}}
    app.openapi_schema = schema
    return schema
