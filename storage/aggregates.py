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

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from continuum.problems import Problem
from storage.campaigns import get_campaign
from storage.errors import forbidden
from storage.establishments import get_site, peer_group_sites
from storage.frames import load_responses, response_conditions
from storage.profiles import profiles_of
from storage.models import Site
from storage.questionnaires import published_questionnaire
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
    for column, wanted in ((Site.region, region), (Site.category, category)):
        if wanted is not None:
            matching = set(session.execute(select(Site.finess).where(column == wanted)).scalars())
            sites = matching if sites is None else sites & matching
    return sites, excluded


def _load_peer_set(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, site: str | None,
                   peer_group: str | None, region: str | None, category: str | None = None,
                   co_filled_only: bool = False) -> pd.DataFrame:
    """Peers' response frame (the questionnaire's and its inventory's): private to this module, never returned.

    Their answers stay in the database: the peers' cells come from their stored profiles (``_peer_cells``).
    """
    campaign = get_campaign(session, scope, campaign_id)
    sites, excluded = _peer_sites(session, scope, site, peer_group, region, category)
    wanted = [questionnaire_id]
    if questionnaire_id in campaign.questionnaires:
        q = published_questionnaire(session, questionnaire_id, campaign.questionnaires[questionnaire_id])
        wanted += [q.scoring.evidence.inventory] if q.scoring.evidence.inventory else []
    responses = load_responses(session, response_conditions(Scope.national(), campaign_id, questionnaire_id=wanted,
                                                            statuses=["submitted"], sites=sites))
    keep = ~responses["legal_entity"].isin({s for s in excluded}) & ~responses["establishment"].isin(excluded)
    if co_filled_only:
        keep &= responses["co_filled"]
    return responses[keep.to_numpy()].reset_index(drop=True)


def _peer_cells(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str,
                responses: pd.DataFrame) -> pd.DataFrame:
    """The peers' cell states as the engine scores them (consensus answers, with the inventory that evidences
    degrees): their stored profiles, the stale ones scored again first (``storage.profiles``)."""
    campaign = get_campaign(session, scope, campaign_id)
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    version = campaign.questionnaires.get(questionnaire_id) or scored["questionnaire_version"].iloc[0]
    questionnaire = published_questionnaire(session, questionnaire_id, version)
    inventory_id = questionnaire.scoring.evidence.inventory
    inventory = None
    if inventory_id in campaign.questionnaires:
        inventory = published_questionnaire(session, inventory_id, campaign.questionnaires[inventory_id])
    return profiles_of(session, questionnaire, inventory, responses, individual=False).cell_states


def _figures(campaign_id: str, peers_responses: pd.DataFrame, cells: pd.DataFrame | None) -> PeerFigures:
    """The k-rules applied to the cells of one peer set (``peers_responses``: its responses to the questionnaire)."""
    peers = peers_responses["establishment"].nunique()
    empty = pd.DataFrame(columns=["level", "degree", "share_held"])
    if peers < K_MIN or cells is None:
        return PeerFigures(peers, False, False, empty, (Problem(
            "too-few-peers", f"campaign/{campaign_id}", f"Only {peers} peers have submitted; figures need {K_MIN}.",
            "Widen the peer group, or wait for more submissions.", severity="warning"),))
    ids = cells["response_id"]
    wanted = set(peers_responses["response_id"].astype(str))
    if isinstance(ids.dtype, pd.CategoricalDtype):  # on the categories once (a national frame)
        among = pd.Index(ids.cat.categories.astype(str).to_numpy(dtype=object), dtype=object).isin(list(wanted))
        codes = ids.cat.codes.to_numpy()
        cells = cells[np.where(codes >= 0, among[np.maximum(codes, 0)], False)]
    else:
        cells = cells[ids.astype(str).isin(wanted).to_numpy()]
    cells = cells[cells["state"].isin(["absent", "emerging", "declared_not_evidenced", "present", "established"])]
    several = peers_responses["category"].nunique() > 1
    if several:
        cells = cells[cells["level"].isin(CROSS_CATEGORY_LEVELS)]
    held = cells.assign(held=cells["state"].isin(["present", "established"]))
    shares = held.groupby(["level", "degree"], observed=True)["held"].mean().rename("share_held").reset_index()
    banded = peers < BAND_BELOW
    shares["share_held"] = shares["share_held"].map(band) if banded else (shares["share_held"] * 100).round()
    return PeerFigures(peers, True, banded, shares, cross_category=several)


@aggregate
def peer_cell_shares(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, *,
                     site: str | None = None, peer_group: str | None = None, region: str | None = None,
                     category: str | None = None, co_filled_only: bool = False) -> PeerFigures:
    """For each cell, the share of peers where it is present or established (k ≥ 5, banded under 10).

    Peers are everyone in the campaign, or those of a saved ``peer_group``, a ``region`` or a ``category``
    (combined when several are given); ``co_filled_only`` keeps assessments filled together with users.
    """
    responses = _load_peer_set(session, scope, campaign_id, questionnaire_id, site, peer_group, region, category,
                               co_filled_only)
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    enough = scored["establishment"].nunique() >= K_MIN
    cells = _peer_cells(session, scope, campaign_id, questionnaire_id, responses) if enough else None
    return _figures(campaign_id, scored, cells)


@aggregate
def region_and_national_shares(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, *,
                               region: str) -> tuple[PeerFigures, PeerFigures]:
    """``peer_cell_shares`` for a region and for the nation, from one load and one scoring of the nation's peers."""
    responses = _load_peer_set(session, scope, campaign_id, questionnaire_id, None, None, None)
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    in_region = scored[scored["region"] == region]
    enough = scored["establishment"].nunique() >= K_MIN
    cells = _peer_cells(session, scope, campaign_id, questionnaire_id, responses) if enough else None
    return _figures(campaign_id, in_region, cells), _figures(campaign_id, scored, cells)


@aggregate
def submission_counts(session: Session, scope: Scope, campaign_id: str) -> pd.DataFrame:
    """Campaign follow-up: responses by region, questionnaire and status (counts, no establishment named)."""
    if not scope.is_coordinator:
        raise forbidden(f"campaign/{campaign_id}", "Campaign follow-up is for coordinators.")
    responses = load_responses(session, response_conditions(scope, campaign_id))  # counts need no answer
    return (responses.groupby(["region", "questionnaire_id", "status"]).size().rename("responses").reset_index())
