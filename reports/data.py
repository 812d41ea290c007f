"""Everything a campaign's reports need, read once inside the caller's scope and scored once.

Scoring the whole campaign (with its earlier waves) in one call is what makes a batch cheap: each
establishment's report then only picks its rows from the engine's frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine

import scoring
from continuum.problems import Problem, ProblemError
from questionnaires.loader import load_questionnaire_text
from questionnaires.model import Questionnaire
from scoring.result import ProfileResult
from storage.campaigns import CampaignInfo, get_campaign, list_campaigns
from storage.engine import read_session
from storage.establishments import SiteInfo, get_consents, list_sites
from storage.frames import load_frames
from storage.plans import list_actions, list_initiatives, list_targets
from storage.questionnaires import get_published
from storage.responses import list_responses
from storage.scope import Scope

WAVE_DEPTH = 4


@dataclass
class ResponseExtras:
    """What storage keeps beside the answers: who took part, the sites covered, targets, the saved plan."""

    sites: tuple[str, ...]
    roles: dict[str, int]  # participant role -> number of people (never their names)
    submitted_at: object
    targets: dict[str, dict]
    actions: list[dict]


@dataclass
class CampaignData:
    campaign: CampaignInfo
    campaigns: list[CampaignInfo]  # the campaign first, then its earlier waves
    questionnaire: Questionnaire
    inventory: Questionnaire | None
    result: ProfileResult
    sites: dict[str, SiteInfo]
    named: frozenset[str]  # sites that consented to be named to peers
    extras: dict[str, ResponseExtras]  # by matrix response id, this campaign only
    initiative_titles: dict[tuple[str, int], str] = field(default_factory=dict)

    def current(self) -> pd.DataFrame:
        """This campaign's scored responses (not the earlier waves')."""
        r = self.result.responses
        return r[(r["campaign_id"] == self.campaign.id).to_numpy()].reset_index(drop=True)

    def response_of(self, finess: str) -> pd.Series | None:
        """The establishment's response: the one filed from that site, else one covering it."""
        current = self.current()
        mine = current[current["establishment"] == finess]
        if mine.empty:
            covering = [rid for rid, e in self.extras.items() if finess in e.sites]
            mine = current[current["response_id"].isin(covering)]
        return mine.iloc[0] if len(mine) else None


@lru_cache(maxsize=16)
def _parse(questionnaire_id: str, version: str, text: str) -> Questionnaire:
    return load_questionnaire_text(text, f"{questionnaire_id}-{version}.yaml")


def matrix_questionnaire(questionnaires: dict[str, Questionnaire]) -> str:
    """The campaign's questionnaire whose items evidence matrix cells (the engagement profile)."""
    ids = [qid for qid, q in questionnaires.items() if any(i.cells for i in q.items(include_group_children=True))]
    if not ids:
        raise ProblemError([Problem("report-no-matrix", "campaign", "This campaign has no questionnaire with an "
                                    "engagement profile.", "Add the Montreal matrix questionnaire to the campaign.")])
    return "montreal-matrix" if "montreal-matrix" in ids else ids[0]


def load_campaign(engine: Engine, scope: Scope, campaign_id: str, *, with_waves: bool = True) -> CampaignData:
    """Read and score a campaign as ``scope`` sees it; raise one ProblemError when the answers cannot be scored."""
    with read_session(engine) as session:
        campaign = get_campaign(session, scope, campaign_id)
        campaigns = _waves(session, scope, campaign) if with_waves else [campaign]
        questionnaires = {qid: _parse(qid, v, get_published(session, qid, v).yaml_text)
                          for qid, v in campaign.questionnaires.items()}
        qid = matrix_questionnaire(questionnaires)
        q = questionnaires[qid]
        inventory_id = q.scoring.evidence.inventory
        inventory = questionnaires.get(inventory_id) if inventory_id else None
        wanted = [w for w in dict.fromkeys([qid, inventory_id]) if w and w in questionnaires]
        frames = [load_frames(session, scope, [c.id for c in campaigns], questionnaire_id=w,
                              versions=campaign.questionnaires) for w in wanted]  # each wave under its own version
        responses = pd.concat([f[0] for f in frames], ignore_index=True)
        answers = pd.concat([f[1] for f in frames], ignore_index=True)
        sites = {s.finess: s for s in list_sites(session, scope)}
        extras = _extras(session, scope, campaign.id, qid)
        titles = _titles(session, scope, responses, campaign.id, inventory_id)
        named = frozenset(f for f in {*responses["establishment"], *[s for e in extras.values() for s in e.sites]}
                          if f in sites and get_consents(session, scope, f)["named_to_peers"]["granted"])
    if not (responses["questionnaire_id"] == qid).any():
        raise ProblemError([Problem("report-no-response", f"campaign/{campaign_id}",
                                    "No establishment has answered this campaign's questionnaire yet.",
                                    "Reports are written once at least one self-assessment has been started.")])
    result = scoring.score(q, responses, answers, inventory=inventory)
    return CampaignData(campaign, campaigns, q, inventory, result, sites, named, extras, titles)


def _waves(session, scope: Scope, campaign: CampaignInfo) -> list[CampaignInfo]:
    out = [campaign]
    visible = {c.id: c for c in list_campaigns(session, scope)}
    while out[-1].previous_campaign_id in visible and len(out) < WAVE_DEPTH:
        out.append(visible[out[-1].previous_campaign_id])
    return out


def _extras(session, scope: Scope, campaign_id: str, qid: str) -> dict[str, ResponseExtras]:
    out = {}
    for info in list_responses(session, scope, campaign_id, questionnaire_id=qid):
        roles: dict[str, int] = {}
        for p in info.participants:
            roles[p["role"]] = roles.get(p["role"], 0) + 1
        out[info.id] = ResponseExtras(info.sites or (info.site,), roles, info.submitted_at,
                                      list_targets(session, scope, info.id), list_actions(session, scope, info.id))
    return out


def _titles(session, scope: Scope, responses: pd.DataFrame, campaign_id: str,
            inventory_id: str | None) -> dict[tuple[str, int], str]:
    if not inventory_id:
        return {}
    ids = responses.loc[(responses["questionnaire_id"] == inventory_id) & (responses["campaign_id"] == campaign_id),
                        "response_id"]
    return {(rid, i["entry"]): i["title"] for rid in ids for i in list_initiatives(session, scope, rid)}
