"""A scored result as plain tables (one per sheet), keyed by establishment and campaign, for files and exports."""

from __future__ import annotations

import pandas as pd

from scoring.result import ProfileResult

KEYS = ("response_id", "establishment", "campaign_id", "wave", "questionnaire_id", "category", "region")


def result_tables(result: ProfileResult, *, lang: str = "fr") -> dict[str, pd.DataFrame]:
    """Sheets: cells, levels, overall, initiatives, divergence, role_gap, next_steps, figures (ids as text)."""
    keys = result.responses[[k for k in KEYS if k in result.responses.columns]].astype({"response_id": str})
    frames = {"cells": result.cell_states, "levels": result.level_profile, "overall": result.overall,
              "divergence": result.divergence, "role_gap": result.role_gap,
              "next_steps": result.next_steps(lang=lang), "figures": result.figures}
    out = {}
    for name, frame in frames.items():
        frame = frame.astype({c: str for c in ("response_id", "level", "degree", "state", "declared_state",
                                                "evidence_status", "item_id", "current_degree") if c in frame})
        if "current_degree" in frame:
            frame["current_degree"] = frame["current_degree"].replace("nan", "")
        out[name] = keys.merge(frame, on="response_id", how="inner")
    out["initiatives"] = result.initiatives.copy()
    return out
