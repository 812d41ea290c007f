"""Invitations: access codes for one establishment in one campaign, shown once and stored as scrypt hashes.

A code reads ``ABCD-EFGH-JKLM-NPQR``: the first group is the invitation's public id, the rest its secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import audit
from storage.campaigns import get_campaign, require_open
from storage.errors import fail, forbidden, not_found
from storage.establishments import require_site_finess
from storage.models import Campaign, Invitation, InvitationSite, Site, utcnow
from storage.scope import Scope, site_clause

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class IssuedInvitation:
    code: str  # shown once: only its hash is stored
    invitation_id: str
    campaign_id: str
    sites: tuple[str, ...]
    expires_at: dt.datetime


def _group(rng: secrets.SystemRandom | None = None) -> str:
    choice = rng.choice if rng else secrets.choice
    return "".join(choice(ALPHABET) for _ in range(4))


def hash_code(secret: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def _verify(secret: str, stored: str) -> bool:
    _, n, r, p, salt, digest = stored.split("$")
    computed = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    return hmac.compare_digest(computed.hex(), digest)


def _resolve_sites(session: Session, scope: Scope, sites: list[str]) -> tuple[str, tuple[str, ...]]:
    """The legal entity and the sites: one site, or several sites of one legal entity, all visible."""
    numbers = tuple(dict.fromkeys(require_site_finess(session, s) for s in sites))
    rows = session.execute(select(Site.finess, Site.legal_entity)
                           .where(Site.finess.in_(numbers), site_clause(scope, Site.finess, Site.region))).all()
    found = dict(rows)
    for number in numbers:
        if number not in found:
            raise not_found("site-unknown", "site", number)
    entities = set(found.values())
    if len(entities) > 1:
        fail("sites-of-several-legal-entities", "establishment",
             "One invitation covers sites of one legal entity only.",
             "Create one invitation per legal entity.", found=", ".join(sorted(entities)))
    return entities.pop(), numbers


def create_invitation(session: Session, scope: Scope, campaign_id: str, sites: list[str] | str, *,
                      valid_days: int = 60, now: dt.datetime | None = None, code: str | None = None
                      ) -> IssuedInvitation:
    """Issue a code for ``sites`` (FINESS ET) in an open or draft campaign; ``code`` is for the demo only."""
    if not scope.is_coordinator:
        raise forbidden(f"campaign/{campaign_id}", "Only coordinators issue invitations.")
    campaign = get_campaign(session, scope, campaign_id)
    if campaign.status == "closed":
        require_open(campaign)
    entity, numbers = _resolve_sites(session, scope, [sites] if isinstance(sites, str) else list(sites))
    code = code or "-".join(_group() for _ in range(4))
    public, secret = code[:4], code[5:]
    if session.get(Invitation, public) is not None:  # 32^4 ids: regenerate on the rare clash
        return create_invitation(session, scope, campaign_id, list(numbers), valid_days=valid_days, now=now)
    expires = (now or utcnow()) + dt.timedelta(days=valid_days)
    session.add(Invitation(id=public, campaign_id=campaign_id, legal_entity=entity, code_hash=hash_code(secret),
                           created_at=now or utcnow(), created_by=scope.actor, expires_at=expires))
    session.flush()
    session.add_all(InvitationSite(invitation_id=public, site=s) for s in numbers)
    audit.record(session, scope, "create", "invitation", public, campaign_id=campaign_id, site=numbers[0],
                 after={"sites": numbers, "expires_at": expires})
    return IssuedInvitation(code, public, campaign_id, numbers, expires)


def redeem_invitation(session: Session, code: str, *, actor: str = "", now: dt.datetime | None = None) -> Scope:
    """The establishment scope a code grants, bound to its campaign; refused when unknown, expired or revoked."""
    code = (code or "").strip().upper().replace(" ", "")
    if len(code) == 16 and "-" not in code:
        code = "-".join(code[i:i + 4] for i in range(0, 16, 4))
    invitation = session.get(Invitation, code[:4]) if len(code) == 19 else None
    if invitation is None or not _verify(code[5:], invitation.code_hash):
        fail("invitation-unknown", "invitation", "This access code is not valid.",
             "Check the code (letters and digits, in groups of four), or ask your coordinator for a new one.")
    if invitation.revoked_at is not None:
        fail("invitation-revoked", f"invitation/{invitation.id}", "This access code has been revoked.",
             "Ask your coordinator for a new code.")
    if invitation.expires_at <= (now or utcnow()):
        fail("invitation-expired", f"invitation/{invitation.id}",
             f"This access code expired on {invitation.expires_at:%Y-%m-%d}.", "Ask your coordinator for a new code.")
    campaign = session.get(Campaign, invitation.campaign_id)
    if campaign.status == "closed":
        require_open(campaign)
    sites = session.execute(select(InvitationSite.site).where(InvitationSite.invitation_id == invitation.id))
    return Scope.establishment(sites.scalars(), campaign_id=invitation.campaign_id,
                               actor=actor or f"invitation {invitation.id}")


def revoke_invitation(session: Session, scope: Scope, invitation_id: str) -> None:
    invitation = _visible_invitation(session, scope, invitation_id)
    if invitation.revoked_at is None:
        invitation.revoked_at, invitation.revoked_by = utcnow(), scope.actor
        audit.record(session, scope, "revoke", "invitation", invitation_id, campaign_id=invitation.campaign_id,
                     before={"revoked": False}, after={"revoked": True})


def reissue_invitation(session: Session, scope: Scope, invitation_id: str, *, valid_days: int = 60,
                       now: dt.datetime | None = None) -> IssuedInvitation:
    """A new code for the same sites and campaign; the one it replaces stops working in the same transaction."""
    invitation = _visible_invitation(session, scope, invitation_id)
    sites = list(session.execute(select(InvitationSite.site).where(InvitationSite.invitation_id == invitation.id))
                 .scalars())
    revoke_invitation(session, scope, invitation.id)
    return create_invitation(session, scope, invitation.campaign_id, sites, valid_days=valid_days, now=now)


def _visible_invitation(session: Session, scope: Scope, invitation_id: str) -> Invitation:
    visible = select(InvitationSite.invitation_id).where(site_clause(scope, InvitationSite.site))
    row = session.execute(select(Invitation).where(Invitation.id == invitation_id.strip().upper()[:4],
                                                   Invitation.id.in_(visible))).scalar_one_or_none()
    if row is None or not scope.is_coordinator:
        raise not_found("invitation-unknown", "invitation", invitation_id)
    return row


def list_invitations(session: Session, scope: Scope, campaign_id: str) -> list[dict]:
    """Invitations of a campaign that the coordinator may see (never the codes: they are not stored)."""
    if not scope.is_coordinator:
        raise forbidden(f"campaign/{campaign_id}", "Only coordinators list invitations.")
    visible = select(InvitationSite.invitation_id).where(site_clause(scope, InvitationSite.site))
    rows = session.execute(select(Invitation).where(Invitation.campaign_id == campaign_id,
                                                    Invitation.id.in_(visible)).order_by(Invitation.created_at))
    out = []
    for inv in rows.scalars():
        sites = session.execute(select(InvitationSite.site).where(InvitationSite.invitation_id == inv.id)).scalars()
        out.append({"id": inv.id, "legal_entity": inv.legal_entity, "sites": sorted(sites),
                    "expires_at": inv.expires_at, "revoked": inv.revoked_at is not None})
    return out
