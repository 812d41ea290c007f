"""The engagement profile of every scored response, as DataFrames, and the way back to the answers.

Tracing is computed on demand (``trace``), never copied into each figure: at national scale the
answers behind a cell are looked up when someone asks, from the answer frame the result keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from continuum.problems import Problem
from questionnaires.model import Questionnaire
from scoring.catalogue import catalogue_of
from scoring.states import Thresholds

TRACE_ANSWER_COLUMNS = ("respondent", "respondent_role", "flag", "status", "extent", "priority", "value",
                        "choices", "number", "na_reason", "comment")


@dataclass
class ProfileResult:
    """Every frame is keyed by ``response_id``; see docs/scoring-method.md for each column."""

    questionnaire: Questionnaire
    responses: pd.DataFrame  # the scored responses (the response frame's rows for this questionnaire)
    thresholds: Thresholds
    low_completeness: float
    item_states: pd.DataFrame
    cell_states: pd.DataFrame
    level_profile: pd.DataFrame
    overall: pd.DataFrame
    divergence: pd.DataFrame
    role_gap: pd.DataFrame
    initiatives: pd.DataFrame
    figures: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    answers: pd.DataFrame = field(default=None, repr=False)  # kept by reference, for tracing

    # --- the responses' ids and establishments, as codes (shared by every on-demand frame) ------
    @cached_property
    def response_index(self) -> pd.Index:
        """The scored responses' ids, in order: the categories of every frame's ``response_id``."""
        return pd.Index(self.responses["response_id"].astype(str).to_numpy(dtype=object), dtype=object)

    @cached_property
    def establishment_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Each scored response's establishment as a code, and the distinct establishments (first seen first)."""
        return pd.factorize(self.responses["establishment"].astype(str).to_numpy(dtype=object))

    def item_columns(self) -> np.ndarray:
        """The item ids of ``item_states``' columns (each response has one row per item, in this order)."""
        n = len(self.responses)
        return np.asarray(self.item_states["item_id"].array[: len(self.item_states) // n if n else 0], dtype=object)

    # --- the way back to the answers ----------------------------------------------------------
    def trace(self, response_id: str, level: str | None = None, degree: str | None = None) -> pd.DataFrame:
        """The answers behind a cell (or a whole level, or the response), with how each one counted."""
        cells = catalogue_of(self.questionnaire).cell_frame
        if level is not None:
            cells = cells[cells["level"] == level]
        if degree is not None:
            cells = cells[cells["degree"] == degree]
        ids = cells["item_id"].unique()
        states = self.item_states[(self.item_states["response_id"] == response_id).to_numpy()]
        states = states[states["item_id"].isin(ids).to_numpy()].astype({"item_id": object, "response_id": object})
        states = states.rename(columns={"status": "status_meaning", "priority": "priority_rank"}).assign(
            counts_as=lambda f: _counts_as(f))  # renamed: the raw answer's status and priority follow
        a = self.answers
        raw = a[((a["response_id"] == response_id) & a["item_id"].isin(ids)).to_numpy()]
        raw = raw[["response_id", "item_id", *[c for c in TRACE_ANSWER_COLUMNS if c in raw.columns]]]
        out = cells[["item_id", "level", "degree"]].merge(states, on="item_id").merge(
            raw.astype({"response_id": object, "item_id": object}), on=["response_id", "item_id"], how="left")
        return out.sort_values(["level", "degree", "item_id"], kind="stable").reset_index(drop=True)

    def evidence_for(self, response_id: str, level: str) -> pd.DataFrame:
        """The inventory's initiatives of the same establishment and campaign at ``level``."""
        row = self.responses[self.responses["response_id"].astype(str) == response_id].iloc[0]
        i = self.initiatives
        return i[(i["establishment"] == row["establishment"]) & (i["campaign_id"] == row["campaign_id"])
                 & (i["level"] == level)].reset_index(drop=True)

    # --- computed on demand -------------------------------------------------------------------
    def peers(self, group, **kwargs) -> pd.DataFrame:
        from scoring.peers import compare_to_peers

        return compare_to_peers(self, group, **kwargs)

    def wave_changes(self):
        from scoring.waves import wave_changes

        return wave_changes(self)

    def target_gaps(self, targets: pd.DataFrame) -> pd.DataFrame:
        from scoring.plan import target_gaps

        return target_gaps(self, targets)

    def next_steps(self, **kwargs) -> pd.DataFrame:
        from scoring.plan import next_steps

        return next_steps(self, **kwargs)

    def sensitivity(self) -> pd.DataFrame:
        from scoring.sensitivity import sensitivity

        return sensitivity(self)


def _counts_as(f: pd.DataFrame) -> np.ndarray:
    """How an item counted, in one word: the reason it did not count comes first."""
    return np.select(
        [~f["visible"], f["core_skipped"], f["not_applicable"], f["to_be_agreed"], f["dont_know"], ~f["answered"],
         f["beyond_pilot"], f["in_place"], f["status_meaning"] == "being_set_up"],
        ["hidden", "core_skipped", "not_applicable", "to_be_agreed", "dont_know", "unanswered",
         "in_place_beyond_pilot", "in_place_pilot", "being_set_up"],
        "not_in_place",
    ) if len(f) else np.array([], dtype=object)
