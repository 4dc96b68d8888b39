"""The audit log: every change to the catalogue and to its decisions (imports, accepted and rejected counterparts;
users, roles and tokens once there are accounts), who made it, when, and the values before and after.

Entries are chained by hash, each holding the hash of the one before (``entry``: the fields, the canonical form
and the hash, for anyone to recompute), so that ``verify`` finds an entry altered, removed, inserted or moved, and
a tail cut off; ``record`` appends, in the transaction of the change it records (``log``). The store keeps the
entries (``Store.append_audit`` and the methods after it); ``stdbridge audit``, ``GET /api/audit`` and the page
``/audit`` read them.
"""

from __future__ import annotations

from stdbridge.audit.entry import (
    ACCEPT,
    ACTIONS,
    GENESIS,
    IMPORT,
    JOB_CANCEL,
    JOB_ENQUEUE,
    JOB_RETRY,
    ORG_ADD,
    ORG_JOIN,
    REJECT,
    SETTING_CHANGE,
    TOKEN_CREATE,
    TOKEN_REVOKE,
    USER_ADD,
    USER_GRANT,
    USER_PASSWORD,
    USER_REVOKE,
    AuditEntry,
    AuditQuery,
)
from stdbridge.audit.log import Break, Head, Verification, bounded, head, query_of, record, verify

__all__ = [
    "ACCEPT",
    "ACTIONS",
    "GENESIS",
    "IMPORT",
    "JOB_CANCEL",
    "JOB_ENQUEUE",
    "JOB_RETRY",
    "ORG_ADD",
    "ORG_JOIN",
    "REJECT",
    "SETTING_CHANGE",
    "TOKEN_CREATE",
    "TOKEN_REVOKE",
    "USER_ADD",
    "USER_GRANT",
    "USER_PASSWORD",
    "USER_REVOKE",
    "AuditEntry",
    "AuditQuery",
    "Break",
    "Head",
    "Verification",
    "bounded",
    "head",
    "query_of",
    "record",
    "verify",
]
