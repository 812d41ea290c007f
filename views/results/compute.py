"""Loading and scoring for the results views, as plain functions (no Streamlit), so benchmarks call them too.

Pages never score: they call ``score_campaign`` and read the engine's frames; everything here is
loading (inside the caller's scope) and picking rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

import scoring
from continuum.problems import Problem, ProblemError
from questionnaires.model import Questionnaire
from scoring.result import ProfileResult
from scoring.states import Thresholds
from storage.campaigns import CampaignInfo, get_campaign, list_campaigns
from storage.engine import read_session
from storage.frames import load_frames, load_responses, response_conditions
from storage.profiles import Profiled, profiles_of
from storage.questionnaires import published_questionnaire
from storage.scope import Scope


@dataclass
class Scored:
    """A scored campaign (with its earlier waves), as the engine returned it, and the questionnaires used."""

    campaign: CampaignInfo
    campaigns: list[CampaignInfo]  # the campaign first, then its previous waves
    questionnaire: Questionnaire
    inventory: Questionnaire | None
    result: ProfileResult | None  # None when nothing of this questionnaire is visible yet, or answers are invalid
    questionnaires: dict[str, Questionnaire]
    problems: list[Problem] = field(default_factory=list)  # why the engine refused the answers, if it did
    stored: bool = False  # from storage.profiles: cells, levels and overall rows only (``profile_campaign``)


def published(session, questionnaire_id: str, version: str) -> Questionnaire:
    """A published version (immutable, so the parsed model is kept in memory by its text)."""
    return published_questionnaire(session, questionnaire_id, version)


def matrix_questionnaires(questionnaires: dict[str, Questionnaire]) -> list[str]:
    """Questionnaires whose items evidence cells of the matrix: the ones with an engagement profile."""
    return [qid for qid, q in questionnaires.items()
            if any(item.cells for item in q.items(include_group_children=True))]


def waves_of(session, scope: Scope, campaign: CampaignInfo, depth: int = 4) -> list[CampaignInfo]:
    """The campaign and its previous waves that ``scope`` can see (an invitation sees its own campaign only)."""
    out = [campaign]
    visible = {c.id: c for c in list_campaigns(session, scope)}
    while out[-1].previous_campaign_id in visible and len(out) < depth:
        out.append(visible[out[-1].previous_campaign_id])
    return out


@dataclass
class Loaded:
    """What ``score_campaign`` reads from the database before it scores (split so benchmarks can time each)."""

    campaign: CampaignInfo
    campaigns: list[CampaignInfo]
    questionnaire: Questionnaire
    inventory: Questionnaire | None
    questionnaires: dict[str, Questionnaire]
    responses: pd.DataFrame
    answers: pd.DataFrame


def _chosen(session, scope: Scope, campaign_id: str, questionnaire_id: str | None, with_waves: bool):
    """(campaign, its waves, published questionnaires, the chosen one, its inventory, the ids to load)."""
    campaign = get_campaign(session, scope, campaign_id)
    campaigns = waves_of(session, scope, campaign) if with_waves else [campaign]
    questionnaires = {qid: published(session, qid, v) for qid, v in campaign.questionnaires.items()}
    matrix = matrix_questionnaires(questionnaires)
    qid = questionnaire_id or (matrix[0] if matrix else next(iter(questionnaires)))
    q = questionnaires[qid]
    inventory_id = q.scoring.evidence.inventory
    inventory = questionnaires.get(inventory_id) if inventory_id else None
    wanted = [w for w in dict.fromkeys([qid, inventory_id]) if w and w in questionnaires]
    return campaign, campaigns, questionnaires, q, inventory, wanted


def load_campaign(engine: Engine, scope: Scope, campaign_id: str, questionnaire_id: str | None = None, *,
                  with_waves: bool = True, statuses: tuple[str, ...] | None = None) -> Loaded:
    """The frames ``scope`` may see for a campaign (and its earlier waves): the questionnaire's and its inventory's."""
    with read_session(engine) as session:
        campaign, campaigns, questionnaires, q, inventory, wanted = _chosen(session, scope, campaign_id,
                                                                            questionnaire_id, with_waves)
        responses, answers = load_frames(session, scope, [c.id for c in campaigns], questionnaire_id=wanted,
                                         statuses=statuses, versions=campaign.questionnaires)
        # earlier waves filled under another published version are left out, never scored under this one
    return Loaded(campaign, campaigns, q, inventory, questionnaires, responses, answers)


def profile_campaign(engine: Engine, scope: Scope, campaign_id: str, questionnaire_id: str | None = None, *,
                     with_waves: bool = True) -> Scored:
    """``score_campaign`` for views that read cells, levels and overall counts only: from the stored profiles.

    The responses ``scope`` may see, and for each the engine's rows kept by ``storage.profiles`` (stale or
    missing ones are scored again by the engine first), so no answer is read unless something changed. The
    result carries no item states, divergence, initiatives or answers: use ``score_campaign`` for those.
    """
    with read_session(engine) as session:
        campaign, campaigns, questionnaires, q, inventory, wanted = _chosen(session, scope, campaign_id,
                                                                            questionnaire_id, with_waves)
        conditions = response_conditions(scope, [c.id for c in campaigns], questionnaire_id=wanted,
                                         versions=campaign.questionnaires)
        responses = load_responses(session, conditions)
        result, problems = None, []
        if (responses["questionnaire_id"] == q.id).any():
            try:
                result = stored_result(q, profiles_of(session, q, inventory, responses))
            except ProblemError as error:  # answers the engine cannot count: the page says so calmly
                problems = list(error.problems)
    return Scored(campaign, campaigns, q, inventory, result, questionnaires, problems, stored=True)


NO_ITEMS = {"response_id": object, "item_id": object, "answered": bool, "in_place": bool}


def stored_result(q: Questionnaire, profiled: Profiled) -> ProfileResult:
    """The engine's result object around stored frames: cells, levels and overall rows (item-level frames empty)."""
    empty = pd.DataFrame()
    return ProfileResult(
        questionnaire=q, responses=profiled.responses, thresholds=Thresholds.of(q.scoring.cell_states),
        low_completeness=q.scoring.low_completeness,
        item_states=pd.DataFrame({k: pd.Series([], dtype=v) for k, v in NO_ITEMS.items()}),
        cell_states=profiled.cell_states, level_profile=profiled.level_profile, overall=profiled.overall,
        divergence=empty, role_gap=empty, initiatives=empty, figures=empty, warnings=profiled.warnings, answers=None)


def score_loaded(loaded: Loaded) -> Scored:
    """Score the loaded frames once; answers the engine cannot count are kept as problems, not raised."""
    q, result, problems = loaded.questionnaire, None, []
    if (loaded.responses["questionnaire_id"] == q.id).any():
        try:
            result = scoring.score(q, loaded.responses, loaded.answers, inventory=loaded.inventory)
        except ProblemError as error:  # answers the engine cannot count: the page says so calmly
            problems = list(error.problems)
    return Scored(loaded.campaign, loaded.campaigns, q, loaded.inventory, result, loaded.questionnaires, problems)


def score_campaign(engine: Engine, scope: Scope, campaign_id: str, questionnaire_id: str | None = None, *,
                   with_waves: bool = True, statuses: tuple[str, ...] | None = None) -> Scored:
    """Load the frames ``scope`` may see for a campaign (and its earlier waves) and score them once."""
    return score_loaded(load_campaign(engine, scope, campaign_id, questionnaire_id, with_waves=with_waves,
                                      statuses=statuses))


def response_row(scored: Scored, establishment_sites: frozenset[str] | None = None) -> pd.Series | None:
    """The establishment's response to the chosen questionnaire in the chosen campaign, if any."""
    if scored.result is None:
        return None
    r = scored.result.responses
    mine = r[(r["campaign_id"] == scored.campaign.id).to_numpy()]
    if establishment_sites:
        first = mine[mine["establishment"].isin(establishment_sites).to_numpy()]
        mine = first if len(first) else mine
    return mine.iloc[0] if len(mine) else None


def rows_of(frame: pd.DataFrame, response_id: str) -> pd.DataFrame:
    """The rows of one response in an engine frame (ids are categoricals there)."""
    return frame[(frame["response_id"].astype(str) == response_id).to_numpy()].reset_index(drop=True)


def previous_response(scored: Scored, row: pd.Series) -> pd.Series | None:
    """The same establishment's response in the previous wave, when the scope can see it."""
    r = scored.result.responses
    earlier = r[(r["establishment"] == row["establishment"]) & (r["wave"] < row["wave"])
                & (r["questionnaire_id"] == row["questionnaire_id"])]
    return earlier.sort_values("wave").iloc[-1] if len(earlier) else None
