"""Campaigns: the published questionnaire versions they bundle, their period, scope, status and wave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from continuum.problems import ProblemError
from continuum.reference import CATEGORIES, DEFAULT_LEVELS, REGIONS
from storage import audit
from storage.errors import fail, forbidden, not_found, problem
from storage.models import Campaign, CampaignQuestionnaire, QuestionnaireVersion
from storage.scope import Scope, region_clause

STATUSES = ("draft", "open", "closed")
VERSION_CHOICES = ("core_only", "core_or_extended")


@dataclass(frozen=True)
class CampaignInfo:
    id: str
    name: str
    scope_kind: str
    region: str | None
    status: str
    wave: int
    previous_campaign_id: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    version_choice: str
    optional_levels: dict[str, list[str]]
    questionnaires: dict[str, str] = field(default_factory=dict)  # questionnaire id -> version


def _info(session: Session, c: Campaign) -> CampaignInfo:
    versions = dict(session.execute(select(CampaignQuestionnaire.questionnaire_id, CampaignQuestionnaire.version)
                                    .where(CampaignQuestionnaire.campaign_id == c.id)).all())
    return CampaignInfo(c.id, c.name, c.scope_kind, c.region, c.status, c.wave, c.previous_campaign_id, c.starts_on,
                        c.ends_on, c.version_choice, dict(c.optional_levels or {}), versions)


def _campaign_problems(session: Session, location: str, scope_kind: str, region: str | None,
                       questionnaires: dict[str, str], optional_levels: dict, version_choice: str) -> list:
    out = []
    if scope_kind not in ("region", "national") or (scope_kind == "region") != bool(region):
        out.append(problem("campaign-scope-invalid", location, "A campaign is national, or regional with a region.",
                           "Give scope 'national', or scope 'region' and a region code."))
    if region and region not in REGIONS:
        out.append(problem("region-unknown", location, f"Unknown region '{region}'.",
                           "Use an INSEE region code.", found=region))
    if version_choice not in VERSION_CHOICES:
        out.append(problem("version-choice-unknown", location, f"Unknown version choice '{version_choice}'.",
                           "Use one of: " + ", ".join(VERSION_CHOICES), found=version_choice))
    for category, levels in optional_levels.items():
        if category not in CATEGORIES or not set(levels) <= set(DEFAULT_LEVELS):
            out.append(problem("optional-levels-invalid", location, f"Optional levels for '{category}' are invalid.",
                               "Map FINESS categories to level ids.", found=f"{category}: {levels}"))
    if not questionnaires:
        out.append(problem("campaign-without-questionnaire", location, "A campaign needs a questionnaire.",
                           "Publish a questionnaire version and add it to the campaign."))
    for qid, version in questionnaires.items():
        if session.get(QuestionnaireVersion, (qid, version)) is None:
            out.append(problem("questionnaire-version-unknown", location,
                               f"Questionnaire {qid} version {version} is not published.",
                               "Publish it first with `continuum questionnaire publish`.", found=f"{qid}@{version}"))
    return out


def create_campaign(session: Session, scope: Scope, campaign_id: str, name: str, questionnaires: dict[str, str], *,
                    scope_kind: str = "national", region: str | None = None, wave: int = 1,
                    previous_campaign_id: str | None = None, starts_on: dt.date | None = None,
                    ends_on: dt.date | None = None, status: str = "draft", version_choice: str = "core_or_extended",
                    optional_levels: dict[str, list[str]] | None = None) -> CampaignInfo:
    """Create a campaign bundling published questionnaire versions; ``optional_levels`` maps category -> levels."""
    location = f"campaign/{campaign_id}"
    if not scope.is_coordinator or (scope.kind == "region" and (scope_kind != "region" or
                                                                     region not in scope.regions)):
        raise forbidden(location, "Only a national coordinator, or the region's coordinator for a regional "
                                  "campaign, creates campaigns.")
    optional_levels = optional_levels or {}
    problems = _campaign_problems(session, location, scope_kind, region, questionnaires, optional_levels,
                                  version_choice)
    if status not in STATUSES:
        problems.append(problem("campaign-status-unknown", location, f"Unknown status '{status}'.",
                                "Use draft, open or closed.", found=status))
    if session.get(Campaign, campaign_id) is not None:
        problems.append(problem("campaign-duplicate", location, f"Campaign '{campaign_id}' already exists.",
                                "Choose another id."))
    if previous_campaign_id and session.get(Campaign, previous_campaign_id) is None:
        problems.append(problem("campaign-unknown", location, f"No previous campaign '{previous_campaign_id}'.",
                                "Give the id of the previous wave.", found=previous_campaign_id))
    if problems:
        raise ProblemError(problems)
    session.add(Campaign(id=campaign_id, name=name, scope_kind=scope_kind, region=region, wave=wave,
                         previous_campaign_id=previous_campaign_id, starts_on=starts_on, ends_on=ends_on,
                         status=status, version_choice=version_choice, optional_levels=optional_levels))
    session.flush()
    session.add_all(CampaignQuestionnaire(campaign_id=campaign_id, questionnaire_id=q, version=v)
                    for q, v in questionnaires.items())
    audit.record(session, scope, "create", "campaign", campaign_id, campaign_id=campaign_id,
                 after={"name": name, "questionnaires": questionnaires, "status": status})
    session.flush()
    return get_campaign(session, scope, campaign_id)


def _visible(scope: Scope):
    clause = region_clause(scope, Campaign.region) | (Campaign.scope_kind == "national")
    if scope.campaign_id is not None:
        clause = clause & (Campaign.id == scope.campaign_id)
    return clause


def get_campaign(session: Session, scope: Scope, campaign_id: str) -> CampaignInfo:
    row = session.execute(select(Campaign).where(Campaign.id == campaign_id, _visible(scope))).scalar_one_or_none()
    if row is None:
        known = session.execute(select(Campaign.id).where(_visible(scope))).scalars()
        raise not_found("campaign-unknown", "campaign", campaign_id, known)
    return _info(session, row)


def list_campaigns(session: Session, scope: Scope) -> list[CampaignInfo]:
    rows = session.execute(select(Campaign).where(_visible(scope)).order_by(Campaign.created_at, Campaign.id))
    return [_info(session, c) for c in rows.scalars()]


def require_open(campaign: CampaignInfo | Campaign) -> None:
    if campaign.status != "open":
        fail("campaign-closed" if campaign.status == "closed" else "campaign-not-open", f"campaign/{campaign.id}",
             f"Campaign '{campaign.id}' is {campaign.status}; answers can be changed only while it is open.",
             "Ask the campaign's coordinator.", found=campaign.status, expected="open")


def set_campaign_status(session: Session, scope: Scope, campaign_id: str, status: str) -> CampaignInfo:
    campaign = get_campaign(session, scope, campaign_id)
    if not scope.is_coordinator or (scope.kind == "region" and campaign.scope_kind == "national"):
        raise forbidden(f"campaign/{campaign_id}", "Only the campaign's coordinator changes its status.")
    if status not in STATUSES:
        fail("campaign-status-unknown", f"campaign/{campaign_id}", f"Unknown status '{status}'.",
             "Use draft, open or closed.", found=status)
    row = session.get(Campaign, campaign_id)
    before, row.status = row.status, status
    audit.record(session, scope, "status", "campaign", campaign_id, campaign_id=campaign_id,
                 before={"status": before}, after={"status": status})
    session.flush()
    return _info(session, row)
