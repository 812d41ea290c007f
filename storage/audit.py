"""The audit log: who changed what and when, from what to what. Written in the transaction of the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEntry
from storage.scope import Scope, require_writable, site_clause


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def record(session: Session, scope: Scope, action: str, entity: str, entity_id: str, *,
           before: dict | None = None, after: dict | None = None,
           campaign_id: str | None = None, site: str | None = None) -> None:
    """Log a change in the transaction of the change. A read-only scope is refused here too (the whole change
    rolls back); the few writes logged elsewhere check first, and the isolation suite checks every write."""
    require_writable(scope, f"{entity}/{entity_id}")
    session.add(AuditEntry(actor=scope.actor or str(scope), action=action, entity=entity, entity_id=entity_id,
                           campaign_id=campaign_id, site=site, before=_jsonable(before), after=_jsonable(after)))


def list_audit(session: Session, scope: Scope, *, campaign_id: str | None = None, entity: str | None = None,
               entity_id: str | None = None, limit: int = 500) -> list[dict]:
    """The newest entries first, limited to the sites the caller may see (national sees site-less entries too)."""
    if scope.kind == "national_reader":
        return []  # the log holds before/after values of answers and plans: nothing a national reader may read
    query = select(AuditEntry)
    if scope.kind != "national":
        query = query.where(site_clause(scope, AuditEntry.site))
    if campaign_id:
        query = query.where(AuditEntry.campaign_id == campaign_id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    rows = session.execute(query.order_by(AuditEntry.id.desc()).limit(limit)).scalars()
    return [{"at": r.at, "actor": r.actor, "action": r.action, "entity": r.entity, "entity_id": r.entity_id,
             "campaign_id": r.campaign_id, "site": r.site, "before": r.before, "after": r.after} for r in rows]
