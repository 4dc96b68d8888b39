"""``stdbridge programme``: mutual-recognition programmes from the command line — create one from a scope, list and
show them, their members, the draft catalogue, pairs imported from a list, the entries and the step. The command
line works on the catalogue directly, as its local administrator (coordinator of every programme)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import click
from rich.table import Table

from stdbridge.accounts import LOCAL_ADMIN
from stdbridge.cli.base import Context, cli, emit_json, out, read_lines
from stdbridge.errors import UsageError
from stdbridge.i18n import _
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
from stdbridge.recognition.programmes import (
    add_member,
    counts_by_ics,
    create_programme,
    programme_of,
    read_party,
    record_symbiosis,
    review_due,
    scope_standards,
    set_step,
)


@cli.group()
def programme() -> None:
    """Mutual-recognition programmes: parties, scope, experts, the draft catalogue and its entries, the steps."""


@programme.command("create")
@click.argument("slug")
@click.option("--title-en", default="", help="The title in English.")
@click.option("--title-zh", default="", help="The title in Chinese.")
@click.option("--party", "parties", multiple=True, required=True, help="NAME:LANGUAGE, repeated: GB:zh, JIS:ja.")
@click.option("--ics", multiple=True, help="An ICS field of the scope (repeat it): 25, 29.020.")
@click.option("--committee", "committees", multiple=True, help="A committee of the scope: ISO/TC 176.")
@click.option("--standards", "standards_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A list of standards of the scope, one identifier a line.")  # fmt: skip
@click.option("--product-class", "product_classes", multiple=True, help="A product class (thematic programmes).")
@click.option("--share", default="2/3", show_default=True, help="Consensus: the share of each party's experts.")
@click.option("--min-answers", default=2, show_default=True, help="Consensus: answers needed from each party.")
@click.option("--max-rounds", default=3, show_default=True)
@click.option("--review-months", type=int, help="A full re-review falls due this long after a release.")
@click.option("--visibility", type=click.Choice([v.value for v in Visibility]), default="public", show_default=True)
@click.pass_obj
def programme_create(obj: Context, slug: str, title_en: str, title_zh: str, parties: tuple[str, ...],
                     ics: tuple[str, ...], committees: tuple[str, ...], standards_file: Path | None,
                     product_classes: tuple[str, ...], share: str, min_answers: int, max_rounds: int,
                     review_months: int | None, visibility: str) -> None:  # fmt: skip
    """Create the programme SLUG for two or more parties over a scope."""
    catalog = obj.filled_catalog()
    standards: tuple[str, ...] = ()
    if standards_file is not None:
        standards = scope_standards(catalog, read_lines(standards_file), str(standards_file))
    try:
        fraction = Fraction(share)
    except (ValueError, ZeroDivisionError):
        raise UsageError(_("the share is a fraction such as 2/3, not {value!r}").format(value=share)) from None
    read = [read_party(catalog, *_split(p)) for p in parties]
    programme = create_programme(
        catalog, LOCAL_ADMIN, slug, {"en": title_en, "zh": title_zh}, read,
        Scope(tuple(ics), tuple(committees), standards, tuple(product_classes)),
        rule=ConsensusRule(fraction, min_answers, max_rounds), visibility=Visibility(visibility),
        review_period_months=review_months,
    )  # fmt: skip
    out.print(_("Created the programme {slug} ({parties}).").format(
        slug=programme.slug, parties=" / ".join(p.code for p in programme.parties)))  # fmt: skip


def _split(text: str) -> tuple[str, str]:
    name, _colon, language = text.rpartition(":")
    if not name:
        raise UsageError(_("write a party as NAME:LANGUAGE (GB:zh, ISO+IEC:en), not {text!r}").format(text=text))
    return name, language


@programme.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def programme_list(obj: Context, as_json: bool) -> None:
    """Every programme, with its parties and step."""
    found = obj.catalog.store.list_programmes()
    if as_json:
        emit_json([_summary(p) for p in found])
        return
    table = Table(_("Programme"), _("Title"), _("Parties"), _("Step"))
    for p in found:
        table.add_row(p.slug, p.title.get("en") or p.title.get("zh", ""), " / ".join(x.code for x in p.parties),
                      p.step.value)  # fmt: skip
    out.print(table)


def _summary(p: Programme) -> dict[str, object]:
    return {"slug": p.slug, "title": p.title, "parties": [{"code": x.code, "language": x.language,
                                                           "systems": list(x.bodies)} for x in p.parties],
            "scope": {"ics": list(p.scope.ics), "committees": list(p.scope.committees),
                      "standards": len(p.scope.standards), "product_classes": list(p.scope.product_classes)},
            "rule": {"share": str(p.rule.share), "min_answers": p.rule.min_answers, "max_rounds": p.rule.max_rounds},
            "step": p.step.value, "visibility": p.visibility.value, "review_due": review_due(p),
            "created_at": p.created_at}  # fmt: skip


@programme.command("show")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def programme_show(obj: Context, slug: str, as_json: bool) -> None:
    """The programme SLUG: its step, entries per stage, state, origin and ICS field, and the flagged entries."""
    catalog = obj.filled_catalog()
    p = programme_of(catalog.store, slug)
    assert p.id is not None
    counts = catalog.store.entry_counts(p.id)
    by_ics = {field: dict(c) for field, c in counts_by_ics(catalog, p).items()}
    flagged = catalog.store.entries_of(p.id, needs_review=True)[0]
    if as_json:
        emit_json({**_summary(p), "counts": counts, "by_ics": by_ics,
                   "needs_review": [_entry_json(e) for e in flagged]})  # fmt: skip
        return
    out.print(f"[bold]{p.slug}[/bold]  {p.title.get('en', '')} {p.title.get('zh', '')}")
    out.print(" → ".join(f"[reverse]{s.value}[/reverse]" if s is p.step else s.value for s in STEPS))
    for name in ("stage", "state", "origin"):
        out.print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts[name].items())) or "-")
    table = Table(_("ICS field"), *(s.value for s in Stage))
    for field, c in by_ics.items():
        table.add_row(field, *(str(c.get(s.value, 0)) for s in Stage))
    out.print(table)
    due = review_due(p)
    if due:
        out.print(_("A full re-review falls due on {date}.").format(date=due))
    for e in flagged:
        out.print(_("Entry {id} needs review: {reason}").format(id=e.id, reason=e.needs_review))


@programme.command("members")
@click.argument("slug")
@click.option("--add", "user_name", help="Add (or change) this user as an expert.")
@click.option("--party", help="The party the expert speaks for.")
@click.option("--language", default="en", show_default=True)
@click.option("--coordinator", is_flag=True, help="Make the user the coordinator instead.")
@click.pass_obj
def programme_members(obj: Context, slug: str, user_name: str | None, party: str | None, language: str,
                      coordinator: bool) -> None:  # fmt: skip
    """The members of the programme SLUG; with --add, add one."""
    store = obj.catalog.store
    p = programme_of(store, slug)
    if user_name:
        role = MemberRole.COORDINATOR if coordinator else MemberRole.EXPERT
        add_member(store, LOCAL_ADMIN, p, user_name, party, language, role)
    assert p.id is not None
    table = Table(_("User"), _("Role"), _("Party"), _("Language"))
    for m in store.members_of(p.id):
        user = store.user_by_id(m.user_id)
        table.add_row(user.name if user else str(m.user_id), m.role.value, m.party or "-", m.language)
    out.print(table)


@programme.command("draft")
@click.argument("slug")
@click.option("--threshold", type=float, help="The suggestions' lowest score (default: the suggester's).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def programme_draft(obj: Context, slug: str, threshold: float | None, as_json: bool) -> None:
    """Draft the catalogue of SLUG: declared, identifier-named and suggested counterparts over its scope."""
    from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD
    from stdbridge.recognition.draft import draft

    catalog = obj.filled_catalog()
    summary = draft(catalog, LOCAL_ADMIN, programme_of(catalog.store, slug),
                    threshold=SUGGESTION_THRESHOLD if threshold is None else threshold)  # fmt: skip
    if as_json:
        emit_json(summary.to_json())
        return
    added = ", ".join(f"{k} {v}" for k, v in sorted(summary.added.items())) or "0"
    out.print(_("Added {added} entries in {seconds:.1f} s ({skipped} held already).").format(
        added=added, seconds=summary.seconds, skipped=summary.skipped))  # fmt: skip


@programme.command("import-pairs")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def programme_import_pairs(obj: Context, slug: str, path: Path) -> None:
    """Import pairs into SLUG from a CSV or XLSX file (a column per party's code; all rows or none)."""
    from stdbridge.recognition.draft import import_pairs_file

    catalog = obj.filled_catalog()
    entries = import_pairs_file(catalog, LOCAL_ADMIN, programme_of(catalog.store, slug), path)
    out.print(_("Imported {count} pairs.").format(count=len(entries)))


def _entry_json(e: Entry) -> dict[str, object]:
    return {"id": e.id, "standards": {s.party: s.identifier for s in e.standards}, "proposed": e.proposed.value,
            "origin": e.origin.value, "basis": e.basis.value, "kind": e.kind.value if e.kind else None,
            "state": e.state.value, "stage": e.stage.value, "score": e.score, "evidence": list(e.evidence),
            "product_class": e.product_class, "transition": [e.transition_from, e.transition_until],
            "needs_review": e.needs_review}  # fmt: skip


@programme.command("entries")
@click.argument("slug")
@click.option("--state", type=click.Choice([s.value for s in EntryState]))
@click.option("--stage", type=click.Choice([s.value for s in Stage]))
@click.option("--origin", type=click.Choice([o.value for o in Origin]))
@click.option("--flagged", is_flag=True, help="Only the entries that need review.")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def programme_entries(obj: Context, slug: str, state: str | None, stage: str | None, origin: str | None,
                      flagged: bool, limit: int, as_json: bool) -> None:  # fmt: skip
    """The entries of SLUG that match the filters."""
    store = obj.catalog.store
    p = programme_of(store, slug)
    assert p.id is not None
    found, total = store.entries_of(p.id, state=EntryState(state) if state else None,
                                    stage=Stage(stage) if stage else None, origin=Origin(origin) if origin else None,
                                    needs_review=True if flagged else None, limit=limit)  # fmt: skip
    if as_json:
        emit_json({"total": total, "entries": [_entry_json(e) for e in found]})
        return
    table = Table("#", *(x.code for x in p.parties), _("Degree"), _("Origin"), _("Stage"), _("Score"))
    for e in found:
        table.add_row(str(e.id), *((e.standard_of(x.code) or _NONE).identifier for x in p.parties),
                      e.proposed.value, e.origin.value, e.stage.value, f"{e.score:.2f}" if e.score else "")  # fmt: skip
    out.print(table)
    out.print(_("{shown} of {total} entries.").format(shown=len(found), total=total))


class _None:
    identifier = "-"


_NONE = _None()


@programme.command("step")
@click.argument("slug")
@click.argument("step", type=click.Choice([*(s.value for s in STEPS), "next"]))
@click.pass_obj
def programme_step(obj: Context, slug: str, step: str) -> None:
    """Move SLUG to STEP (exchange, translation, comparison, analysis, review, signature) or the next."""
    p = set_step(obj.catalog.store, LOCAL_ADMIN, programme_of(obj.catalog.store, slug), step)
    out.print(_("{slug} is now at the step {step}.").format(slug=p.slug, step=p.step.value))


@programme.command("add-entry")
@click.argument("slug")
@click.argument("identifiers", nargs=-1, required=True)
@click.option("--degree", type=click.Choice([d.value for d in EntryDegree], case_sensitive=False), default="NEQ",
              show_default=True, help="The proposed degree.")  # fmt: skip
@click.option("--basis", type=click.Choice([b.value for b in Basis]), default="adoption", show_default=True)
@click.option("--kind", type=click.Choice([k.value for k in RelationKind]),
              help="Where the basis is not an adoption: how one party's standard serves the other.")  # fmt: skip
@click.option("--product-class", default="", help="The product class (thematic programmes).")
@click.option("--from", "transition_from", help="The transition or exemption period's first day: 2026-01-01.")
@click.option("--until", "transition_until", help="Its last day: 2027-12-31.")
@click.option("--verdict", default="", help="The equivalence assessment's verdict (basis assessment).")
@click.option("--evidence", default="", help="The assessment's evidence.")
@click.option("--assessor", "assessors", multiple=True, help="Who assessed (repeat it).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def programme_add_entry(obj: Context, slug: str, identifiers: tuple[str, ...], degree: str, basis: str,
                        kind: str | None, product_class: str, transition_from: str | None,
                        transition_until: str | None, verdict: str, evidence: str, assessors: tuple[str, ...],
                        as_json: bool) -> None:  # fmt: skip
    """Add an entry to SLUG by hand: one identifier per party, in the parties' order (or PARTY=IDENTIFIER)."""
    from stdbridge.recognition.draft import add_entry

    catalog = obj.filled_catalog()
    p = programme_of(catalog.store, slug)
    fields = _standards_by_party(p, identifiers)
    fields.update({"degree": degree.upper() if degree.lower() != "not-equivalent" else "not-equivalent",
                   "basis": basis, "kind": kind or "", "product_class": product_class,
                   "transition_from": transition_from or "", "transition_until": transition_until or ""})  # fmt: skip
    assessment = Assessment(verdict.strip(), evidence.strip(), assessors) if verdict.strip() else None
    entry = add_entry(catalog, LOCAL_ADMIN, p, fields, assessment=assessment)
    if as_json:
        emit_json(_entry_json(entry))
        return
    out.print(_("Added the entry {id}: {pair} ({degree}).").format(
        id=entry.id, pair=" ↔ ".join(s.identifier for s in entry.standards), degree=entry.proposed.value))  # fmt: skip


def _standards_by_party(p: Programme, identifiers: tuple[str, ...]) -> dict[str, str]:
    """The identifiers of an entry by party: PARTY=IDENTIFIER where given, else in the parties' order."""
    codes = [x.code for x in p.parties]
    named: dict[str, str] = {}
    for at, text in enumerate(identifiers):
        code, equals, value = text.partition("=")
        if equals and code.strip().upper() in codes:
            named[code.strip().upper()] = value.strip()
        elif at < len(codes):
            named[codes[at]] = text.strip()
        else:
            raise UsageError(_("{slug} has {count} parties ({codes}): one identifier each, not {text!r}").format(
                slug=p.slug, count=len(codes), codes=", ".join(codes), text=text))  # fmt: skip
    return named


@programme.command("symbiosis")
@click.argument("slug")
@click.argument("entry_id", type=click.IntRange(min=1))
@click.option("--note", required=True, help="What the parties jointly developed or revised.")
@click.pass_obj
def programme_symbiosis(obj: Context, slug: str, entry_id: int, note: str) -> None:
    """Record that the standards of an entry of SLUG were jointly developed or revised (stage symbiosis)."""
    store = obj.catalog.store
    p = programme_of(store, slug)
    entry = store.entries_by_id([entry_id]).get(entry_id)
    if entry is None or entry.programme_id != p.id:
        raise UsageError(_("{slug} has no entry {id}").format(slug=p.slug, id=entry_id))
    record_symbiosis(store, LOCAL_ADMIN, p, entry, note)
    out.print(_("Entry {id} is now at the stage symbiosis.").format(id=entry_id))


@programme.command("report")
@click.argument("slug")
@click.argument("first")
@click.argument("second")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]), help="The report's language (default: the "
              "command line's).")  # fmt: skip
@click.option("--format", "format_", type=click.Choice(["html", "csv"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here, not to the screen.")
@click.pass_obj
def programme_report(obj: Context, slug: str, first: str, second: str, language: str | None, format_: str,
                     output: Path | None) -> None:  # fmt: skip
    """The comparison report of parties FIRST and SECOND of SLUG, from its entries: degrees, differences recorded,
    reservations (printable HTML or CSV)."""
    import sys

    from stdbridge.i18n import current_language, set_language
    from stdbridge.recognition import pair_report

    store = obj.catalog.store
    p = programme_of(store, slug)
    report = pair_report.report_of(store, p, *pair_report.party_pair(p, first, second))
    was = current_language()
    set_language(language or was)
    try:
        data = pair_report.report_csv(report) if format_ == "csv" else pair_report.report_html(report).encode()
    finally:
        set_language(was)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
