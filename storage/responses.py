"""Responses: one establishment's answers to one questionnaire in one campaign, their participants and status.

Submitting locks a response; only a coordinator reopens it, and the reopening is logged.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from continuum.problems import ProblemError
from continuum.reference import PARTICIPANT_ROLES, USER_ROLES
from storage import audit
from storage.campaigns import get_campaign, require_open
from storage.errors import fail, forbidden, not_found
from storage.establishments import require_site_finess
from storage.models import Person, Site, utcnow
from storage.models_responses import Participant, Response, ResponseSite
from storage.scope import Scope, require_writable, response_clause, site_clause

VERSION_CHOICES = ("core", "extended")


@dataclass(frozen=True)
class ResponseInfo:
    id: str
    campaign_id: str
    questionnaire_id: str
    questionnaire_version: str
    site: str
    sites: tuple[str, ...]
    legal_entity: str
    status: str
    version_choice: str
    facilitator_id: str | None
    submitted_at: dt.datetime | None
    submitted_by: str | None
    participants: tuple[dict, ...] = ()

    @property
    def co_filled(self) -> bool:
        return any(p["role"] in USER_ROLES for p in self.participants)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def _info(session: Session, r: Response) -> ResponseInfo:
    sites = tuple(sorted(session.execute(select(ResponseSite.site).where(ResponseSite.response_id == r.id)).scalars()))
    people = session.execute(select(Participant.person_id, Participant.role, Participant.individual, Person.display_name)
                             .join(Person, Person.id == Participant.person_id)
                             .where(Participant.response_id == r.id).order_by(Participant.id)).all()
    participants = tuple({"person_id": p, "role": role, "individual": ind, "name": name}
                         for p, role, ind, name in people)
    return ResponseInfo(r.id, r.campaign_id, r.questionnaire_id, r.questionnaire_version, r.site, sites,
                        r.legal_entity, r.status, r.version_choice, r.facilitator_id, r.submitted_at,
                        r.submitted_by, participants)


def _load(session: Session, scope: Scope, response_id: str, *, lock: bool = False) -> Response:
    query = select(Response).where(Response.id == response_id, response_clause(scope))
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise not_found("response-unknown", "response", response_id)
    return row


def get_response(session: Session, scope: Scope, response_id: str) -> ResponseInfo:
    return _info(session, _load(session, scope, response_id))


def list_responses(session: Session, scope: Scope, campaign_id: str, *, status: str | None = None,
                   questionnaire_id: str | None = None) -> list[ResponseInfo]:
    get_campaign(session, scope, campaign_id)
    query = select(Response).where(Response.campaign_id == campaign_id, response_clause(scope))
    if status:
        query = query.where(Response.status == status)
    if questionnaire_id:
        query = query.where(Response.questionnaire_id == questionnaire_id)
    return [_info(session, r) for r in session.execute(query.order_by(Response.site, Response.id)).scalars()]


def open_response(session: Session, scope: Scope, campaign_id: str, site: str, questionnaire_id: str, *,
                  sites: list[str] | None = None, version_choice: str = "core") -> ResponseInfo:
    """The establishment's response to a questionnaire of an open campaign, created on first use."""
    require_writable(scope, f"campaign/{campaign_id}/{site}")
    site = require_site_finess(session, site)
    campaign = get_campaign(session, scope, campaign_id)
    row = session.execute(select(Response).where(Response.campaign_id == campaign_id, Response.site == site,
                                                 Response.questionnaire_id == questionnaire_id,
                                                 response_clause(scope))).scalar_one_or_none()
    if row is not None:
        return _info(session, row)
    require_open(campaign)
    if questionnaire_id not in campaign.questionnaires:
        raise not_found("questionnaire-not-in-campaign", "questionnaire", questionnaire_id, campaign.questionnaires)
    if version_choice not in VERSION_CHOICES or (version_choice == "extended"
                                                 and campaign.version_choice == "core_only"):
        fail("version-choice-refused", f"campaign/{campaign_id}", f"Version '{version_choice}' is not allowed here.",
             "Use the core version." if campaign.version_choice == "core_only" else "Use core or extended.")
    covered = sorted({site, *(require_site_finess(session, s) for s in sites or [])})
    found = session.execute(select(Site.finess, Site.legal_entity)
                            .where(Site.finess.in_(covered), site_clause(scope, Site.finess, Site.region))).all()
    entities = {e for _, e in found}
    if len(found) != len(covered) or len(entities) != 1:
        missing = sorted(set(covered) - {f for f, _ in found})
        if missing:
            raise not_found("site-unknown", "site", missing[0])
        fail("sites-of-several-legal-entities", f"response/{site}", "A response covers sites of one legal entity.",
             "Create one response per legal entity.")
    row = Response(id=new_id(), campaign_id=campaign_id, questionnaire_id=questionnaire_id,
                   questionnaire_version=campaign.questionnaires[questionnaire_id], site=site,
                   legal_entity=entities.pop(), status="draft", version_choice=version_choice)
    session.add(row)
    session.flush()
    session.add_all(ResponseSite(response_id=row.id, site=s) for s in covered)
    audit.record(session, scope, "create", "response", row.id, campaign_id=campaign_id, site=site,
                 after={"questionnaire": f"{questionnaire_id}@{row.questionnaire_version}", "sites": covered})
    session.flush()
    return _info(session, row)


def add_person(session: Session, display_name: str, email: str | None = None, person_id: str | None = None) -> str:
    """A participant; reuse the id to let one person (an RU, say) take part in several establishments."""
    person = Person(id=person_id or new_id(), display_name=display_name, email=email)
    session.add(person)
    session.flush()
    return person.id


def add_participant(session: Session, scope: Scope, response_id: str, person_id: str, role: str, *,
                    individual: bool = False) -> None:
    """Record who takes part, by role; ``individual`` when the person also fills the questionnaire alone first."""
    if role not in PARTICIPANT_ROLES:
        fail("role-unknown", f"response/{response_id}", f"Unknown participant role '{role}'.",
             "Use one of: " + ", ".join(PARTICIPANT_ROLES), found=role)
    response = _editable(session, scope, response_id)
    if session.get(Person, person_id) is None:
        raise not_found("person-unknown", "person", person_id)
    existing = session.execute(select(Participant).where(Participant.response_id == response_id,
                                                         Participant.person_id == person_id)).scalar_one_or_none()
    if existing is None:
        session.add(Participant(response_id=response_id, person_id=person_id, role=role, individual=individual))
    else:
        existing.role, existing.individual = role, individual
    audit.record(session, scope, "participant", "response", response_id, campaign_id=response.campaign_id,
                 site=response.site, after={"person_id": person_id, "role": role, "individual": individual})


def set_facilitator(session: Session, scope: Scope, response_id: str, person_id: str | None) -> None:
    """The facilitator of the consensus meeting (often from the regional structure), or None."""
    response = _editable(session, scope, response_id)
    if person_id is not None and session.get(Person, person_id) is None:
        raise not_found("person-unknown", "person", person_id)
    before, response.facilitator_id = response.facilitator_id, person_id
    audit.record(session, scope, "facilitator", "response", response_id, campaign_id=response.campaign_id,
                 site=response.site, before={"facilitator_id": before}, after={"facilitator_id": person_id})


def _editable(session: Session, scope: Scope, response_id: str) -> Response:
    """Who took part is part of the submitted response: it is locked with the answers."""
    response = _load(session, scope, response_id)
    require_open(get_campaign(session, scope, response.campaign_id))
    require_editable(response)
    return response


def require_editable(response: Response) -> None:
    if response.status == "submitted":
        fail("response-submitted", f"response/{response.id}",
             "This response has been submitted and is locked.", "Ask a coordinator to reopen it.")


def submit_response(session: Session, scope: Scope, response_id: str) -> ResponseInfo:
    """Lock the response; campaign follow-up counts submitted responses."""
    response = _load(session, scope, response_id, lock=True)
    require_open(get_campaign(session, scope, response.campaign_id))
    require_editable(response)
    before = response.status
    now = utcnow()
    session.execute(update(Response).where(Response.id == response_id)
                    .values(status="submitted", submitted_at=now, submitted_by=scope.actor))
    audit.record(session, scope, "submit", "response", response_id, campaign_id=response.campaign_id,
                 site=response.site, before={"status": before}, after={"status": "submitted"})
    _store_profiles(session, response.campaign_id, response.site)
    session.expire(response)
    return get_response(session, scope, response_id)


def _store_profiles(session: Session, campaign_id: str, site: str) -> None:
    """Score the submitted site's profiles now, so that the comparison and the peers read them stored.

    Only bookkeeping: answers the engine cannot count never block a submit (readers report them).
    """
    from storage.profiles import refresh_profiles

    session.flush()
    try:
        with session.begin_nested():  # whatever happens here is undone alone; the submit goes on
            refresh_profiles(session, campaign_id, sites=[site])
    except (ProblemError, DBAPIError):  # e.g. answers the engine refuses, or a reader storing the same rows
        pass


def reopen_response(session: Session, scope: Scope, response_id: str, reason: str) -> ResponseInfo:
    """Only a coordinator reopens a submitted response; the reason goes to the audit log."""
    response = _load(session, scope, response_id, lock=True)
    if not scope.is_coordinator:
        raise forbidden(f"response/{response_id}", "Only a coordinator can reopen a submitted response.",
                        "Ask your campaign's coordinator.")
    if response.status != "submitted":
        fail("response-not-submitted", f"response/{response_id}", "Only a submitted response can be reopened.",
             found=response.status, expected="submitted")
    session.execute(update(Response).where(Response.id == response_id).values(status="reopened"))
    audit.record(session, scope, "reopen", "response", response_id, campaign_id=response.campaign_id,
                 site=response.site, before={"status": "submitted"}, after={"status": "reopened", "reason": reason})
    session.expire(response)
    return get_response(session, scope, response_id)
