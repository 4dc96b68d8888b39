"""What every command shares: the ``stdbridge`` group, its options, consoles and error handling.

The group loads a command's module only when that command runs: ``COMMANDS`` says where each command lives and
what ``--help`` says of it, so that ``stdbridge --help`` or ``stdbridge parse`` do not load the search engine, the
web server or the bulk matcher. A command's module registers it on ``cli`` when imported.
"""

from __future__ import annotations

import gettext
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape

from stdbridge.errors import StdbridgeError, UsageError
from stdbridge.i18n import _, labelled, language_from_environment, set_language
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.runtime import rejects_location, resolve_location, started

if TYPE_CHECKING:
    from stdbridge.accounts.roles import Actor
    from stdbridge.bodies import Reading
    from stdbridge.catalog import Catalog

# command -> (its module in stdbridge.cli, the first sentence of its help as ``--help`` lists it); a test checks
# that this table and the commands' own help agree.
COMMANDS: dict[str, tuple[str, str]] = {
    "accept": ("compare", "Accept COUNTERPART as a counterpart of IDENTIFIER: it becomes a declared 'equivalent' "
                          "relation."),
    "audit": ("audit", "The audit log: every change to the catalogue and to decisions, who made it, when, before "
                       "and after."),
    "compare": ("compare", "Compare two standards side by side, and what links them; with their full texts, clause by "
                           "clause."),
    "compare-batch": ("systems", "Which standard of LIST_A corresponds to which of LIST_B (one identifier a line), "
                                 "with degree and score, and what has no counterpart."),
    "compatibility": ("systems", "How compatible two standards systems are (bodies or countries: ISO, JISC, body:SAC, "
                                 "CN, JP, INT ...): the share of each with a counterpart in the other, by degree, and "
                                 "their mutual information."),
    "connectivity": ("connectivity", "How connected two standards systems are over time, stage by stage "
                                     "(recognition, commonality, sharing, symbiosis); with --group, every pair of a "
                                     "group."),
    "counterparts": ("records", "Standards in another country or body that adopt this one, that it adopts, or share "
                                "its original."),
    "db": ("db", "The catalogue's database: its schema revision, upgrading it in place, copying it to another "
                 "store."),
    "decisions": ("decisions", "Every decision people made about the suggested counterparts of IDENTIFIER (accept, "
                               "reject), oldest first, with who, when and why; the latest about a pair stands, the "
                               "earlier ones are marked replaced."),
    "family": ("records", "A standard's family: editions, supersession chain, amendments, corrigenda and adoptions."),
    "formats": ("catalog", "List the importers installed."),
    "import": ("catalog", "Import PATH with the importer named by --format and print what changed."),
    "index": ("catalog", "Rebuild the search index of the catalogue from scratch."),
    "jobs": ("jobs", "The job queue: imports, index rebuilds and batch comparisons, run by the workers of any node."),
    "init": ("catalog", "Create the catalogue and load the bundled data (ISO, IEC, JIS, ITU, GB sample, ICS, CCS)."),
    "memory": ("memory", "The translation memory: look up a text, import and export TMX, seed from the catalogue, "
                         "figures."),
    "parse": ("records", "Parse identifiers and show their parts, canonical form and declared adoptions."),
    "release": ("releases", "Releases of a recognition programme: publish, list, public key, the difference between "
                            "two, exports (CSV, XLSX, HTML, JSON)."),
    "reject": ("compare", "Reject COUNTERPART as a counterpart of IDENTIFIER: it will not be suggested again."),
    "programme": ("programmes", "Mutual-recognition programmes: parties, scope, experts, the draft catalogue and its "
                                "entries, the steps."),
    "rounds": ("rounds", "A programme's review rounds: open one with a deadline, close it by the consensus rule, "
                         "their state."),
    "search": ("search", "Search identifiers and titles in any language, with filters; facets come with --json."),
    "serve": ("search", "Serve the web platform and the HTTP API; builds the catalogue from the bundled data on "
                        "first start."),
    "orgs": ("accounts", "Organisations (standards bodies, institutes, companies, certification bodies) and their "
                         "members."),
    "settings": ("accounts", "Show or change a setting of the platform: anonymous_reading on|off (off: every page "
                             "needs sign-in)."),
    "show": ("records", "Show a standard and its relations; sloppy identifiers resolve, undated ones to the current "
                        "edition."),
    "stats": ("catalog", "Records by body (published or co-published, and as lead publisher), country, status and "
                         "type; relations by type."),
    "suggest": ("compare", "Suggest counterparts that no relation declares, ranked, with the evidence for each."),
    "terms": ("terms", "The termbase: find its terms in a text, look up, show and add concepts, import and export "
                       "TBX/CSV, seed."),
    "tokens": ("accounts", "Personal API tokens of the users (sent as Authorization: Bearer)."),
    "verify": ("releases", "Check a signed release offline, with no database: that the file is exactly what was "
                           "signed, by the key given, and that its entries agree with the audit entries it cites; exit "
                           "1 when anything does not."),
    "translate": ("translation", "Translation projects: make one from a document, pre-translate, progress, findings, "
                                 "export."),
    "users": ("accounts", "The users of the platform and their roles (reader, contributor, expert, reviewer, editor, "
                          "admin)."),
    "watch": ("watch", "Watchlists: standards, works, ICS fields, committees, bodies, countries and saved searches to "
                       "be told of."),
    "changes": ("watch", "Everything that changed in the catalogue since a date: added, changed, withdrawn, "
                         "replaced."),
    "profile": ("profiles", "A country's profile: its bodies, its standards by status, type, ICS field and year, "
                            "adoption of international standards, links with other countries, facts with their "
                            "sources, capacity to connect."),
    "profile-facts": ("profiles", "The facts of the country profiles, each with its source and date: list, import, "
                                  "add, edit, delete."),
    "groups": ("connectivity", "Saved groups of countries and bodies for the connectivity matrix: save, list, "
                               "remove (your own; shared ones by editors)."),
    "notices": ("notices", "WTO TBT notifications and national notices: import an export or a feed, list them."),
    "news": ("notices", "News items per country and body: import a feed or file, write one, list them."),
}  # fmt: skip

# Piped output is read by people too: do not squeeze tables into 80 columns there.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


class Context:
    def __init__(self, db: str | None, progress: bool | None = None) -> None:
        self.location = resolve_location(db)
        self.progress = progress  # True: always drawn, False: never, None: when standard error is a terminal
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from stdbridge.catalog import Catalog

            self._catalog = Catalog.open(self.location)
            started()  # what the command loaded to open it is set aside; the collector runs again
        return self._catalog

    def close(self) -> None:
        """Close the catalogue, if the command opened it: its connections end now, not as the process exits."""
        if self._catalog is not None:
            self._catalog.store.close()
            self._catalog = None

    def filled_catalog(self) -> Catalog:
        catalog = self.catalog
        if catalog.is_empty():
            raise click.ClickException(
                _("the catalogue at {location} is empty; run 'stdbridge init' first").format(location=self.location)
            )
        return catalog


class ErrorsAsMessages(click.Group):
    """Turns stdbridge's own errors into one line and an exit code, never a traceback; loads commands when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS.keys() | self.commands.keys())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"stdbridge.cli.{COMMANDS[cmd_name][0]}")  # registers the command on ``cli``
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and what they do, from ``COMMANDS``: listing them loads none."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        listed = {name: self.commands.get(name) or click.Command(name, help=COMMANDS[name][1]) for name in names}
        rows = [(name, command.get_short_help_str(limit)) for name, command in listed.items()]
        with formatter.section(gettext.gettext("Commands")):  # the heading as click writes it
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        set_language(ctx.params.get("lang") or language_from_environment())  # for errors loading the command
        try:
            return super().invoke(ctx)
        except StdbridgeError as exc:
            label = labelled(_("Error"), "")  # "Error: ", "错误："
            shown = f"[red]{escape(label.rstrip())}[/red]{label[len(label.rstrip()) :]}{escape(str(exc))}"
            err.print(shown, markup=True, highlight=False)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print(_("Interrupted; the catalogue is unchanged by the unfinished step."))
            sys.exit(130)


@contextmanager
def progress_bar(obj: Context, *, json_output: bool) -> Iterator[Progress]:
    """Where a command reports its steps: a bar on standard error when a person is watching — it is a terminal and
    the command prints no JSON (scripts read JSON and pipes) — or when ``--progress`` (``STDBRIDGE_PROGRESS=1``)
    asks for it anyway; ``--no-progress`` never draws it. The bar is gone when the command is done."""
    started()  # long work begins: the collector runs again
    wanted = obj.progress if obj.progress is not None else (err.is_terminal and not json_output)
    if not wanted:
        yield NO_PROGRESS
        return
    from stdbridge.cli.step_bar import StepBar  # rich's progress bars: loaded when one is drawn

    console = err if err.is_terminal else Console(stderr=True, highlight=False, force_terminal=True)
    with StepBar.drawn(console) as bar:
        yield bar


@click.group(cls=ErrorsAsMessages)
@click.option(
    "--db", envvar="STDBRIDGE_DB", help="Catalogue file or database URL (default: ~/.local/share/stdbridge/catalog.db)."
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="Language of messages: en or zh (default: from STDBRIDGE_LANG or LANG).",
)
@click.option(
    "--progress/--no-progress",
    envvar="STDBRIDGE_PROGRESS",
    default=None,
    help="Draw the steps of long commands on standard error (default: when it is a terminal and --json is not given).",
)
@click.version_option(package_name="stdbridge")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None, progress: bool | None) -> None:
    """stdbridge: find, link and compare the standards of many bodies."""
    ctx.obj = Context(db, progress)  # --lang is set by ErrorsAsMessages.invoke, before the command loads
    ctx.call_on_close(ctx.obj.close)


def rejects_dir_of(obj: Context) -> Path:
    return rejects_location(obj.location)


def read_lines(path: Path) -> list[str]:
    """The lines of a file of one item a line, or of standard input when ``path`` is '-': UTF-8 (with or without
    byte-order mark), else GB18030, as ``compare-batch`` reads its lists."""
    from stdbridge.compare.lists import decode_list, read_list

    if str(path) == "-":
        return decode_list(sys.stdin.buffer.read(), "<stdin>")
    return read_list(path)


def as_option(kind: str, code: str) -> str:
    """How to ask for a body or a country on the command line: ``--country GB``."""
    return f"--{kind} {code}"


def tell_readings(readings: list[Reading], ask: Callable[[str, str], str] = as_option) -> None:
    """How the names of bodies and countries were read (``JIS`` as JISC), and what the catalogue holds none of,
    on standard error: what goes to standard output stays the answer alone."""
    for reading in readings:
        for note in (reading.note(ask), reading.unheld_note()):
            if note:
                err.print(_("Note: {note}.").format(note=note), highlight=False, markup=False)


def read_target(catalog: Catalog, body: str | None, country: str | None) -> tuple[str | None, str | None]:
    """The stored codes of a ``--body`` and a ``--country`` as people name them, told how they were read."""
    body, country, readings = catalog.read_target(body, country)
    tell_readings(readings)
    return body, country


def acting_user(catalog: Catalog, user: str | None) -> Actor:
    """Who a command acts as: the user ``--user`` names (a clear error when there is none), else the local
    administrator (the person at the keyboard of the embedded platform)."""
    from stdbridge.accounts.roles import LOCAL_ADMIN, Actor

    if user is None:
        return LOCAL_ADMIN
    found = catalog.store.user_by_name(user)
    if found is None:
        raise UsageError(_("no user named '{name}'").format(name=user))
    return Actor(found.id, found.name, found.roles, signed_in=True)
