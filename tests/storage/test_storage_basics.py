"""Migrations, engine settings and the data version, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from storage.engine import read_session
from storage.migrate import current_revision, head_revision
from storage.models import Base
from storage.versioning import data_version


def test_head_migration_matches_the_models(engine):
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_the_eighteen_regions_are_there(engine):
    with read_session(engine) as s:
        assert s.execute(text("SELECT COUNT(*) FROM regions")).scalar() == 18


def test_sqlite_runs_in_wal_mode(engine):
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_every_write_bumps_the_data_version_and_reads_do_not(world):
    with read_session(world.engine) as s:
        before = data_version(s)
    world.response()
    with read_session(world.engine) as s:
        after = data_version(s)
        s.execute(text("SELECT 1"))
    with read_session(world.engine) as s:
        assert data_version(s) == after > before
