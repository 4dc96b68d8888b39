"""Print, for each body of a catalogue, the share of records whose status today is stated by the source, derived
by stdbridge (``catalog.lifecycle``: dates, replacements, later editions), or still unknown, and the counts of the
search index's status facet for the body (which must agree with the derived statuses).

    python scripts/status_shares.py --db /tmp/catalog.db          # a catalogue made by 'stdbridge init'
    python scripts/status_shares.py --db /tmp/catalog.db --body SAC --unknown 20   # and 20 still unknown
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter

from stdbridge.catalog import Catalog
from stdbridge.catalog.lifecycle import NOT_YET_PUBLISHED, lifecycle, successors_for
from stdbridge.models import Status, standard_from_record
from stdbridge.search.engine import Filters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the catalogue (a SQLite file or a database URL)")
    parser.add_argument("--body", help="only this body (the code records hold: ISO, IEC, SAC, JISC, ITU-T ...)")
    parser.add_argument("--unknown", type=int, default=0, help="list this many records still of unknown status")
    args = parser.parse_args()
    catalog = Catalog.open(args.db)
    today = dt.date.today()
    kinds: dict[str, Counter[str]] = {}
    statuses: dict[str, Counter[str]] = {}
    unknown: list[str] = []
    for sid, record in catalog.store.iter_records():
        standard = standard_from_record(record, id=sid)
        bodies = (standard.body, *standard.copublishers)  # as the body facet counts them: publishers and co-publishers
        if args.body and args.body not in bodies:
            continue
        found = successors_for(catalog.store, standard) if standard.status == Status.UNKNOWN else []
        on = lifecycle(standard, today, found)
        kind = "unknown" if on.status == Status.UNKNOWN.value else "derived" if on.derived else "stated"
        status = Status.ANNOUNCED.value if on.status == NOT_YET_PUBLISHED else on.status
        for body in bodies:
            kinds.setdefault(body, Counter())[kind] += 1
            statuses.setdefault(body, Counter())[status] += 1
        if kind == "unknown" and len(unknown) < args.unknown:
            unknown.append(f"  {standard.identifier}: {on.basis}")
    print(f"Status on {today.isoformat()} (records; share of the body's records)")
    print("A record co-published by several bodies counts for each, as the body facet counts it.")
    print(f"{'body':<8} {'records':>8} {'stated':>15} {'derived':>15} {'unknown':>15}  facet agrees")
    for body in sorted(kinds):
        counts, total = kinds[body], sum(kinds[body].values())
        cells = [f"{counts[k]:>7} {100 * counts[k] / total:5.1f} %" for k in ("stated", "derived", "unknown")]
        _hits, facets = catalog.search_engine().facet_counts(Filters(body=(body,)))
        facet = {v.value: v.count for v in facets.get("status", [])}
        agrees = "yes" if facet == dict(statuses[body]) else f"no: facet {facet}, records {dict(statuses[body])}"
        print(f"{body:<8} {total:>8} {cells[0]:>15} {cells[1]:>15} {cells[2]:>15}  {agrees}")
    if unknown:
        print("Still unknown:", *unknown, sep="\n")


if __name__ == "__main__":
    main()
