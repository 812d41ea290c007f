"""The seeded demo generator: the campaign every page and test uses, and the national benchmark dataset.

`generate_demo` returns plain DataFrames (no database); `storage.demo.writer.write_demo` bulk-inserts
them. The same seed always gives the same data, sign-in codes included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from continuum.paths import QUESTIONNAIRE_DIR
from questionnaires.model import Questionnaire
from storage.demo.activity import consents, individual_answers, initiatives, participants, targets_and_actions
from storage.demo.answers import generate_answers
from storage.demo.places import generate_places
from storage.frames import ANSWER_COLUMNS, RESPONSE_COLUMNS, conform

DEMO_SEED = 2025
ACADEMIC = {"chu", "cancer_centre"}


@dataclass
class DemoData:
    tables: dict[str, pd.DataFrame]  # rows for each database table
    responses: pd.DataFrame  # the response frame (docs/ARCHITECTURE.md)
    answers: pd.DataFrame  # the answer frame, consensus and individual answers
    campaigns: list[dict] = field(default_factory=list)


def shipped_questionnaires(folder: Path = QUESTIONNAIRE_DIR) -> list[tuple[Questionnaire, str]]:
    """The shipped questionnaires that load cleanly, with their YAML text, in file order."""
    from questionnaires.loader import load_questionnaire_text

    out = []
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            out.append((load_questionnaire_text(text, path.name), text))
        except Exception:  # noqa: BLE001 - a questionnaire being edited must not break the demo
            continue
    return out


def campaigns_for(waves: int, questionnaires: list[Questionnaire]) -> list[dict]:
    """A national campaign per wave, each linked to the previous one; the last is open."""
    optional = {}
    for q in questionnaires:
        for level in q.matrix.levels:
            for category in level.optional_for.categories:
                optional.setdefault(category, set()).add(level.id)
    out = []
    for wave in range(1, waves + 1):
        year = 2026 - waves + wave  # the open wave runs from autumn 2026 to spring 2027
        is_open = wave == waves
        out.append({"id": f"demo-national-w{wave}", "name": f"Campagne nationale {year} (vague {wave})",
                    "scope_kind": "national", "region": None, "wave": wave,
                    "previous_campaign_id": f"demo-national-w{wave - 1}" if wave > 1 else None,
                    "starts_on": dt.date(year, 9, 1) if is_open else dt.date(year, 1, 15),
                    "ends_on": dt.date(year + 1, 3, 31) if is_open else dt.date(year, 6, 30),
                    "status": "open" if wave == waves else "closed", "version_choice": "core_or_extended",
                    "optional_levels": {c: sorted(v) for c, v in sorted(optional.items())},
                    "questionnaires": {q.id: q.version for q in questionnaires}})
    return out


def _response_id(campaign_id: str, questionnaire_id: str, site: str) -> str:
    return hashlib.sha1(f"{campaign_id}|{questionnaire_id}|{site}".encode()).hexdigest()[:16]


def _responding_sites(sites: pd.DataFrame) -> pd.DataFrame:
    """A multi-site CHU answers once for all its sites (from its first site); other sites answer each."""
    chu = sites["category"] == "chu"
    first = ~sites.duplicated("legal_entity")
    return sites[~chu | first].reset_index(drop=True)


def _response_rows(q: Questionnaire, sites: pd.DataFrame, campaign: dict, last: bool,
                   rng: np.random.Generator) -> pd.DataFrame:
    """Which sites answer ``q`` in this wave, with the latent traits the answer generator reads."""
    matrix_like = any(i.cells for i in q.items())
    share = (0.85 if campaign["wave"] == 1 else 0.95) if matrix_like else 0.55
    rows = sites[rng.random(len(sites)) < share].copy()
    n = len(rows)
    rows["response_id"] = [_response_id(campaign["id"], q.id, s) for s in rows["finess"]]
    rows["establishment"] = rows.pop("finess")
    rows["campaign_id"], rows["wave"] = campaign["id"], campaign["wave"]
    rows["questionnaire_id"], rows["questionnaire_version"] = q.id, q.version
    rows["maturity"] = rows["maturity"] + rng.normal(0.15 * (campaign["wave"] - 1), 0.2, n)
    rows["academic"] = rows["category"].isin(ACADEMIC)
    statuses, p = (["submitted", "draft", "reopened"], [0.55, 0.35, 0.1]) if last else (["submitted", "draft"],
                                                                                          [0.92, 0.08])
    rows["status"] = rng.choice(statuses, size=n, p=p)
    rows["version_choice"] = np.where(rng.random(n) < 0.3, "extended", "core")
    rows["co_filled"] = rng.random(n) < 0.65
    for level in q.matrix.levels:
        rule = level.optional_for
        optional = rows["category"].isin(rule.categories)
        if rule.size_below:
            optional |= rows["size"].fillna(0) < rule.size_below
        rows[f"na:{level.id}"] = optional.to_numpy() & (rng.random(n) < 0.55)
    return rows.reset_index(drop=True)


def generate_demo(questionnaires: list[Questionnaire], *, establishments: int = 70, waves: int = 2,
                  seed: int = DEMO_SEED, people: bool = True) -> DemoData:
    """The demo (or, with 5,000 establishments × 3 waves, the national benchmark dataset) as DataFrames."""
    rng = np.random.default_rng(seed)
    places = generate_places(establishments, rng)
    sites = places["sites"].copy()
    groups = places["site_groupings"].groupby("site")["grouping"].agg(lambda s: "|".join(sorted(s)))
    sites["groupings"] = sites["finess"].map(groups).fillna("")
    sites["maturity"] = rng.normal(0, 0.8, len(sites)) + 0.5 * sites["category"].isin(ACADEMIC)
    campaigns = campaigns_for(waves, questionnaires)
    responding = _responding_sites(sites)
    response_frames, answer_frames = [], []
    for campaign in campaigns:
        for q in questionnaires:
            rows = _response_rows(q, responding, campaign, campaign["wave"] == waves, rng)
            response_frames.append(rows)
            answer_frames.append(generate_answers(q, rows, rng))
    responses = pd.concat(response_frames, ignore_index=True)
    answers = pd.concat(answer_frames, ignore_index=True)
    tables = dict(places)
    if people:
        tables.update(_people_tables(questionnaires, sites, responses, answers, rng))
        answers = pd.concat([answers, tables.pop("individual_answers")], ignore_index=True)
    tables["response_sites"] = _response_sites(responses, sites)
    return DemoData(tables, conform(responses, RESPONSE_COLUMNS), conform(answers, ANSWER_COLUMNS), campaigns)


def _response_sites(responses: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    chu_sites = sites[sites["category"] == "chu"][["finess", "legal_entity"]]
    merged = responses[["response_id", "establishment", "legal_entity"]].merge(chu_sites, on="legal_entity", how="left")
    merged["site"] = merged["finess"].fillna(merged["establishment"])
    return merged[["response_id", "site"]].drop_duplicates()


def _people_tables(questionnaires: list[Questionnaire], sites: pd.DataFrame, responses: pd.DataFrame,
                   answers: pd.DataFrame, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    people, parts = participants(responses, rng)
    status_codes: dict[str, list[str]] = {}
    for q in questionnaires:
        for scale in q.scales:
            if scale.role == "status":
                for option in scale.options:
                    status_codes.setdefault(option.meaning or "", []).append(option.code)
    matrix = next((q for q in questionnaires if any(i.cells for i in q.items())), questionnaires[0])
    targets, actions = targets_and_actions(responses[responses["questionnaire_id"] == matrix.id],
                                           matrix.level_ids, matrix.degree_ids, rng)
    groups = {}
    for q in questionnaires:
        for item in q.items():
            title = next((c.id for c in item.items or [] if c.kind == "text" and "title" in c.id), None)
            if item.kind == "group" and title:
                groups[item.id] = title
    return {"people": people, "participants": parts, "consents": consents(sites, rng), "targets": targets,
            "action_items": actions, "initiatives": initiatives(answers, groups),
            "individual_answers": individual_answers(answers, parts, status_codes, rng)}
