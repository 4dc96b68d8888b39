"""Saved groups of standards systems for the connectivity index ("BRI partners": a list of countries and bodies),
whose matrix and heat map ``analytics.connectivity.matrix`` draws.

A user keeps groups of their own (``Role.CONTRIBUTOR``); shared groups, seen by everybody, are kept by editors
(``Role.EDITOR``). Every save and removal is written to the audit log in its transaction. Members are stored as
``kind:code`` (``country:CN``, ``body:ISO``), read from what people type by ``Scope.read``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import GROUP_REMOVE, GROUP_SAVE
from stdbridge.errors import Forbidden, NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.runtime import now_iso

if TYPE_CHECKING:
    from stdbridge.analytics.compatibility import Scope
    from stdbridge.catalog import Catalog

GROUP_LIMIT = 20  # the largest matrix the index works out (20 x 20)
NAME_LIMIT = 80


@dataclass(slots=True)
class SavedGroup:
    """A named list of systems; ``owner_user_id`` None for a shared one."""

    name: str
    members: list[str]
    owner_user_id: int | None
    created_by: str
    updated_at: str
    id: int | None = None

    @property
    def shared(self) -> bool:
        return self.owner_user_id is None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "members": self.members, "shared": self.shared,
                "created_by": self.created_by, "updated_at": self.updated_at}  # fmt: skip


def read_members(catalog: Catalog, texts: list[str]) -> list[Scope]:
    """The systems named (``CN``, ``body:ISO``, ``日本`` ...), each once; 2 to ``GROUP_LIMIT`` of them."""
    from stdbridge.analytics.compatibility import Scope

    scopes = list(dict.fromkeys(Scope.read(catalog, t)[0] for t in texts if t.strip()))
    if len(scopes) < 2:
        raise UsageError(_("a group needs at least two countries or bodies"))
    if len(scopes) > GROUP_LIMIT:
        raise UsageError(_("a group has at most {count} members").format(count=GROUP_LIMIT))
    return scopes


def split_members(text: str) -> list[str]:
    """The members of a list typed with commas (also Chinese ones), semicolons or new lines."""
    for mark in ("，", "、", ";", "；", "\n"):
        text = text.replace(mark, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def save_group(
    catalog: Catalog, actor: Actor, name: str, members: list[str], *, shared: bool, group_id: int | None = None
) -> SavedGroup:
    """Keep a new group (``group_id`` None) or replace one; a shared group needs an editor, one's own a
    contributor, and only its owner (or an editor, for a shared one) changes a group."""
    require(actor, Role.EDITOR if shared else Role.CONTRIBUTOR)
    name = " ".join(name.split())
    if not name or len(name) > NAME_LIMIT:
        raise UsageError(_("a group needs a name of 1 to {most} characters").format(most=NAME_LIMIT))
    scopes = read_members(catalog, members)
    store = catalog.store
    before = None
    if group_id is not None:
        held = _changeable(catalog, actor, group_id)
        before = held.to_json()
        if held.shared != shared:
            raise UsageError(_("a group stays shared or personal; save a new one instead"))
    group = SavedGroup(name, [str(s) for s in scopes], None if shared else actor.user_id, actor.name, now_iso(),
                       group_id)  # fmt: skip
    if not shared and actor.user_id is None:
        raise UsageError(_("a personal group belongs to a user: sign in, or name one with --user"))
    with store.transaction():
        store.save_group(group)
        audit.record(store, actor.name, actor.user_id, GROUP_SAVE, f"group {group.id}", before, group.to_json())
    return group


def remove_group(catalog: Catalog, actor: Actor, group_id: int) -> None:
    held = _changeable(catalog, actor, group_id)
    with catalog.store.transaction():
        catalog.store.remove_group(group_id)
        audit.record(catalog.store, actor.name, actor.user_id, GROUP_REMOVE, f"group {group_id}", held.to_json(), None)


def groups_for(catalog: Catalog, actor: Actor) -> list[SavedGroup]:
    """The shared groups and the actor's own."""
    return catalog.store.groups_seen_by(actor.user_id)


def group_for(catalog: Catalog, actor: Actor, group_id: int) -> SavedGroup:
    """A group the actor may see (shared, or theirs)."""
    group = catalog.store.group_by_id(group_id)
    if group is None or not (group.shared or group.owner_user_id == actor.user_id):
        raise NotFound(_("no group {id}").format(id=group_id))
    return group


def _changeable(catalog: Catalog, actor: Actor, group_id: int) -> SavedGroup:
    group = group_for(catalog, actor, group_id)
    if group.shared:
        require(actor, Role.EDITOR)
    else:
        require(actor, Role.CONTRIBUTOR)
        if group.owner_user_id != actor.user_id:
            raise Forbidden(_("{name} may not change another user's group").format(name=actor.name))
    return group
