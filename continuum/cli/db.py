"""``continuum db upgrade``: apply migrations under a lock (safe when several processes start at once)."""

from __future__ import annotations

import click

from continuum.settings import get_settings


@click.group("db")
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Migrate to this revision.")
def upgrade_command(revision: str) -> None:
    """Apply the migrations to CONTINUUM_DATABASE_URL."""
    from storage.engine import make_engine
    from storage.migrate import upgrade

    engine = make_engine(get_settings().database_url)
    try:
        before, after = upgrade(engine, revision)
    finally:
        engine.dispose()
    click.echo(f"revision_before: {before or 'none'}")
    click.echo(f"revision: {after}")


COMMANDS = [db]
