"""Notices at scale (issue 13): an ePing-layout export of ``--rows`` notifications imported (citations resolved
against the catalogue), imported again (every row unchanged), the notices fanned out to ``--watchlists``
watchlists, and the listing's filters and comment-deadline view answered.

    python bench/bench_notices.py [--rows 10000] [--watchlists 100] [--runs 2]

The rows are the four real notifications of ``tests/data/notices/eping_notifications.csv`` repeated with new
document numbers (``G/TBT/N/CHN/100001`` ...), their member, dates, codes and texts as they are; the catalogue holds
the IEC 60335-2-9 editions they cite (``tests/data/notices/iec_60335_2_9.jsonl``), on SQLite in a temporary
folder. The watchlists watch, in turn, the country CN, the HS heading 1003, the ICS field 29.140, the work
IEC 60335-2-9 and the country JP (which no notice touches). Each step is timed; best and spread over the runs.
Every watchlist of China hears of three quarters of the rows: the notifications grow as rows x watchlists.

Measured 2026-12-04 on the shared 2-core machine, load 1.1 (1 min), SQLite, 2 runs, ``--rows 10000
--watchlists 100``: import best 11.98 s (spread 0.59 s), re-import (all unchanged) 7.73 s (0.14 s), fan-out of
300,000 notifications 4.26 s (0.19 s), four listings 0.05 s.
"""

from __future__ import annotations

import argparse
import csv
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.notices.cases import EXPORT, MAPPING, with_iec_60335_2_9

from stdbridge.accounts import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.notices import service
from stdbridge.notices.alerts import fan_out_notices
from stdbridge.notices.model import NoticeQuery
from stdbridge.notices.tbt import read_notifications
from stdbridge.runtime import now_iso
from stdbridge.store import SqlStore
from stdbridge.watch.model import ItemKind, WatchItem, Watchlist


def export_of(rows: int, where: Path) -> Path:
    with EXPORT.open(encoding="utf-8", newline="") as source:
        real = list(csv.DictReader(source))
    path = where / "Notification_EN.csv"
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(real[0]))
        writer.writeheader()
        for n in range(rows):
            row = dict(real[n % len(real)])
            member = row["Document symbol"].split("/")[3]
            row["Document symbol"] = f"G/TBT/N/{member}/{100001 + n}"
            writer.writerow(row)
    return path


def one_run(rows: int, lists: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        store = SqlStore(f"sqlite:///{where / 'catalog.db'}")
        catalog = with_iec_60335_2_9(Catalog(store), where)
        path = export_of(rows, where)
        work = catalog.resolve("IEC 60335-2-9").standard.work_key
        items = [WatchItem(ItemKind.COUNTRY, "CN"), WatchItem(ItemKind.HS, "1003"), WatchItem(ItemKind.ICS, "29.140"),
                 WatchItem(ItemKind.WORK, work), WatchItem(ItemKind.COUNTRY, "JP")]  # fmt: skip
        made = now_iso()
        store.add_watchlists([Watchlist(f"list {i}", secrets.token_urlsafe(16), made, None, None, [items[i % 5]])
                              for i in range(lists)])  # fmt: skip
        times: dict[str, float] = {}
        start = time.perf_counter()
        done = service.import_notices(store, LOCAL_ADMIN, read_notifications(path, MAPPING), path.name)
        times["import"] = time.perf_counter() - start
        assert done.added == rows, done
        start = time.perf_counter()
        again = service.import_notices(store, LOCAL_ADMIN, read_notifications(path, MAPPING), path.name)
        times["re-import"] = time.perf_counter() - start
        assert again.same == rows, again
        start = time.perf_counter()
        fanned = fan_out_notices(store)
        times["fan-out"] = time.perf_counter() - start
        times["notifications"] = fanned.notifications
        start = time.perf_counter()
        for wanted in (NoticeQuery(country="CN"), NoticeQuery(hs="1003"), NoticeQuery(words="portland cement"),
                       NoticeQuery(deadline_within=60, today="2018-07-20")):  # fmt: skip
            store.find_notices(wanted)
            store.count_notices(wanted)
        times["4 listings"] = time.perf_counter() - start
        store.close()
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--watchlists", type=int, default=100)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    runs = [one_run(args.rows, args.watchlists) for _ in range(args.runs)]
    print(f"{args.rows} notifications, {args.watchlists} watchlists, {args.runs} runs")
    for name in runs[0]:
        values = [r[name] for r in runs]
        if name == "notifications":
            print(f"  notifications written: {int(values[0])}")
        else:
            print(f"  {name:<12} best {min(values):7.2f} s  spread {max(values) - min(values):.2f} s")


if __name__ == "__main__":
    main()
