"""The Atom feed of a watchlist (feedgen): its latest notifications, newest first, each linking the record that
changed and, when something replaces it, that record too. Feed readers fetch it at
``/watch/{id}/feed.atom?token=...`` with the watchlist's secret token instead of a session."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from stdbridge.i18n import _
from stdbridge.watch.links import link_of, record_url, what_changed
from stdbridge.watch.model import Notification, Watchlist

FEED_SIZE = 100


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = dt.datetime(1970, 1, 1)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def feed_path(watchlist: Watchlist) -> str:
    return f"/watch/{watchlist.id}/feed.atom?token={watchlist.feed_token}"


def atom_feed(watchlist: Watchlist, notes: list[Notification], base_url: str) -> bytes:
    """The feed's XML (UTF-8)."""
    base = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(f"{base}/watch/{watchlist.id}")
    feed.title(_("stdbridge watchlist: {name}").format(name=watchlist.shown_name()))
    feed.link(href=f"{base}/watch/{watchlist.id}", rel="alternate")
    feed.link(href=base + feed_path(watchlist), rel="self")
    feed.updated(_moment(notes[0].at) if notes else _moment(watchlist.created_at))
    for note in reversed(notes):  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(f"{base}/watch/{watchlist.id}/notifications/{note.id}")
        entry.title(what_changed(note))
        entry.link(href=link_of(base, note), rel="alternate")
        text = what_changed(note)
        if note.replaced_by:
            entry.link(href=record_url(base, note.replaced_by), rel="related", title=note.replaced_by)
            text += "\n" + _("Replaced by: {successor} {url}").format(
                successor=note.replaced_by, url=record_url(base, note.replaced_by))  # fmt: skip
        entry.content(text + "\n" + link_of(base, note), type="text")
        entry.updated(_moment(note.at))
    xml: bytes = feed.atom_str(pretty=False)
    return xml
