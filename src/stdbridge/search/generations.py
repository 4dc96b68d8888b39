"""How a search index folder is shared by the processes of one machine: generations, a stamp, one writer.

The folder a catalogue's index lives in (``runtime.index_location``) holds::

    stdbridge-index.json   the stamp: the index version, the generation in use, the last change taken in, the
                           day the derived statuses are of
    indexer.lock           held by the one process that writes the index at a time (``writer_lock``)
    gen-<built>/           a generation: a whole Tantivy index, as one rebuild wrote it

- A rebuild writes a new generation beside the one in use and then points the stamp at it: a process reading
  the old generation keeps reading it, and moves to the new one when it next reloads (``SearchIndex.reload``).
  Updates (the editions a change touched) are written into the generation in use: Tantivy commits atomically.
- The stamp is written whole or not at all (a temporary file, then ``os.replace``): a reader never sees half of
  it, which it would have read as "no index" and rebuilt everything.
- A generation the stamp no longer names is marked retired and deleted ``RETIRED_GRACE_SECONDS`` later, by the
  next writer (``clean``): long enough for every reader to have moved on, since readers reload the stamp at most
  a second after it changes, whenever they answer.
- Only the holder of ``indexer.lock`` writes (``filelock``: released by the system when its process dies, so a
  killed indexer never blocks the next one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

STAMP = "stdbridge-index.json"
LOCK = "indexer.lock"
PREFIX = "gen-"
RETIRED = ".retired"
RETIRED_GRACE_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the stamp says: the index version, the generation folder in use, when it was built (ns), and the
    number of the last change (``Store.changes_since``) the index has taken in, and the day the derived statuses
    of its documents are of (``SearchIndex.statuses_due``; None: not known)."""

    version: int
    folder: str
    built: int
    seq: int
    status_day: dt.date | None = None


def read_stamp(root: Path) -> Stamp | None:
    """The stamp of the index at ``root``, None when there is none or it is not of this layout."""
    try:
        found = json.loads((root / STAMP).read_text(encoding="utf-8"))
        day = dt.date.fromisoformat(str(found["status_day"])) if found.get("status_day") else None
        return Stamp(int(found["version"]), str(found["folder"]), int(found["built"]), int(found["seq"]), day)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_stamp(root: Path, stamp: Stamp) -> None:
    """Replace the stamp at ``root`` whole: written to a file of this process, then renamed over the old one."""
    temporary = root / f".{STAMP}.{os.getpid()}.tmp"
    day = stamp.status_day.isoformat() if stamp.status_day is not None else None
    data = json.dumps(
        {"version": stamp.version, "folder": stamp.folder, "built": stamp.built, "seq": stamp.seq, "status_day": day}
    )
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, root / STAMP)


def new_generation(root: Path) -> tuple[str, int]:
    """The folder name of a new generation and its build time (ns), the folder made empty."""
    built = time.time_ns()
    name = f"{PREFIX}{built:x}-{os.getpid()}"
    (root / name).mkdir(parents=True)
    return name, built


def retire(root: Path, folder: str) -> None:
    """Mark a generation no longer in use: ``clean`` deletes it once readers have had time to move on."""
    if folder and (root / folder).is_dir():
        (root / folder / RETIRED).write_text(str(time.time()), encoding="utf-8")


def clean(root: Path, in_use: str, grace: float = RETIRED_GRACE_SECONDS) -> list[str]:
    """Delete the generations retired more than ``grace`` seconds ago, those a writer left unfinished as long
    ago (a rebuild killed half-way), and the files of an index of the layout before generations; returns the
    names deleted. Only the holder of the writer lock calls it."""
    deleted = []
    now = time.time()
    for entry in root.iterdir() if root.is_dir() else ():
        if entry.name in (in_use, STAMP, LOCK) or (entry.name.startswith(".") and not _tantivy_file(entry.name)):
            continue
        marker = entry / RETIRED
        try:
            since = marker.stat().st_mtime if marker.exists() else entry.stat().st_mtime
        except OSError:
            continue
        if now - since < grace:
            continue
        if entry.is_dir() and entry.name.startswith(PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_file() and _tantivy_file(entry.name):  # of the layout before generations, in the folder
            with contextlib.suppress(OSError):
                entry.unlink()
        else:
            continue
        deleted.append(entry.name)
    return deleted


_TANTIVY_SUFFIXES = (".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm", ".del")


def _tantivy_file(name: str) -> bool:
    return name in ("meta.json", ".managed.json", ".tantivy-meta.lock", ".tantivy-writer.lock") or name.endswith(
        _TANTIVY_SUFFIXES
    )


def writer_lock(root: Path) -> FileLock:
    """The lock only the process writing the index at ``root`` holds (reentrant within a thread)."""
    root.mkdir(parents=True, exist_ok=True)
    return FileLock(str(root / LOCK))
