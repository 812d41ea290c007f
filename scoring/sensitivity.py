"""Sensitivity, for a coordinator: how many establishments would change cell state if N or X moved."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from scoring.cells import CELL_COUNTS
from scoring.result import ProfileResult
from scoring.states import Thresholds, declared_state, final_state

MOVES = (("N", -1), ("N", +1), ("X", -10), ("X", +10))


def states_with(result: ProfileResult, thresholds: Thresholds) -> np.ndarray:
    """Every cell's final state under other thresholds, from the stored counts (no rescoring)."""
    cs = result.cell_states
    counts = {name: cs[name].to_numpy() for name in CELL_COUNTS}
    counts["excluded"] = cs["optional"].to_numpy()
    declared = declared_state(counts, thresholds)
    needs = np.isin(cs["degree"].to_numpy(dtype=object), _evidence_degrees(result))
    evidenced = cs["n_evidencing_initiatives"].to_numpy() > 0
    return final_state(declared, needs, evidenced)


def _evidence_degrees(result: ProfileResult) -> list[str]:
    rules = result.questionnaire.scoring.evidence
    return list(rules.degrees) if rules.inventory else []


def sensitivity(result: ProfileResult) -> pd.DataFrame:
    """Per campaign and move: establishments (and cells) whose state would change."""
    base = result.thresholds
    current = result.cell_states["state"].cat.codes.to_numpy()
    n_cells = len(result.questionnaire.cells())
    campaign = result.responses["campaign_id"].astype(str).to_numpy(dtype=object)
    rows = []
    for parameter, step in MOVES:
        moved = replace(base, n=base.n + step) if parameter == "N" else replace(base, x=base.x + step)
        if moved.n < 1 or not 0 <= moved.x < 100:
            continue
        changed = (states_with(result, moved) != current).reshape(-1, n_cells)
        frame = pd.DataFrame({"campaign_id": campaign, "changed": changed.any(axis=1),
                              "cells": changed.sum(axis=1)})
        per = frame.groupby("campaign_id").agg(n_establishments=("changed", "size"),
                                               n_establishments_changed=("changed", "sum"),
                                               n_cells_changed=("cells", "sum")).reset_index()
        rows.append(per.assign(parameter=parameter, change=step,
                               value=moved.n if parameter == "N" else moved.x))
    cols = ["campaign_id", "parameter", "change", "value", "n_establishments", "n_establishments_changed",
            "n_cells_changed"]
    return pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)
