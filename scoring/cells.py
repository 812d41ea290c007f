"""Item flags, then counts per cell and per level as matrix products (units × items @ items × cells).

An item that evidences several cells counts in each; per level and overall it counts once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from questionnaires.model import OptionalFor
from scoring.catalogue import BEING_SET_UP, BEYOND_PILOT, EVALUATED, IN_PLACE, Catalogue
from scoring.dense import Dense
from scoring.prepare import DONT_KNOW, NA_FLAG

CELL_COUNTS = ("n_items", "n_applicable", "n_not_applicable", "n_answered", "n_to_be_agreed", "n_unanswered",
               "n_in_place", "n_in_place_beyond_pilot", "n_evaluated", "n_being_set_up")
LEVEL_COUNTS = ("n_items", "n_applicable", "n_not_applicable", "n_answered", "n_to_be_agreed", "n_unanswered",
                "n_in_place")


@dataclass
class ItemFlags:
    """units × items booleans saying how each item counts for each response."""

    visible: np.ndarray
    core_skipped: np.ndarray
    not_applicable: np.ndarray
    applicable: np.ndarray
    answered: np.ndarray
    to_be_agreed: np.ndarray
    dont_know: np.ndarray
    unanswered: np.ndarray
    status: np.ndarray  # meaning: -1 none, 0 not in place … 3 evaluated
    in_place: np.ndarray
    beyond_pilot: np.ndarray
    evaluated: np.ndarray
    being_set_up: np.ndarray
    priority: np.ndarray  # rank, 0 when none


def item_flags(cat: Catalogue, d: Dense, vis: np.ndarray, core_only: np.ndarray) -> ItemFlags:
    """``core_only``: one boolean per response, True when the team chose the core version."""
    core_skipped = vis & core_only[:, None] & ~cat.core[d.items][None, :]
    shown = vis & ~core_skipped
    na = shown & (d.flag == NA_FLAG)
    applicable = shown & ~na
    answered = applicable & d.answered
    tba = applicable & d.tba & ~answered
    cols = d.items[None, :]
    status = np.where(answered, cat.status_lut[cols, np.maximum(d.status, 0)], -1).astype(np.int8)
    in_place = status >= IN_PLACE
    beyond = in_place & ((cat.extent_lut[cols, np.maximum(d.extent, 0)] == BEYOND_PILOT) | ~cat.has_extent[cols])
    prio = np.where(answered & (d.priority > 0), cat.priority_lut[cols, np.maximum(d.priority, 0)], 0)
    dont_know = applicable & (d.flag == DONT_KNOW) & ~tba
    return ItemFlags(
        visible=vis, core_skipped=core_skipped, not_applicable=na, applicable=applicable, answered=answered,
        to_be_agreed=tba, dont_know=dont_know, unanswered=applicable & ~answered & ~tba, status=status,
        in_place=in_place, beyond_pilot=beyond, evaluated=status == EVALUATED, being_set_up=status == BEING_SET_UP,
        priority=np.maximum(prio, 0).astype(np.int16),
    )


def _count_inputs(f: ItemFlags) -> dict[str, np.ndarray]:
    return {"n_items": f.visible, "n_applicable": f.applicable, "n_not_applicable": f.not_applicable,
            "n_answered": f.answered, "n_to_be_agreed": f.to_be_agreed,
            "n_in_place": f.in_place, "n_in_place_beyond_pilot": f.beyond_pilot, "n_evaluated": f.evaluated,
            "n_being_set_up": f.being_set_up}


def count(f: ItemFlags, incidence: np.ndarray, names=CELL_COUNTS, weight: np.ndarray | None = None) -> dict:
    """Counts per column of ``incidence`` (cells or levels) for each response, in one matrix product."""
    inputs = _count_inputs(f)
    wanted = [n for n in names if n in inputs]
    n_units = f.visible.shape[0]
    stack = np.empty((len(wanted), *f.visible.shape), dtype=np.float32)
    for k, name in enumerate(wanted):
        stack[k] = inputs[name] if weight is None else inputs[name] & weight
    product = np.rint(stack.reshape(-1, stack.shape[2]) @ incidence).astype(np.int32)
    out = {name: product[k * n_units:(k + 1) * n_units] for k, name in enumerate(wanted)}
    if "n_unanswered" in names:  # applicable, neither answered nor waiting for a consensus
        out["n_unanswered"] = out["n_applicable"] - out["n_answered"] - out["n_to_be_agreed"]
    return out


def optional_levels(cat: Catalogue, responses: pd.DataFrame,
                    rules: Mapping[str, OptionalFor] | None) -> np.ndarray:
    """responses × levels: True where the campaign lets this establishment skip the level."""
    if rules is None:
        rules = {lvl.id: lvl.optional_for for lvl in cat.questionnaire.matrix.levels}
    category = responses["category"].astype(str).to_numpy()
    size = pd.to_numeric(responses["size"], errors="coerce").to_numpy(dtype=np.float64)
    out = np.zeros((len(responses), len(cat.levels)), bool)
    for k, level in enumerate(cat.levels):
        rule = rules.get(level)
        if rule is None:
            continue
        out[:, k] = np.isin(category, list(rule.categories))
        if rule.size_below is not None:
            with np.errstate(invalid="ignore"):
                out[:, k] |= size < rule.size_below
    return out
