"""The data version: a counter bumped in the same transaction as every write.

App processes key their caches on it, so a save made in one process is seen in the others.
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from storage.models import DataVersion

_WROTE = "continuum_wrote"


def data_version(session: Session) -> int:
    """The current data version; read it at the start of a page run and key caches on it."""
    return int(session.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar_one_or_none() or 0)


def mark_written(session: Session) -> None:
    """Record a write made with Core statements on ``session.connection()`` (the ORM events do not see them)."""
    session.info[_WROTE] = True


def bump(session: Session) -> None:
    """Bump now (for Core bulk writes made outside the ORM's events)."""
    session.connection().execute(update(DataVersion).where(DataVersion.id == 1)
                                 .values(version=DataVersion.version + 1))
    session.info[_WROTE] = False


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    session.flush()
    if session.info.get(_WROTE):
        bump(session)  # last statement of the transaction: the counter row is locked only until commit


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info[_WROTE] = False
