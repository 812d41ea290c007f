"""Backups: SQLite through its online backup API (consistent while the app writes); PostgreSQL through pg_dump."""

from __future__ import annotations

import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from continuum.problems import Problem, ProblemError
from storage.engine import sqlite_path


def pg_dump_command(url: str, output: Path) -> str:
    """The pg_dump command for a PostgreSQL URL (custom format, restorable with pg_restore)."""
    parsed = make_url(url)
    parts = ["pg_dump", "--format=custom", f"--file={output}"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts.append(parsed.database or "")
    return " ".join(shlex.quote(p) for p in parts)


def backup_database(url: str, output: Path) -> dict[str, str]:
    """Copy a SQLite database page by page (readers and writers may go on); for PostgreSQL return the command."""
    if make_url(url).get_backend_name() == "postgresql":
        return {"backend": "postgresql", "command": pg_dump_command(url, output),
                "note": "Run this command on a machine that can reach the server; the password comes from PGPASSWORD "
                        "or ~/.pgpass."}
    source_path = sqlite_path(url)
    if source_path is None or not source_path.exists():
        raise ProblemError([Problem("database-missing", str(source_path or url), "There is no database file to back up.",
                                    "Check CONTINUUM_DATABASE_URL.")])
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.resolve() == source_path.resolve():
        raise ProblemError([Problem("backup-overwrites-database", str(output), "The backup would overwrite the database.",
                                    "Choose another file.")])
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(output)
    try:
        source.backup(target)
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    return {"backend": "sqlite", "output": str(output), "integrity": check, "bytes": str(output.stat().st_size)}
