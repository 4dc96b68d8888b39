"""People, organisations and roles: who may change the catalogue, and how they show who they are.

- ``roles``: ``Role``, ``Actor`` (who is acting), ``require(actor, role)`` — the one check every state-changing
  action of the web, the API and the command line makes;
- ``records``: users, organisations and API tokens as stored;
- ``passwords``: Argon2id hashes (argon2-cffi);
- ``service``: ``Accounts``, what can be done with them (users, roles, sessions, tokens, organisations, settings);
- ``access``: who an unsigned request is (the local administrator of the embedded platform, an anonymous reader,
  or nobody), and the signed CSRF tokens of the forms.
"""

from __future__ import annotations

from stdbridge.accounts.roles import ALL_ROLES, ANONYMOUS_READER, LOCAL_ADMIN, NOBODY, Actor, Role, require

__all__ = ["ALL_ROLES", "ANONYMOUS_READER", "LOCAL_ADMIN", "NOBODY", "Actor", "Role", "require"]
