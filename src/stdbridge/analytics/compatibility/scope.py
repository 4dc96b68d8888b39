"""Which standards make a standards system: a ``Scope`` (a body or a country) and its members.

**What counts as a standard of a system.** A scope is a body — as publisher or co-publisher, so ISO/IEC 27001
is a standard of ISO and of IEC — or a country (``INT`` for the international bodies). With ``members="current"``
(the default) it holds the *whole documents in force*: every document type but amendments, corrigenda and
drafts, whose status is in force, announced (published, in force soon) or unknown — some sources give no status
(ITU-R, part of the GB sample) — except that a record of unknown status is left out when a newer edition of its
work is in the scope. ``members="all"`` takes every record of the scope, whatever its type and status (each
edition then counts apart). ``ics`` restricts both systems to the standards classified under an ICS field, group
or sub-group.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdbridge.bodies import Reading, body_code
from stdbridge.catalog import Catalog
from stdbridge.errors import UnknownName, UsageError
from stdbridge.i18n import _
from stdbridge.models import DocType, Standard, Status
from stdbridge.search.selection import standard_ids

SCOPE_KINDS = ("body", "country")
MEMBERS = ("current", "all")
_WHOLE_ONLY = (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT)  # left out of "current"
_CURRENT = (Status.IN_FORCE, Status.ANNOUNCED, Status.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Scope:
    """One standards system: a body (``Scope("body", "ISO")``) or a country (``Scope("country", "JP")``)."""

    kind: str
    code: str

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise UsageError(_("a standards system is a body or a country, not '{kind}'").format(kind=self.kind))
        code = self.code.strip().upper() if isinstance(self.code, str) else ""
        if not code or len(code) > 40 or any(c.isspace() for c in code):
            raise UsageError(_("name a body (ISO, IEC, JISC ...) or a country code (CN, JP, INT ...)"))
        if self.kind == "body":
            code = body_code(code)  # as records spell it: ISO, JISC, Rosstandart
        object.__setattr__(self, "code", code)  # frozen: the one normalisation happens here

    @classmethod
    def read(cls, catalog: Catalog, text: str) -> tuple[Scope, Reading]:
        """A standards system as people name it, and how the name was read (``Catalog.names``): ``body:JIS``,
        ``country:中国``, or bare, where a country's code or name (``JP``, ``日本``, ``INT``) names the country and
        anything else a body (``JIS``, ``ГОСТ Р``, ``国家标准化管理委员会``); a bare name of a country the catalogue
        holds nothing of that is also the name of a body it holds is the body (``GB``: SAC's series, not the United
        Kingdom; the reading says so). Raises ``UnknownName`` for a name that means nothing known."""
        names = catalog.names()
        kind, colon, name = text.strip().partition(":")
        if colon:
            kind = kind.strip().lower()
            if kind not in SCOPE_KINDS:
                raise UsageError(_("a standards system is a body or a country, not '{kind}'").format(kind=kind))
        else:
            name, kind = text, "country" if names.is_country(text) else "body"
        reading = names.read(kind, name)
        if not colon and kind == "country" and not reading.held:  # "GB": the Chinese series, held, not the UK
            try:
                as_body = names.body(name)
            except UnknownName:
                as_body = None
            if as_body is not None and as_body.held:
                kind, reading = "body", as_body
        return cls(kind, reading.code), reading

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "code": self.code}


def scope_members(
    catalog: Catalog, scope: Scope, *, members: str = "current", ics: str | None = None
) -> list[Standard]:
    """The standards of a system (see the module for which), read through the search index's filters."""
    where: dict[str, str | list[str]] = {scope.kind: scope.code}
    excluding: dict[str, list[str]] = {}
    if ics:
        where["ics"] = ics
    if members == "current":
        where["status"] = [s.value for s in _CURRENT]
        excluding["doctype"] = [d.value for d in _WHOLE_ONLY]
    ids = standard_ids(catalog.search_engine().index, where, excluding)
    if not ids:
        return []
    found = list(catalog.store.standards_by_ids(ids).values())
    return _latest_of_unknown(found) if members == "current" else found


def _latest_of_unknown(standards: list[Standard]) -> list[Standard]:
    """Without the records of unknown status that a newer edition of their work (in the scope) follows: a source
    that gives no status lists every edition, and only the latest can be the one in use."""
    newest: dict[str, tuple[str, int]] = {}
    for s in standards:
        when = (s.published or str(s.year or ""), s.year or 0)
        if when > newest.get(s.work_key, ("", 0)):
            newest[s.work_key] = when
    return [
        s
        for s in standards
        if s.status != Status.UNKNOWN or (s.published or str(s.year or ""), s.year or 0) >= newest[s.work_key]
    ]


def no_members_message(catalog: Catalog, scope: Scope, ics: str | None) -> str:
    total, facets = catalog.search_engine().facet_counts()
    known = ", ".join(v.value for v in facets.get(scope.kind, [])[:30])
    if ics:
        message = _("no standards of {scope} under ICS {code}").format(scope=scope, code=ics)
    else:
        message = _("no standards of {scope} in the catalogue").format(scope=scope)
    return message + "; " + _("known: {values}").format(values=known or "-") if total else message
