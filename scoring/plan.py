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
from scoring.strings import categorical, constant_column, text_column

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
    """Suggested action-plan rows for each response, ordered by level, kind and the team's own priority.

    Worked out on (response × item-cell) arrays: one sort of an integer key gives the order, so that
    national scale costs a few array passes, not a table of candidates merged and sorted column by column.
    """
    cat = catalogue_of(result.questionnaire)
    n, levels = len(result.responses), result.questionnaire.level_ids
    its = result.item_states
    n_items = len(its) // n if n else 0
    pos = cat.item_ids.get_indexer(result.item_columns()) if n_items else np.array([], np.int64)
    keep = np.ones(n, bool) if response_ids is None else \
        result.responses["response_id"].astype(str).isin(list(response_ids)).to_numpy()
    status = its["status"].cat.codes.to_numpy().reshape(n, n_items)[keep]
    priority = its["priority"].to_numpy().reshape(n, n_items)[keep].astype(np.int64)
    r_of = np.flatnonzero(keep)
    lp = result.level_profile
    current = lp["current_rank"].to_numpy().reshape(n, len(levels))[keep]
    skipped = lp["optional"].to_numpy().reshape(n, len(levels))[keep]
    pairs = _pairs(cat, pos, levels)
    col, li, rank = pairs["col"], pairs["level_index"], pairs["degree_rank"]
    not_in_place = (status == 0) | (status == 1)  # answered 'not in place' or 'being set up'
    rr, j = np.nonzero(not_in_place[:, col] & ~skipped[:, li])  # the candidates, then their kind
    cur = current[rr, li[j]]
    kinds = np.where(rank[j] <= cur, 0, np.where(rank[j] == cur + 1, 1, -1))
    ok = np.flatnonzero(kinds >= 0)
    rr, j, kinds = rr[ok], j[ok], kinds[ok]
    prio = priority[rr, col[j]]
    if pairs["shared_level"].any():  # an item with several cells in one level is suggested once there
        first = _first_per(rr, pos[col[j]], li[j], kinds, rank[j])
        rr, j, kinds, prio = rr[first], j[first], kinds[first], prio[first]
    dr, dc = np.nonzero(its["not_decided"].to_numpy().reshape(n, n_items)[keep])
    rows = {"r": np.r_[rr, dr], "position": np.r_[pos[col[j]], pos[dc]], "level_index": np.r_[li[j],
            np.full(len(dr), len(levels))], "kind": np.r_[kinds, np.full(len(dr), 2)],
            "priority": np.r_[prio, np.zeros(len(dr), np.int64)],
            "level": np.r_[li[j], pairs["first_level"][dc]], "degree": np.r_[rank[j], pairs["first_degree"][dc]]}
    order = _order(rows, len(cat.items), len(levels))
    rows = {k: v[order] for k, v in rows.items()}
    rows["r"] = r_of[rows["r"]]
    return _render(result, cat, rows, lang)


def _pairs(cat, pos: np.ndarray, levels: list[str]) -> dict[str, np.ndarray]:
    """Every (item column, level, degree) an item evidences, and each item's first cell (for decisions)."""
    cf = cat.cell_frame
    col_of = np.full(len(cat.items), -1, np.int64)
    col_of[pos] = np.arange(len(pos))
    col = col_of[cf["position"].to_numpy(dtype=np.int64)]
    cf = cf[col >= 0]
    col = col[col >= 0]
    li = pd.Index(levels).get_indexer(cf["level"]).astype(np.int64)
    rank = cf["degree_rank"].to_numpy(dtype=np.int64)
    first_level, first_degree = np.full(len(pos), -1, np.int64), np.full(len(pos), -1, np.int64)
    once = ~pd.Series(col).duplicated().to_numpy()
    first_level[col[once]], first_degree[col[once]] = li[once], rank[once]
    shared = pd.Series(col * len(levels) + li).duplicated(keep=False).to_numpy()
    return {"col": col, "level_index": li, "degree_rank": rank, "shared_level": shared,
            "first_level": first_level, "first_degree": first_degree}


def _first_per(r, position, level, kind, rank) -> np.ndarray:
    """Keep one suggestion per (response, item, level): the lowest kind, then the lowest degree."""
    order = np.lexsort((rank, kind, level, position, r))
    key = np.stack([r, position, level])[:, order]
    first = np.r_[True, (key[:, 1:] != key[:, :-1]).any(axis=0)]
    return np.sort(order[first])


def _order(rows: dict[str, np.ndarray], n_positions: int, n_levels: int) -> np.ndarray:
    """By response, level, kind, the team's priority (unrated last), then questionnaire order."""
    prio = rows["priority"]
    width = int(prio.max(initial=0)) + 2
    sort_priority = np.where(prio > 0, prio, width - 1)
    key = (((rows["r"] * (n_levels + 1) + rows["level_index"]) * 3 + rows["kind"]) * width + sort_priority) \
        * n_positions + rows["position"]
    return np.argsort(key, kind="stable")


def _render(result: ProfileResult, cat, rows: dict[str, np.ndarray], lang: str) -> pd.DataFrame:
    """Item texts (worded for the sector) and reasons are looked up per distinct value, not per row."""
    resp, q = result.responses, result.questionnaire
    r, position, n = rows["r"], rows["position"], len(rows["r"])
    sector_of, sectors = pd.factorize(resp["sector"].astype(str).to_numpy(dtype=object))
    used = np.flatnonzero(np.bincount(sector_of[r], minlength=len(sectors)))  # sectors with at least one row
    s_codes = np.searchsorted(used, sector_of[r])
    table = np.array([[cat.item_text(lang, sectors[s])[item.id] for item in cat.items] for s in used], dtype=object)
    levels, degrees = np.array(q.level_ids + [""], dtype=object), np.array(q.degree_ids + [""], dtype=object)
    level, degree, kind = rows["level"], rows["degree"], rows["kind"]
    triple = (kind * (len(levels) + 1) + level + 1) * (len(degrees) + 1) + degree + 1
    keys = np.flatnonzero(np.bincount(triple, minlength=1))  # the distinct (kind, level, degree) present
    w_codes = np.searchsorted(keys, triple)
    whys = np.array([render(f"why.{KINDS[k // ((len(levels) + 1) * (len(degrees) + 1))]}", lang, q,
                            level=levels[k // (len(degrees) + 1) % (len(levels) + 1) - 1],
                            degree=degrees[k % (len(degrees) + 1) - 1]) for k in keys], dtype=object)
    whys, why_back = np.unique(whys.astype(str), return_inverse=True) if n else (whys, np.array([], int))
    texts, text_codes = np.unique(table.astype(str), return_inverse=True) if table.size else (np.array([]), None)
    empty = constant_column("", n)
    return pd.DataFrame({
        "response_id": categorical(r, result.response_index),
        "action": categorical(text_codes.reshape(table.shape)[s_codes, position] if n else np.array([], np.int64),
                              pd.Index(texts, dtype=object)),
        "item_id": categorical(position, cat.item_ids),
        "level": text_column(levels, level), "degree": text_column(degrees, degree),
        "kind": categorical(kind, list(KINDS)),
        "why": categorical(why_back[w_codes] if n else np.array([], np.int64), pd.Index(whys, dtype=object)),
        "owner": empty, "deadline": np.full(n, None, dtype=object), "indicator": empty, "source": empty,
        "status": empty, "priority": rows["priority"].astype(np.int64)}, columns=list(PLAN_COLUMNS))
