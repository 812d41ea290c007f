"""Legal entities (FINESS EJ), sites (FINESS ET), groupings, consents and peer groups, scoped by caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from continuum.problems import Problem, ProblemError
from continuum.reference import (CATEGORIES, GROUPING_KINDS, LEGAL_STATUSES, REGIONS, finess_is_valid,
                                 sector_of_category)
from storage import audit
from storage.errors import fail, forbidden, not_found, problem
from storage.models import (CONSENT_KINDS, Consent, Grouping, LegalEntity, PeerGroup, PeerGroupMember, Site,
                            SiteGrouping, utcnow)
from storage.scope import Scope, site_clause

PEER_GROUP_MIN_DIFFERENCE = 5


@dataclass(frozen=True)
class SiteInfo:
    finess: str
    legal_entity: str
    name: str
    category: str
    legal_status: str
    sector: str
    region: str
    size: float | None
    groupings: tuple[str, ...] = ()


def normalise_finess(number: str) -> str:
    return (number or "").strip().upper().replace(" ", "")


def finess_problems(number: str, location: str, role: str) -> list[Problem]:
    """Shape and Luhn key of a FINESS number; ``role`` is 'ET' or 'EJ' for the message."""
    if finess_is_valid(number):
        return []
    return [problem("finess-invalid", location, f"'{number}' is not a valid FINESS {role} number.",
                    "Type the 9 characters of the FINESS number (2A/2B for Corsica); the last digit is a check key.",
                    found=number, expected="9 characters passing the Luhn check")]


def require_site_finess(session: Session, number: str, location: str = "establishment") -> str:
    """A valid FINESS ET, refusing an EJ given where an ET is expected (the common mistake)."""
    number = normalise_finess(number)
    problems = finess_problems(number, location, "ET")
    if problems:
        raise ProblemError(problems)
    entity = session.get(LegalEntity, number)
    if entity is not None and session.get(Site, number) is None:
        sites = session.execute(select(Site.finess, Site.name).where(Site.legal_entity == number)).all()
        listed = ", ".join(f"{f} ({n})" for f, n in sites[:5]) or "none recorded"
        fail("finess-is-legal-entity", location,
             f"{number} is the FINESS EJ of the legal entity '{entity.name}', not a site (FINESS ET).",
             f"Give the FINESS ET of the site instead; its sites: {listed}.", found=number, expected="FINESS ET")
    return number


def _check_fields(category: str, legal_status: str, region: str, location: str) -> list[Problem]:
    out = []
    for value, allowed, what in ((category, CATEGORIES, "category"), (legal_status, LEGAL_STATUSES, "legal status"),
                                 (region, tuple(REGIONS), "region")):
        if value not in allowed:
            out.append(problem(f"{what.replace(' ', '-')}-unknown", location, f"Unknown {what} '{value}'.",
                               "Use one of: " + ", ".join(allowed), found=str(value)))
    return out


def _require_coordinator_for(scope: Scope, region: str, location: str) -> None:
    if scope.kind == "national" or (scope.kind == "region" and region in scope.regions):
        return
    raise forbidden(location, "Only a coordinator of this region may register establishments here.")


def add_legal_entity(session: Session, scope: Scope, finess: str, name: str, category: str, legal_status: str,
                     region: str, size: float | None = None) -> str:
    finess = normalise_finess(finess)
    location = f"legal_entity/{finess}"
    problems = finess_problems(finess, location, "EJ") + _check_fields(category, legal_status, region, location)
    if not problems and (session.get(LegalEntity, finess) or session.get(Site, finess)):
        problems.append(problem("establishment-duplicate", location, f"{finess} is already registered.",
                                "Use the existing record, or check the number.", found=finess))
    if problems:
        raise ProblemError(problems)
    _require_coordinator_for(scope, region, location)
    session.add(LegalEntity(finess=finess, name=name, category=category, legal_status=legal_status,
                            sector=sector_of_category(category), region=region, size=size))
    audit.record(session, scope, "create", "legal_entity", finess, after={"name": name, "category": category})
    return finess


def add_site(session: Session, scope: Scope, finess: str, legal_entity: str, name: str, category: str,
             legal_status: str, region: str, size: float | None = None, groupings: Iterable[str] = ()) -> str:
    """Register a site (FINESS ET) of a registered legal entity; every problem is reported at once."""
    finess, legal_entity = normalise_finess(finess), normalise_finess(legal_entity)
    location = f"site/{finess}"
    problems = finess_problems(finess, location, "ET") + _check_fields(category, legal_status, region, location)
    if not problems:
        if session.get(Site, finess) is not None:
            problems.append(problem("establishment-duplicate", location, f"Site {finess} is already registered.",
                                    "Use the existing site, or check the number.", found=finess))
        elif session.get(LegalEntity, finess) is not None:
            problems.append(problem("finess-is-legal-entity", location,
                                    f"{finess} is registered as a legal entity (FINESS EJ), not a site.",
                                    "Give the site's FINESS ET.", found=finess, expected="FINESS ET"))
        if session.get(LegalEntity, legal_entity) is None:
            problems.append(problem("legal-entity-unknown", location, f"No legal entity {legal_entity}.",
                                    "Register the legal entity (FINESS EJ) first.", found=legal_entity))
    codes = list(groupings)
    known = set(session.execute(select(Grouping.code).where(Grouping.code.in_(codes))).scalars()) if codes else set()
    problems += [problem("grouping-unknown", location, f"No grouping '{c}'.", "Create the grouping first.", found=c)
                 for c in codes if c not in known]
    if problems:
        raise ProblemError(problems)
    _require_coordinator_for(scope, region, location)
    session.add(Site(finess=finess, legal_entity=legal_entity, name=name, category=category,
                     legal_status=legal_status, sector=sector_of_category(category), region=region, size=size))
    session.flush()
    session.add_all(SiteGrouping(site=finess, grouping=c) for c in codes)
    audit.record(session, scope, "create", "site", finess, site=finess, after={"name": name, "category": category})
    return finess


def add_grouping(session: Session, scope: Scope, code: str, kind: str, name: str, region: str | None = None) -> str:
    if kind not in GROUPING_KINDS:
        fail("grouping-kind-unknown", f"grouping/{code}", f"Unknown grouping kind '{kind}'.",
             "Use one of: " + ", ".join(GROUPING_KINDS), found=kind)
    if session.get(Grouping, code) is not None:
        fail("grouping-duplicate", f"grouping/{code}", f"Grouping {code} already exists.", "Use it.")
    if not scope.is_coordinator:
        raise forbidden(f"grouping/{code}", "Only coordinators define groupings.")
    if scope.kind == "region" and region not in scope.regions:  # issue 9 isolation: one's own region only
        raise forbidden(f"grouping/{code}", "A regional coordinator defines groupings of its own region only.")
    session.add(Grouping(code=code, kind=kind, name=name, region=region))
    audit.record(session, scope, "create", "grouping", code, after={"kind": kind, "name": name})
    return code


def _site_info(session: Session, sites: list[Site]) -> list[SiteInfo]:
    finesses = [s.finess for s in sites]
    groups: dict[str, list[str]] = {}
    for site, code in session.execute(select(SiteGrouping.site, SiteGrouping.grouping)
                                      .where(SiteGrouping.site.in_(finesses))):
        groups.setdefault(site, []).append(code)
    return [SiteInfo(s.finess, s.legal_entity, s.name, s.category, s.legal_status, s.sector, s.region, s.size,
                     tuple(sorted(groups.get(s.finess, ())))) for s in sites]


def get_site(session: Session, scope: Scope, finess: str) -> SiteInfo:
    finess = normalise_finess(finess)
    site = session.execute(select(Site).where(Site.finess == finess, site_clause(scope, Site.finess, Site.region))
                           ).scalar_one_or_none()
    if site is None:
        raise not_found("site-unknown", "site", finess)
    return _site_info(session, [site])[0]


def list_sites(session: Session, scope: Scope, *, region: str | None = None,
               legal_entity: str | None = None) -> list[SiteInfo]:
    query = select(Site).where(site_clause(scope, Site.finess, Site.region))
    if region:
        query = query.where(Site.region == region)
    if legal_entity:
        query = query.where(Site.legal_entity == normalise_finess(legal_entity))
    return _site_info(session, list(session.execute(query.order_by(Site.finess)).scalars()))


def set_consent(session: Session, scope: Scope, site: str, kind: str, granted: bool, given_by: str) -> None:
    """Record one of the separate consents (``CONSENT_KINDS``); the previous value goes to the audit log."""
    if kind not in CONSENT_KINDS:
        fail("consent-kind-unknown", f"site/{site}", f"Unknown consent '{kind}'.",
             "Use one of: " + ", ".join(CONSENT_KINDS), found=kind)
    get_site(session, scope, site)  # scope check
    current = session.execute(select(Consent).where(Consent.site == site, Consent.kind == kind)).scalar_one_or_none()
    before = {"granted": current.granted, "given_by": current.given_by} if current else None
    if current is None:
        current = Consent(site=site, kind=kind)
        session.add(current)
    current.granted, current.given_by, current.given_at = granted, given_by, utcnow()
    audit.record(session, scope, "consent", "consent", f"{site}/{kind}", site=site, before=before,
                 after={"granted": granted, "given_by": given_by})


def get_consents(session: Session, scope: Scope, site: str) -> dict[str, dict]:
    """Each consent kind with granted / given_by / given_at; a kind never given reads as not granted."""
    get_site(session, scope, site)
    rows = session.execute(select(Consent).where(Consent.site == site)).scalars()
    found = {c.kind: {"granted": c.granted, "given_by": c.given_by, "given_at": c.given_at} for c in rows}
    return {k: found.get(k, {"granted": False, "given_by": "", "given_at": None}) for k in CONSENT_KINDS}


def create_peer_group(session: Session, scope: Scope, name: str, sites: Iterable[str],
                      region: str | None = None) -> int:
    """A coordinator's peer group; refused when it differs from an existing group by fewer than 5 sites."""
    if not scope.is_coordinator:
        raise forbidden(f"peer_group/{name}", "Only coordinators define peer groups.")
    members = {normalise_finess(s) for s in sites}
    visible = set(session.execute(select(Site.finess).where(Site.finess.in_(members),
                                                            site_clause(scope, Site.finess, Site.region))).scalars())
    if missing := sorted(members - visible):
        raise not_found("site-unknown", "site", missing[0])
    region = _group_region(session, scope, name, members, region)
    for group_id, group_name, group_region in session.execute(select(PeerGroup.id, PeerGroup.name,
                                                                     PeerGroup.region)).all():
        other = set(session.execute(select(PeerGroupMember.site).where(PeerGroupMember.group_id == group_id))
                    .scalars())
        if len(members ^ other) < PEER_GROUP_MIN_DIFFERENCE:  # every group counts; another region's stays unnamed
            shown = group_name if scope.kind == "national" or group_region in scope.regions else "another group"
            fail("peer-group-too-close", f"peer_group/{name}",
                 f"This group differs from '{shown}' by {len(members ^ other)} establishments; comparing the "
                 "two would reveal individual results.",
                 f"Add or remove establishments so that they differ by at least {PEER_GROUP_MIN_DIFFERENCE}.")
    group = PeerGroup(name=name, region=region, created_by=scope.actor)
    session.add(group)
    session.flush()
    session.add_all(PeerGroupMember(group_id=group.id, site=s) for s in members)
    audit.record(session, scope, "create", "peer_group", str(group.id), after={"name": name, "sites": members})
    return group.id


def _group_region(session: Session, scope: Scope, name: str, members: set[str], region: str | None) -> str | None:
    """A regional coordinator's group belongs to its region (the members' one by default), never to another."""
    if scope.kind != "region":
        return region
    if region is None:
        regions = set(session.execute(select(Site.region).where(Site.finess.in_(members))).scalars())
        region = regions.pop() if len(regions) == 1 else min(scope.regions)
    if region not in scope.regions:
        raise forbidden(f"peer_group/{name}", "A coordinator defines peer groups for its own region only.")
    return region


def peer_group_sites(session: Session, scope: Scope, name: str) -> set[str]:
    group = session.execute(select(PeerGroup).where(PeerGroup.name == name)).scalar_one_or_none()
    if group is not None and scope.kind == "region" and group.region not in scope.regions:
        group = None  # issue 9 isolation: another region's group is unknown to this coordinator
    if group is None or not scope.is_coordinator:
        names = session.execute(select(PeerGroup.name)).scalars() if scope.is_coordinator else []
        raise not_found("peer-group-unknown", "peer group", name, names)
    return set(session.execute(select(PeerGroupMember.site).where(PeerGroupMember.group_id == group.id)).scalars())


def peer_groups_of(session: Session, scope: Scope, site: str) -> list[str]:
    """The names of the coordinators' saved peer groups that include ``site`` (a site the caller can see).

    An establishment may compare itself with such a group; its other members are never listed.
    """
    own = get_site(session, scope, site)
    return list(session.execute(select(PeerGroup.name).join(PeerGroupMember, PeerGroupMember.group_id == PeerGroup.id)
                                .where(PeerGroupMember.site == own.finess).order_by(PeerGroup.name)).scalars())
