"""The export workbook's tables, from the frames and the scoring result: no database, no files.

Column names are the stable codes of docs/ARCHITECTURE.md (analysts script against them); sheet names
and the README follow the language. Coverage follows one establishment over waves and is never a
ranking: the README says so, and peer figures come only from the k-rule functions of scoring and storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from continuum.problems import Problem, ProblemError
from exchange.codebook import codebook_frame
from exchange.tables import Table
from questionnaires.model import Questionnaire

NAMES = {
    "long": ("Réponses (long)", "Answers (long)"), "wide": ("Large", "Wide"),
    "states": ("États des cellules", "Cell states"), "counts": ("Comptes des états", "State counts"),
    "coverage": ("Couverture", "Coverage"), "completeness": ("Complétude", "Completeness"),
    "peers": ("Pairs", "Peers"), "initiatives": ("Démarches", "Initiatives"),
    "plan": ("Plan d'action (PAQSS)", "Action plan (PAQSS)"), "codebook": ("Codebook", "Codebook"),
    "problems": ("Problèmes", "Problems"),
}
DESCRIPTIONS = {
    "long": ("Une ligne par réponse à un item (et par entrée d'inventaire, par répondant).",
             "One row per answer to an item (and per inventory entry, per respondent)."),
    "wide": ("Une ligne par réponse (établissement × questionnaire), une colonne par item (réponse partagée).",
             "One row per response (establishment × questionnaire), one column per item (shared answer)."),
    "states": ("État de chaque cellule (niveau × degré) et les comptes de pratiques derrière lui.",
               "Each cell's state (level × degree) and the practice counts behind it."),
    "counts": ("Nombre de réponses dans chaque état, par cellule.", "Number of responses in each state, per cell."),
    "coverage": ("Couverture par niveau : pratiques en place / répondues. Sert à suivre un établissement "
                 "d'une vague à l'autre, jamais à comparer des établissements.",
                 "Coverage per level: practices in place / answered. It follows one establishment across "
                 "waves and never compares establishments."),
    "completeness": ("Complétude et taux de « non applicable » par réponse.",
                     "Completeness and 'not applicable' rates per response."),
    "peers": ("Part des pairs où chaque cellule est présente ou établie : au moins 5 pairs, par tranches de 20 "
              "points de 5 à 9. La participation est volontaire.",
              "Share of peers where each cell is present or established: at least 5 peers, 20-point bands "
              "from 5 to 9. Participation is voluntary."),
    "initiatives": ("Démarches de l'inventaire : degré déclaré et degré déduit des pratiques de pouvoir.",
                    "Inventory initiatives: declared degree and degree derived from power practices."),
    "plan": ("Plan d'action au format PAQSS : action, pilote, échéance, indicateur, source, statut.",
             "Action plan in the PAQSS layout: action, owner, deadline, indicator, source, status."),
    "codebook": ("Chaque item : cellules, échelle, codes, libellés fr/en, obligations.",
                 "Every item: cells, scale, codes, fr/en labels, obligation mappings."),
    "problems": ("Réponses que le calcul n'a pas pu prendre en compte.", "Answers scoring could not use."),
}
RESPONSE_KEYS = ["response_id", "establishment", "name", "region", "wave", "questionnaire_id", "status"]
PAQSS = {"action": ("Action", "Action"), "owner": ("Pilote", "Owner"), "deadline": ("Échéance", "Deadline"),
         "indicator": ("Indicateur", "Indicator"), "source": ("Source", "Source"), "status": ("Statut", "Status")}


def name(key: str, lang: str) -> str:
    return NAMES[key][lang == "en"]


def describe(key: str, lang: str) -> str:
    return DESCRIPTIONS[key][lang == "en"]


@dataclass
class ExportData:
    """What an export shows: frames already limited to the caller's scope, and what goes with them."""

    campaign_id: str
    responses: pd.DataFrame
    answers: pd.DataFrame
    questionnaires: dict[str, Questionnaire]
    site_names: dict[str, str] = field(default_factory=dict)
    actions: pd.DataFrame | None = None
    peers: pd.DataFrame | None = None  # aggregated peer figures (k rules already applied)
    lang: str = "fr"
    title: str = ""


@dataclass
class Scored:
    cells: pd.DataFrame
    levels: pd.DataFrame
    overall: pd.DataFrame
    initiatives: pd.DataFrame
    results: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def score_all(data: ExportData) -> Scored:
    """Score each questionnaire that has matrix cells; a questionnaire whose answers cannot be scored is reported."""
    from scoring import score

    parts: dict[str, list[pd.DataFrame]] = {"cells": [], "levels": [], "overall": [], "initiatives": []}
    results, problems = {}, []
    for qid, q in data.questionnaires.items():
        if not any(i.cells for i in q.items(include_group_children=True)):
            continue
        if not (data.responses["questionnaire_id"] == qid).any():
            continue
        inventory = data.questionnaires.get(q.scoring.evidence.inventory or "")
        try:
            result = score(q, data.responses, data.answers, inventory=inventory)
        except ProblemError as error:
            problems += error.problems
            continue
        results[qid] = result
        for key, frame in (("cells", result.cell_states), ("levels", result.level_profile),
                           ("overall", result.overall), ("initiatives", result.initiatives)):
            parts[key].append(frame.assign(questionnaire_id=qid) if key != "initiatives" else frame)
    frames = {k: pd.concat(v, ignore_index=True) if v else pd.DataFrame() for k, v in parts.items()}
    return Scored(frames["cells"], frames["levels"], frames["overall"], frames["initiatives"], results, problems)


def response_keys(data: ExportData) -> pd.DataFrame:
    r = data.responses
    names = data.site_names
    return r.assign(name=[names.get(s, "") for s in r["establishment"]])[RESPONSE_KEYS]


def _with_keys(frame: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    frame = frame.copy()
    frame["response_id"] = frame["response_id"].astype(str)
    drop = [c for c in keys.columns if c in frame.columns and c != "response_id"]
    return keys.merge(frame.drop(columns=drop), on="response_id", how="inner")


def long_answers(data: ExportData, keys: pd.DataFrame) -> pd.DataFrame:
    meta = keys.drop(columns=["status"]).rename(columns={"questionnaire_id": "questionnaire"})
    return meta.merge(data.answers, on="response_id", how="inner")


def wide_answers(answers: pd.DataFrame, keys: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """One row per response; per item its main value (or its flag), and extent and priority for practices."""
    top = answers[(answers["entry"] == -1) & (answers["respondent"] == "")]
    kinds = {i.id: i.kind for i in questionnaire.items()}
    top = top[top["item_id"].isin(list(kinds))]
    kind = top["item_id"].map(kinds)
    main = np.select([top["flag"] != "", kind == "practice", kind == "multiple_choice", kind == "number"],
                     [top["flag"], top["status"], top["choices"], top["number"]], top["value"])
    values = pd.DataFrame({"response_id": top["response_id"], "column": top["item_id"], "v": main})
    practice = top[kind == "practice"]
    extra = [pd.DataFrame({"response_id": practice["response_id"], "column": practice["item_id"] + f".{f}",
                           "v": practice[f]}) for f in ("extent", "priority")]
    long = pd.concat([values, *extra], ignore_index=True)
    long = long[long["v"].astype(str) != ""]
    wide = (long.pivot(index="response_id", columns="column", values="v") if len(long)  # an inventory alone:
            else pd.DataFrame(index=pd.Index([], name="response_id")))  # no top-level answer, one row per response
    order = [c for i in questionnaire.items() if i.kind != "group"
             for c in ([i.id, f"{i.id}.extent", f"{i.id}.priority"] if i.kind == "practice" else [i.id])]
    wide = wide.reindex(columns=order)
    for item in questionnaire.items():
        if item.kind == "number" and item.id in wide.columns:
            wide[item.id] = pd.to_numeric(wide[item.id], errors="coerce")
    mine = keys[keys["questionnaire_id"] == questionnaire.id]
    return mine.merge(wide.reset_index(), on="response_id", how="left")


def state_counts(cells: pd.DataFrame) -> pd.DataFrame:
    if cells.empty:
        return pd.DataFrame(columns=["questionnaire_id", "level", "degree"])
    counts = (cells.groupby(["questionnaire_id", "level", "degree", "state"], observed=True).size()
              .rename("n").reset_index())
    return counts.pivot_table(index=["questionnaire_id", "level", "degree"], columns="state", values="n",
                              fill_value=0, observed=True).reset_index().rename_axis(columns=None)


def action_plan(data: ExportData, keys: pd.DataFrame) -> pd.DataFrame:
    """The team's saved actions in the PAQSS order, then where they come from."""
    columns = ["establishment", "name", *PAQSS, "level", "degree", "kind", "item_id", "why"]
    if data.actions is None or data.actions.empty:
        frame = pd.DataFrame(columns=columns)
    else:
        frame = keys[["response_id", "establishment", "name"]].merge(data.actions, on="response_id")[columns]
        frame["deadline"] = pd.to_datetime(frame["deadline"], errors="coerce")
    return frame.rename(columns={k: v[data.lang == "en"] for k, v in PAQSS.items()})


def export_tables(data: ExportData, scored: Scored | None = None) -> list[Table]:
    """Every table of the workbook, in sheet order (the profile and chart sheets are drawn separately)."""
    lang = data.lang
    scored = scored if scored is not None else score_all(data)
    keys = response_keys(data)
    tables = [Table(name("long", lang), long_answers(data, keys), describe("long", lang), split_by="region")]
    for qid, q in data.questionnaires.items():
        if (keys["questionnaire_id"] == qid).any():
            tables.append(Table(f"{name('wide', lang)} {qid}", wide_answers(data.answers, keys, q),
                                describe("wide", lang), split_by="region"))
    pct = {"coverage": "0%", "completeness": "0%", "na_rate": "0%"}
    tables += [
        Table(name("states", lang), _with_keys(scored.cells, keys), describe("states", lang), "region", pct),
        Table(name("counts", lang), state_counts(scored.cells), describe("counts", lang)),
        Table(name("coverage", lang), _with_keys(_coverage(scored), keys), describe("coverage", lang), "region", pct),
        Table(name("completeness", lang), _with_keys(scored.overall, keys), describe("completeness", lang),
              "region", pct),
        Table(name("peers", lang), data.peers if data.peers is not None else pd.DataFrame(), describe("peers", lang)),
        Table(name("initiatives", lang), _initiatives(scored.initiatives, data), describe("initiatives", lang)),
        Table(name("plan", lang), action_plan(data, keys), describe("plan", lang)),
        Table(name("codebook", lang), codebook_frame(list(data.questionnaires.values())), describe("codebook", lang)),
    ]
    if scored.problems:
        tables.append(Table(name("problems", lang), pd.DataFrame([p.as_row() for p in scored.problems]),
                            describe("problems", lang)))
    return tables


def _coverage(scored: Scored) -> pd.DataFrame:
    if scored.levels.empty:
        return scored.levels
    columns = ["response_id", "questionnaire_id", "level", "current_degree", "n_applicable", "n_answered",
               "n_in_place", "coverage", "optional", "optional_skipped", "foundation_gap"]
    return scored.levels[[c for c in columns if c in scored.levels.columns]]


def _initiatives(frame: pd.DataFrame, data: ExportData) -> pd.DataFrame:
    if frame.empty:
        return frame
    out = frame.copy()
    out.insert(2, "name", [data.site_names.get(s, "") for s in out["establishment"].astype(str)])
    titles = {c.id for q in data.questionnaires.values() for i in q.items() if i.kind == "group"
              for c in i.items or [] if c.kind == "text" and "title" in c.id}
    a = data.answers
    named = a[a["item_id"].isin(titles) & (a["respondent"] == "")][["response_id", "entry", "value"]]
    named = named.rename(columns={"response_id": "inventory_response_id", "value": "title"})
    out["inventory_response_id"] = out["inventory_response_id"].astype(str)
    out["entry"] = pd.to_numeric(out["entry"], errors="coerce").astype("Int64")
    named = named.assign(entry=named["entry"].astype("Int64"))
    merged = out.merge(named, on=["inventory_response_id", "entry"], how="left")
    merged.insert(4, "title", merged.pop("title").fillna(""))
    return merged
