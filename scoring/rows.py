"""Sorted row positions taken from whole columns: as a few slices when they come in long runs, else a gather."""

from __future__ import annotations

import numpy as np


class Rows:
    """Sorted row positions, taken from whole columns as a few slices when they come in long runs.

    The answers of one questionnaire come in blocks (a campaign's matrix, then its inventory…): copying a
    handful of slices is several times cheaper than a gather of a million positions.
    """

    RUNS = 64  # at most this many runs: slices; more: a gather

    def __init__(self, rows: np.ndarray | None):
        self.rows = rows
        self.slices: list[slice] | None = None
        if rows is not None and len(rows):
            breaks = np.flatnonzero(np.diff(rows) != 1)
            if len(breaks) < self.RUNS:
                starts = np.r_[rows[0], rows[breaks + 1]]
                ends = np.r_[rows[breaks], rows[-1]] + 1
                self.slices = [slice(int(a), int(b)) for a, b in zip(starts, ends)]

    @classmethod
    def of(cls, rows: Rows | np.ndarray | None) -> Rows:
        return rows if isinstance(rows, Rows) else cls(rows)

    def take(self, values: np.ndarray) -> np.ndarray:
        """``values[rows]`` (all of ``values`` when there are no rows to pick)."""
        if self.rows is None:
            return values
        if self.slices is None:
            return values[self.rows]
        if len(self.slices) == 1:
            return values[self.slices[0]].copy()
        return np.concatenate([values[sl] for sl in self.slices])

    def lookup(self, table: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """``table[codes[rows]]``, slice by slice into the result (the codes of the rows are never copied)."""
        if self.rows is None:
            return table[codes]
        if self.slices is None:
            return table[codes[self.rows]]
        out = np.empty(len(self.rows), dtype=table.dtype)
        at = 0
        for sl in self.slices:  # 'wrap': code -1 reads the last entry, as an index does (and nothing is buffered)
            np.take(table, codes[sl], out=out[at: at + sl.stop - sl.start], mode="wrap")
            at += sl.stop - sl.start
        return out
