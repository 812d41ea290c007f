"""The questionnaire-dependent part of the demo: answers drawn item by item, vectorised over responses.

It reads any questionnaire generically (sections, items by kind, cells, scales), so that shipped
questionnaires added later get demo answers without changing this module. The spread: most cells
at information and consultation, some collaboration, little partnership; teaching and research mostly
in university hospitals and cancer centres; later waves slightly ahead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from questionnaires.model import Item, Questionnaire
from storage.frames import ANSWER_COLUMNS

DEGREE_LOGIT = np.array([1.6, 0.9, -0.5, -2.1])  # information … partnership
LEVEL_LOGIT = {"care": 0.2, "organisation": 0.3, "policy": -0.7, "teaching": -0.4, "research": -0.6}
ACADEMIC_LEVELS = {"teaching", "research"}
NA_REASON = "Pas d'activité de ce type dans l'établissement"
TITLES = ["Comité des usagers coanimé", "Enquête e-Satis analysée avec les RU", "Pair-aidance en psychiatrie",
          "Programme ETP coconstruit", "Patient formateur à l'IFSI", "Comité de patients pour la recherche",
          "Chambre des erreurs avec des patients", "Livret d'accueil relu par le CVS", "Café des usagers",
          "Patients traceurs avec des patients partenaires", "Projet des usagers", "Groupe de parole des aidants"]


def _degree_index(q: Questionnaire, item: Item) -> float:
    """Where the item's first cell sits on the degree axis, scaled to 0..3; mid-way for items without cells."""
    if not item.cells:
        return 1.5
    degrees = q.degree_ids
    return 3 * degrees.index(item.cells[0].degree) / max(len(degrees) - 1, 1)


def _codes(q: Questionnaire, item: Item, role: str) -> dict[str, list[str]]:
    try:
        scale = q.practice_scale(item, role)
    except KeyError:
        return {}
    out: dict[str, list[str]] = {}
    for option in scale.options:
        out.setdefault(option.meaning or "", []).append(option.code)
    return out


def _frame(rows: pd.DataFrame, item_id: str, **columns) -> pd.DataFrame:
    frame = pd.DataFrame({"response_id": rows["response_id"].to_numpy(), "item_id": item_id,
                          "entry": rows["entry"].to_numpy() if "entry" in rows else -1, **columns})
    return frame


def practice_answers(q: Questionnaire, item: Item, rows: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(rows)
    status, extent, priority = _codes(q, item, "status"), _codes(q, item, "extent"), _codes(q, item, "priority")
    d = _degree_index(q, item)
    level = item.cells[0].level if item.cells else ""
    logit = np.interp(d, [0, 1, 2, 3], DEGREE_LOGIT) + LEVEL_LOGIT.get(level, 0.0)
    logit = logit + 0.9 * rows["maturity"].to_numpy() + 0.35 * (rows["wave"].to_numpy() - 1)
    if level in ACADEMIC_LEVELS:
        logit = logit - 1.8 * (~rows["academic"].to_numpy())
    in_place = rng.random(n) < 1 / (1 + np.exp(-logit))
    evaluated = in_place & (rng.random(n) < 0.28)
    setting_up = ~in_place & (rng.random(n) < 0.35)
    pick = lambda meaning, fallback="": (status.get(meaning) or [fallback])[0]  # noqa: E731
    codes = np.where(evaluated, pick("evaluated", pick("in_place")), np.where(
        in_place, pick("in_place"), np.where(setting_up, pick("being_set_up"), pick("not_in_place"))))
    beyond = extent.get("beyond_pilot") or [""]
    extents = np.where(rng.random(n) < 0.22, (extent.get("pilot") or [""])[0], rng.choice(beyond, size=n))
    ranked = [c for codes_ in priority.values() for c in codes_] or [""]
    flag = np.where(rng.random(n) < 0.02, "dont_know", "")
    na = rows[f"na:{level}"].to_numpy() if f"na:{level}" in rows else np.zeros(n, bool)
    flag = np.where(na, "not_applicable", flag)
    answered = flag == ""
    return _frame(rows, item.id, flag=flag, status=np.where(answered, codes, ""),
                  extent=np.where(answered & in_place, extents, ""),
                  priority=np.where(answered & ~in_place, rng.choice(ranked, size=n), ""),
                  na_reason=np.where(na, NA_REASON, ""))


def choice_answers(q: Questionnaire, item: Item, rows: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(rows)
    options = q.scale(item.scale).options if item.scale else []
    if not options:
        return _frame(rows, item.id)
    codes = [o.code for o in options]
    if item.kind == "multiple_choice":
        chosen = rng.random((n, len(codes))) < 0.35
        chosen[np.arange(n), rng.integers(len(codes), size=n)] = True
        return _frame(rows, item.id, choices=["|".join(c for c, on in zip(codes, row) if on) for row in chosen])
    truth = rows["degree"].to_numpy() if "degree" in rows else np.clip(rows["maturity"].to_numpy() + 1, 0, 3)
    if all(o.degree for o in options):  # a declared degree: over-declared now and then
        declared = np.clip(np.round(truth) + (rng.random(n) < 0.3), 0, len(codes) - 1).astype(int)
        return _frame(rows, item.id, value=np.array(codes)[declared])
    if all(o.level for o in options):
        weights = np.array([{"care": 2, "organisation": 6, "policy": 0.6, "teaching": 0.8, "research": 0.8}
                            .get(o.level, 1) for o in options], float)
        return _frame(rows, item.id, value=rng.choice(codes, size=n, p=weights / weights.sum()))
    meanings = {o.meaning for o in options}
    if "yes" in meanings and "no" in meanings:  # a power descriptor: "yes" more often at higher degrees
        by = {o.meaning: o.code for o in options}
        u, p_yes = rng.random(n), np.interp(truth, [0, 1, 2, 3], [0.1, 0.3, 0.65, 0.9])
        partly = by.get("partly", by["no"])
        return _frame(rows, item.id, value=np.where(u < p_yes, by["yes"], np.where(u < p_yes + 0.15, partly,
                                                                                    by["no"])))
    return _frame(rows, item.id, value=rng.choice(codes, size=n))


def scalar_answers(item: Item, rows: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(rows)
    if item.kind == "number":
        low = item.min if item.min is not None else 0.0
        high = item.max if item.max is not None else low + 20
        values = low + (high - low) * 0.3 * rng.random(n)
        return _frame(rows, item.id, number=np.round(values) if item.integer else np.round(values, 1))
    if "title" in item.id:
        return _frame(rows, item.id, value=rng.choice(TITLES, size=n))
    keep = rng.random(n) < (1.0 if item.required else 0.3)
    return _frame(rows, item.id, value=np.where(keep, "Mis en place avec les représentants des usagers.", ""))


def item_answers(q: Questionnaire, item: Item, rows: pd.DataFrame, rng: np.random.Generator) -> list[pd.DataFrame]:
    if item.kind == "practice":
        return [practice_answers(q, item, rows, rng)]
    if item.kind in ("single_choice", "multiple_choice"):
        return [choice_answers(q, item, rows, rng)]
    if item.kind in ("number", "text"):
        return [scalar_answers(item, rows, rng)]
    return group_answers(q, item, rows, rng)


def group_answers(q: Questionnaire, item: Item, rows: pd.DataFrame, rng: np.random.Generator) -> list[pd.DataFrame]:
    """Entries of a repeatable group (initiatives): each entry has a true degree behind its descriptors."""
    counts = np.clip(rng.poisson(1.5 + 1.5 * np.clip(rows["maturity"].to_numpy() + 1, 0, None)),
                     max(item.min_entries, 1), item.max_entries or 8)
    entries = rows.loc[rows.index.repeat(counts)].copy()
    entries["entry"] = np.concatenate([np.arange(c) for c in counts]) if len(counts) else []
    p = np.array([0.3, 0.37, 0.23, 0.1])
    entries["degree"] = np.clip(rng.choice(4, size=len(entries), p=p) + (entries["maturity"].to_numpy() > 1), 0, 3)
    out = []
    for child in item.items or []:
        out += item_answers(q, child, entries, rng)
    return out


def generate_answers(q: Questionnaire, rows: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Consensus answers of ``rows`` (response_id, wave, maturity, academic, version_choice, na:<level> flags)."""
    has_core = any(i.core for i in q.items())
    frames = []
    for item in q.items():
        subset = rows if not has_core or item.core else rows[rows["version_choice"] == "extended"]
        if len(subset):
            frames += item_answers(q, item, subset.reset_index(drop=True), rng)
    if not frames:
        return pd.DataFrame(columns=list(ANSWER_COLUMNS))
    answers = pd.concat(frames, ignore_index=True)
    answers["respondent"], answers["respondent_role"] = "", ""
    return answers
