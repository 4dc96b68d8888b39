"""Watchlists and alerts (issue 13): what people watch, the notifications that changes of the catalogue give them,
and how those reach them (inbox, Atom feed, signed webhooks).

- ``model``: watchlists, their items, notifications, webhooks and deliveries.
- ``matching``: which watchlists a changed record concerns, through an index of the watched items.
- ``fanout``: turns new change events, and statuses that changed with a date, into notifications and deliveries.
- ``webhooks``: signed JSON deliveries retried with exponential back-off.
- ``feed``: the Atom feed of a watchlist.
- ``changes``: everything that changed in a period (``stdbridge changes``, ``/api/changes``).
"""
