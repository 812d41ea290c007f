"""Scoped reads the coordinator pages need in bulk: the sites with their naming consent, the last activity of
each response, the saved peer groups. Each applies the caller's scope inside SQL, like every repository here,
and the isolation suite checks them with the others.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Consent, PeerGroup, PeerGroupMember, Site
from storage.models_responses import Answer, Response
from storage.scope import Scope, response_clause, site_clause


def sites_frame(session: Session, scope: Scope) -> pd.DataFrame:
    """finess, name, region, category, legal_status, sector, named (consent to be named to peers)."""
    named = select(Consent.site).where(Consent.kind == "named_to_peers", Consent.granted.is_(True))
    columns = ["finess", "name", "region", "category", "legal_status", "sector", "named"]
    rows = session.connection().execute(select(Site.finess, Site.name, Site.region, Site.category, Site.legal_status,
                                               Site.sector, Site.finess.in_(named).label("named"))
                                        .where(site_clause(scope, Site.finess, Site.region))
                                        .order_by(Site.finess)).fetchall()
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(dict(zip(columns, zip(*rows))))  # by columns: thousands of rows, no per-row checks
    frame["named"] = frame["named"].astype(bool)
    return frame


def last_activity(session: Session, scope: Scope, campaign_id: str) -> pd.Series:
    """response id -> the time of its last saved answer."""
    rows = session.execute(select(Answer.response_id, func.max(Answer.updated_at))
                           .join(Response, Response.id == Answer.response_id)
                           .where(Response.campaign_id == campaign_id, response_clause(scope))
                           .group_by(Answer.response_id)).all()
    return pd.Series({r: when for r, when in rows}, dtype=object)


def peer_groups(session: Session, scope: Scope) -> dict[str, set[str]]:
    """Saved peer groups (name -> member sites); coordinators only, and a region's own groups, like
    ``peer_group_sites``."""
    if not scope.is_coordinator:
        return {}
    query = (select(PeerGroup.name, PeerGroupMember.site)
             .join(PeerGroupMember, PeerGroupMember.group_id == PeerGroup.id).order_by(PeerGroup.name))
    if scope.kind == "region":
        query = query.where(PeerGroup.region.in_(scope.regions))
    out: dict[str, set[str]] = {}
    for name, site in session.execute(query):
        out.setdefault(name, set()).add(site)
    return out
