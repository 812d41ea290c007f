"""Engines and sessions for SQLite (the default) and PostgreSQL (shared deployments).

SQLite runs in WAL mode with a busy timeout, and write sessions open with
``BEGIN IMMEDIATE`` so that "database busy" surfaces when the write starts, apart
from version conflicts, never half-way through a transaction.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from continuum.problems import Problem, ProblemError
from storage import versioning  # noqa: F401 - registers the data-version hooks on every session

WRITE_OPTION = "continuum_write"
SQLITE_BUSY_TIMEOUT_MS = 5000
T = TypeVar("T")


def is_sqlite(bind) -> bool:
    return bind.dialect.name == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database or another backend."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str, *, pool_size: int = 10, echo: bool = False,
                busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing.

    ``busy_timeout_ms`` is how long a SQLite write waits for another writer before "busy".
    """
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000}
        )
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    if make_url(url).drivername.startswith("sqlite"):
        raise ProblemError([Problem("database-url-memory", url, "An in-memory SQLite database cannot be shared.",
                                    "Use a file: sqlite:///path/to/continuum.db")])
    return create_engine(url, echo=echo, pool_size=pool_size, max_overflow=pool_size * 2, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let the "begin" hook below emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def session_factory(engine: Engine) -> Callable[..., Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads; it never takes SQLite's write lock."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error; SQLite locks at BEGIN (IMMEDIATE)."""
    bind = engine.execution_options(**{WRITE_OPTION: True}) if is_sqlite(engine) else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except exc.OperationalError as error:
            session.rollback()
            if is_busy(error):
                raise DatabaseBusy() from error
            raise
        except BaseException:
            session.rollback()
            raise


def is_busy(error: BaseException) -> bool:
    original = getattr(error, "orig", error)
    return isinstance(original, sqlite3.OperationalError) and "locked" in str(original).lower() or (
        isinstance(original, sqlite3.OperationalError) and "busy" in str(original).lower()
    )


class DatabaseBusy(ProblemError):
    """SQLite stayed locked by other writers past the busy timeout; nothing was written."""

    def __init__(self) -> None:
        super().__init__([Problem(
            "database-busy", "database",
            "The database is busy with other saves; nothing was written.",
            "Try again in a moment; if it persists, move the deployment to PostgreSQL.",
        )])


def run_write(engine: Engine, work: Callable[[Session], T], *, retries: int = 3, pause: float = 0.05) -> T:
    """Run ``work`` in a write session, retrying only when SQLite reports busy (never on conflicts)."""
    for attempt in range(retries + 1):
        try:
            with write_session(engine) as session:
                return work(session)
        except DatabaseBusy:
            if attempt == retries:
                raise
            time.sleep(pause * (2**attempt))
    raise AssertionError("unreachable")


def with_search_path(url: str, schema: str) -> str:
    """A PostgreSQL URL whose connections work inside ``schema`` (tests and benchmarks use their own)."""
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


@contextmanager
def temporary_schema(server_url: str, prefix: str = "continuum_tmp") -> Iterator[str]:
    """Create a throwaway schema on a PostgreSQL server, yield a URL inside it, and drop it afterwards."""
    import uuid

    from sqlalchemy import text

    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield with_search_path(server_url, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
