"""Writing the demo into a database: bulk inserts through SQLAlchemy Core, in one transaction."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from continuum.problems import Problem, ProblemError
from storage.demo import DEMO_SEED, DemoData, generate_demo, shipped_questionnaires
from storage.engine import write_session
from storage.invitations import ALPHABET, create_invitation
from storage.models import (Campaign, CampaignQuestionnaire, Consent, Grouping, LegalEntity, Meta, Person, Site,
                            SiteGrouping, utcnow)
from storage.models_responses import ActionItem, Answer, Initiative, Participant, Response, ResponseSite, Target
from storage.questionnaires import publish_questionnaire
from storage.scope import Scope

DEMO_ACTOR = "démo"
TABLES = [("legal_entities", LegalEntity), ("sites", Site), ("groupings", Grouping), ("site_groupings", SiteGrouping),
          ("people", Person), ("consents", Consent)]
RESPONSE_TABLES = [("response_sites", ResponseSite), ("participants", Participant), ("targets", Target),
                   ("action_items", ActionItem), ("initiatives", Initiative)]


@dataclass(frozen=True)
class DemoResult:
    campaign_ids: list[str]
    sign_in: list[dict]  # code, establishment, name, category, campaign_id
    counts: dict[str, int]


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    frame = frame[[c for c in columns if c in frame.columns]]
    frame = frame.astype(object).where(pd.notna(frame), None)
    return frame.to_dict("records")


def _insert(session: Session, model, frame: pd.DataFrame, **constant) -> int:
    if frame is None or frame.empty:
        return 0
    columns = [c.key for c in model.__table__.columns]
    rows = _records(frame, columns)
    if constant:
        rows = [{**row, **constant} for row in rows]
    for start in range(0, len(rows), 5000):
        session.execute(insert(model.__table__), rows[start:start + 5000])
    return len(rows)


def seed_demo(engine: Engine, *, establishments: int = 70, waves: int = 2, seed: int = DEMO_SEED) -> DemoResult:
    """Generate the demo from the shipped questionnaires and write it; refused when it is already there."""
    loaded = shipped_questionnaires()
    if not loaded:
        raise ProblemError([Problem("demo-no-questionnaire", "questionnaires/",
                                    "No shipped questionnaire loads, so the demo has nothing to answer.",
                                    "Run `continuum validate questionnaires/` and fix the errors.")])
    data = generate_demo([q for q, _ in loaded], establishments=establishments, waves=waves, seed=seed)
    return write_demo(engine, data, {q.id: text for q, text in loaded}, seed=seed)


def write_demo(engine: Engine, data: DemoData, yaml_texts: dict[str, str], *, seed: int = DEMO_SEED) -> DemoResult:
    national = Scope.national(actor=DEMO_ACTOR)
    with write_session(engine) as session:
        ids = [c["id"] for c in data.campaigns]
        if session.execute(select(Campaign.id).where(Campaign.id.in_(ids))).first() is not None:
            raise ProblemError([Problem("demo-already-present", "database", "This database already holds the demo.",
                                        "Use it as it is, or point CONTINUUM_DATABASE_URL at an empty database.")])
        for campaign in data.campaigns:
            for qid, version in campaign["questionnaires"].items():
                publish_questionnaire(session, qid, version, yaml_texts[qid], scope=national)
        counts = {name: _insert(session, model, data.tables.get(name)) for name, model in TABLES}
        for campaign in data.campaigns:
            session.execute(insert(Campaign.__table__), [{k: v for k, v in campaign.items() if k != "questionnaires"}
                                                         | {"created_at": utcnow()}])
            session.execute(insert(CampaignQuestionnaire.__table__), [
                {"campaign_id": campaign["id"], "questionnaire_id": q, "version": v}
                for q, v in campaign["questionnaires"].items()])
        responses = data.responses.rename(columns={"establishment": "site", "response_id": "id"})
        responses["submitted_at"] = _submitted_at(responses, data.campaigns)
        now = utcnow()
        counts["responses"] = _insert(session, Response, responses, created_at=now)
        for name, model in RESPONSE_TABLES:
            counts[name] = _insert(session, model, data.tables.get(name))
        counts["answers"] = _insert(session, Answer, data.answers.replace({"number": {np.nan: None}}), version=1,
                                    updated_at=now, updated_by=DEMO_ACTOR)
        sign_in = _sign_in_codes(session, national, data, seed)
        from accounts.demo import demo_accounts  # issue 9: demo accounts, created only in the demo database
        sign_in += demo_accounts(session, data)
        session.merge(Meta(key="demo_seed", value=str(seed)))
        session.flush()
        from storage.profiles import refresh_profiles  # written at once: profiles stored as a submit stores them

        for campaign_id in ids:
            refresh_profiles(session, campaign_id)
    return DemoResult(ids, sign_in, counts)


def _submitted_at(responses: pd.DataFrame, campaigns: list[dict]) -> list:
    """A sending date for each submitted response, within its wave (the open wave's first ten weeks), so that the
    reports' covers show one; fixed by the response id, like the rest of the demo."""
    spans = {}
    for c in campaigns:
        last = c["starts_on"] + dt.timedelta(days=70) if c["status"] == "open" else c["ends_on"]
        spans[c["id"]] = (c["starts_on"], max(1, (last - c["starts_on"]).days))
    out = []
    for rid, campaign_id, status in zip(responses["id"], responses["campaign_id"], responses["status"]):
        start, days = spans[campaign_id]
        day = start + dt.timedelta(days=int(str(rid)[:8], 16) % days)
        out.append(dt.datetime.combine(day, dt.time(14, 0)) if status == "submitted" else None)
    return out


def demo_codes(seed: int = DEMO_SEED) -> list[str]:
    """The demo's invitation codes for a seed (they exist only in a database seeded with it)."""
    rng = random.Random(seed)
    return [f"DEM{letter}-" + "-".join("".join(rng.choice(ALPHABET) for _ in range(4)) for _ in range(3))
            for letter in "ABC"]


def _sign_in_codes(session: Session, scope: Scope, data: DemoData, seed: int) -> list[dict]:
    """Three invitation codes of the open wave (a multi-site CHU, an EHPAD, a clinic), the same for a seed."""
    campaign = data.campaigns[-1]["id"]
    responses = data.responses[data.responses["campaign_id"] == campaign]
    sites = data.tables["sites"]
    out = []
    for code, category in zip(demo_codes(seed), ("chu", "ehpad", "clinic")):
        chosen = responses[responses["category"] == category]
        if chosen.empty:
            continue
        first = chosen.assign(other_region=chosen["region"] != "52").sort_values(["other_region", "establishment"]).iloc[0]
        covered = sites[sites["legal_entity"] == first["legal_entity"]] if category == "chu" else \
            sites[sites["finess"] == first["establishment"]]
        create_invitation(session, scope, campaign, list(covered["finess"]), valid_days=3650, code=code)
        name = sites.loc[sites["finess"] == first["establishment"], "name"].iloc[0]
        out.append({"code": code, "establishment": first["establishment"], "name": name, "category": category,
                    "campaign_id": campaign})
    return out
