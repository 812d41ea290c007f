"""Formula-injection neutralisation: a text cell never starts a formula in Excel or LibreOffice.

Convention: a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe (``'``). A text that already starts with an apostrophe gets one more, so `restore` can strip
exactly one and every round trip is exact. Numbers are never touched: they stay numeric, negatives included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"
_NEEDS_MARK = (*TRIGGERS, MARK)


def neutralise(text: str) -> str:
    """The text as it may be written to a cell: a leading apostrophe when it could start a formula."""
    return MARK + text if text.startswith(_NEEDS_MARK) else text


def restore(text: str) -> str:
    """Undo `neutralise` (used on import, in comment and free-text fields)."""
    if len(text) > 1 and text[0] == MARK and text[1:].startswith(_NEEDS_MARK):
        return text[1:]
    return text


def is_dangerous(text: str) -> bool:
    """Whether a text, written as is, could be read as a formula."""
    return text.startswith(TRIGGERS)


def neutralise_series(series: pd.Series) -> pd.Series:
    """Vectorised `neutralise` over an object column; non-strings (numbers, None, dates) pass through."""
    values = series.to_numpy(dtype=object)
    out = values.copy()
    for i in np.flatnonzero([isinstance(v, str) and v.startswith(_NEEDS_MARK) for v in values]):
        out[i] = MARK + values[i]
    return pd.Series(out, index=series.index, name=series.name)
