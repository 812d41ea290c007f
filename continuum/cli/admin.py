"""``continuum admin create-user``: create accounts, the first admin included (a thin wrapper over accounts)."""

from __future__ import annotations

import secrets
import sys

import click

from continuum.settings import get_settings


@click.group("admin")
def admin() -> None:
    """Accounts and roles."""


@admin.command("create-user")
@click.option("--role", required=True, type=click.Choice(["establishment", "facilitator", "coordinator", "national",
                                                          "ars", "admin"]), help="The account's role.")
@click.option("--login", required=True, help="Login: a professional e-mail, or any name for people without one.")
@click.option("--name", "display_name", required=True, help="The person's name as shown in the app.")
@click.option("--email", default=None, help="E-mail, when the person has one.")
@click.option("--region", "regions", multiple=True, help="INSEE region code (coordinator, ARS); repeatable.")
@click.option("--establishment", "sites", multiple=True, help="FINESS ET the person belongs to; repeatable.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--personal-code", is_flag=True, help="Give a personal sign-in code instead of a password.")
@click.option("--oidc", "identity_provider", is_flag=True,
              help="Sign in only through the regional identity provider (found by e-mail); no password.")
def create_user(role: str, login: str, display_name: str, email: str | None, regions: tuple[str, ...],
                sites: tuple[str, ...], password_stdin: bool, personal_code: bool, identity_provider: bool) -> None:
    """Create an account. Without --password-stdin, --personal-code or --oidc, a password is generated and shown
    once."""
    from accounts.roles import CLI_ADMIN
    from accounts.users import create_user as create
    from storage.engine import make_engine, write_session
    from storage.migrate import upgrade

    generated = None
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not personal_code and not identity_provider:
        password = generated = secrets.token_urlsafe(12)
    engine = make_engine(get_settings().database_url)
    try:
        upgrade(engine)
        with write_session(engine) as session:
            created = create(session, CLI_ADMIN, login=login, display_name=display_name, role=role, email=email,
                             password=password, personal_code=personal_code,
                             identity_provider=identity_provider, regions=list(regions),
                             sites=list(sites))
    finally:
        engine.dispose()
    click.echo(f"user: {created.user.login}")
    click.echo(f"role: {created.user.role}")
    if generated:
        click.echo(f"password: {generated}")
    if created.personal_code:
        click.echo(f"personal_code: {created.personal_code}")
    if generated or created.personal_code:
        click.echo("Shown once: only its hash is stored.", err=True)


COMMANDS = [admin]
