"""What every command shares: the ``stdbridge`` group, its options, consoles and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.text import Text

from stdbridge.bodies import Reading
from stdbridge.catalog import Catalog
from stdbridge.compare.lists import decode_list, read_list
from stdbridge.errors import StdbridgeError
from stdbridge.i18n import _, language_from_environment, set_language
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.runtime import resolve_location

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
            self._catalog = Catalog.open(self.location)
        return self._catalog

    def filled_catalog(self) -> Catalog:
        catalog = self.catalog
        if catalog.is_empty():
            raise click.ClickException(
                _("the catalogue at {location} is empty; run 'stdbridge init' first").format(location=self.location)
            )
        return catalog


class ErrorsAsMessages(click.Group):
    """Turns stdbridge's own errors into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StdbridgeError as exc:
            label = _("Error")
            err.print(f"[red]{label}:[/red] {exc}", markup=True, highlight=False)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print(_("Interrupted; the catalogue is unchanged by the unfinished step."))
            sys.exit(130)


class _ItemsDone(ProgressColumn):
    """Items done, of how many when that is known; nothing for a step that counts nothing."""

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        if task.total is not None:
            return Text(f"{done:,}/{int(task.total):,}", style="progress.download")
        return Text(f"{done:,}" if done else "", style="progress.download")


class StepBar:
    """A ``Progress`` drawn by rich: the current step on one line — the time it has taken, what it does, a bar
    (moving to and fro while its total is not known) and the items done, of how many."""

    def __init__(self, bar: RichProgress) -> None:
        self._bar = bar
        self._task: TaskID | None = None

    def step(self, label: str, total: int | None = None) -> None:
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(label, total=total)

    def advance(self, count: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, count)


@contextmanager
def progress_bar(obj: Context, *, json_output: bool) -> Iterator[Progress]:
    """Where a command reports its steps: a bar on standard error when a person is watching — it is a terminal and
    the command prints no JSON (scripts read JSON and pipes) — or when ``--progress`` (``STDBRIDGE_PROGRESS=1``)
    asks for it anyway; ``--no-progress`` never draws it. The bar is gone when the command is done."""
    wanted = obj.progress if obj.progress is not None else (err.is_terminal and not json_output)
    if not wanted:
        yield NO_PROGRESS
        return
    console = err if err.is_terminal else Console(stderr=True, highlight=False, force_terminal=True)
    columns = (
        TimeElapsedColumn(), SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), _ItemsDone(),
    )  # fmt: skip
    with RichProgress(*columns, console=console, transient=True) as bar:
        yield StepBar(bar)


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
    set_language(lang or language_from_environment())
    ctx.obj = Context(db, progress)


def rejects_dir_of(obj: Context) -> Path:
    return Path(obj.location).expanduser().parent / "rejects" if "://" not in obj.location else Path.cwd()


def read_lines(path: Path) -> list[str]:
    """The lines of a file of one item a line, or of standard input when ``path`` is '-': UTF-8 (with or without
    byte-order mark), else GB18030, as ``compare-batch`` reads its lists."""
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
    bodies, countries, readings = catalog.read_names(body=[body] if body else [], country=[country] if country else [])
    tell_readings(readings)
    return (bodies[0] if bodies else None), (countries[0] if countries else None)
