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
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from continuum.problems import Problem
from storage.campaigns import get_campaign
from storage.errors import forbidden
from storage.establishments import get_site, peer_group_sites
from storage.frames import load_responses, response_conditions
from storage.profiles import profiles_of
from storage.models import Site
from storage.models_responses import Response
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
    sites = None
    if site is not None:
        own = get_site(session, scope, site)  # the caller may ask only about a site it can see
        excluded = set(session.execute(select(Site.finess).where(Site.legal_entity == own.legal_entity)).scalars())
    else:
        sites = _regions_allowed(session, scope, region)
    if peer_group is not None:
        group = peer_group_sites(session, Scope.national(), peer_group)
        sites = group if sites is None else sites & group
    for column, wanted in ((Site.region, region), (Site.category, category)):
        if wanted is not None:
            matching = set(session.execute(select(Site.finess).where(column == wanted)).scalars())
            sites = matching if sites is None else sites & matching
    return sites, excluded


def _regions_allowed(session: Session, scope: Scope, region: str | None) -> set[str] | None:
    """Group figures not anchored on the caller's own site: None (every site) for coordinators and the national
    reader; an ARS analyst's regions' sites (another region refused); refused for an establishment."""
    allowed = scope.aggregate_regions
    if allowed is None:
        return None
    if not allowed:
        raise forbidden("peers", "An establishment compares itself with its peers: give its site.")
    if region is not None and region not in allowed:
        raise forbidden(f"region/{region}", "This role reads the aggregates of its own regions only.")
    return set(session.execute(select(Site.finess).where(Site.region.in_(sorted(allowed)))).scalars())


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


def _group_sizes(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str) -> pd.DataFrame:
    """region, category, n: submitted establishments per region × category, among those the caller aggregates.

    Private to the k-rules below (counts of establishments, never who they are)."""
    allowed = _regions_allowed(session, scope, None)
    query = (select(Site.region, Site.category, func.count(distinct(Response.site)))
             .join(Site, Site.finess == Response.site)
             .where(Response.campaign_id == campaign_id, Response.questionnaire_id == questionnaire_id,
                    Response.status == "submitted").group_by(Site.region, Site.category))
    if allowed is not None:
        query = query.where(Response.site.in_(sorted(allowed)))
    return pd.DataFrame(session.execute(query).all(), columns=["region", "category", "n"])


def subtraction_reveals(sizes: pd.DataFrame, region: str | None, category: str | None) -> bool:
    """Would this group's figures, set beside another group a reader can ask for, isolate 1 to 4 establishments?

    Two cases: a wider group (the whole set, the region alone, the category alone) that differs from it by
    fewer than K_MIN establishments; or its parts (by region, by category, by both) whose groups below K_MIN,
    withheld, add up to fewer than K_MIN, so that subtracting the parts shown would reveal them.
    """
    def mask(r, c):
        keep = pd.Series(True, index=sizes.index)
        if r is not None:
            keep &= sizes["region"] == r
        if c is not None:
            keep &= sizes["category"] == c
        return keep

    size = int(sizes.loc[mask(region, category), "n"].sum())
    wider = {(None, None), (region, None), (None, category)} - {(region, category)}
    if any(0 < int(sizes.loc[mask(r, c), "n"].sum()) - size < K_MIN for r, c in wider):
        return True
    inside = sizes[mask(region, category)]
    parts = ([inside.groupby("region")["n"].sum()] if region is None else []) + \
        ([inside.groupby("category")["n"].sum()] if category is None else []) + \
        ([inside["n"]] if region is None and category is None else [])
    return any(0 < int(part[part < K_MIN].sum()) < K_MIN for part in parts)


def _withheld(campaign_id: str, n: int) -> Problem:
    return Problem("group-reveals-by-subtraction", f"campaign/{campaign_id}",
                   f"This group of {n} set beside another group would reveal fewer than {K_MIN} establishments.",
                   "Choose a wider group (a whole region, or every category).", severity="warning")


def _reader_without_site(scope: Scope, site: str | None) -> bool:
    """A national reader or an ARS analyst asking for a group's figures (not comparing a site of its own)."""
    return site is None and not scope.is_coordinator


@aggregate
def peer_cell_shares(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, *,
                     site: str | None = None, peer_group: str | None = None, region: str | None = None,
                     category: str | None = None, co_filled_only: bool = False) -> PeerFigures:
    """For each cell, the share of peers where it is present or established (k ≥ 5, banded under 10).

    Peers are everyone in the campaign, or those of a saved ``peer_group``, a ``region`` or a ``category``
    (combined when several are given); ``co_filled_only`` keeps assessments filled together with users.
    """
    if _reader_without_site(scope, site) and (peer_group is not None or co_filled_only):
        raise forbidden("peers", "Readers see the groups of the aggregated views: a region, a category, or all.",
                        "Leave out the peer group and the co-filled filter.")
    responses = _load_peer_set(session, scope, campaign_id, questionnaire_id, site, peer_group, region, category,
                               co_filled_only)
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    enough = scored["establishment"].nunique() >= K_MIN
    if enough and _reader_without_site(scope, site) and subtraction_reveals(
            _group_sizes(session, scope, campaign_id, questionnaire_id), region, category):
        n = scored["establishment"].nunique()
        return PeerFigures(n, False, False, pd.DataFrame(columns=["level", "degree", "share_held"]),
                           (_withheld(campaign_id, n),))
    cells = _peer_cells(session, scope, campaign_id, questionnaire_id, responses) if enough else None
    return _figures(campaign_id, scored, cells)


@aggregate
def region_and_national_shares(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, *,
                               region: str) -> tuple[PeerFigures, PeerFigures]:
    """``peer_cell_shares`` for a region and for the nation, from one load and one scoring of the nation's peers."""
    if scope.aggregate_regions is not None:
        raise forbidden("peers/national", "National figures are for coordinators and the national role.",
                        "Ask for your region's figures (peer_cell_shares with region).")
    responses = _load_peer_set(session, scope, campaign_id, questionnaire_id, None, None, None)
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    in_region = scored[scored["region"] == region]
    enough = scored["establishment"].nunique() >= K_MIN
    cells = _peer_cells(session, scope, campaign_id, questionnaire_id, responses) if enough else None
    return _figures(campaign_id, in_region, cells), _figures(campaign_id, scored, cells)


@aggregate
def submission_counts(session: Session, scope: Scope, campaign_id: str) -> pd.DataFrame:
    """Campaign follow-up: responses by region, questionnaire and status (counts, no establishment named).

    Coordinators count their own responses. A reader (national, ARS in its regions) gets a region's counts for a
    questionnaire only when at least K_MIN establishments of the region responded to it, and nothing otherwise.
    """
    if scope.is_coordinator:
        responses = load_responses(session, response_conditions(scope, campaign_id))  # counts need no answer
    else:
        get_campaign(session, scope, campaign_id)
        sites = _regions_allowed(session, scope, None)
        responses = load_responses(session, response_conditions(Scope.national(), campaign_id, sites=sites))
        size = responses.groupby(["region", "questionnaire_id"])["establishment"].transform("nunique")
        responses = responses[(size >= K_MIN).to_numpy()]
    counts = responses.groupby(["region", "questionnaire_id", "status"]).size().rename("responses").reset_index()
    return counts[["region", "questionnaire_id", "status", "responses"]]


@dataclass(frozen=True)
class StateDistribution:
    """How the cell states of a group's submitted self-assessments are distributed, under the k-rules."""

    establishments: int  # submitted self-assessments of the group (one per establishment)
    enough: bool  # at least K_MIN
    banded: bool  # from K_MIN to BAND_BELOW - 1: 20-point bands only, no count (nothing to subtract)
    cells: pd.DataFrame  # level, degree, state, count, share, band_low, band_high (count and share empty if banded)
    problems: tuple[Problem, ...] = ()
    cross_category: bool = False  # several categories: only CROSS_CATEGORY_LEVELS are shown


DISTRIBUTION_COLUMNS = ["level", "degree", "state", "count", "share", "band_low", "band_high"]
OPTIONAL_LEVEL = "optional_level"  # not applicable because the campaign left the whole level optional


def _distribution(campaign_id: str, scored: pd.DataFrame, cells: pd.DataFrame | None) -> StateDistribution:
    """The k-rules applied to a group's cell states: nothing below K_MIN, bands from K_MIN to 9, counts from 10."""
    from scoring.peers import share_rows

    n = scored["establishment"].nunique()
    if n < K_MIN or cells is None:
        return StateDistribution(n, False, False, pd.DataFrame(columns=DISTRIBUTION_COLUMNS), (Problem(
            "too-few-peers", f"campaign/{campaign_id}", f"Only {n} establishments have submitted; figures need "
            f"{K_MIN}.", "Widen the group, or wait for more submissions.", severity="warning"),))
    cells = cells[cells["response_id"].astype(str).isin(set(scored["response_id"].astype(str))).to_numpy()]
    several = scored["category"].nunique() > 1
    if several:
        cells = cells[cells["level"].astype(str).isin(CROSS_CATEGORY_LEVELS).to_numpy()]
    state = cells["state"].astype(str)
    state = state.where(~((state == "not_applicable").to_numpy() & cells["optional"].to_numpy(dtype=bool)),
                        OPTIONAL_LEVEL)
    counts = (pd.DataFrame({"level": cells["level"].astype(str).to_numpy(), "degree": cells["degree"].astype(str)
                            .to_numpy(), "state": state.to_numpy()})
              .groupby(["level", "degree", "state"], sort=False).size().rename("count").reset_index())
    total = counts.groupby(["level", "degree"])["count"].transform("sum").to_numpy()
    rows = share_rows(total, counts["count"].to_numpy(), total >= 0)
    banded = n < BAND_BELOW
    out = counts.assign(share=counts["count"] / total, band_low=rows["band_low"], band_high=rows["band_high"])
    if banded:
        out = out.assign(count=pd.NA, share=float("nan"))
    return StateDistribution(n, True, banded, out[DISTRIBUTION_COLUMNS].reset_index(drop=True),
                             cross_category=several)


@aggregate
def state_distribution(session: Session, scope: Scope, campaign_id: str, questionnaire_id: str, *,
                       region: str | None = None, category: str | None = None) -> StateDistribution:
    """For each cell, how many of a group's submitted self-assessments hold each state (k ≥ 5, banded under 10).

    The group is the nation, a ``region`` or a ``category`` (both when both are given); an ARS analyst's group
    stays within its regions. The caller's own establishment is not left out: this is a group's picture, not a
    comparison. No establishment is named, and no single establishment's states can be read back: a group that,
    set beside another one, would isolate fewer than K_MIN establishments is withheld (``subtraction_reveals``).
    """
    responses = _load_peer_set(session, scope, campaign_id, questionnaire_id, None, None, region, category)
    scored = responses[responses["questionnaire_id"] == questionnaire_id]
    n = scored["establishment"].nunique()
    if n >= K_MIN and subtraction_reveals(_group_sizes(session, scope, campaign_id, questionnaire_id), region,
                                          category):
        return StateDistribution(n, False, False, pd.DataFrame(columns=DISTRIBUTION_COLUMNS),
                                 (_withheld(campaign_id, n),))
    cells = _peer_cells(session, scope, campaign_id, questionnaire_id, responses) if n >= K_MIN else None
    return _distribution(campaign_id, scored, cells)
