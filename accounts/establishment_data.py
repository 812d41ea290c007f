"""All the data of one establishment, for its coordinator: exported as a zip (xlsx + json), or deleted after
confirmation. Both go to the audit log; the scope check is storage's own (`get_site`)."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage import audit
from storage.errors import fail, forbidden
from storage.establishments import get_consents, get_site
from storage.models import AuditEntry, Consent, Invitation, InvitationSite, LegalEntity, PeerGroupMember, Site, \
    SiteGrouping
from storage.models_accounts import Membership
from storage.models_responses import (ActionItem, Answer, Evidence, Initiative, Participant, Response, ResponseSite,
                                      Target)
from storage.scope import Scope

TABLES = (("participants", Participant), ("answers", Answer), ("evidence", Evidence), ("initiatives", Initiative),
          ("targets", Target), ("action_items", ActionItem))


def _require_coordinator(session: Session, scope: Scope, site: str) -> str:
    if not scope.is_coordinator:
        raise forbidden(f"site/{site}", "Only the establishment's coordinator exports or deletes all its data.")
    return get_site(session, scope, site).finess  # not visible: refused as unknown


def _responses_of(session: Session, site: str) -> list[str]:
    covered = select(ResponseSite.response_id).where(ResponseSite.site == site)
    return list(session.execute(select(Response.id).where((Response.site == site) | Response.id.in_(covered)))
                .scalars())


def _rows(session: Session, model, condition) -> pd.DataFrame:
    columns = [c.key for c in model.__table__.columns]
    rows = session.execute(select(*model.__table__.columns).where(condition)).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=columns)


def establishment_tables(session: Session, scope: Scope, site: str) -> dict[str, pd.DataFrame]:
    site = _require_coordinator(session, scope, site)
    info = get_site(session, scope, site)
    ids = _responses_of(session, site)
    tables = {"establishment": pd.DataFrame([info.__dict__]),
              "consents": pd.DataFrame([{"kind": k, **v} for k, v in get_consents(session, scope, site).items()]),
              "responses": _rows(session, Response, Response.id.in_(ids))}
    for name, model in TABLES:
        tables[name] = _rows(session, model, model.response_id.in_(ids))
    tables["audit_log"] = _rows(session, AuditEntry, AuditEntry.site == site)
    return tables


def export_establishment(session: Session, scope: Scope, site: str) -> bytes:
    """A zip holding ``<FINESS>.xlsx`` (one sheet per table) and ``<FINESS>.json`` (the same tables)."""
    tables = establishment_tables(session, scope, site)
    site = tables["establishment"]["finess"].iloc[0]
    workbook = io.BytesIO()
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.astype(object).where(frame.notna(), None).map(_cell).to_excel(writer, sheet_name=name[:31],
                                                                                index=False)
    as_json = {name: json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
               for name, frame in tables.items()}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(f"{site}.xlsx", workbook.getvalue())
        zipped.writestr(f"{site}.json", json.dumps(as_json, ensure_ascii=False, indent=1))
    audit.record(session, scope, "export", "establishment", site, site=site,
                 after={name: len(frame) for name, frame in tables.items()})
    return archive.getvalue()


def _cell(value):
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) else value


def delete_establishment(session: Session, scope: Scope, site: str, confirmation: str) -> dict[str, int]:
    """Delete the site, its responses (and everything hanging off them), consents, invitations and memberships.

    ``confirmation`` must repeat the FINESS number. The audit log keeps the deletion, not the data.
    """
    site = _require_coordinator(session, scope, site)
    if confirmation.strip().upper() != site:
        fail("confirmation-mismatch", f"site/{site}", "Type the establishment's FINESS number to confirm.",
             "Copy the FINESS ET shown above.", found=confirmation, expected=site)
    entity = session.get(Site, site).legal_entity
    ids = _responses_of(session, site)
    counts = {"responses": len(ids)}
    session.execute(delete(ResponseSite).where(ResponseSite.site == site))
    session.execute(delete(Response).where(Response.id.in_(ids)))  # answers, plans… cascade
    invitations = select(InvitationSite.invitation_id).where(InvitationSite.site == site)
    session.execute(delete(InvitationSite).where(InvitationSite.invitation_id.in_(invitations)))
    counts["invitations"] = session.execute(delete(Invitation).where(
        Invitation.id.not_in(select(InvitationSite.invitation_id)), Invitation.legal_entity == entity)).rowcount
    for model in (Consent, Membership, SiteGrouping, PeerGroupMember):
        session.execute(delete(model).where(model.site == site))
    session.execute(delete(Site).where(Site.finess == site))
    if session.execute(select(Site.finess).where(Site.legal_entity == entity)).first() is None:
        session.execute(delete(LegalEntity).where(LegalEntity.finess == entity))
    audit.record(session, scope, "delete", "establishment", site, site=site, after=counts)
    return counts
