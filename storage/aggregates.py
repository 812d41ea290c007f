"""Peer and group figures: the one declared class of storage functions that read other establishments' data.

Each function here loads a peer set inside storage (submitted responses only, never the caller's
own establishment), scores it with the scoring engine, and returns aggregates only, under the k ≥ 5
rules: fewer than 5 peers gives no figure, 5 to 9 peers give shares in 20-point bands, and no
minimum, maximum or single peer's value is ever returned. No other storage function returns
another establishment's data; `AGGREGATE_FUNCTIONS` lists the ones that do, for review and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from continuum.problems import Problem
from storage.campaigns import get_campaign
from storage.errors import forbidden
from storage.establishments import get_site, peer_group_sites
from storage.frames import load_frames
from storage.models import Site
from storage.questionnaires import get_published
from storage.scope import Scope

K_MIN = 5
BAND_BELOW = 10  # from K_MIN to BAND_BELOW - 1 peers, shares are shown in bands
BAND_WIDTH = 20
CROSS_CATEGORY_LEVELS = ("care", "organisation")  # the only levels compared across categories
AGGREGATE_FUNCTIONS: list[Callable] = []


def aggregate(function: Callable) -> Callable:
    """Declare a function as returning peer or group figures (and nothing else)."""
    AGGREGATE_FUNCTIONS.append(function)
    return function


@dataclass(frozen=True)
class PeerFigures:
    peers: int  # how many peer establishments (submitted responses, the caller excluded)
    enough: bool  # at least K_MIN peers
    banded: bool  # shares are 20-point bands ("20–40")
    shares: pd.DataFrame  # level, degree, share_held: share of peers where the cell is present or established
    problems: tuple[Problem, ...] = ()
    cross_category: bool = False  # peers of several categories: only CROSS_CATEGORY_LEVELS are compared


def band(share: float) -> str:
    low = min(int(share * 100 // BAND_WIDTH) * BAND_WIDTH, 100 - BAND_WIDTH)
    return f"{low}–{low + BAND_WIDTH}"


def _peer_sites(session: Session, scope: Scope, site: str | None, peer_group: str | None,
                region: str | None, category: str | None = None) -> tuple[set[str] | None, set[str]]:
    """(the peer sites, or None for everyone in the campaign; the sites to exclude: the caller's own)."""
    excluded: set[str] = set()
    if site is not None:
        own = get_site(session, scope, site)  # the caller may ask only about a site it can see
        excluded = set(session.execute(select(Site.finess).where(Site.legal_entity == own.legal_entity)).scalars())
    elif not scope.is_coordinator:
        raise forbidden("peers", "An establishment compares itself with its peers: give its site.")
    sites = None
    if peer_group is not None:
        sites = peer_group_sites(session, Scope.national(), peer_group)
    if region is not None:
        in_region = set(session.execute(select(Site.finess).where(Site.region == region)).scalars())
        sites = in_region if sites is None else sites & in_region
    if category is not None:
        in_category = set(session.execute(select(Site.finess).where(Site.category == category)).scalars())
        sites = in_category if sites is None else sites & in_category
    return sites, excluded


def _load_peer_set(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, site: str | None,
                   peer_group: str | None, region: str | None,
                   category: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Peers' frames: private to this module, never returned."""
    get_campaign(session, scope, campaign_id)
    sites, excluded = _peer_sites(session, scope, site, peer_group, region, category)
    responses, answers = load_frames(session, Scope.national(), campaign_id, statuses=["submitted"], sites=sites,
                                     individual=False)
    keep = ~responses["legal_entity"].isin({s for s in excluded}) & ~responses["establishment"].isin(excluded)
    responses = responses[keep.to_numpy()].reset_index(drop=True)
    return responses, answers[answers["response_id"].isin(responses["response_id"])].reset_index(drop=True)


@aggregate
def peer_cell_shares(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, *,
                     site: str | None = None, peer_group: str | None = None, region: str | None = None,
                     category: str | None = None) -> PeerFigures:
    """For each cell, the share of peers where it is present or established (k ≥ 5, banded under 10), among
    everyone in the campaign or those of a peer group, a region and/or a FINESS category."""
    from questionnaires.loader import load_questionnaire_text
    from scoring import score

    responses, answers = _load_peer_set(session, scope, campaign_id, questionnaire_id, site, peer_group, region,
                                        category)
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    peers = scored["establishment"].nunique()
    empty = pd.DataFrame(columns=["level", "degree", "share_held"])
    if peers < K_MIN:
        return PeerFigures(peers, False, False, empty, (Problem(
            "too-few-peers", f"campaign/{campaign_id}", f"Only {peers} peers have submitted; figures need {K_MIN}.",
            "Widen the peer group, or wait for more submissions.", severity="warning"),))
    version = scored["questionnaire_version"].iloc[0]
    questionnaire = load_questionnaire_text(get_published(session, questionnaire_id, version).yaml_text)
    inventory_id = questionnaire.scoring.evidence.inventory
    inventory = None
    campaign = get_campaign(session, scope, campaign_id)
    if inventory_id in campaign.questionnaires:
        inventory = load_questionnaire_text(get_published(session, inventory_id,
                                                          campaign.questionnaires[inventory_id]).yaml_text)
    cells = score(questionnaire, responses, answers, inventory=inventory).cell_states
    cells = cells[cells["state"].isin(["absent", "emerging", "declared_not_evidenced", "present", "established"])]
    several = scored["category"].nunique() > 1
    if several:
        cells = cells[cells["level"].isin(CROSS_CATEGORY_LEVELS)]
    held = cells.assign(held=cells["state"].isin(["present", "established"]))
    shares = held.groupby(["level", "degree"], observed=True)["held"].mean().rename("share_held").reset_index()
    banded = peers < BAND_BELOW
    shares["share_held"] = shares["share_held"].map(band) if banded else (shares["share_held"] * 100).round()
    return PeerFigures(peers, True, banded, shares, cross_category=several)


@aggregate
def submission_counts(session: Session, scope: Scope, campaign_id: str) -> pd.DataFrame:
    """Campaign follow-up: responses by region, questionnaire and status (counts, no establishment named)."""
    if not scope.is_coordinator:
        raise forbidden(f"campaign/{campaign_id}", "Campaign follow-up is for coordinators.")
    responses, _ = load_frames(session, scope, campaign_id)
    return (responses.groupby(["region", "questionnaire_id", "status"]).size().rename("responses").reset_index())
