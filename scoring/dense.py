"""Resolved answers as dense arrays: one row per unit (a response, or an entry of a group), one column per item."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.catalogue import Catalogue
from scoring.consensus import Resolved

FIELDS = ("status", "extent", "priority", "value", "choices", "number", "flag")


@dataclass
class Dense:
    items: np.ndarray  # catalogue positions of the columns
    colmap: np.ndarray  # catalogue position -> column, -1 when absent
    has_row: np.ndarray  # a usable answer row exists
    tba: np.ndarray  # to be agreed
    answered: np.ndarray  # a usable answer (not flagged, value present)
    status: np.ndarray
    extent: np.ndarray
    priority: np.ndarray
    value: np.ndarray
    text: np.ndarray
    choices: np.ndarray
    number: np.ndarray
    flag: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.has_row.shape


def build(cat: Catalogue, res: Resolved, n_units: int, items: np.ndarray) -> Dense:
    """Scatter the resolved rows of ``items`` into units × items arrays."""
    colmap = np.full(len(cat.items), -1, dtype=np.int64)
    colmap[items] = np.arange(len(items))
    shape = (n_units, len(items))
    enc = res.final
    col = colmap[enc.i]
    keep = np.flatnonzero(col >= 0)
    u, c = res.final_unit[keep], col[keep]

    kinds = set(cat.kinds[items])

    def scatter(values: np.ndarray, fill, dtype, needed: bool = True) -> np.ndarray:
        if not needed:  # no item of a kind that uses this field: a constant, read-only view
            return np.broadcast_to(np.array(fill, dtype=dtype), shape)
        out = np.full(shape, fill, dtype=dtype)
        out[u, c] = values[keep]
        return out

    d = Dense(
        items=items, colmap=colmap,
        has_row=scatter(np.ones(len(enc), bool), False, bool),
        tba=np.zeros(shape, bool),
        answered=np.zeros(shape, bool),
        status=scatter(enc.status, 0, np.int32, "practice" in kinds),
        extent=scatter(enc.extent, 0, np.int32, "practice" in kinds),
        priority=scatter(enc.priority, 0, np.int32, "practice" in kinds),
        value=scatter(enc.value, 0, np.int32, bool(kinds & {"single_choice", "text"})),
        text=scatter(enc.text, False, bool, "text" in kinds),
        choices=scatter(enc.choices, 0, np.int64, "multiple_choice" in kinds),
        number=scatter(enc.number, np.nan, np.float64, "number" in kinds), flag=scatter(enc.flag, 0, np.int8),
    )
    tcol = colmap[res.tba_item]
    ok = tcol >= 0
    d.tba[res.tba_unit[ok], tcol[ok]] = True
    d.answered = _answered(cat, d)
    return d


def _answered(cat: Catalogue, d: Dense) -> np.ndarray:
    """An answer with a value: not flagged 'not applicable' or "don't know", and not empty."""
    kinds = cat.kinds[d.items]
    present = np.zeros(d.shape, bool)
    for kind, has in (("practice", d.status != 0), ("single_choice", d.value > 0),
                      ("multiple_choice", d.choices != 0), ("number", ~np.isnan(d.number)), ("text", d.text)):
        cols = np.flatnonzero(kinds == kind)
        if cols.size:
            present[:, cols] = has[:, cols]
    return present & d.has_row & (d.flag == 0)
