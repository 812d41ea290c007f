"""Waves: what changed for the same establishment since its previous wave (cell states, coverage, items)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.catalogue import STATUS_MEANINGS
from scoring.result import ProfileResult
from scoring.states import SCORED, STATES
from scoring.strings import categorical, text_column


@dataclass
class WaveChanges:
    cells: pd.DataFrame  # one row per cell and pair of consecutive waves
    coverage: pd.DataFrame  # per level and overall ('' level): previous and current coverage
    items: pd.DataFrame  # items whose status changed


def _pairs(result: ProfileResult) -> tuple[np.ndarray, np.ndarray]:
    """(current, previous) response positions: each response with the same establishment's previous wave."""
    codes, uniques = result.establishment_codes
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[np.argsort(np.asarray(uniques, dtype=str), kind="stable")] = np.arange(len(uniques))  # by FINESS
    wave = pd.to_numeric(result.responses["wave"]).to_numpy()
    order = np.lexsort((wave, rank[codes]))  # by establishment, then wave (stable)
    same = codes[order][1:] == codes[order][:-1]
    return order[1:][same], order[:-1][same]


def _head(result: ProfileResult, cur: np.ndarray, prev: np.ndarray, repeat: int) -> dict:
    """Ids as categoricals built from positions (no per-row string conversion at national scale)."""
    resp = result.responses
    ids = result.response_index
    est_codes, est = result.establishment_codes
    waves = resp["wave"].to_numpy()
    return {"establishment": categorical(np.repeat(est_codes[cur], repeat), est),
            "response_id": categorical(np.repeat(cur, repeat), ids),
            "previous_response_id": categorical(np.repeat(prev, repeat), ids),
            "wave": np.repeat(waves[cur], repeat), "previous_wave": np.repeat(waves[prev], repeat)}


CHANGES = ("less_established", "more_established", "not_comparable", "same")  # sorted, as pd.Categorical sorts


def _present(categories: tuple[str, ...], codes: np.ndarray) -> pd.Categorical:
    """A categorical of the categories that occur (what ``pd.Categorical(values)`` gives), built from codes."""
    seen = np.flatnonzero(np.bincount(codes, minlength=len(categories)))
    remap = np.full(len(categories), -1, dtype=np.int64)
    remap[seen] = np.arange(len(seen))
    return categorical(remap[codes], pd.Index([categories[k] for k in seen]))


def _states(codes: np.ndarray) -> pd.Categorical:
    return categorical(codes, pd.Index(STATES, dtype=object))


def wave_changes(result: ProfileResult) -> WaveChanges:
    cur, prev = _pairs(result)
    n = len(result.responses)
    q = result.questionnaire
    cells = q.cells()
    state = result.cell_states["state"].cat.codes.to_numpy().reshape(n, len(cells))
    rank = np.full(len(STATES), -1)
    rank[: len(SCORED)] = np.arange(len(SCORED))
    before, after = rank[state[prev]], rank[state[cur]]
    code = np.select([(before < 0) | (after < 0), after > before, after < before], [2, 1, 0], 3)
    level_codes = result.cell_states["level"].cat.codes.to_numpy()[: len(cells)]
    degree_codes = result.cell_states["degree"].cat.codes.to_numpy()[: len(cells)]
    cell_frame = pd.DataFrame({**_head(result, cur, prev, len(cells)),
                               "level": text_column(q.level_ids, np.tile(level_codes, len(cur))),
                               "degree": text_column(q.degree_ids, np.tile(degree_codes, len(cur))),
                               "previous_state": _states(state[prev].ravel()),
                               "state": _states(state[cur].ravel()),
                               "change": _present(CHANGES, code.ravel())})
    low = result.cell_states["low_completeness"].to_numpy().reshape(n, len(cells))  # flagged on what it affects
    cell_frame["previous_low_completeness"], cell_frame["low_completeness"] = low[prev].ravel(), low[cur].ravel()
    return WaveChanges(cell_frame, _coverage(result, cur, prev), _items(result, cur, prev))


def _coverage(result: ProfileResult, cur: np.ndarray, prev: np.ndarray) -> pd.DataFrame:
    n, levels = len(result.responses), result.questionnaire.level_ids
    by_level = result.level_profile["coverage"].to_numpy().reshape(n, len(levels))
    overall = result.overall["coverage"].to_numpy()[:, None]
    cov = np.hstack([by_level, overall])
    low = np.hstack([result.level_profile["low_completeness"].to_numpy().reshape(n, len(levels)),
                     result.overall["low_completeness"].to_numpy()[:, None]])
    return pd.DataFrame({**_head(result, cur, prev, len(levels) + 1),
                         "level": text_column(levels + [""], np.tile(np.arange(len(levels) + 1), len(cur))),
                         "previous_coverage": cov[prev].ravel(), "coverage": cov[cur].ravel(),
                         "change": (cov[cur] - cov[prev]).ravel(),
                         "previous_low_completeness": low[prev].ravel(), "low_completeness": low[cur].ravel()})


def _items(result: ProfileResult, cur: np.ndarray, prev: np.ndarray) -> pd.DataFrame:
    n = len(result.responses)
    its = result.item_states
    n_items = len(its) // n if n else 0
    status = its["status"].cat.codes.to_numpy().reshape(n, n_items)
    item_ids = result.item_columns()
    changed = status[cur] != status[prev]
    r, c = np.nonzero(changed)
    names = np.array(list(STATUS_MEANINGS) + [""], dtype=object)  # code -1 (no status) -> ''
    head = _head(result, cur[r], prev[r], 1)
    statuses = pd.Index(names, dtype=object)
    return pd.DataFrame({**head, "item_id": categorical(c, pd.Index(
                             np.asarray(item_ids, dtype=object), dtype=object)),
                         "previous_status": categorical(status[prev[r], c] % len(names), statuses),
                         "status": categorical(status[cur[r], c] % len(names), statuses)})
