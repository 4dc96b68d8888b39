"""Technical-regulation notices and news (issue 13): WTO TBT notifications, national notices and news items,
the standards they cite (linked both ways), their importers, and how they reach the watchlists.

- ``model``: the records (``Notice`` with its kind, codes and citations) and the filters of a listing.
- ``citations``: the identifiers a text names, resolved against the catalogue.
- ``tbt``: WTO TBT notifications from a CSV/XLSX export through a field mapping (default: ePing's columns).
- ``feeds``: national notices and news from RSS/Atom (file or URL) and from CSV.
- ``service``: importing (transactional, idempotent, audited) and editors' news items.
- ``alerts``: notices and news turned into notifications of the watchlists they touch.
"""
