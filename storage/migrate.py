"""Applying migrations under a lock, so that several processes starting at once migrate exactly once.

PostgreSQL takes ``pg_advisory_lock``; SQLite takes ``flock`` on a ``<database>.lock`` sidecar file.
Alembic is configured in code (no alembic.ini).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from storage.engine import sqlite_path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_KEY = 0x636F6E74  # "cont": one key per database, shared by every Continuum process


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def migration_lock(engine: Engine) -> Iterator[Connection]:
    """Hold the database-wide migration lock; yields a connection to migrate with."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                connection.commit()
        return
    path = sqlite_path(str(engine.url))
    lock_path = Path(f"{path}.lock") if path else None
    handle = open(lock_path, "a+") if lock_path else None  # noqa: SIM115 - closed below
    try:
        if handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
        with engine.connect() as connection:
            yield connection
    finally:
        if handle:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()


def upgrade_on(connection: Connection, revision: str = "head") -> tuple[str | None, str]:
    """Migrate on a connection whose caller holds `migration_lock`; returns (revision before, revision after)."""
    before = MigrationContext.configure(connection).get_current_revision()
    command.upgrade(alembic_config(connection), revision)
    connection.commit()
    after = MigrationContext.configure(connection).get_current_revision()
    connection.commit()
    return before, after


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Migrate to ``revision`` under the lock; returns (revision before, revision after)."""
    with migration_lock(engine) as connection:
        return upgrade_on(connection, revision)
