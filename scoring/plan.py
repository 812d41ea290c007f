"""Targets and next steps: the team's chosen target per level, and suggested action-plan rows.

"Consolidate" lists practices of degrees at or below the current one that are not in place; "go
further" the practices of the next degree; each "not decided" answer is a "decision to take".
Rows have the stored action-plan fields, with owner, deadline, indicator, source and status empty.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from scoring.catalogue import catalogue_of
from scoring.messages import render
from scoring.result import ProfileResult

PLAN_COLUMNS = ("response_id", "action", "item_id", "level", "degree", "kind", "why", "owner", "deadline",
                "indicator", "source", "status", "priority")
KINDS = ("consolidate", "go_further", "decision_to_take")


def target_gaps(result: ProfileResult, targets: pd.DataFrame) -> pd.DataFrame:
    """``targets``: response_id, level, degree (the target), reason. Gap in degrees; never a judgement."""
    degrees = result.questionnaire.degree_ids
    lp = result.level_profile[["response_id", "level", "current_degree", "current_rank", "low_completeness"]]
    t = targets.rename(columns={"degree": "target_degree"}).astype({"response_id": str, "level": str})
    out = t.merge(lp.astype({"response_id": object, "level": object}), on=["response_id", "level"], how="left")
    target_rank = out["target_degree"].map({d: k for k, d in enumerate(degrees)}).astype("float64")
    out["gap"] = target_rank - out["current_rank"].astype("float64")
    out["status"] = np.select([out["gap"] > 0, out["gap"] < 0], ["to_reach", "beyond"], "reached")
    return out.reset_index(drop=True)


def next_steps(result: ProfileResult, *, lang: str = "fr", response_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Suggested action-plan rows for each response, ordered by level, kind and the team's own priority."""
    cat = catalogue_of(result.questionnaire)
    n = len(result.responses)
    its = result.item_states
    n_items = len(its) // n if n else 0
    pos = cat.item_ids.get_indexer(its["item_id"].to_numpy()[:n_items]) if n_items else np.array([], np.int64)
    status = its["status"].cat.codes.to_numpy().reshape(n, n_items)
    not_in_place = (status == 0) | (status == 1)
    r, c = np.nonzero(not_in_place)
    cand = pd.DataFrame({"r": r, "position": pos[c], "priority": its["priority"].to_numpy().reshape(n, n_items)[r, c]})
    cand = cand.merge(cat.cell_frame, on="position")
    levels = result.questionnaire.level_ids
    lp = result.level_profile
    current = lp["current_rank"].to_numpy().reshape(n, len(levels))
    skipped = lp["optional"].to_numpy().reshape(n, len(levels))
    li = pd.Index(levels).get_indexer(cand["level"])
    cur = current[cand["r"], li]
    kind = np.select([cand["degree_rank"] <= cur, cand["degree_rank"] == cur + 1], [0, 1], -1)
    cand = cand.assign(kind_code=kind, level_index=li)[(kind >= 0) & ~skipped[cand["r"], li]]
    cand = cand.sort_values(["r", "level_index", "kind_code", "position", "degree_rank"], kind="stable")
    cand = cand.drop_duplicates(["r", "position", "level"])
    rows = pd.concat([cand, _decisions(result, cat, n, n_items, pos)], ignore_index=True)
    rows["sort_priority"] = np.where(rows["priority"] > 0, rows["priority"], 10**6)
    rows = rows.sort_values(["r", "level_index", "kind_code", "sort_priority", "position"], kind="stable")
    out = _render(result, cat, rows, lang)
    if response_ids is not None:
        out = out[out["response_id"].isin(list(response_ids))]
    return out.reset_index(drop=True)


def _decisions(result: ProfileResult, cat, n: int, n_items: int, pos: np.ndarray) -> pd.DataFrame:
    """Each 'not decided' answer is a decision to take (the patient-partner-integration questionnaire)."""
    r, c = np.nonzero(result.item_states["not_decided"].to_numpy().reshape(n, n_items))
    first = cat.cell_frame.drop_duplicates("position").set_index("position")
    p = pos[c]
    return pd.DataFrame({"r": r, "position": p, "priority": 0, "kind_code": 2,
                         "level": first["level"].reindex(p).fillna("").to_numpy(),
                         "degree": first["degree"].reindex(p).fillna("").to_numpy(),
                         "item_id": cat.item_ids.to_numpy()[p] if len(p) else np.array([], dtype=object),
                         "level_index": len(result.questionnaire.level_ids)})


def _render(result: ProfileResult, cat, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Item texts (worded for the sector) and reasons are looked up per distinct value, not per row."""
    resp = result.responses
    r = rows["r"].to_numpy(dtype=np.int64)
    position = rows["position"].to_numpy(dtype=np.int64)
    s_codes, sectors = pd.factorize(resp["sector"].astype(str).to_numpy(dtype=object)[r])
    table = np.array([[cat.item_text(lang, s)[item.id] for item in cat.items] for s in sectors], dtype=object)
    kinds = np.array(KINDS, dtype=object)[rows["kind_code"].to_numpy(dtype=np.int64)]
    level, degree = rows["level"].to_numpy(dtype=object), rows["degree"].to_numpy(dtype=object)
    w_codes, keys = pd.factorize(pd.Series(kinds + "|" + level + "|" + degree, dtype=object))
    whys = np.array([render(f"why.{k.split('|')[0]}", lang, result.questionnaire, level=k.split("|")[1],
                            degree=k.split("|")[2]) for k in keys], dtype=object)
    whys, why_back = np.unique(whys.astype(str), return_inverse=True) if len(whys) else (whys, np.array([], int))
    w_codes = why_back[w_codes] if len(rows) else w_codes
    texts, text_codes = np.unique(table.astype(str), return_inverse=True) if table.size else (np.array([]), None)
    text_codes = text_codes.reshape(table.shape) if table.size else None
    return pd.DataFrame({
        "response_id": pd.Categorical.from_codes(r, categories=pd.Index(
            resp["response_id"].astype(str).to_numpy(dtype=object), dtype=object)),
        "action": pd.Categorical.from_codes(text_codes[s_codes, position], categories=pd.Index(texts, dtype=object))
        if len(rows) else np.array([], dtype=object),
        "item_id": pd.Categorical.from_codes(position, categories=cat.item_ids), "level": level, "degree": degree,
        "kind": pd.Categorical(kinds, categories=list(KINDS)),
        "why": pd.Categorical.from_codes(w_codes, categories=pd.Index(whys, dtype=object)) if len(rows)
        else np.array([], dtype=object), "owner": "", "deadline": None,
        "indicator": "", "source": "", "status": "", "priority": rows["priority"].to_numpy(dtype=np.int64)},
        columns=list(PLAN_COLUMNS))
