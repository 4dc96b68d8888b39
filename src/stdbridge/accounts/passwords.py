"""Password hashes: Argon2id through argon2-cffi, with its recommended parameters (RFC 9106's second choice)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from stdbridge.errors import MissingExtra, UsageError
from stdbridge.i18n import _

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 10
MAX_LENGTH = 1024  # Argon2 takes any length; a bound keeps a hostile sign-in from hashing megabytes


@cache
def _hasher() -> PasswordHasher:
    try:
        from argon2 import PasswordHasher
    except ImportError as missing:
        raise MissingExtra("web", missing) from None
    return PasswordHasher()


def check_new_password(password: str) -> None:
    """``UsageError`` when ``password`` is too short or too long to be set."""
    if len(password) < MIN_LENGTH:
        raise UsageError(_("a password has at least {least} characters").format(least=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise UsageError(_("a password has at most {most} characters").format(most=MAX_LENGTH))


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password``, encoded with its salt and parameters (``$argon2id$v=19$...``)."""
    check_new_password(password)
    return _hasher().hash(password)


def password_matches(encoded: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``encoded`` was made from; False for no hash or an unreadable one."""
    if not encoded or not password or len(password) > MAX_LENGTH:
        return False
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return _hasher().verify(encoded, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's (to be replaced at the next sign-in)."""
    return _hasher().check_needs_rehash(encoded)


def dummy_verify() -> None:
    """Spend the time of one verification, so that an unknown user name takes as long to refuse as a bad password."""
    password_matches(_dummy_hash(), "not the password")


@cache
def _dummy_hash() -> str:
    return _hasher().hash("a password nobody has")
