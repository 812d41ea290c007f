"""Individual results of the establishments a caller may read one by one: for the national reader, only those
that consented to be identified at national level (consent ``results_to_national``).

Results are the engine's cell states (state and counts per cell) of submitted responses, as stored profiles: the
caller never gets the answers, free texts, initiatives or action plans behind them. Like the aggregate
functions, this module reads with the system scope inside and returns only what the rule allows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.campaigns import get_campaign
from storage.frames import load_responses, response_conditions
from storage.models import Consent, Site
from storage.profiles import profiles_of
from storage.questionnaires import published_questionnaire
from storage.scope import Scope, site_clause

NATIONAL_CONSENT = "results_to_national"
SITE_COLUMNS = ["response_id", "finess", "name", "region", "category", "legal_status"]


@dataclass(frozen=True)
class IdentifiedResults:
    sites: pd.DataFrame  # response_id, finess, name, region, category, legal_status: one row per submitted response
    cell_states: pd.DataFrame  # the engine's cell states of those responses (no answer, no free text)


def _readable_sites(session: Session, scope: Scope) -> list[str]:
    """The sites whose results ``scope`` reads one by one; a national reader's consent is checked again now."""
    query = select(Site.finess).where(site_clause(scope, Site.finess, Site.region))
    if scope.kind == "national_reader":
        consented = select(Consent.site).where(Consent.kind == NATIONAL_CONSENT, Consent.granted.is_(True))
        query = query.where(Site.finess.in_(consented))
    return list(session.execute(query.order_by(Site.finess)).scalars())


def identified_results(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str) -> IdentifiedResults:
    """The cell states of each submitted response of the sites ``scope`` may read individually, with their names
    (their stored engagement profiles, the stale ones scored again by the engine first: ``storage.profiles``)."""
    campaign = get_campaign(session, scope, campaign_id)
    sites = _readable_sites(session, scope)
    empty = IdentifiedResults(pd.DataFrame(columns=SITE_COLUMNS), pd.DataFrame())
    if not sites or questionnaire_id not in campaign.questionnaires:
        return empty
    questionnaire = published_questionnaire(session, questionnaire_id, campaign.questionnaires[questionnaire_id])
    inventory_id = questionnaire.scoring.evidence.inventory
    inventory = None
    wanted = [questionnaire_id]
    if inventory_id in campaign.questionnaires:
        inventory = published_questionnaire(session, inventory_id, campaign.questionnaires[inventory_id])
        wanted.append(inventory_id)
    responses = load_responses(session, response_conditions(Scope.national(), campaign_id, questionnaire_id=wanted,
                                                            statuses=["submitted"], sites=sites,
                                                            versions=campaign.questionnaires))
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    if scored.empty:
        return empty
    cells = profiles_of(session, questionnaire, inventory, responses, individual=False).cell_states
    names = dict(session.execute(select(Site.finess, Site.name).where(Site.finess.in_(sites))).all())
    table = pd.DataFrame({"response_id": scored["response_id"].astype(str).to_numpy(),
                          "finess": scored["establishment"].to_numpy(),
                          "name": scored["establishment"].map(names).to_numpy(),
                          "region": scored["region"].to_numpy(), "category": scored["category"].to_numpy(),
                          "legal_status": scored["legal_status"].to_numpy()})
    cells = cells[cells["response_id"].astype(str).isin(set(table["response_id"])).to_numpy()].reset_index(drop=True)
    return IdentifiedResults(table.sort_values(["region", "name"]).reset_index(drop=True), cells)
