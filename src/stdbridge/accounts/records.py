"""The records of people and organisations as the store keeps them: users, organisations, API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stdbridge.accounts.roles import Role


class OrganisationKind(StrEnum):
    STANDARDS_BODY = "standards-body"  # a national standards body (SAC, JISC, DIN ...)
    INSTITUTE = "institute"
    COMPANY = "company"
    CERTIFICATION_BODY = "certification-body"


@dataclass(slots=True)
class User:
    """A person with an account; ``password_hash`` is Argon2's encoded hash (None: cannot sign in with a password)."""

    name: str
    email: str = ""
    language: str = "en"  # "en" or "zh": the language of the pages and messages they prefer
    roles: frozenset[Role] = frozenset()
    password_hash: str | None = None
    created_at: str = ""
    id: int | None = None


@dataclass(slots=True)
class Organisation:
    name: str
    kind: OrganisationKind
    country: str  # ISO 3166 code as the catalogue writes countries (CN, JP, DE ...)
    id: int | None = None


@dataclass(slots=True)
class ApiToken:
    """A personal token: only the SHA-256 of its secret is kept; ``roles`` is a subset of its user's roles."""

    user_id: int
    name: str
    secret_hash: str
    roles: frozenset[Role]
    created_at: str
    revoked_at: str | None = None
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None
