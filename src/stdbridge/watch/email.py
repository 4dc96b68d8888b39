"""Notifications by e-mail through a configured SMTP server (smtplib): for each watchlist whose setting is "at
once", "daily" or "weekly", the notifications since the last message sent to it, in one message (a digest), once
its period has passed since that message. The cursor ``email:{id}`` keeps the last notification sent and when."""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from stdbridge.i18n import _
from stdbridge.store import Store
from stdbridge.watch.links import link_of, record_url, what_changed
from stdbridge.watch.model import EmailMode, Watchlist

PERIODS = {EmailMode.AT_ONCE: dt.timedelta(0), EmailMode.DAILY: dt.timedelta(days=1),
           EmailMode.WEEKLY: dt.timedelta(days=7)}  # fmt: skip
MOST = 500


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int = 25
    sender: str = "stdbridge@localhost"
    starttls: bool = False
    user: str | None = None
    password: str | None = None


def digest(watchlist: Watchlist, lines: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = _("stdbridge watchlist: {name}").format(name=watchlist.shown_name())
    message.set_content("\n\n".join(lines) + "\n")
    return message


def send_due(store: Store, server: SmtpServer, base_url: str, now: dt.datetime | None = None) -> int:
    """Send every digest that is due; how many messages were sent."""
    moment = now or dt.datetime.now(dt.UTC)
    sent = 0
    due: list[tuple[Watchlist, EmailMessage, str]] = []
    for watchlist in store.all_watchlists():
        if watchlist.email not in PERIODS or not watchlist.email_to or watchlist.id is None:
            continue
        cursor = store.watch_cursor(f"email:{watchlist.id}") or "0|"
        last_id, _, last_at = cursor.partition("|")
        if last_at and moment - dt.datetime.fromisoformat(last_at) < PERIODS[watchlist.email]:
            continue
        notes = store.notifications_of([watchlist.id], limit=MOST, after_id=int(last_id))
        if not notes:
            continue
        lines = []
        for note in reversed(notes):
            line = f"{what_changed(note)}\n{link_of(base_url, note)}"
            if note.replaced_by:
                line += "\n" + record_url(base_url, note.replaced_by)
            lines.append(line)
        message = digest(watchlist, lines)
        message["From"], message["To"] = server.sender, watchlist.email_to
        due.append((watchlist, message, f"{notes[0].id}|{moment.isoformat(timespec='seconds')}"))
    if not due:
        return 0
    with smtplib.SMTP(server.host, server.port, timeout=30) as smtp:
        if server.starttls:
            smtp.starttls()
        if server.user:
            smtp.login(server.user, server.password or "")
        for watchlist, message, cursor in due:
            smtp.send_message(message)
            store.set_watch_cursor(f"email:{watchlist.id}", cursor)
            sent += 1
    return sent
