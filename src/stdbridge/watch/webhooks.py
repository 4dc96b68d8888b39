"""Webhooks: each notification of a watchlist POSTed as JSON to each of its webhooks, signed, retried.

The body is the notification (``links.as_json``) and the header ``X-Stdbridge-Signature`` is
``sha256=`` + the lower-case hexadecimal HMAC-SHA256 of the body's bytes under the webhook's secret: a receiver
recomputes it and compares with ``hmac.compare_digest``. A 2xx answer delivers it; anything else (an error status,
a refused connection, a time-out) schedules the next attempt after ``backoff(attempts)``: 30 s doubled at each
failure up to 6 h, for ``MAX_ATTEMPTS`` attempts (about five days): a receiver that is down gets every delivery
after it comes back. Every attempt is written to the delivery log (``Store.deliveries_of``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

import httpx2
import orjson

from stdbridge.store import Store
from stdbridge.watch.links import as_json
from stdbridge.watch.model import DeliveryStatus

SIGNATURE_HEADER = "X-Stdbridge-Signature"
FIRST_DELAY = 30.0
LONGEST_DELAY = 6 * 3600.0
MAX_ATTEMPTS = 30
TIMEOUT = httpx2.Timeout(10.0, connect=5.0)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does: True when ``signature`` is the body's under ``secret``."""
    return hmac.compare_digest(sign(secret, body), signature)


def backoff(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt."""
    return float(min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY))


@dataclass(slots=True)
class Round:
    delivered: int = 0
    failed: int = 0  # attempts that failed (retried later, or given up)


def deliver_due(
    store: Store, base_url: str, *, now: dt.datetime | None = None, client: httpx2.Client | None = None,
    limit: int = 500,
) -> Round:  # fmt: skip
    """Attempt every delivery due at ``now`` once."""
    moment = now or dt.datetime.now(dt.UTC)
    stamp = moment.isoformat(timespec="seconds")
    done = Round()
    own = client is None
    http = client or httpx2.Client(timeout=TIMEOUT, follow_redirects=False)
    try:
        for delivery, hook, note in store.due_deliveries(stamp, limit):
            body = orjson.dumps(as_json(note, base_url))
            headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(hook.secret, body),
                       "User-Agent": "stdbridge-webhook"}  # fmt: skip
            delivery.attempts += 1
            try:
                answer = http.post(hook.url, content=body, headers=headers)
                delivery.response_code, delivery.error = answer.status_code, None
                ok = 200 <= answer.status_code < 300
                if not ok:
                    delivery.error = answer.text[:500]
            except httpx2.HTTPError as exc:
                delivery.response_code, delivery.error, ok = None, f"{type(exc).__name__}: {exc}"[:500], False
            if ok:
                delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, stamp
                done.delivered += 1
            else:
                done.failed += 1
                if delivery.attempts >= MAX_ATTEMPTS:
                    delivery.status = DeliveryStatus.FAILED
                later = moment + dt.timedelta(seconds=backoff(delivery.attempts))
                delivery.next_attempt = later.isoformat(timespec="seconds")
            store.record_attempt(delivery)
    finally:
        if own:
            http.close()
    return done
