"""Programmes: creating one, its members, its steps, who may do what, and a programme's figures.

Creating a programme needs the role of editor; the one who creates it is its coordinator. Coordinator actions
(adding experts, advancing the step, drafting, importing pairs, recording symbiosis) need being that programme's
coordinator, or an administrator. Every change is written with an audit entry, in the same transaction, as its
last write.

A party is named as people name it: a country (``CN``, ``JP``), a body (``SAC``, ``JISC``) or a series that is a
body's (``GB``, ``JIS``), read by the catalogue's name resolution (``bodies.NameResolver`` through
``analytics.compatibility.scope.Scope.read``); several joined by ``+`` (``ISO+IEC``). A party's ``bodies`` keep
what each name was read as (``country:CN``, ``body:JISC``): the standards of those systems are the party's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.analytics.compatibility.scope import Scope as SystemScope
from stdbridge.audit import entry as actions
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden, NotFound, StdbridgeError, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.recognition.model import (
    STEPS,
    ConsensusRule,
    Entry,
    Member,
    MemberRole,
    Party,
    Programme,
    Scope,
    Stage,
    Step,
    Visibility,
)
from stdbridge.runtime import now_iso
from stdbridge.store import Store

LANGUAGES = ("zh", "en", "ru", "ja", "ko", "de", "fr", "es")  # an expert's language; zh and en are the pages'


def read_party(catalog: Catalog, text: str, language: str) -> Party:
    """A party as people name it (``CN``, ``SAC``, ``GB``, ``JIS``, ``ISO+IEC``), each name read by the
    catalogue's name resolution; raises ``UnknownName`` for a name that means nothing known."""
    code = text.strip().upper()
    if not code or len(code) > 40:
        raise UsageError(_("name a party: a country or a body (CN, SAC, JISC, ISO+IEC ...), not {text!r}").format(
            text=text[:60]))  # fmt: skip
    check_language(language)
    systems = [str(SystemScope.read(catalog, name)[0]) for name in code.split("+") if name.strip()]
    return Party(code, code, language, tuple(dict.fromkeys(systems)))


def scope_standards(catalog: Catalog, lines: list[str], source: str) -> tuple[str, ...]:
    """The edition keys of a list of standards (one identifier a line) for a programme's scope, each resolved as
    search resolves it; every line that names no standard is reported with its number and value, and then the
    list is refused as a whole."""
    keys: list[str] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        value = line.strip()
        if not value:
            continue
        try:
            keys.append(catalog.resolve(value).standard.edition_key)
        except StdbridgeError:
            problems.append(_("{source}, line {line}: unknown identifier {value!r}").format(
                source=source, line=number, value=value[:80]))  # fmt: skip
    if problems:
        raise UsageError("\n".join(problems[:20]))
    if not keys:
        raise UsageError(_("{source}: the list is empty").format(source=source))
    return tuple(dict.fromkeys(keys))


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise UsageError(_("no language {value!r}: use one of {known}").format(value=language,
                                                                            known=", ".join(LANGUAGES)))  # fmt: skip


def check_slug(slug: str) -> str:
    cleaned = slug.strip().lower()
    if not cleaned or len(cleaned) > 60 or not all(c.isascii() and (c.isalnum() or c == "-") for c in cleaned):
        raise UsageError(_("a programme's short name is letters, digits and '-' (cn-ru-aircraft), not {slug!r}")
                         .format(slug=slug[:80]))  # fmt: skip
    return cleaned


def programme_of(store: Store, slug: str) -> Programme:
    found = store.programme_by_slug(slug.strip().lower())
    if found is None:
        raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))
    return found


def is_coordinator(actor: Actor, programme: Programme) -> bool:
    return actor.can(Role.ADMIN) or (actor.user_id is not None and actor.user_id == programme.coordinator_id)


def require_coordinator(actor: Actor, programme: Programme) -> None:
    """Let ``actor`` go on only as the programme's coordinator (or an administrator)."""
    if is_coordinator(actor, programme):
        return
    message = _("only the coordinator of {slug} may do this").format(slug=programme.slug)
    if not actor.signed_in and actor.user_id is None:
        raise Unauthenticated(message)
    raise Forbidden(message)


def may_read(store: Store, actor: Actor, programme: Programme) -> bool:
    """A public programme is read by anyone; a members-only one by its members and administrators."""
    if programme.visibility is Visibility.PUBLIC or is_coordinator(actor, programme):
        return True
    return actor.user_id is not None and any(m.user_id == actor.user_id for m in store.members_of(programme.id or 0))


def audited_programme(p: Programme) -> dict[str, Any]:
    return {"slug": p.slug, "title": p.title, "parties": [asdict(party) for party in p.parties],
            "scope": asdict(p.scope), "rule": {"share": str(p.rule.share), "min_answers": p.rule.min_answers,
                                               "max_rounds": p.rule.max_rounds},
            "coordinator_id": p.coordinator_id, "step": p.step.value, "visibility": p.visibility.value,
            "review_period_months": p.review_period_months}  # fmt: skip


def create_programme(
    catalog: Catalog, actor: Actor, slug: str, title: dict[str, str], parties: list[Party], scope: Scope, *,
    rule: ConsensusRule | None = None, visibility: Visibility = Visibility.PUBLIC,
    review_period_months: int | None = None, coordinator_id: int | None = None,
) -> Programme:  # fmt: skip
    """Create a programme; ``actor`` (an editor) becomes its coordinator unless ``coordinator_id`` names another."""
    require(actor, Role.EDITOR)
    store = catalog.store
    if len(parties) < 2:
        raise UsageError(_("a programme has two or more parties"))
    codes = [p.code for p in parties]
    if len(set(codes)) != len(codes):
        raise UsageError(_("each party of a programme is named once: {codes}").format(codes=", ".join(codes)))
    if not any(title.values()):
        raise UsageError(_("give the programme a title"))
    rule = rule or ConsensusRule()
    if not (0 < rule.share <= 1 and rule.min_answers >= 1 and rule.max_rounds >= 1):
        raise UsageError(_("the consensus rule needs a share in (0, 1], at least one answer and one round"))
    if review_period_months is not None and not 1 <= review_period_months <= 240:
        raise UsageError(_("the review period is 1 to 240 months"))
    coordinator = coordinator_id if coordinator_id is not None else actor.user_id
    programme = Programme(None, check_slug(slug), {k: v.strip() for k, v in title.items() if v.strip()},
                          tuple(parties), scope, rule, coordinator, visibility=visibility,
                          review_period_months=review_period_months, created_at=now_iso())  # fmt: skip
    with store.transaction():
        store.add_programme(programme)
        assert programme.id is not None
        if coordinator is not None:
            user = store.user_by_id(coordinator)
            store.save_member(Member(programme.id, coordinator, MemberRole.COORDINATOR, None,
                                     user.language if user else "en"))  # fmt: skip
        audit.record(store, actor.name, actor.user_id, actions.PROGRAMME_CREATE, f"programme {programme.slug}", None,
                     audited_programme(programme))  # fmt: skip
    return programme


def add_member(
    store: Store, actor: Actor, programme: Programme, user_name: str, party: str | None, language: str,
    role: MemberRole = MemberRole.EXPERT,
) -> Member:  # fmt: skip
    """Add an expert (of a party, with a language) to a programme, or change one; the coordinator's action."""
    require_coordinator(actor, programme)
    check_language(language)
    user = store.user_by_name(user_name)
    if user is None or user.id is None:
        raise NotFound(_("no user named {name!r}").format(name=user_name[:80]))
    codes = [p.code for p in programme.parties]
    if role is MemberRole.EXPERT and (party or "").upper() not in codes:
        raise UsageError(_("an expert speaks for one of the parties {codes}, not {party!r}").format(
            codes=", ".join(codes), party=party))  # fmt: skip
    assert programme.id is not None
    member = Member(programme.id, user.id, role, party.upper() if party else None, language)
    before = next((m for m in store.members_of(programme.id) if m.user_id == user.id), None)
    with store.transaction():
        store.save_member(member)
        if role is MemberRole.COORDINATOR:
            programme.coordinator_id = user.id
            store.update_programme(programme)
        audit.record(store, actor.name, actor.user_id, actions.PROGRAMME_MEMBER, f"programme {programme.slug}: "
                     f"{user.name}", None if before is None else _audited_member(before),
                     _audited_member(member))  # fmt: skip
    return member


def _audited_member(m: Member) -> dict[str, Any]:
    return {"user_id": m.user_id, "role": m.role.value, "party": m.party, "language": m.language}


def set_step(store: Store, actor: Actor, programme: Programme, step: str) -> Programme:
    """Move the programme to ``step`` (one of ``STEPS``, ``next`` for the one after its own)."""
    require_coordinator(actor, programme)
    if step == "next":
        at = STEPS.index(programme.step)
        if at == len(STEPS) - 1:
            raise UsageError(_("{slug} is at its last step already").format(slug=programme.slug))
        new = STEPS[at + 1]
    else:
        try:
            new = Step(step)
        except ValueError:
            raise UsageError(_("no step {value!r}: the steps are {known}").format(
                value=step, known=", ".join(STEPS))) from None  # fmt: skip
    before = programme.step
    programme.step = new
    with store.transaction():
        store.update_programme(programme)
        audit.record(store, actor.name, actor.user_id, actions.PROGRAMME_STEP, f"programme {programme.slug}",
                     {"step": before.value}, {"step": new.value})  # fmt: skip
    return programme


def record_symbiosis(store: Store, actor: Actor, programme: Programme, entry: Entry, note: str) -> Entry:
    """Record that the entry's standards were jointly developed or revised by the parties (its stage becomes
    symbiosis): the coordinator's action."""
    require_coordinator(actor, programme)
    if entry.programme_id != programme.id:
        raise UsageError(_("entry {id} is not one of {slug}").format(id=entry.id, slug=programme.slug))
    if not note.strip():
        raise UsageError(_("say what was jointly developed or revised"))
    before = entry.stage
    entry.stage = Stage.SYMBIOSIS
    entry.evidence = (*entry.evidence, note.strip())
    with store.transaction():
        store.update_entry(entry)
        audit.record(store, actor.name, actor.user_id, actions.PROGRAMME_ENTRY, f"entry {entry.id}",
                     {"stage": before.value}, {"stage": entry.stage.value, "note": note.strip()})  # fmt: skip
    return entry


def review_due(programme: Programme, last_release_at: str | None = None) -> str | None:
    """When the next full re-review falls due (an ISO date): the review period after the last release, or after
    the programme's creation before one; None without a review period."""
    if programme.review_period_months is None:
        return None
    start = dt.date.fromisoformat((last_release_at or programme.created_at)[:10])
    months = start.month - 1 + programme.review_period_months
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                          31, 31, 30, 31, 30, 31][month - 1])  # fmt: skip
    return dt.date(year, month, day).isoformat()


def counts_by_ics(catalog: Catalog, programme: Programme) -> dict[str, Counter[str]]:
    """The programme's entries per ICS field (the first two digits of the ICS codes of their standards) and stage."""
    assert programme.id is not None
    entries, _total = catalog.store.entries_of(programme.id)
    standards = catalog.store.standards_by_keys(s.edition_key for e in entries for s in e.standards)
    found: dict[str, Counter[str]] = {}
    for entry in entries:
        fields = {code.split(".")[0] for s in entry.standards if (held := standards.get(s.edition_key))
                  for code in held.ics}  # fmt: skip
        for field in sorted(fields) or ["-"]:
            found.setdefault(field, Counter())[entry.stage.value] += 1
    return dict(sorted(found.items()))
