"""Where a catalogue lives on this machine, and how long jobs keep Python's collector out of their way.

- ``default_location``, ``resolve_location``, ``index_location``: the catalogue file (``--db``, ``STDBRIDGE_DB``,
  else the data folder of the XDG convention) and its search index beside it;
- ``rejects_location``: where the reports of rejected records go;
- ``without_cycle_collection``: a pause of the cycle collector for jobs that build many acyclic objects;
- ``command_line_process``, ``started``: the collector kept out of a command's start and of its exit;
- ``now_iso``: the time now as records keep it (UTC, ISO 8601, to the second).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit


def default_location() -> Path:
    """``$XDG_DATA_HOME/stdbridge/catalog.db`` (``~/.local/share/stdbridge/catalog.db``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "stdbridge" / "catalog.db"


def resolve_location(location: str | os.PathLike[str] | None = None) -> str:
    """The location asked for, else ``STDBRIDGE_DB``, else the default path."""
    return str(location or os.environ.get("STDBRIDGE_DB") or default_location())


def index_location(location: str | os.PathLike[str] | None = None) -> Path:
    """Where the search index of a catalogue lives: ``STDBRIDGE_INDEX``, else beside the catalogue file
    (``catalog.db`` -> ``catalog.search/``), else in the default data folder for a server catalogue, one folder
    for each server and database (two catalogues never share an index).

    >>> index_location("postgresql+psycopg://app:secret@db.example:5432/stdbridge").name
    'search-db.example-5432-stdbridge'
    """
    if os.environ.get("STDBRIDGE_INDEX"):
        return Path(os.environ["STDBRIDGE_INDEX"]).expanduser()
    where = resolve_location(location)
    if "://" in where and not where.startswith("sqlite:///"):
        server = urlsplit(where)
        parts = [server.hostname or "local", str(server.port or ""), server.path.strip("/")]
        name = "-".join(re.sub(r"[^A-Za-z0-9_.]+", "_", part) for part in parts if part)
        return default_location().parent / f"search-{name}"
    path = Path(where.removeprefix("sqlite:///")).expanduser()
    return path.with_name(path.stem + ".search")


def rejects_location(location: str | os.PathLike[str] | None = None) -> Path:
    """Where the reports of rejected records of imports go: a folder ``rejects`` beside the catalogue file, else
    (a server catalogue) in the default data folder; never the folder the command happened to run in.

    >>> rejects_location("/data/catalog.db").as_posix()
    '/data/rejects'
    """
    where = resolve_location(location)
    if "://" in where and not where.startswith("sqlite:///"):
        return default_location().parent / "rejects"
    return Path(where.removeprefix("sqlite:///")).expanduser().parent / "rejects"


_pauses = 0  # jobs running that asked for the pause (they may run in several threads of a server)
_pause_lock = threading.Lock()
_restore: tuple[bool, tuple[int, ...]] = (True, gc.get_threshold())
_SERVER_THRESHOLD = 50_000  # allocations between young collections while a job runs beside other threads


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Keep Python's cycle collector out of the way while a job builds hundreds of thousands of acyclic dicts.

    With it running, each collection rescans every record read so far: at the bundled size that made reading
    twice as slow. Nothing an import builds holds a reference cycle, so nothing leaks. The main thread of a
    command switches the collector off; a job in another thread (a request of a server, the indexer) shares the
    process with other work, so it only makes collections rarer (a young collection every 50,000 allocations,
    not 700), and garbage cycles made beside it are still collected. Jobs may overlap: the first to start sets
    the collector aside, the last to end puts it back as it was.
    """
    global _pauses, _restore
    with _pause_lock:
        if _pauses == 0:
            _restore = (gc.isenabled(), gc.get_threshold())
            if threading.current_thread() is threading.main_thread():
                gc.disable()
            else:
                gc.set_threshold(max(_SERVER_THRESHOLD, _restore[1][0]), *_restore[1][1:])
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0:
                enabled, threshold = _restore
                gc.set_threshold(*threshold)
                if enabled:
                    gc.enable()


_starting = False  # a command-line process is starting, the collector off (``command_line_process``)
# seconds after which a command-line process counts as started whatever it does: long work, which needs the collector
# (well past the start of any command: ``stdbridge show`` opens its catalogue after about 0.25 s)
_START_BUDGET = 1.0


@contextmanager
def command_line_process() -> Iterator[None]:
    """Run a command-line process with the cycle collector kept out of its start and of its exit.

    A command spends most of its life loading modules, tables and models, which hold no garbage to collect. Yet
    each collection walks every object made so far. So the collector is off while the process starts, and comes
    back once ``started`` is called. At the end every object is frozen (``gc.freeze``), so the collection Python
    makes as it exits walks none of them: ``stdbridge show`` 0.383 s -> 0.321 s (``bench/bench_cli.py``).
    A command that opens no catalogue and draws no progress (``db copy``, ``memory align``) gets the collector
    back after ``_START_BUDGET`` seconds all the same, from a timer: only short commands run to their end without it.
    """
    global _starting
    _starting = True
    gc.disable()
    budget = threading.Timer(_START_BUDGET, started)
    budget.daemon = True
    budget.start()
    try:
        yield
    finally:
        budget.cancel()
        with _pause_lock:
            _starting = False
        gc.freeze()


def started() -> None:
    """The start of a command-line process is over (its catalogue is open, or its long work begins): what it has
    loaded is set aside for good (``gc.freeze``), and the collector runs again. This does nothing outside
    ``command_line_process`` (a server, a test, a library caller), and leaves the collector off while a job has
    paused it (``without_cycle_collection``)."""
    global _starting, _restore
    with _pause_lock:
        if not _starting:
            return
        _starting = False
        gc.freeze()
        if _pauses == 0:
            gc.enable()
        else:  # the job puts the collector back as it found it: on
            _restore = (True, _restore[1])


def now_iso() -> str:
    """The time now, UTC, ISO 8601 to the second: how imports, jobs, programmes, memories and watchlists date what
    they write."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
