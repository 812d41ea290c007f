"""``continuum backup``: a consistent copy of a SQLite database; on PostgreSQL, the pg_dump command to use."""

from __future__ import annotations

from pathlib import Path

import click

from continuum.settings import get_settings


@click.command("backup")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Backup file to write.")
def backup(output: Path) -> None:
    """Back up the database at CONTINUUM_DATABASE_URL."""
    from storage.backup import backup_database

    result = backup_database(get_settings().database_url, output)
    for key, value in result.items():
        click.echo(f"{key}: {value}")


COMMANDS = [backup]
