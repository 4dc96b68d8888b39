"""The accounts' part of the Store contract (users, roles, organisations, sessions, tokens, settings), on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stdbridge.accounts.records import ApiToken, Organisation, OrganisationKind, User
from stdbridge.accounts.roles import Role
from stdbridge.errors import UsageError
from stdbridge.store import SqlStore, Store

AT = "2026-12-04T09:00:00+00:00"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def _user(store: Store, name: str = "Li Wei", roles: frozenset[Role] = frozenset({Role.READER})) -> User:
    user = User(name, "li.wei@example.cn", "zh", roles, "$argon2id$v=19$m=65536,t=3,p=4$x$y", AT)
    with store.transaction():
        store.add_user(user)
    return user


def test_users_are_kept_with_their_roles_and_found_by_name_and_id(store: Store) -> None:
    assert not store.has_users() and store.list_users() == []
    li = _user(store, roles=frozenset({Role.READER, Role.EDITOR}))
    aiko = _user(store, "Aiko Sato")
    assert store.has_users() and li.id and aiko.id and li.id != aiko.id
    found = store.user_by_name("Li Wei")
    assert found == li and found.roles == {Role.READER, Role.EDITOR} and found.language == "zh"
    assert store.user_by_id(aiko.id) == aiko and store.user_by_name("nobody") is None
    assert [u.name for u in store.list_users()] == ["Aiko Sato", "Li Wei"]
    with pytest.raises(UsageError, match="already a user named 'Li Wei'"):
        _user(store)
    with store.transaction():
        store.set_user_roles(li.id, frozenset({Role.ADMIN}))
        store.set_password_hash(li.id, "$argon2id$new")
    again = store.user_by_id(li.id)
    assert again is not None and again.roles == {Role.ADMIN} and again.password_hash == "$argon2id$new"


def test_organisations_and_memberships(store: Store) -> None:
    li = _user(store)
    sac = Organisation("Standardization Administration of China", OrganisationKind.STANDARDS_BODY, "CN")
    cnas = Organisation("CNAS", OrganisationKind.CERTIFICATION_BODY, "CN")
    with store.transaction():
        store.add_organisation(sac)
        store.add_organisation(cnas)
    assert sac.id and cnas.id
    with pytest.raises(UsageError, match="already an organisation"):
        store.add_organisation(Organisation("CNAS", OrganisationKind.COMPANY, "CN"))
    assert li.id is not None
    store.add_membership(li.id, sac.id)
    store.add_membership(li.id, sac.id)  # twice: still one membership
    assert store.organisations_of(li.id) == [sac]
    assert [o.name for o in store.list_organisations()] == ["CNAS", "Standardization Administration of China"]


def test_sessions_expire_and_end(store: Store) -> None:
    li, aiko = _user(store), _user(store, "Aiko Sato")
    assert li.id and aiko.id
    store.add_session("a" * 64, li.id, AT, "2026-12-18T09:00:00+00:00")
    store.add_session("b" * 64, li.id, AT, "2026-12-18T09:00:00+00:00")
    store.add_session("c" * 64, aiko.id, AT, "2026-12-05T09:00:00+00:00")
    assert store.session_user("a" * 64, AT) == li.id and store.session_user("d" * 64, AT) is None
    assert store.session_user("c" * 64, "2026-12-06T00:00:00+00:00") is None  # expired
    assert store.end_sessions(expired_by="2026-12-06T00:00:00+00:00") == 1
    assert store.end_sessions(secret_hash="a" * 64) == 1 and store.session_user("a" * 64, AT) is None
    assert store.end_sessions(user_id=li.id) == 1 and store.session_user("b" * 64, AT) is None


def test_tokens_are_kept_hashed_with_their_roles_and_revoked_once(store: Store) -> None:
    li = _user(store, roles=frozenset({Role.READER, Role.EDITOR}))
    assert li.id is not None
    token = ApiToken(li.id, "import script", "e" * 64, frozenset({Role.EDITOR}), AT)
    store.add_token(token)
    assert token.id and store.token_by_hash("e" * 64) == token and store.token_by_hash("f" * 64) is None
    assert store.tokens_of(li.id) == [token]
    assert store.revoke_token(token.id, AT) and not store.revoke_token(token.id, AT)
    revoked = store.token_by_hash("e" * 64)
    assert revoked is not None and revoked.revoked_at == AT and not revoked.active


def test_settings_first_written_stays(store: Store) -> None:
    assert store.setting("anonymous_reading") is None
    store.save_setting("anonymous_reading", "off")
    store.save_setting("anonymous_reading", "on")
    assert store.setting("anonymous_reading") == "on"
    assert store.first_setting("secret_key", "one") == "one"
    assert store.first_setting("secret_key", "two") == "one"
