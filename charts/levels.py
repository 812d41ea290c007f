"""A level in words, for the pages and the reports alike: the forms in place, and the gap to the team's target.

The forms in place are listed in the matrix's order, never reduced to "the highest one": a profile, not a ladder.
The engine's current degree of a level is used only for the gap to the team's chosen target, told as a fact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from continuum.i18n import t

HELD = ("present", "established")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def forms_in_place(cell_states: pd.DataFrame, degrees: Sequence[tuple[str, str]]) -> pd.Series:
    """Per (response_id, level): the degrees held (present or established), as "Information, consultation".

    Only levels with at least one held form are in the result. One bit per degree, then one label per distinct
    combination, so a national table of 100,000 cells builds as fast as one establishment's."""
    if cell_states.empty:
        return pd.Series(dtype=object)
    order = {d: k for k, (d, _) in enumerate(degrees)}
    labels = [label for _, label in degrees]
    held = cell_states["state"].astype(str).isin(HELD).to_numpy()
    part = cell_states[held]
    bits = np.left_shift(1, part["degree"].astype(str).map(order).fillna(0).astype(int).to_numpy())
    keys = pd.DataFrame({"response_id": part["response_id"].astype(str).to_numpy(),
                         "level": part["level"].astype(str).to_numpy(), "bits": bits})
    masks = keys.groupby(["response_id", "level"], sort=False)["bits"].sum()

    def words(mask: int) -> str:
        text = ", ".join(_lower_first(labels[k]) for k in range(len(labels)) if mask >> k & 1)
        return text[:1].upper() + text[1:]

    return masks.map({m: words(int(m)) for m in masks.unique()})


def level_forms_text(forms: str | None, optional: bool, lang: str) -> str:
    """What a table cell says for a level: the forms in place, none, or an optional level not taken up."""
    if optional:
        return t("results.optional_skipped", lang)
    return forms or t("results.none_held", lang)


def target_gap_text(gap, lang: str) -> str:
    """The gap to the team's target as a fact ("target form in place"), from ``ProfileResult.target_gaps`` rows."""
    if gap is None or gap["gap"] != gap["gap"]:
        return "—"
    return t(f"results.target.{gap['status']}", lang, steps=int(abs(gap["gap"])))
