"""Who an unsigned request acts as, and the signed tokens that protect forms from forgery (CSRF).

Signing in is needed to change anything, except on the embedded platform as it starts: ``stdbridge serve`` on a
loopback address, over a SQLite catalogue that has no users yet. There, the person at the keyboard is the
administrator (``LOCAL_ADMIN``) — for requests that name a loopback host (``localhost``, ``127.0.0.1``, ``[::1]``)
and that no proxy forwarded: a web page of another site that points its own name at 127.0.0.1 (DNS rebinding),
or a proxy that publishes the port, does not get the keyboard's rights. Once a user exists, or when served on
another address or over PostgreSQL, somebody who has not signed in is an anonymous reader — or nobody at all
when the setting ``anonymous_reading`` is ``off`` (a private deployment: every page needs sign-in).

A form's CSRF token is an HMAC, under the platform's secret key, of what binds it to one browser: the session's
secret when signed in, else a random cookie of its own. A token read from another browser's page, or made
without the key, does not match.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass, field

from stdbridge.accounts.roles import ANONYMOUS_READER, LOCAL_ADMIN, NOBODY, Actor
from stdbridge.accounts.service import ANONYMOUS_READING, Accounts

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address to serve on, or a request's host name) is this machine only."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class AccessPolicy:
    """How a platform decides who unsigned requests are: ``served_locally`` when ``serve`` listens on a
    loopback address only; ``server_store`` for a catalogue in PostgreSQL."""

    accounts: Accounts
    served_locally: bool = True
    server_store: bool = False
    _key: bytes | None = field(default=None, repr=False)

    def sign_in_required(self) -> bool:
        """Whether changing anything needs somebody signed in (see the module's docstring)."""
        return not self.served_locally or self.server_store or self.accounts.store.has_users()

    def anonymous(self, *, local_request: bool) -> Actor:
        """Who a request without a session or a token is: ``local_request`` when it names a loopback host and
        came through no proxy."""
        if local_request and not self.sign_in_required():
            return LOCAL_ADMIN
        return ANONYMOUS_READER if self.accounts.setting(ANONYMOUS_READING) == "on" else NOBODY

    def csrf_token(self, binding: str) -> str:
        """The token the forms of the browser bound by ``binding`` carry."""
        if self._key is None:
            self._key = self.accounts.secret_key()
        return hmac.new(self._key, b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()

    def csrf_valid(self, binding: str, token: str) -> bool:
        return bool(binding and token) and hmac.compare_digest(self.csrf_token(binding), token[:200])
