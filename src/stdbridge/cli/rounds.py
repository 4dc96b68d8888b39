"""``stdbridge rounds``: the coordinator's side of a programme's Delphi review rounds from the command line: open a
round (over the unsettled entries, chosen ones, or every entry), close it (applying the consensus rule), and the
state of each round. The command line acts as the platform's local administrator."""

from __future__ import annotations

import click
from rich.table import Table

from stdbridge.accounts import LOCAL_ADMIN
from stdbridge.cli.base import Context, cli, emit_json, out
from stdbridge.i18n import _
from stdbridge.recognition.rounds import Closing, ReviewRounds


@cli.group("rounds")
def rounds_group() -> None:
    """A programme's review rounds: open one with a deadline, close it by the consensus rule, their state."""


@rounds_group.command("open")
@click.argument("programme")
@click.option("--deadline", required=True, help="Answers are taken until then: a date (end of day, UTC) or date-time.")
@click.option("--entry", "entries", type=int, multiple=True, help="Only this entry (repeatable); default: unsettled.")
@click.option("--full", is_flag=True, help="A full re-review: every entry of the programme, settled ones too.")
@click.pass_obj
def open_round(obj: Context, programme: str, deadline: str, entries: tuple[int, ...], full: bool) -> None:
    """Open the next round of PROGRAMME (its slug)."""
    service = ReviewRounds.of(obj.catalog.store, programme)
    chosen = list(entries) or (service.every_entry() if full else service.unsettled())
    made = service.open_round(LOCAL_ADMIN, chosen, deadline, full_review=full)
    out.print(_("Round {number} of {slug} is open until {deadline}: {count} entries.").format(
        number=made.number, slug=programme, deadline=made.deadline, count=len(made.entry_ids)))  # fmt: skip


@rounds_group.command("close")
@click.argument("programme")
@click.option("--round", "number", type=int, help="The round's number (default: the open one).")
@click.option("--due", is_flag=True, help="Only rounds whose deadline has passed.")
@click.pass_obj
def close_round(obj: Context, programme: str, number: int | None, due: bool) -> None:
    """Close a round of PROGRAMME and apply its consensus rule to each entry."""
    service = ReviewRounds.of(obj.catalog.store, programme)
    if due:
        done = service.close_due(LOCAL_ADMIN)
    else:
        rounds = obj.catalog.store.rounds_of(service.programme_id)
        found = [r for r in rounds if (r.number == number if number else r.closed_at is None)]
        if not found or found[0].id is None:
            raise click.UsageError(_("{slug} has no open round").format(slug=programme) if number is None else
                                   _("{slug} has no round {number}").format(slug=programme, number=number))  # fmt: skip
        done = [service.close(LOCAL_ADMIN, found[0].id)]
    for closing in done:
        _print_closing(programme, closing)


def _print_closing(slug: str, closing: Closing) -> None:
    out.print(_("Round {number} of {slug} closed: {settled} settled, {open} to the next round, {none} without "
                "consensus.").format(number=closing.round.number, slug=slug, settled=len(closing.settled),
                                     open=len(closing.open), none=len(closing.no_consensus)))  # fmt: skip


@rounds_group.command("status")
@click.argument("programme")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def status(obj: Context, programme: str, as_json: bool) -> None:
    """The rounds of PROGRAMME: deadline, entries, answers, and what the rule made of them."""
    store = obj.catalog.store
    service = ReviewRounds.of(store, programme)
    rows = []
    for r in store.rounds_of(service.programme_id):
        outcomes = [o["outcome"] for o in store.round_outcomes(r.id or 0).values()]
        rows.append({"number": r.number, "deadline": r.deadline, "closed_at": r.closed_at, "full_review": r.full_review,
                     "entries": len(r.entry_ids), "answers": len(store.answers_of_round(r.id or 0)),
                     "settled": outcomes.count("settled"), "open": outcomes.count("open"),
                     "no_consensus": outcomes.count("no-consensus")})  # fmt: skip
    if as_json:
        emit_json({"programme": programme, "rounds": rows})
        return
    if not rows:
        out.print(_("{slug} has had no round yet.").format(slug=programme))
        return
    table = Table("#", _("Deadline"), _("Closed"), _("Entries"), _("Answers"), _("Settled"), _("Open"),
                  _("No consensus"), title=_("Review rounds of {slug}").format(slug=programme))  # fmt: skip
    for row in rows:
        table.add_row(str(row["number"]), str(row["deadline"]), str(row["closed_at"] or "—"), str(row["entries"]),
                      str(row["answers"]), str(row["settled"]), str(row["open"]), str(row["no_consensus"]))  # fmt: skip
    out.print(table)
