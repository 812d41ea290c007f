"""Cell states from counts: a pure function, so that thresholds can be moved (sensitivity) without rescoring."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from questionnaires.model import CellStateRules

# Scored states, in the order of how established a cell is (a profile, not a mark).
SCORED = ("absent", "emerging", "declared_not_evidenced", "present", "established")
# States that say why a cell has no scored state.
UNSCORED = ("not_applicable", "not_assessed", "not_answered", "to_be_agreed")
STATES = SCORED + UNSCORED
HELD = ("present", "established")
STATE_RANK = {s: k for k, s in enumerate(SCORED)}


@dataclass(frozen=True)
class Thresholds:
    """N, X and whether 'established' needs an evaluated practice: the questionnaire's, or moved."""

    n: int = 1
    x: float = 50.0
    requires_evaluated: bool = True

    @classmethod
    def of(cls, rules: CellStateRules) -> Thresholds:
        return cls(rules.present_min_practices, float(rules.established_min_share), rules.established_requires_evaluated)


def declared_state(c: dict[str, np.ndarray], t: Thresholds) -> np.ndarray:
    """The state the answers claim, before the evidence rule (state codes index ``STATES``)."""
    answered, beyond = c["n_answered"], c["n_in_place_beyond_pilot"]
    present = beyond >= t.n
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(answered > 0, 100.0 * beyond / np.maximum(answered, 1), 0.0)
    established = present & (share > t.x) & ((c["n_evaluated"] >= 1) | (not t.requires_evaluated))
    emerging = (c["n_in_place"] + c["n_being_set_up"]) > 0
    idx = STATES.index
    return np.select(
        [c["excluded"] | ((c["n_applicable"] == 0) & (c["n_items"] > 0)), c["n_items"] == 0,
         (answered == 0) & (c["n_to_be_agreed"] > 0), answered == 0,
         established, present, emerging],
        [idx("not_applicable"), idx("not_assessed"), idx("to_be_agreed"), idx("not_answered"),
         idx("established"), idx("present"), idx("emerging")],
        idx("absent"),
    ).astype(np.int8)


def final_state(declared: np.ndarray, needs_evidence: np.ndarray, evidenced: np.ndarray) -> np.ndarray:
    """Apply the evidence rule: a held cell of a degree that needs evidence, without it, is 'declared, not evidenced'."""
    held = np.isin(declared, [STATES.index(s) for s in HELD])
    return np.where(held & needs_evidence & ~evidenced, STATES.index("declared_not_evidenced"), declared).astype(np.int8)


def is_held(state: np.ndarray) -> np.ndarray:
    return np.isin(state, [STATES.index(s) for s in HELD])
