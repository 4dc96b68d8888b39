"""Accounts in the core: Argon2 passwords, roles checked by ``require`` on every change (decisions, imports, users),
tokens through their whole life, and who an unsigned request is (``accounts.access``)."""

from __future__ import annotations

import pytest
from tests.conftest import EXCERPT_FORMATS, EXCERPTS

from stdbridge.accounts import LOCAL_ADMIN, Actor, Role, require
from stdbridge.accounts.access import AccessPolicy, is_loopback
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden, NotFound, Unauthenticated, UsageError
from stdbridge.models import Degree, Verdict

PASSWORD = "correct horse battery"
JIS, ISO = "JIS Q 9001:2015", "ISO 9001:2015"


@pytest.fixture
def accounts(catalog: Catalog) -> Accounts:
    return Accounts(catalog.store)


def _signed_in(accounts: Accounts, name: str, *roles: Role) -> Actor:
    accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset(roles))
    return accounts.session_actor(accounts.start_session(accounts.authenticate(name, PASSWORD))) or LOCAL_ADMIN


def test_passwords_are_kept_as_argon2id_hashes_and_checked(accounts: Accounts) -> None:
    user = accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, email="li@example.cn", language="zh")
    assert user.password_hash and user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert user.roles == {Role.READER}
    assert accounts.authenticate("Li Wei", PASSWORD).id == user.id
    for name, password in (("Li Wei", "wrong password"), ("nobody", PASSWORD), ("", ""), ("Li Wei", "x" * 5000)):
        with pytest.raises(Unauthenticated, match="user name or the password is not right"):
            accounts.authenticate(name, password)
    with pytest.raises(UsageError, match="at least 10"):
        accounts.add_user(LOCAL_ADMIN, "Short", password="short")
    with pytest.raises(UsageError, match="en or zh"):
        accounts.add_user(LOCAL_ADMIN, "Fr", password=PASSWORD, language="fr")


def test_require_tells_who_must_sign_in_from_who_lacks_the_role() -> None:
    require(LOCAL_ADMIN, Role.ADMIN)
    with pytest.raises(Unauthenticated, match="sign in"):
        require(Actor(None, "anonymous", frozenset({Role.READER})), Role.EDITOR)
    with pytest.raises(Forbidden, match="Li Wei may not do this: it needs the role of editor") as refused:
        require(Actor(1, "Li Wei", frozenset({Role.READER}), signed_in=True), Role.EDITOR)
    assert refused.value.role == "editor"


def test_only_an_editor_decides_and_a_users_decision_is_theirs(catalog: Catalog, accounts: Accounts) -> None:
    reader = _signed_in(accounts, "Reader One", Role.CONTRIBUTOR)
    editor = _signed_in(accounts, "Aiko Sato", Role.EDITOR)
    before = catalog.store.revision()
    with pytest.raises(Forbidden, match="needs the role of editor"):
        catalog.decide(JIS, ISO, Verdict.ACCEPTED, by="Reader One", degree=Degree.IDT, actor=reader)
    assert catalog.store.revision() == before and catalog.store.decision_history(["ISO 9001"]) == []
    made = catalog.decide(JIS, ISO, Verdict.ACCEPTED, by="someone else", degree=Degree.IDT, actor=editor)
    assert made.user_id == editor.user_id and made.by == "Aiko Sato"  # a user decides under their own name
    stored = catalog.store.decision_history(["ISO 9001"])
    assert [(d.user_id, d.by) for d in stored] == [(editor.user_id, "Aiko Sato")]


def test_only_an_editor_imports(catalog: Catalog, accounts: Accounts, tmp_path: object) -> None:
    reader = _signed_in(accounts, "Reader One")
    before = catalog.store.revision()
    format_, name = next(iter(EXCERPT_FORMATS.items()))
    with pytest.raises(Forbidden):
        catalog.import_path(EXCERPTS / name, format_, actor=reader)
    with pytest.raises(Forbidden):
        catalog.load_bundled(actor=reader)
    assert catalog.store.revision() == before


def test_users_organisations_and_settings_are_for_administrators(accounts: Accounts) -> None:
    editor = _signed_in(accounts, "Aiko Sato", Role.EDITOR)
    for change in (
        lambda: accounts.add_user(editor, "New One", password=PASSWORD),
        lambda: accounts.grant(editor, "Aiko Sato", frozenset({Role.ADMIN})),
        lambda: accounts.add_organisation(editor, "JSA", "standards-body", "JP"),
        lambda: accounts.change_setting(editor, "anonymous_reading", "off"),
    ):
        with pytest.raises(Forbidden, match="administrator"):
            change()
    assert [u.name for u in accounts.store.list_users()] == ["Aiko Sato"]
    assert accounts.store.list_organisations() == [] and accounts.setting("anonymous_reading") == "on"
    assert accounts.grant(LOCAL_ADMIN, "Aiko Sato", frozenset({Role.EXPERT})).roles == {
        Role.READER, Role.EDITOR, Role.EXPERT}  # fmt: skip
    assert accounts.revoke(LOCAL_ADMIN, "Aiko Sato", frozenset({Role.EDITOR})).roles == {Role.READER, Role.EXPERT}
    jsa = accounts.add_organisation(LOCAL_ADMIN, "JSA", "standards-body", "jp")
    assert jsa.country == "JP" and accounts.join(LOCAL_ADMIN, "Aiko Sato", "JSA") == jsa
    with pytest.raises(UsageError, match="kinds are"):
        accounts.add_organisation(LOCAL_ADMIN, "X", "club", "JP")


def test_a_token_lives_scoped_to_its_users_roles_until_revoked(accounts: Accounts) -> None:
    editor = _signed_in(accounts, "Aiko Sato", Role.EDITOR)
    with pytest.raises(Forbidden, match="only roles its user has"):
        accounts.create_token(editor, "too much", frozenset({Role.ADMIN}))
    made = accounts.create_token(editor, "import script", frozenset({Role.EDITOR}))
    assert made.secret.startswith("sbt_") and made.secret not in made.token.secret_hash
    assert len(made.token.secret_hash) == 64  # its SHA-256 only
    acting = accounts.token_actor(made.secret)
    assert acting.user_id == editor.user_id and acting.roles == {Role.READER, Role.EDITOR} and acting.signed_in
    accounts.revoke(LOCAL_ADMIN, "Aiko Sato", frozenset({Role.EDITOR}))  # the token loses the role with its user
    assert accounts.token_actor(made.secret).roles == {Role.READER}
    other = _signed_in(accounts, "Li Wei")
    with pytest.raises(NotFound):  # somebody else's token is not theirs to revoke
        accounts.revoke_token(other, made.token.id or 0)
    assert accounts.revoke_token(editor, made.token.id or 0).revoked_at
    for bad in (made.secret, "sbt_forged", "", "x" * 10_000):
        with pytest.raises(Unauthenticated, match="not valid"):
            accounts.token_actor(bad)


def test_changing_the_password_ends_the_other_sessions(accounts: Accounts) -> None:
    li = _signed_in(accounts, "Li Wei")
    session = accounts.start_session(accounts.authenticate("Li Wei", PASSWORD))
    with pytest.raises(Forbidden, match="current password"):
        accounts.set_password(li, "Li Wei", "a new password 1", old_password="wrong")
    accounts.set_password(li, "Li Wei", "a new password 1", old_password=PASSWORD)
    assert accounts.session_actor(session) is None
    assert accounts.authenticate("Li Wei", "a new password 1").name == "Li Wei"


def test_who_an_unsigned_request_is(accounts: Accounts) -> None:
    local = AccessPolicy(accounts)
    assert local.anonymous(local_request=True) is LOCAL_ADMIN
    assert local.anonymous(local_request=False).roles == {Role.READER}  # another site's name for 127.0.0.1
    assert AccessPolicy(accounts, served_locally=False).anonymous(local_request=True).roles == {Role.READER}
    assert AccessPolicy(accounts, server_store=True).anonymous(local_request=True).roles == {Role.READER}
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD)
    assert local.anonymous(local_request=True).roles == {Role.READER}  # once a user exists, sign in
    accounts.change_setting(LOCAL_ADMIN, "anonymous_reading", "off")
    assert local.anonymous(local_request=True).roles == frozenset()
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.2", "example.com", ""))


def test_csrf_tokens_are_bound_to_one_browser(accounts: Accounts) -> None:
    policy = AccessPolicy(accounts)
    token = policy.csrf_token("browser one")
    assert policy.csrf_valid("browser one", token)
    assert not policy.csrf_valid("browser two", token) and not policy.csrf_valid("browser one", "")
    assert not policy.csrf_valid("", policy.csrf_token(""))
    assert AccessPolicy(Accounts(accounts.store)).csrf_token("browser one") == token  # one key for every node
