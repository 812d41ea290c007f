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
    part = cell_states[_values(cell_states["state"]).isin(HELD).to_numpy()]
    bits = np.left_shift(1, _values(part["degree"]).map(order).fillna(0).astype(int).to_numpy())
    rid, rids = _codes(part["response_id"])
    lvl, lvls = _codes(part["level"])
    key = rid.astype(np.int64) * len(lvls) + lvl  # one bincount instead of a two-key groupby
    summed = np.bincount(key, weights=bits, minlength=len(rids) * len(lvls)).astype(np.int64)
    found = np.flatnonzero(summed)
    masks = pd.Series(summed[found], index=pd.MultiIndex.from_arrays(
        [rids[found // len(lvls)], lvls[found % len(lvls)]], names=["response_id", "level"]))

    def words(mask: int) -> str:
        text = ", ".join(_lower_first(labels[k]) for k in range(len(labels)) if mask >> k & 1)
        return text[:1].upper() + text[1:]

    return masks.map({m: words(int(m)) for m in masks.unique()})


def _values(values: pd.Series) -> pd.Series:
    """As Python strings: a categorical through its few categories (a national frame has 100,000 cells)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.rename_categories(values.cat.categories.astype(str).to_numpy(dtype=object)).astype(object)
    return values.astype(str).astype(object)


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(integer codes, string values): a categorical's own codes, or factorised ones."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories.astype(str).to_numpy(dtype=object)
    codes, uniques = pd.factorize(values.astype(str))
    return codes, np.asarray(uniques, dtype=object)


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
