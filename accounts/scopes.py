"""From a user's role and memberships to the storage `Scope` they act with: the only place roles become scopes.

- establishment, facilitator: the sites of one legal entity they belong or are assigned to, chosen when several;
- coordinator: its regions;
- national: a national reader (``Scope.national_reader``): the aggregates of every region, and the results of
  the sites that consented to be identified at national level; never an answer, a free text, an initiative or
  an action plan. The registry's national scope (``registry_scope``) is a different thing, for admins;
- ARS analyst: the sites of its regions that consented to send their individual results to the ARS, read-only,
  and the aggregates of its regions;
- admin: no site at all, so that the role itself reads no answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Consent, LegalEntity, Site
from storage.identified import NATIONAL_CONSENT
from storage.models_accounts import Membership, UserRegion
from storage.scope import Scope

ARS_CONSENT = "results_to_ars"


def consenting_sites(session: Session, kind: str, regions: list[str] | None = None) -> list[str]:
    """The sites whose consent ``kind`` is granted (in ``regions`` when given), read when the scope is resolved."""
    query = (select(Site.finess).join(Consent, Consent.site == Site.finess)
             .where(Consent.kind == kind, Consent.granted.is_(True)).order_by(Site.finess))
    if regions is not None:
        query = query.where(Site.region.in_(regions))
    return list(session.execute(query).scalars())


@dataclass(frozen=True)
class Choice:
    """An establishment a member acts for: the member's sites of one legal entity."""

    key: str  # the FINESS EJ
    label: str
    sites: tuple[str, ...]


def choices(session: Session, user_id: str) -> list[Choice]:
    rows = session.execute(select(Site.finess, Site.name, Site.legal_entity, LegalEntity.name)
                           .join(Membership, Membership.site == Site.finess)
                           .join(LegalEntity, LegalEntity.finess == Site.legal_entity)
                           .where(Membership.user_id == user_id).order_by(Site.legal_entity, Site.finess)).all()
    grouped: dict[str, list] = {}
    for finess, name, entity, entity_name in rows:
        grouped.setdefault(entity, []).append((finess, name, entity_name))
    out = []
    for entity, sites in grouped.items():
        label = sites[0][1] if len(sites) == 1 else f"{sites[0][2]} ({len(sites)} sites)"
        out.append(Choice(entity, label, tuple(s[0] for s in sites)))
    return out


def resolve_scope(session: Session, user_id: str, role: str, *, actor: str, person_id: str | None = None,
                  acting_for: tuple[str, ...] | None = None) -> Scope | None:
    """The scope to act with; None when a member of several establishments has not chosen one yet."""
    if role in ("establishment", "facilitator"):
        options = choices(session, user_id)
        chosen = [c for c in options if acting_for and set(acting_for) == set(c.sites)]
        if not chosen and len(options) == 1:
            chosen = options
        if not chosen:
            return None if options else Scope.establishment([], actor=actor, person_id=person_id)
        return Scope.establishment(chosen[0].sites, actor=actor, person_id=person_id)
    regions = list(session.execute(select(UserRegion.region).where(UserRegion.user_id == user_id)).scalars())
    if role == "coordinator":
        return Scope.region(regions, actor=actor)
    if role == "national":
        return Scope.national_reader(consenting_sites(session, NATIONAL_CONSENT), actor=actor)
    if role == "ars":
        return Scope.analyst(consenting_sites(session, ARS_CONSENT, regions), regions, actor=actor)
    return Scope.establishment([], actor=actor)  # admin: manages accounts, sees no answer


def registry_scope(role: str, scope: Scope) -> Scope | None:
    """The scope for registering establishments and consents: an admin's is the national registry scope (no answer
    is read there); a coordinator's own; none for the readers (national, ARS), who register nothing."""
    if role == "admin":
        return Scope.national(actor=scope.actor)
    return scope if scope.is_coordinator else None
