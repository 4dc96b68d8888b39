"""What can be done with accounts, each step checked against the role of whoever asks (``require``): users and
their roles, organisations, passwords and sign-in sessions, personal API tokens, the platform's settings.

The web pages, the HTTP API and the command line call these; none of them changes an account itself. Each
state-changing method takes the ``Actor`` asking and returns what changed (the user, token or organisation after
the change), so that a record of the change can say what it was before and after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, replace
from typing import Any

from stdbridge import audit
from stdbridge.accounts.passwords import (
    check_new_password,
    dummy_verify,
    hash_password,
    needs_rehash,
    password_matches,
)
from stdbridge.accounts.records import ApiToken, Organisation, OrganisationKind, User
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.errors import Forbidden, NotFound, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.store.base import Store

SESSION_DAYS = 14
TOKEN_PREFIX = "sbt_"  # a token says what it is, so that secret scanners and people recognise one
MAX_NAME = 80
LANGUAGES = ("en", "zh")
ANONYMOUS_READING = "anonymous_reading"  # the setting: "on" (default) or "off" for a private deployment
SETTINGS = {ANONYMOUS_READING: ("on", "off")}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def secret_hash(secret: str) -> str:
    """How a session's or a token's secret is kept: its SHA-256 (the secret has 256 random bits: no salt needed)."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just made: ``secret`` is shown once and never kept."""

    token: ApiToken
    secret: str


class Accounts:
    """The accounts of the catalogue in ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # users ------------------------------------------------------------------------------------------
    def add_user(self, actor: Actor, name: str, *, password: str | None = None, email: str = "",
                 language: str = "en", roles: frozenset[Role] = frozenset()) -> User:  # fmt: skip
        """A new user with ``roles`` (reader always among them) and, when given, a password."""
        require(actor, Role.ADMIN)
        name = name.strip()
        if not name or len(name) > MAX_NAME or any(c.isspace() and c != " " for c in name):
            raise UsageError(_("a user name has 1 to {most} characters, without tabs or line breaks").format(
                most=MAX_NAME))  # fmt: skip
        if language not in LANGUAGES:
            raise UsageError(_("the preferred language is en or zh, not {value!r}").format(value=language))
        if email and ("@" not in email or len(email) > 254 or any(c.isspace() for c in email)):
            raise UsageError(_("{value!r} is not an e-mail address").format(value=email))
        user = User(name, email, language, frozenset(roles | {Role.READER}),
                    hash_password(password) if password is not None else None, _now().isoformat())  # fmt: skip
        with self.store.transaction():
            self.store.add_user(user)
            self._audit(actor, audit.USER_ADD, user.name, None, _user_json(user))
        return user

    def user(self, name: str) -> User:
        found = self.store.user_by_name(name)
        if found is None:
            raise NotFound(_("no user named {name!r}").format(name=name))
        return found

    def grant(self, actor: Actor, name: str, roles: frozenset[Role]) -> User:
        """Give the user ``roles`` (and reader) besides those they have."""
        require(actor, Role.ADMIN)
        user = self.user(name)
        assert user.id is not None
        with self.store.transaction():
            self.store.set_user_roles(user.id, user.roles | roles | {Role.READER})
            after = replace(user, roles=frozenset(user.roles | roles | {Role.READER}))
            self._audit(actor, audit.USER_GRANT, user.name, _user_json(user), _user_json(after))
        return self.user(name)

    def revoke(self, actor: Actor, name: str, roles: frozenset[Role]) -> User:
        """Take ``roles`` from the user; their tokens keep only the roles the user still has."""
        require(actor, Role.ADMIN)
        user = self.user(name)
        assert user.id is not None
        with self.store.transaction():
            self.store.set_user_roles(user.id, user.roles - roles)
            after = replace(user, roles=frozenset(user.roles - roles))
            self._audit(actor, audit.USER_REVOKE, user.name, _user_json(user), _user_json(after))
        return self.user(name)

    def set_password(self, actor: Actor, name: str, new_password: str, *, old_password: str | None = None) -> User:
        """Set a user's password: an administrator for anyone; a user for themself, giving the old one. Every
        other session of the user ends."""
        user = self.user(name)
        assert user.id is not None
        if actor.user_id != user.id:
            require(actor, Role.ADMIN)
        elif not password_matches(user.password_hash, old_password or ""):
            raise Forbidden(_("the current password is not right; the password is unchanged"))
        check_new_password(new_password)
        with self.store.transaction():
            self.store.set_password_hash(user.id, hash_password(new_password))
            self.store.end_sessions(user_id=user.id)
            self._audit(actor, audit.USER_PASSWORD, user.name, None, {"password": "changed", "sessions": "ended"})
        return self.user(name)

    # signing in ------------------------------------------------------------------------------------
    def authenticate(self, name: str, password: str) -> User:
        """The user whose name and password these are; ``Unauthenticated`` (the same message whatever was wrong,
        after the same time) otherwise."""
        user = self.store.user_by_name(name.strip()[:MAX_NAME]) if name.strip() else None
        if user is None or user.password_hash is None:
            dummy_verify()
            raise Unauthenticated(_("the user name or the password is not right"))
        if not password_matches(user.password_hash, password):
            raise Unauthenticated(_("the user name or the password is not right"))
        if needs_rehash(user.password_hash):
            assert user.id is not None
            with self.store.transaction():
                self.store.set_password_hash(user.id, hash_password(password))
        return user

    def start_session(self, user: User) -> str:
        """A new sign-in session of ``user``: the secret for its cookie (kept only as its hash)."""
        assert user.id is not None
        secret = secrets.token_urlsafe(32)
        now = _now()
        with self.store.transaction():
            self.store.end_sessions(expired_by=now.isoformat())
            self.store.add_session(secret_hash(secret), user.id, now.isoformat(),
                                   (now + dt.timedelta(days=SESSION_DAYS)).isoformat())  # fmt: skip
        return secret

    def end_session(self, secret: str) -> None:
        with self.store.transaction():
            self.store.end_sessions(secret_hash=secret_hash(secret))

    def session_actor(self, secret: str) -> Actor | None:
        """Who holds the session whose secret is ``secret``; None when there is none (ended, expired, forged)."""
        if not secret or len(secret) > 100:
            return None
        user_id = self.store.session_user(secret_hash(secret), _now().isoformat())
        user = self.store.user_by_id(user_id) if user_id is not None else None
        return None if user is None else Actor(user.id, user.name, user.roles, signed_in=True)

    # API tokens ---------------------------------------------------------------------------------------
    def create_token(self, actor: Actor, name: str, roles: frozenset[Role] | None = None, *,
                     user_name: str | None = None) -> NewToken:  # fmt: skip
        """A personal token of the actor (or, for an administrator, of ``user_name``) with ``roles``, a subset of
        the user's (all of them when None); it may read whenever its user may."""
        user = self.user(user_name) if user_name is not None else None
        if user is None:
            if actor.user_id is None:
                raise UsageError(_("say whose token this is: a token belongs to a user"))
            user = self.store.user_by_id(actor.user_id)
            assert user is not None
        elif actor.user_id != user.id:
            require(actor, Role.ADMIN)
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise UsageError(_("give the token a name of 1 to {most} characters").format(most=MAX_NAME))
        wanted = user.roles if roles is None else roles | (user.roles & {Role.READER})  # reading goes with any
        if not wanted <= user.roles:
            missing = ", ".join(sorted(r.value for r in wanted - user.roles))
            raise Forbidden(_("{name} does not have the roles {roles}: a token has only roles its user has").format(
                name=user.name, roles=missing))  # fmt: skip
        assert user.id is not None
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken(user.id, name, secret_hash(secret), frozenset(wanted), _now().isoformat())
        with self.store.transaction():
            self.store.add_token(token)
            self._audit(actor, audit.TOKEN_CREATE, f"token of {user.name}", None, _token_json(token))
        return NewToken(token, secret)

    def tokens(self, actor: Actor, user_name: str | None = None) -> list[ApiToken]:
        """The tokens of the actor, or of ``user_name`` (an administrator's question)."""
        if user_name is None:
            return self.store.tokens_of(actor.user_id) if actor.user_id is not None else []
        user = self.user(user_name)
        if actor.user_id != user.id:
            require(actor, Role.ADMIN)
        assert user.id is not None
        return self.store.tokens_of(user.id)

    def revoke_token(self, actor: Actor, token_id: int) -> ApiToken:
        """Revoke a token of the actor's own (an administrator: anyone's)."""
        found = self._token_by_id(actor, token_id)
        if found is None:
            raise NotFound(_("no token {id} of yours").format(id=token_id))
        assert found.id is not None
        at = _now().isoformat()
        with self.store.transaction():
            if not self.store.revoke_token(found.id, at):
                raise UsageError(_("token {id} was revoked already").format(id=token_id))
            revoked = replace(found, revoked_at=at)
            self._audit(actor, audit.TOKEN_REVOKE, f"token {found.id}", _token_json(found), _token_json(revoked))
        return revoked

    def _token_by_id(self, actor: Actor, token_id: int) -> ApiToken | None:
        """The token ``token_id`` if the actor may revoke it: one of their own, or any for an administrator."""
        owners = [actor.user_id] if actor.user_id is not None else []
        if actor.can(Role.ADMIN):
            owners += [u.id for u in self.store.list_users() if u.id is not None and u.id != actor.user_id]
        for owner in owners:
            for token in self.store.tokens_of(owner):
                if token.id == token_id:
                    return token
        return None

    def token_actor(self, secret: str) -> Actor:
        """Who a bearer token speaks for, with the token's roles that its user still has; ``Unauthenticated`` for
        an unknown or revoked token."""
        found = self.store.token_by_hash(secret_hash(secret)) if 0 < len(secret) <= 200 else None
        user = self.store.user_by_id(found.user_id) if found is not None and found.active else None
        if found is None or user is None:
            raise Unauthenticated(_("the API token is not valid: it is unknown or was revoked"))
        return Actor(user.id, user.name, found.roles & user.roles, signed_in=True)

    # organisations -------------------------------------------------------------------------------------
    def add_organisation(self, actor: Actor, name: str, kind: str, country: str) -> Organisation:
        require(actor, Role.ADMIN)
        name, country = name.strip(), country.strip().upper()
        if not name or len(name) > 200:
            raise UsageError(_("an organisation's name has 1 to 200 characters"))
        try:
            kind_ = OrganisationKind(kind)
        except ValueError:
            known = ", ".join(k.value for k in OrganisationKind)
            raise UsageError(_("no kind of organisation {kind!r}: the kinds are {known}").format(
                kind=kind, known=known)) from None  # fmt: skip
        if not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise UsageError(_("give the country as its two-letter code (CN, JP, DE ...), not {value!r}").format(
                value=country))  # fmt: skip
        organisation = Organisation(name, kind_, country)
        with self.store.transaction():
            self.store.add_organisation(organisation)
            after = {"name": organisation.name, "kind": organisation.kind.value, "country": organisation.country}
            self._audit(actor, audit.ORG_ADD, organisation.name, None, after)
        return organisation

    def join(self, actor: Actor, user_name: str, organisation_name: str) -> Organisation:
        require(actor, Role.ADMIN)
        user = self.user(user_name)
        found = [o for o in self.store.list_organisations() if o.name == organisation_name]
        if not found:
            raise NotFound(_("no organisation named {name!r}").format(name=organisation_name))
        assert user.id is not None and found[0].id is not None
        with self.store.transaction():
            self.store.add_membership(user.id, found[0].id)
            self._audit(actor, audit.ORG_JOIN, found[0].name, None, {"member": user.name})
        return found[0]

    # settings ----------------------------------------------------------------------------------------------
    def setting(self, name: str) -> str:
        if name not in SETTINGS:
            raise UsageError(_("no setting {name!r}: the settings are {known}").format(
                name=name, known=", ".join(SETTINGS)))  # fmt: skip
        return self.store.setting(name) or SETTINGS[name][0]

    def change_setting(self, actor: Actor, name: str, value: str) -> str:
        require(actor, Role.ADMIN)
        self.setting(name)
        if value not in SETTINGS[name]:
            raise UsageError(_("{name} is one of {values}, not {value!r}").format(
                name=name, values=", ".join(SETTINGS[name]), value=value))  # fmt: skip
        before = self.setting(name)
        with self.store.transaction():
            self.store.save_setting(name, value)
            self._audit(actor, audit.SETTING_CHANGE, name, {"value": before}, {"value": value})
        return value

    def _audit(self, actor: Actor, action: str, subject: str, before: dict[str, Any] | None,
               after: dict[str, Any] | None) -> None:  # fmt: skip
        """Record a change of accounts in the audit log, in the change's transaction (never a secret or a hash)."""
        audit.record(self.store, actor.name, actor.user_id, action, subject, before, after)

    def secret_key(self) -> bytes:
        """The platform's key for signing what it hands out (CSRF tokens): made once, shared by every node."""
        return bytes.fromhex(self.store.first_setting("secret_key", secrets.token_hex(32)))


def _user_json(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: never the password's hash."""
    return {
        "name": user.name,
        "email": user.email,
        "language": user.language,
        "roles": sorted(r.value for r in user.roles),
    }


def _token_json(token: ApiToken) -> dict[str, Any]:
    """What the audit log keeps of a token: never its secret or the secret's hash."""
    return {"id": token.id, "user_id": token.user_id, "name": token.name, "roles": sorted(r.value for r in token.roles),
            "revoked_at": token.revoked_at}  # fmt: skip
