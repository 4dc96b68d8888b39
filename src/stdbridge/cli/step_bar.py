"""The bar long commands draw on standard error: rich's progress display of the steps the core reports through
``stdbridge.progress.Progress``. Loaded only when a bar is drawn (``cli.base.progress_bar``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.text import Text


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

    @classmethod
    @contextmanager
    def drawn(cls, console: Console) -> Iterator[StepBar]:
        """A bar on ``console`` while the block runs, gone when it ends."""
        columns = (
            TimeElapsedColumn(), SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), _ItemsDone(),
        )  # fmt: skip
        with RichProgress(*columns, console=console, transient=True) as bar:
            yield cls(bar)
