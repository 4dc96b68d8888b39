"""``stdbridge decisions``: the history of the decisions people made about a standard's suggested counterparts."""

from __future__ import annotations

import click
from rich.table import Table

from stdbridge.cli.base import Context, cli, emit_json, out
from stdbridge.counterparts.decisions import DecisionHistory
from stdbridge.i18n import _
from stdbridge.models import Verdict
from stdbridge.serialize import decision_history_json


@cli.command()
@click.argument("identifier")
@click.option("--json", "as_json", is_flag=True, help="Every decision, each marked 'current' when it stands.")
@click.pass_obj
def decisions(obj: Context, identifier: str, as_json: bool) -> None:
    """Every decision people made about the suggested counterparts of IDENTIFIER (accept, reject), oldest first,
    with who, when and why; the latest about a pair stands, the earlier ones are marked replaced."""
    catalog = obj.filled_catalog()
    standard = catalog.get(identifier)
    history = DecisionHistory(standard.work_key, catalog.store.decision_history([standard.work_key]))
    if as_json:
        emit_json(decision_history_json(history.decisions))
        return
    if not history:
        out.print(_("No decision has been made about the suggested counterparts of {identifier}.").format(
            identifier=standard.identifier))  # fmt: skip
        return
    title = _("Decisions on counterparts of {identifier}").format(identifier=standard.identifier)
    table = Table(_("Date"), _("Counterpart"), _("Decision"), _("By"), _("Why"), title=title)
    for d in history:
        if d.verdict == Verdict.ACCEPTED:
            verdict = _("accepted") + (f" ({d.degree.value})" if d.degree else "")
        else:
            verdict = _("rejected")
        if not history.stands(d):
            verdict += " · " + _("replaced by a later decision")
        table.add_row(d.at[:10], history.other_key(d), verdict, d.by, d.note or "")
    out.print(table)
