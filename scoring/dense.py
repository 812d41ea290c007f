"""Resolved answers as dense arrays: one row per unit (a response, or an entry of a group), one column per item."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.catalogue import Catalogue
from scoring.consensus import Resolved
from scoring.prepare import Encoded

SPARSE = 0.5
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


def build(cat: Catalogue, enc: Encoded, res: Resolved, n_units: int, items: np.ndarray) -> Dense:
    """Scatter the resolved rows of ``items`` into units × items arrays (one flat index, computed once).

    Every encoded row is written where it goes, the rows that do not count to a spare slot past the end:
    the bulk is scattered straight from the encoded arrays, never gathered first.
    """
    colmap = np.full(len(cat.items), -1, dtype=np.int64)
    colmap[items] = np.arange(len(items))
    shape = (n_units, len(items))
    size = n_units * len(items)
    col = colmap[enc.i]
    counted = col >= 0 if res.counted is None else res.counted & (col >= 0)
    spare = not counted.all()  # rows that do not count are written to one spare slot past the end
    flat = res.unit.astype(np.int64) * len(items) + col
    if spare:
        flat = np.where(counted, flat, size)
    extra = res.extra[col[res.extra] >= 0]
    extra_flat = res.unit[extra].astype(np.int64) * len(items) + col[extra]
    kinds = set(cat.kinds[items])

    def scatter(name: str | None, fill, dtype, needed: bool = True) -> np.ndarray:
        if not needed:  # no item of a kind that uses this field: a constant, read-only view
            return np.broadcast_to(np.array(fill, dtype=dtype), shape)
        out = np.full(size + int(spare), fill, dtype=dtype)
        if name is None:
            out[flat] = True
            out[extra_flat] = True
            return out[:size].reshape(shape)
        values = getattr(enc, name)
        given = ~np.isnan(values) if dtype == np.float64 else values != fill
        if np.count_nonzero(given) < SPARSE * len(values):  # mostly empty: write only the answers that hold a value
            at = np.flatnonzero(given)
            out[flat[at]] = values[at]
        else:
            out[flat] = values
        out[extra_flat] = values[extra]
        return out[:size].reshape(shape)

    d = Dense(
        items=items, colmap=colmap,
        has_row=scatter(None, False, bool),
        tba=np.zeros(shape, bool),
        answered=np.zeros(shape, bool),
        status=scatter("status", 0, np.int16, "practice" in kinds),
        extent=scatter("extent", 0, np.int16, "practice" in kinds),
        priority=scatter("priority", 0, np.int16, "practice" in kinds),
        value=scatter("value", 0, np.int16, bool(kinds & {"single_choice", "text"})),
        text=scatter("text", False, bool, "text" in kinds),
        choices=scatter("choices", 0, np.int64, "multiple_choice" in kinds),
        number=scatter("number", np.nan, np.float64, "number" in kinds), flag=scatter("flag", 0, np.int8),
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
