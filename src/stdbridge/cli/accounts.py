"""``stdbridge users``, ``tokens``, ``orgs`` and ``settings``: the accounts of a platform, for its administrators on
the server machine. The command line works on the catalogue directly, as its local administrator."""

from __future__ import annotations

import click
from rich.table import Table

from stdbridge.accounts import LOCAL_ADMIN
from stdbridge.accounts.roles import read_roles
from stdbridge.accounts.service import SETTINGS, Accounts
from stdbridge.cli.base import Context, cli, emit_json, out
from stdbridge.i18n import _


def _accounts(obj: Context) -> Accounts:
    return Accounts(obj.catalog.store)


def _password(given: str | None) -> str:
    if given is not None:
        return given
    entered: str = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True, err=True)
    return entered


@cli.group()
def users() -> None:
    """The users of the platform and their roles (reader, contributor, expert, reviewer, editor, admin)."""


@users.command("add")
@click.argument("name")
@click.option("--email", default="")
@click.option("--language", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--role", "roles", multiple=True, help="A role to grant (repeat it); reader is always granted.")
@click.option("--password", envvar="STDBRIDGE_PASSWORD", help="Else asked for (STDBRIDGE_PASSWORD for scripts).")
@click.pass_obj
def users_add(obj: Context, name: str, email: str, language: str, roles: tuple[str, ...], password: str | None) -> None:
    """Add the user NAME."""
    user = _accounts(obj).add_user(LOCAL_ADMIN, name, password=_password(password), email=email, language=language,
                                   roles=read_roles(roles))  # fmt: skip
    out.print(_("Added {name} with the roles {roles}.").format(name=user.name, roles=", ".join(sorted(user.roles))))


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def users_list(obj: Context, as_json: bool) -> None:
    """Every user, with e-mail, language and roles."""
    found = obj.catalog.store.list_users()
    if as_json:
        emit_json([{"name": u.name, "email": u.email, "language": u.language, "roles": sorted(u.roles),
                    "created_at": u.created_at} for u in found])  # fmt: skip
        return
    table = Table(_("Name"), _("E-mail"), _("Language"), _("Roles"), _("Created"))
    for u in found:
        table.add_row(u.name, u.email, u.language, ", ".join(sorted(u.roles)), u.created_at[:10])
    out.print(table)


@users.command("grant")
@click.argument("name")
@click.argument("roles", nargs=-1, required=True)
@click.pass_obj
def users_grant(obj: Context, name: str, roles: tuple[str, ...]) -> None:
    """Give the user NAME the ROLES."""
    user = _accounts(obj).grant(LOCAL_ADMIN, name, read_roles(roles))
    out.print(_("{name} now has the roles {roles}.").format(name=user.name, roles=", ".join(sorted(user.roles))))


@users.command("revoke")
@click.argument("name")
@click.argument("roles", nargs=-1, required=True)
@click.pass_obj
def users_revoke(obj: Context, name: str, roles: tuple[str, ...]) -> None:
    """Take the ROLES from the user NAME (and from their tokens)."""
    user = _accounts(obj).revoke(LOCAL_ADMIN, name, read_roles(roles))
    out.print(_("{name} now has the roles {roles}.").format(name=user.name, roles=", ".join(sorted(user.roles))))


@users.command("set-password")
@click.argument("name")
@click.option("--password", envvar="STDBRIDGE_PASSWORD", help="Else asked for (STDBRIDGE_PASSWORD for scripts).")
@click.pass_obj
def users_set_password(obj: Context, name: str, password: str | None) -> None:
    """Set the password of the user NAME; their sessions end."""
    _accounts(obj).set_password(LOCAL_ADMIN, name, _password(password))
    out.print(_("The password of {name} is set.").format(name=name))


@cli.group()
def tokens() -> None:
    """Personal API tokens of the users (sent as Authorization: Bearer)."""


@tokens.command("create")
@click.argument("user")
@click.argument("name")
@click.option("--role", "roles", multiple=True, help="A role of the token, among the user's (default: all theirs).")
@click.pass_obj
def tokens_create(obj: Context, user: str, name: str, roles: tuple[str, ...]) -> None:
    """A new token NAME of USER; its secret is printed once, and never kept."""
    made = _accounts(obj).create_token(LOCAL_ADMIN, name, read_roles(roles) if roles else None, user_name=user)
    click.echo(made.secret)


@tokens.command("list")
@click.argument("user")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tokens_list(obj: Context, user: str, as_json: bool) -> None:
    """The tokens of USER (never their secrets)."""
    found = _accounts(obj).tokens(LOCAL_ADMIN, user)
    if as_json:
        emit_json([{"id": t.id, "name": t.name, "roles": sorted(t.roles), "created_at": t.created_at,
                    "revoked_at": t.revoked_at} for t in found])  # fmt: skip
        return
    table = Table(_("Id"), _("Name"), _("Roles"), _("Created"), _("Revoked"))
    for t in found:
        table.add_row(str(t.id), t.name, ", ".join(sorted(t.roles)), t.created_at[:10], (t.revoked_at or "")[:10])
    out.print(table)


@tokens.command("revoke")
@click.argument("token_id", type=int)
@click.pass_obj
def tokens_revoke(obj: Context, token_id: int) -> None:
    """Revoke the token TOKEN_ID (see 'tokens list')."""
    token = _accounts(obj).revoke_token(LOCAL_ADMIN, token_id)
    out.print(_("Token {id} ({name}) is revoked.").format(id=token.id, name=token.name))


@cli.group()
def orgs() -> None:
    """Organisations (standards bodies, institutes, companies, certification bodies) and their members."""


@orgs.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(["standards-body", "institute", "company",
                                                          "certification-body"]))  # fmt: skip
@click.option("--country", required=True, help="Two-letter code: CN, JP, DE ...")
@click.option("--member", "members", multiple=True, help="A user who belongs to it (repeat it).")
@click.pass_obj
def orgs_add(obj: Context, name: str, kind: str, country: str, members: tuple[str, ...]) -> None:
    """Add the organisation NAME."""
    accounts = _accounts(obj)
    organisation = accounts.add_organisation(LOCAL_ADMIN, name, kind, country)
    for member in members:
        accounts.join(LOCAL_ADMIN, member, organisation.name)
    out.print(_("Added {name}.").format(name=organisation.name))


@orgs.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def orgs_list(obj: Context, as_json: bool) -> None:
    """Every organisation."""
    found = obj.catalog.store.list_organisations()
    if as_json:
        emit_json([{"name": o.name, "kind": o.kind.value, "country": o.country} for o in found])
        return
    table = Table(_("Name"), _("Kind"), _("Country"))
    for o in found:
        table.add_row(o.name, o.kind.value, o.country)
    out.print(table)


@cli.command()
@click.argument("name", type=click.Choice(sorted(SETTINGS)))
@click.argument("value", required=False)
@click.pass_obj
def settings(obj: Context, name: str, value: str | None) -> None:
    """Show or change a setting of the platform: anonymous_reading on|off (off: every page needs sign-in)."""
    accounts = _accounts(obj)
    shown = accounts.change_setting(LOCAL_ADMIN, name, value) if value is not None else accounts.setting(name)
    out.print(f"{name} = {shown}")
