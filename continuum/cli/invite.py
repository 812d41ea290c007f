"""``continuum invite``: create an invitation code; it is shown once and stored hashed."""

from __future__ import annotations

from pathlib import Path

import click

from continuum.settings import get_settings


@click.command("invite")
@click.option("--campaign", "campaign_id", required=True, help="Campaign id.")
@click.option("--establishment", "establishments", required=True, multiple=True,
              help="FINESS ET of the site; repeat for several sites of one legal entity.")
@click.option("--days", default=60, show_default=True, type=click.IntRange(1, 3650), help="Days before it expires.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also append the code to this file (CSV: code,campaign,sites,expires).")
def invite(campaign_id: str, establishments: tuple[str, ...], days: int, output: Path | None) -> None:
    """Create an invitation code for one establishment in one campaign."""
    from storage.engine import make_engine, write_session
    from storage.invitations import create_invitation
    from storage.scope import Scope

    engine = make_engine(get_settings().database_url)
    try:
        with write_session(engine) as session:
            issued = create_invitation(session, Scope.national(actor="continuum invite"), campaign_id,
                                       list(establishments), valid_days=days)
    finally:
        engine.dispose()
    if output:
        new = not output.exists()
        with output.open("a", encoding="utf-8") as handle:
            if new:
                handle.write("code,campaign,sites,expires\n")
            handle.write(f"{issued.code},{issued.campaign_id},{'|'.join(issued.sites)},"
                         f"{issued.expires_at:%Y-%m-%d}\n")
    click.echo(f"code: {issued.code}")
    click.echo(f"campaign: {issued.campaign_id}")
    click.echo(f"sites: {' '.join(issued.sites)}")
    click.echo(f"expires: {issued.expires_at:%Y-%m-%d}")
    click.echo("The code is shown once: only its hash is stored.", err=True)


COMMANDS = [invite]
