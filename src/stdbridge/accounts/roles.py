"""Who may do what: the roles of the platform, the person acting (``Actor``) and the one check (``require``).

Every state-changing action of the web, the API and the command line calls ``require(actor, role)`` before it
changes anything; it raises ``Forbidden`` when the actor lacks the role, ``Unauthenticated`` when nobody signed in
and signing in would help.

=============  ==========================================================================================
reader         read the catalogue (anonymous reading can be switched off for a private deployment)
contributor    propose: decisions on suggestions for review, translations, comments
expert         vote in review rounds
reviewer       approve translations into the platform's shared translation memory
editor         accept or reject counterparts, import catalogues, publish
admin          users, organisations, settings
=============  ==========================================================================================

Roles do not imply one another: an editor who should also read on a private deployment is granted reader too
(``grant`` adds reader to every user it grants a role to).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stdbridge.errors import Forbidden, Unauthenticated, UsageError
from stdbridge.i18n import _


class Role(StrEnum):
    READER = "reader"
    CONTRIBUTOR = "contributor"
    EXPERT = "expert"
    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)


def role_label(role: Role) -> str:
    """A role as people read it, in the current language."""
    labels = {
        Role.READER: _("reader"),
        Role.CONTRIBUTOR: _("contributor"),
        Role.EXPERT: _("expert"),
        Role.REVIEWER: _("reviewer"),
        Role.EDITOR: _("editor"),
        Role.ADMIN: _("administrator"),
    }
    return labels[role]


def read_roles(names: str | list[str] | tuple[str, ...]) -> frozenset[Role]:
    """Roles named in a comma-separated text or a list; ``UsageError`` names an unknown one."""
    if isinstance(names, str):
        names = [n for n in names.replace(" ", ",").split(",") if n]
    found: set[Role] = set()
    for name in names:
        try:
            found.add(Role(name.strip().lower()))
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise UsageError(_("no role {name!r}: the roles are {known}").format(name=name, known=known)) from None
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a user (``user_id``), the local administrator at the keyboard (``user_id`` None, every
    role), or an anonymous reader (``user_id`` None). ``name`` is the name decisions show."""

    user_id: int | None
    name: str
    roles: frozenset[Role]
    signed_in: bool = False  # by a session or a token: someone the platform knows, not the keyboard's owner

    def can(self, role: Role) -> bool:
        return role in self.roles


LOCAL_ADMIN = Actor(None, "local", ALL_ROLES)
ANONYMOUS_READER = Actor(None, "anonymous", frozenset({Role.READER}))
NOBODY = Actor(None, "anonymous", frozenset())


def require(actor: Actor, role: Role) -> None:
    """Let ``actor`` go on only with ``role``: ``Unauthenticated`` for somebody who has not signed in (signing in
    may help), ``Forbidden`` for a user who lacks the role."""
    if actor.can(role):
        return
    if not actor.signed_in and actor is not LOCAL_ADMIN:
        raise Unauthenticated(
            _("sign in to do this: it needs the role of {role}").format(role=role_label(role)), role=role.value
        )
    raise Forbidden(
        _("{name} may not do this: it needs the role of {role}, which {name} does not have").format(
            name=actor.name, role=role_label(role)
        ),
        role=role.value,
    )
