"""The one exception tree of stdbridge.

Callers catch what they can handle; the command line maps every class to an
exit code and the HTTP API to one JSON error shape::

    StdbridgeError                      anything stdbridge raises on purpose
    ├── IdentifierError                 text that is not a standard identifier
    │   ├── InvalidFormat               unreadable as any scheme (names the offending text and position)
    │   └── InvalidComponent            readable, but a part is impossible (year 3015, month 13, empty number)
    ├── ImportFailed                    a source could not be imported at all (nothing was written)
    │   ├── UnreadableSource            missing, truncated, binary, undecodable or wrongly encoded file
    │   ├── MissingColumns              a tabular source lacks columns its layout requires
    │   └── UnknownFormat               no importer is registered under that name
    ├── UnreadableDocument              a full text given for comparison cannot be read (``reason`` says why:
    │                                   missing, empty, binary, encoding, too-large, no-text-layer, damaged,
    │                                   unsupported)
    ├── WorkStopped                     long work of a request passed its time limit, or its client left
    ├── NotFound                        no standard in the catalogue matches
    ├── StoreError                      the catalogue database is missing, locked or from another version
    │   └── DatabaseUnavailable         the database server cannot be reached now (``retry_after`` seconds)
    ├── Unauthenticated                 nobody signed in (or a bad token) where the action needs an account
    ├── Forbidden                       the person acting lacks the role the action needs (``role`` names it)
    ├── MissingExtra                    an optional dependency is not installed (``pip install 'stdbridge[web]'``);
    │                                   an ImportError too
    └── UsageError                      a request that cannot be carried out as asked (bad date, bad option)
        └── UnknownName                 a body, series or country nobody knows by that name (``nearest`` names
                                        the known ones closest to it)

Every error carries a message meant for a person; ``source`` and ``line``
say where the bad value came from when it came from a file.
"""

from __future__ import annotations

from typing import Literal

from stdbridge.i18n import _

# Why a full text could not be read (``UnreadableDocument.reason``).
DocumentProblem = Literal[
    "missing", "empty", "binary", "encoding", "too-large", "no-text-layer", "damaged", "unsupported"
]


class StdbridgeError(Exception):
    """Base class of every error stdbridge raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.source is not None:
            where = self.source if self.line is None else f"{self.source}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class IdentifierError(StdbridgeError, ValueError):
    """Text that cannot be read as a standard identifier."""

    def __init__(
        self,
        message: str,
        *,
        value: str = "",
        position: int | None = None,
        source: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, source=source, line=line)
        self.value = value
        self.position = position


class InvalidFormat(IdentifierError):
    """The text matches no identifier scheme."""


class InvalidComponent(IdentifierError):
    """The text has an identifier's shape but one component is impossible."""


class ImportFailed(StdbridgeError):
    """A source could not be imported; the catalogue is unchanged."""


class UnreadableSource(ImportFailed):
    """The file is missing, truncated, binary or not in a readable encoding."""


class MissingColumns(ImportFailed):
    """A tabular file lacks columns that its layout requires."""


class UnknownFormat(ImportFailed):
    """No importer is registered under the requested name."""

    exit_code = 2


class UnreadableDocument(StdbridgeError):
    """A full text given for comparison cannot be read; nothing was compared.

    Not an ``ImportFailed``: reading a text to compare writes nothing to the
    catalogue. ``reason`` (a ``DocumentProblem``) lets callers answer
    differently (the HTTP API with 413 for ``too-large``, say); ``offset`` is
    the byte offset of an undecodable byte, when that is the reason.
    """

    def __init__(
        self, message: str, *, reason: DocumentProblem, source: str | None = None, offset: int | None = None
    ) -> None:
        super().__init__(message, source=source)
        self.reason = reason
        self.offset = offset


class NotFound(StdbridgeError):
    """No standard in the catalogue matches the request."""


class Unauthenticated(StdbridgeError):
    """The action needs somebody signed in (a session or an API token), and nobody is, or the token is bad;
    ``role`` names the role the action needs, when one does."""

    def __init__(self, message: str, *, role: str | None = None) -> None:
        super().__init__(message)
        self.role = role


class Forbidden(StdbridgeError):
    """The person acting lacks the role ``role`` that the action needs; nothing was changed."""

    def __init__(self, message: str, *, role: str | None = None) -> None:
        super().__init__(message)
        self.role = role


class StoreError(StdbridgeError):
    """The catalogue database cannot be used."""


class DatabaseUnavailable(StoreError):
    """The catalogue's database server cannot be reached now (stopped, restarting, out of connections, a statement
    past its limit); nothing was changed. ``retry_after`` says in how many seconds to try again (the web and the
    API answer ``503`` with a ``Retry-After`` header)."""

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class MissingExtra(StdbridgeError, ImportError):
    """What was asked needs optional dependencies that are not installed: the extra named ``extra`` of
    stdbridge (``web``, ``bulk``, ``pdf``, ``server``; ``all`` is every one). Raised where the import failed, from the
    ``ImportError`` given, so that the message says which package is missing and how to install it."""

    def __init__(self, extra: str, missing: ImportError) -> None:
        package = (missing.name or str(missing)).split(".")[0]
        message = _(
            "{package} is not installed: this needs the optional '{extra}' dependencies of stdbridge; "
            "install them with: pip install 'stdbridge[{extra}]'"
        )
        super().__init__(message.format(package=package, extra=extra))
        self.extra = extra
        self.package = package


class WorkStopped(StdbridgeError):
    """Long work started by a request (reading, comparing texts) passed its time limit or its requester left;
    it stopped at its next checkpoint (``stdbridge.deadline``) and nothing of it is kept."""


class EngineFailed(StdbridgeError):
    """A machine-translation engine did not answer (timed out, refused, unreachable) or answered what cannot be
    used; ``engine`` names it. Nothing was written to the segments it was asked about."""

    def __init__(self, message: str, *, engine: str) -> None:
        super().__init__(message)
        self.engine = engine


class EditConflict(StdbridgeError):
    """A segment was saved by someone else since the editor loaded it; nothing was overwritten. ``current`` is
    the version now stored, so the editor can show both and let the person choose."""

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message)
        self.current = current


class UsageError(StdbridgeError):
    """A request that cannot be carried out as asked."""

    exit_code = 2


class UnknownName(UsageError):
    """A body, series or country that no known name matches: a request that cannot mean anything, unlike a misuse
    of an option, so it exits 1. ``nearest`` holds the codes of the known names closest to ``value``."""

    exit_code = 1

    def __init__(self, message: str, *, kind: str, value: str, nearest: list[str] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.value = value
        self.nearest = nearest or []
