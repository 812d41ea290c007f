"""Arrays into the result's DataFrames. Ids, levels, degrees and states are categoricals (cheap at 5,000 × 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.catalogue import STATUS_MEANINGS, Catalogue
from scoring.cells import CELL_COUNTS, Counts, ItemFlags
from scoring.dense import Dense
from scoring.states import HELD, STATES
from scoring.strings import categorical, text_column

LEVEL_COUNT_NAMES = ("n_items", "n_applicable", "n_not_applicable", "n_answered", "n_to_be_agreed",
                     "n_unanswered", "n_in_place")
DEFAULT_BANDS = (0, 1, 3, 5, 10, 20, 50, 100, 200, 500, 1000)


def _cat(values: np.ndarray | list, codes: np.ndarray) -> pd.Categorical:
    return categorical(codes, pd.Index(list(values), dtype=object))


def response_index(scored: pd.DataFrame) -> pd.Index:
    """The scored responses' ids as text: the categories of every result frame's ``response_id``."""
    return pd.Index(scored["response_id"].astype(str).to_numpy(dtype=object), dtype=object)


def _ids(ids: pd.Index, codes: np.ndarray) -> pd.Categorical:
    return categorical(codes, ids)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.maximum(den, 1), np.nan)


def cell_frame(cat: Catalogue, ids: pd.Index, counts, declared, state, needs, n_init, n_evid, low) -> pd.DataFrame:
    n, n_cells = state.shape
    n_deg = len(cat.degrees)
    cell = np.tile(np.arange(n_cells), n)
    cols = {
        "response_id": _ids(ids, np.repeat(np.arange(n), n_cells)),
        "level": _cat(cat.levels, cell // n_deg), "degree": _cat(cat.degrees, cell % n_deg),
        "state": _cat(STATES, state.ravel()), "declared_state": _cat(STATES, declared.ravel()),
    }
    for name in CELL_COUNTS:
        cols[name] = counts[name].ravel()
    completeness = _ratio(counts["n_answered"] + counts["n_to_be_agreed"], counts["n_applicable"]).ravel()
    needs = np.broadcast_to(needs, state.shape)
    held = _in(declared, HELD)
    cols.update({
        "completeness": completeness, "low_completeness": completeness * 100 < low,
        "optional": counts["excluded"].ravel(),
        "evidence_status": _cat(("not_required", "evidenced", "not_evidenced"),
                                np.select([~needs | ~held, n_evid > 0], [0, 1], 2).ravel()),
        "n_initiatives": n_init.ravel(), "n_evidencing_initiatives": n_evid.ravel(),
    })
    return pd.DataFrame(cols)


def current_rank(cat: Catalogue, state: np.ndarray) -> np.ndarray:
    """responses × levels: the highest degree held (present or established, evidenced where needed), -1 none."""
    n_deg = len(cat.degrees)
    held = _in(state, HELD).reshape(state.shape[0], len(cat.levels), n_deg)
    rank = np.full(held.shape[:2], -1, dtype=np.int64)
    for k in range(n_deg):  # a few degrees: one pass each, instead of a reduction over a tiny axis
        rank[held[:, :, k]] = k
    return rank


def foundation_gap(cat: Catalogue, state: np.ndarray) -> np.ndarray:
    """A higher degree claimed (present, established or declared) while the first degree is absent."""
    claims = _in(state, (*HELD, "declared_not_evidenced")).reshape(state.shape[0], len(cat.levels), len(cat.degrees))
    claimed = np.zeros(claims.shape[:2], dtype=bool)
    for k in range(1, claims.shape[2]):
        claimed |= claims[:, :, k]
    first = state.reshape(claims.shape)[:, :, 0]
    return (first == STATES.index("absent")) & claimed


def _in(state: np.ndarray, names) -> np.ndarray:
    """Whether each state code is one of ``names``: one lookup in a table of the few states."""
    table = np.zeros(len(STATES), dtype=bool)
    table[[STATES.index(s) for s in names]] = True
    return table[state.astype(np.intp)]


def level_frame(cat: Catalogue, ids: pd.Index, counts, excluded, state, low) -> pd.DataFrame:
    n, n_lv = excluded.shape
    rank = current_rank(cat, state)
    cols = {
        "response_id": _ids(ids, np.repeat(np.arange(n), n_lv)),
        "level": _cat(cat.levels, np.tile(np.arange(n_lv), n)),
        "current_degree": categorical(rank.ravel(), pd.Index(cat.degrees, dtype=object)),
        "current_rank": rank.ravel(), "optional": excluded.ravel(),
    }
    for name in LEVEL_COUNT_NAMES:
        cols[name] = np.where(excluded, 0, counts[name]).ravel()
    cols.update(_rates(cols, low))
    cols["foundation_gap"] = foundation_gap(cat, state).ravel()
    return pd.DataFrame(cols)


def _rates(c: dict, low: float) -> dict:
    completeness = _ratio(c["n_answered"] + c["n_to_be_agreed"], c["n_applicable"])
    return {"coverage": _ratio(c["n_in_place"], c["n_answered"]), "completeness": completeness,
            "na_rate": _ratio(c["n_not_applicable"], c["n_applicable"] + c["n_not_applicable"]),
            "low_completeness": completeness * 100 < low}


def overall_frame(ids: pd.Index, counts: Counts, low) -> pd.DataFrame:
    """Per response, items of every level not excluded (and items outside the matrix), each counted once.

    Coverage counts practices; completeness counts every required item (practices, choices, numbers).
    """
    order = [name for name in LEVEL_COUNT_NAMES if name != "n_unanswered"] + ["n_unanswered"]
    c = {name: counts.practices[name] for name in order}
    r = counts.required
    cols = {"response_id": text_column(ids, np.arange(len(ids))), **c, **_rates(c, low)}
    cols["completeness"] = _ratio(r["n_answered"] + r["n_to_be_agreed"], r["n_applicable"])
    cols["low_completeness"] = cols["completeness"] * 100 < low
    cols["n_to_be_agreed_items"] = counts.every_item["n_to_be_agreed"].astype(np.int64)
    return pd.DataFrame(cols)


def item_frame(cat: Catalogue, ids: pd.Index, d: Dense, f: ItemFlags) -> pd.DataFrame:
    n, n_it = d.shape
    cols = np.tile(np.arange(n_it, dtype=np.int32), n)
    not_decided = np.zeros(d.shape, bool)
    choice = np.flatnonzero((cat.kinds[d.items] == "single_choice") & cat.not_decided[d.items].any(axis=1))
    if choice.size:  # only items with a 'not decided' option can hold one
        not_decided[:, choice] = f.answered[:, choice] & cat.not_decided[d.items[choice][None, :],
                                                                         np.maximum(d.value[:, choice], 0)]
    return pd.DataFrame({
        "response_id": _ids(ids, np.repeat(np.arange(n, dtype=np.int32), n_it)),
        "item_id": _cat(cat.item_ids[d.items], cols),
        "visible": f.visible.ravel(), "core_skipped": f.core_skipped.ravel(),
        "not_applicable": f.not_applicable.ravel(), "applicable": f.applicable.ravel(),
        "answered": f.answered.ravel(), "to_be_agreed": f.to_be_agreed.ravel(), "dont_know": f.dont_know.ravel(),
        "status": categorical(f.status.ravel(), pd.Index(STATUS_MEANINGS, dtype=object)),
        "in_place": f.in_place.ravel(), "beyond_pilot": f.beyond_pilot.ravel(), "evaluated": f.evaluated.ravel(),
        "priority": f.priority.ravel(), "not_decided": not_decided.ravel(),
    })


def divergence_frame(cat: Catalogue, ids: pd.Index, div: dict[str, np.ndarray]) -> pd.DataFrame:
    from scoring.consensus import COMPARED

    return pd.DataFrame({"response_id": text_column(ids, np.asarray(div["unit"], dtype=np.int64)),
                         "item_id": text_column(cat.item_ids, np.asarray(div["i"], dtype=np.int64)),
                         "field": text_column(COMPARED, np.asarray(div["field"], dtype=np.int64)),
                         "size": np.asarray(div["size"]), "n_respondents": np.asarray(div["n_respondents"]),
                         "has_consensus": np.asarray(div["has_consensus"], dtype=bool)})


def role_gap_frame(cat: Catalogue, ids: pd.Index, gap: dict[str, np.ndarray]) -> pd.DataFrame:
    """Status ranges of professionals and users (0 not in place … 3 evaluated) and the gap between them."""
    from scoring.consensus import DIRECTIONS

    return pd.DataFrame({"response_id": text_column(ids, np.asarray(gap["unit"], dtype=np.int64)),
                         "item_id": text_column(cat.item_ids, np.asarray(gap["i"], dtype=np.int64)),
                         **{c: np.asarray(gap[c]) for c in ("pro_min", "pro_max", "user_min", "user_max", "gap")},
                         "direction": text_column(DIRECTIONS, np.asarray(gap["direction"], dtype=np.int64))})


def initiative_frame(cat: Catalogue, initiatives: pd.DataFrame | None) -> pd.DataFrame:
    from scoring.evidence import _empty

    frame = initiatives if initiatives is not None else _empty()
    return frame.drop(columns=["level_index", "derived_rank"]).reset_index(drop=True)


def figure_frame(cat: Catalogue, scored, ids: pd.Index, d: Dense, f: ItemFlags) -> pd.DataFrame:
    """Raw counts (patient partners, hours) in bands, and per 100 beds or places when the size is known."""
    cols = np.flatnonzero(cat.kinds[d.items] == "number")
    size = pd.to_numeric(scored["size"], errors="coerce").to_numpy(dtype=np.float64)
    parts, labels = [], []
    for col in cols:
        item = cat.items[d.items[col]]
        rows = np.flatnonzero(f.answered[:, col])
        if not rows.size:
            continue
        edges = np.asarray(item.bands or DEFAULT_BANDS, dtype=np.float64)
        x = d.number[rows, col]
        bounds = np.r_[-np.inf, edges, np.inf]
        k = np.searchsorted(edges, x, side="right")  # band k lies between bounds[k] and bounds[k + 1]
        with np.errstate(invalid="ignore", divide="ignore"):
            per = np.where(size[rows] > 0, 100.0 * x / size[rows], np.nan)
        parts.append((rows, np.full(rows.size, d.items[col]), bounds[k], bounds[k + 1], k + len(labels), per))
        labels += [_band_label(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    if not parts:
        return pd.DataFrame(columns=["response_id", "item_id", "band_low", "band_high", "band", "per_100_size"])
    rows, items, low, high, band, per = (np.concatenate(x) for x in zip(*parts))
    return pd.DataFrame({"response_id": text_column(ids, rows), "item_id": text_column(cat.item_ids, items),
                         "band_low": low, "band_high": high, "band": text_column(labels, band),
                         "per_100_size": per})


def _band_label(low: float, high: float) -> str:
    if np.isinf(high):
        return f"≥ {low:g}"
    if np.isinf(low):
        return f"< {high:g}"
    return f"{low:g}–{high:g}"
