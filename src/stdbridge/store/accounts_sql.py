"""The accounts' tables (migration 0004) and their rows in ``SqlStore``: users and their roles, organisations and
memberships, sign-in sessions, personal API tokens and the platform's settings.

Secrets are never stored: a session or a token is kept as the SHA-256 of its random secret, a password as its
Argon2 hash. Roles are rows of ``user_roles``; a token's roles are a comma-separated list (a subset of its user's).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    exists,
    insert,
    select,
    update,
)

from stdbridge.accounts.records import ApiToken, Organisation, OrganisationKind, User
from stdbridge.accounts.roles import Role
from stdbridge.errors import UsageError
from stdbridge.i18n import _

account_metadata = MetaData()

users = Table(
    "users",
    account_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("email", String, nullable=False),
    Column("language", String, nullable=False),
    Column("password_hash", String),
    Column("created_at", String, nullable=False),
)

user_roles = Table(
    "user_roles",
    account_metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String, primary_key=True),
)

organisations = Table(
    "organisations",
    account_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("kind", String, nullable=False),
    Column("country", String, nullable=False),
)

memberships = Table(
    "memberships",
    account_metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)

sessions = Table(
    "sessions",
    account_metadata,
    Column("secret_hash", String, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", String, nullable=False),
    Column("expires_at", String, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    account_metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String, nullable=False),
    Column("secret_hash", String, nullable=False, unique=True),
    Column("roles", String, nullable=False),
    Column("created_at", String, nullable=False),
    Column("revoked_at", String),
)

settings = Table(
    "settings", account_metadata, Column("name", String, primary_key=True), Column("value", String, nullable=False)
)


def _roles_text(roles: frozenset[Role]) -> str:
    return ",".join(sorted(r.value for r in roles))


def _roles_of_text(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in text.split(",") if r)


class AccountRows:
    """The accounts' part of ``SqlStore`` (its ``Store`` methods; see ``store.base``)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    # users -----------------------------------------------------------------------------------
    def add_user(self, user: User) -> None:
        row = {"name": user.name, "email": user.email, "language": user.language,
               "password_hash": user.password_hash, "created_at": user.created_at}  # fmt: skip
        with self._connect() as conn:
            if conn.execute(select(users.c.id).where(users.c.name == user.name)).first() is not None:
                raise UsageError(_("there is already a user named {name!r}").format(name=user.name))
            key = conn.execute(insert(users).values(**row)).inserted_primary_key
            assert key is not None
            user.id = int(key[0])
            if user.roles:
                conn.execute(insert(user_roles), [{"user_id": user.id, "role": r.value} for r in user.roles])

    def _users(self, conn: Connection, where: Any = None) -> list[User]:
        query = select(users).order_by(users.c.name)
        if where is not None:
            query = query.where(where)
        found = [User(r.name, r.email, r.language, frozenset(), r.password_hash, r.created_at, r.id)
                 for r in conn.execute(query)]  # fmt: skip
        if found:
            ids = [u.id for u in found]
            roles: dict[int, set[Role]] = {}
            for user_id, role in conn.execute(select(user_roles).where(user_roles.c.user_id.in_(ids))):
                roles.setdefault(user_id, set()).add(Role(role))
            for u in found:
                u.roles = frozenset(roles.get(u.id or 0, ()))
        return found

    def user_by_name(self, name: str) -> User | None:
        with self._connect() as conn:
            found = self._users(conn, users.c.name == name)
        return found[0] if found else None

    def user_by_id(self, user_id: int) -> User | None:
        with self._connect() as conn:
            found = self._users(conn, users.c.id == user_id)
        return found[0] if found else None

    def list_users(self) -> list[User]:
        with self._connect() as conn:
            return self._users(conn)

    def has_users(self) -> bool:
        with self._connect() as conn:
            return bool(conn.execute(select(exists().select_from(users))).scalar())

    def set_user_roles(self, user_id: int, roles: frozenset[Role]) -> None:
        with self._connect() as conn:
            conn.execute(delete(user_roles).where(user_roles.c.user_id == user_id))
            if roles:
                conn.execute(insert(user_roles), [{"user_id": user_id, "role": r.value} for r in roles])

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self._connect() as conn:
            conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))

    # organisations -----------------------------------------------------------------------------
    def add_organisation(self, organisation: Organisation) -> None:
        row = {"name": organisation.name, "kind": organisation.kind.value, "country": organisation.country}
        with self._connect() as conn:
            if conn.execute(select(organisations.c.id).where(organisations.c.name == organisation.name)).first():
                raise UsageError(_("there is already an organisation named {name!r}").format(name=organisation.name))
            key = conn.execute(insert(organisations).values(**row)).inserted_primary_key
            assert key is not None
            organisation.id = int(key[0])

    def list_organisations(self) -> list[Organisation]:
        with self._connect() as conn:
            rows = conn.execute(select(organisations).order_by(organisations.c.name))
            return [Organisation(r.name, OrganisationKind(r.kind), r.country, r.id) for r in rows]

    def add_membership(self, user_id: int, organisation_id: int) -> None:
        with self._connect() as conn:
            held = select(memberships).where(
                memberships.c.user_id == user_id, memberships.c.organisation_id == organisation_id
            )
            if conn.execute(held).first() is None:
                conn.execute(insert(memberships).values(user_id=user_id, organisation_id=organisation_id))

    def organisations_of(self, user_id: int) -> list[Organisation]:
        query = (
            select(organisations)
            .join(memberships, memberships.c.organisation_id == organisations.c.id)
            .where(memberships.c.user_id == user_id)
            .order_by(organisations.c.name)
        )
        with self._connect() as conn:
            return [Organisation(r.name, OrganisationKind(r.kind), r.country, r.id) for r in conn.execute(query)]

    # sessions --------------------------------------------------------------------------------------
    def add_session(self, secret_hash: str, user_id: int, created_at: str, expires_at: str) -> None:
        row = {"secret_hash": secret_hash, "user_id": user_id, "created_at": created_at, "expires_at": expires_at}
        with self._connect() as conn:
            conn.execute(insert(sessions).values(**row))

    def session_user(self, secret_hash: str, now: str) -> int | None:
        query = select(sessions.c.user_id).where(sessions.c.secret_hash == secret_hash, sessions.c.expires_at > now)
        with self._connect() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else int(found)

    def end_sessions(self, *, secret_hash: str | None = None, user_id: int | None = None,
                     expired_by: str | None = None) -> int:  # fmt: skip
        query = delete(sessions)
        if secret_hash is not None:
            query = query.where(sessions.c.secret_hash == secret_hash)
        if user_id is not None:
            query = query.where(sessions.c.user_id == user_id)
        if expired_by is not None:
            query = query.where(sessions.c.expires_at <= expired_by)
        with self._connect() as conn:
            return int(conn.execute(query).rowcount or 0)

    # API tokens --------------------------------------------------------------------------------------
    def add_token(self, token: ApiToken) -> None:
        row = {"user_id": token.user_id, "name": token.name, "secret_hash": token.secret_hash,
               "roles": _roles_text(token.roles), "created_at": token.created_at,
               "revoked_at": token.revoked_at}  # fmt: skip
        with self._connect() as conn:
            key = conn.execute(insert(api_tokens).values(**row)).inserted_primary_key
            assert key is not None
            token.id = int(key[0])

    def _tokens(self, where: Any) -> list[ApiToken]:
        with self._connect() as conn:
            rows = conn.execute(select(api_tokens).where(where).order_by(api_tokens.c.id))
            return [ApiToken(r.user_id, r.name, r.secret_hash, _roles_of_text(r.roles), r.created_at, r.revoked_at,
                             r.id) for r in rows]  # fmt: skip

    def token_by_hash(self, secret_hash: str) -> ApiToken | None:
        found = self._tokens(api_tokens.c.secret_hash == secret_hash)
        return found[0] if found else None

    def tokens_of(self, user_id: int) -> list[ApiToken]:
        return self._tokens(api_tokens.c.user_id == user_id)

    def revoke_token(self, token_id: int, revoked_at: str) -> bool:
        query = (
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=revoked_at)
        )
        with self._connect() as conn:
            return bool(conn.execute(query).rowcount)

    # settings -----------------------------------------------------------------------------------
    def setting(self, name: str) -> str | None:
        with self._connect() as conn:
            found = conn.execute(select(settings.c.value).where(settings.c.name == name)).scalar()
        return None if found is None else str(found)

    def save_setting(self, name: str, value: str) -> None:
        with self._connect() as conn:
            if conn.execute(update(settings).where(settings.c.name == name).values(value=value)).rowcount == 0:
                conn.execute(insert(settings).values(name=name, value=value))

    def first_setting(self, name: str, value: str) -> str:
        with self._connect() as conn:
            # another node may be writing the same setting at this moment: the first one written stays
            if conn.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as insert_new
            else:
                from sqlalchemy.dialects.sqlite import insert as insert_new  # type: ignore[assignment]
            conn.execute(insert_new(settings).values(name=name, value=value).on_conflict_do_nothing())
            return str(conn.execute(select(settings.c.value).where(settings.c.name == name)).scalar())


def iter_account_tables() -> Iterator[Table]:
    yield from account_metadata.sorted_tables
