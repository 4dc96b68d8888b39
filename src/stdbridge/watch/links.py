"""The links a notification gives: the record page of what changed and of what replaces it, and what the change
was, said for people (English or Chinese through gettext)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from stdbridge.i18n import _, listed
from stdbridge.watch.model import ItemKind, Notification

NOTICE = "notice"  # the kind of a notification about a notice or news item (``stdbridge.notices.alerts``)


def record_url(base_url: str, identifier: str) -> str:
    return base_url.rstrip("/") + "/standard?" + urlencode({"id": identifier})


def notice_url(base_url: str, notice_id: object) -> str:
    return f"{base_url.rstrip('/')}/notices/{notice_id}"


def link_of(base_url: str, note: Notification) -> str:
    """Where a notification points: the notice's page for a notice or news item, else the record's."""
    if note.kind == NOTICE:
        return notice_url(base_url, note.detail.get("notice"))
    return record_url(base_url, note.identifier)


def what_the_notice_is(note: Notification) -> str:
    detail = note.detail
    cites = listed(str(c) for c in detail.get("cites", []))
    kind = detail.get("notice_kind")
    if kind == "tbt":
        line = _("WTO TBT notification {symbol} ({country}): {title}").format(
            symbol=note.identifier, country=detail.get("country") or "", title=detail.get("title", ""))  # fmt: skip
    elif kind == "national-notice":
        line = _("National notice ({country}): {title}").format(
            country=detail.get("country") or "", title=detail.get("title", ""))  # fmt: skip
    else:
        line = _("News ({country}): {title}").format(country=detail.get("country") or "", title=detail.get("title", ""))
    if detail.get("deadline"):
        line += _("; comments until {date}").format(date=detail["deadline"])
    if cites:
        line += _("; cites {standards}").format(standards=cites)
    if detail.get("changed"):
        line += _(" (updated)")
    return line


def what_changed(note: Notification) -> str:
    """One line saying what happened to the record."""
    kind, detail = note.kind, note.detail
    if kind == NOTICE:
        return what_the_notice_is(note)
    if kind == "added":
        return _("{identifier} was added to the catalogue").format(identifier=note.identifier)
    if kind == "changed":
        fields = ", ".join(str(f) for f in detail.get("fields", []))
        return _("{identifier} changed: {fields}").format(identifier=note.identifier, fields=fields)
    if kind == "replaced" and note.replaced_by:
        return _("{identifier} was replaced by {successor}").format(
            identifier=note.identifier, successor=note.replaced_by)  # fmt: skip
    if kind == "replaced":
        return _("{identifier} was replaced").format(identifier=note.identifier)
    if kind == "withdrawn":
        return _("{identifier} was withdrawn").format(identifier=note.identifier)
    if kind == "in-force":
        return _("{identifier} came into force on {date}").format(
            identifier=note.identifier, date=detail.get("date") or note.at)  # fmt: skip
    return f"{note.identifier}: {kind}"


def as_json(note: Notification, base_url: str) -> dict[str, Any]:
    """What a webhook receives and ``/api`` returns of a notification."""
    return {
        "id": note.id, "watchlist": note.watchlist_id, "kind": note.kind, "identifier": note.identifier,
        "edition_key": note.edition_key, "at": note.at, "detail": note.detail, "summary": what_changed(note),
        "url": link_of(base_url, note), "replaced_by": note.replaced_by,
        "replaced_by_url": record_url(base_url, note.replaced_by) if note.replaced_by else None, "read": note.read,
    }  # fmt: skip


def item_label(kind: ItemKind) -> str:
    """What a watchlist item names, said for people."""
    labels = {ItemKind.EDITION: _("edition"), ItemKind.WORK: _("standard, every edition"), ItemKind.ICS: _("ICS field"),
              ItemKind.COMMITTEE: _("committee"), ItemKind.BODY: _("body"), ItemKind.COUNTRY: _("country"),
              ItemKind.SEARCH: _("saved search"), ItemKind.HS: _("product (HS code)")}  # fmt: skip
    return labels[kind]


def change_detail(detail: dict[str, Any]) -> str:
    """What a change event's detail says in a few words: the fields that changed, else the status it left.

    >>> change_detail({"fields": ["status", "titles"]}), change_detail({"from": "in-force"}), change_detail({})
    ('status, titles', 'in-force', '')
    """
    return ", ".join(detail.get("fields") or []) or str(detail.get("from", ""))


def change_label(kind: str) -> str:
    """A change's kind (``ChangeKind`` values and the dated ``in-force``), said for people."""
    labels = {"added": _("added"), "changed": _("changed"), "withdrawn": _("withdrawn"), "replaced": _("replaced"),
              "in-force": _("in force"), NOTICE: _("notice")}  # fmt: skip
    return labels.get(kind, kind)
