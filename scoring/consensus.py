"""Several respondents: find where their answers differ, keep the consensus, never average.

An item answered differently by respondents needs a consensus answer (respondent ''); until
one is recorded it is "to be agreed" and scores nothing. Identical answers need no meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.catalogue import Catalogue
from scoring.prepare import Encoded

COMPARED = ("flag", "status", "extent", "priority", "value", "choices", "number")


@dataclass
class Resolved:
    """The rows that count, one per (unit, item): the shared rows ``counted`` (None: every row) and ``extra``.

    ``extra`` holds one row of each group of respondents who agree and have no consensus row. Kept as a
    mask and a few rows rather than one list of positions, so that the bulk is never gathered.
    """

    counted: np.ndarray | None  # bool per encoded row: a shared answer (None: every row is one)
    extra: np.ndarray  # rows of the encoded answers: the agreed individual answers
    unit: np.ndarray  # the unit of every encoded row
    tba_unit: np.ndarray  # (unit, item) pairs to be agreed
    tba_item: np.ndarray
    divergence: dict[str, np.ndarray]  # unit, i, field, size, n_respondents, has_consensus
    role_gap: dict[str, np.ndarray]  # unit, i, pro_min, pro_max, user_min, user_max, gap, direction


def _empty(**dtypes) -> dict[str, np.ndarray]:
    return {name: np.zeros(0, dtype=dtype) for name, dtype in dtypes.items()}


# Kept as arrays (the result's frames are built from them once, with the ids as text).
EMPTY_DIVERGENCE = _empty(unit=np.int64, i=np.int64, field=np.int64, size=np.float64, n_respondents=np.int64,
                          has_consensus=bool)
EMPTY_GAP = _empty(pro_min=np.float64, pro_max=np.float64, user_min=np.float64, user_max=np.float64, gap=np.float64,
                   unit=np.int64, i=np.int64, direction=np.int64)


@dataclass
class Individual:
    """The individual respondents' rows, grouped by (unit, item): the fields compared, in group order."""

    i: np.ndarray
    user: np.ndarray
    fields: dict[str, np.ndarray]

    @classmethod
    def of(cls, enc: Encoded, ind: np.ndarray) -> Individual:
        return cls(enc.i[ind], enc.user[ind], {f: getattr(enc, f)[ind] for f in COMPARED})

    def take(self, rows: np.ndarray) -> Individual:
        return Individual(self.i[rows], self.user[rows], {f: v[rows] for f, v in self.fields.items()})


def _rows_of(starts: np.ndarray, n_rows: int, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of some groups (groups are runs starting at ``starts``), and where each group starts among them."""
    lengths = np.diff(np.r_[starts, n_rows])[groups]
    new_starts = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64) if len(groups) else np.zeros(0, np.int64)
    rows = np.repeat(starts[groups] - new_starts, lengths) + np.arange(int(lengths.sum()))
    return rows, new_starts


def _divergent(sub: Individual, starts: np.ndarray) -> np.ndarray:
    """Per group: do any two respondents' answers differ in any field? (neighbours compared, no reduction)"""
    n_rows = len(sub.i)
    neq = np.zeros(max(n_rows - 1, 0), dtype=bool)
    for f in COMPARED:
        v = sub.fields[f]
        if f == "number":
            a, b = v[1:], v[:-1]
            neq |= ~((a == b) | (np.isnan(a) & np.isnan(b)))
        else:
            neq |= v[1:] != v[:-1]
    return _any_in_group(neq, starts)


def _neighbours_differ(v: np.ndarray) -> np.ndarray:
    """Row k against row k + 1, as a minimum and a maximum would tell them: missing numbers as minus infinity."""
    if v.dtype == np.float64:
        v = np.where(np.isnan(v), -np.inf, v)
    return v[1:] != v[:-1]


def _any_in_group(neq: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group (runs starting at ``starts``): is some pair of neighbours inside it flagged in ``neq``?"""
    neq[starts[1:] - 1] = False  # a pair across two groups
    out = np.zeros(len(starts), dtype=bool)
    out[np.searchsorted(starts, np.flatnonzero(neq), side="right") - 1] = True
    return out


def resolve(cat: Catalogue, enc: Encoded, unit: np.ndarray, *, details: bool = True) -> Resolved:
    """Pick each (unit, item)'s answer: the consensus row, else the respondents' common answer.

    ``details``: also work out what differs and by how much, and the users' gap (the inventory needs neither).
    """
    n_items = len(cat.items)
    shared = enc.respondent == 0
    if shared.all():
        return Resolved(None, np.array([], np.intp), unit, np.array([], np.int64), np.array([], np.int64),
                        EMPTY_DIVERGENCE, EMPTY_GAP)
    flat = unit.astype(np.int64) * n_items + enc.i  # (unit, item) of every row, as one integer
    ind = np.flatnonzero(~shared)
    key = flat[ind]
    # Stable: rows come grouped by response and item, and a stable sort of nearly sorted keys is a few
    # times faster. Which row of an agreed group comes first does not matter: they agree.
    order = np.argsort(key, kind="stable")
    ind, key = ind[order], key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sub = Individual.of(enc, ind)
    divergent = _divergent(sub, starts)
    group_key = key[starts]
    n_units = int(unit.max(initial=-1)) + 1
    consensus = np.zeros(n_units * n_items, dtype=bool)  # (unit, item) pairs with a shared answer
    consensus[flat[shared]] = True
    has_consensus = consensus[group_key]
    extra = ind[starts[~divergent & ~has_consensus]]  # their pairs have no shared row: each pair counted once
    tba = group_key[divergent & ~has_consensus]
    if not details:
        return Resolved(shared, extra, unit, tba // n_items, tba % n_items, EMPTY_DIVERGENCE, EMPTY_GAP)
    dg = np.flatnonzero(divergent)  # the field-by-field detail only where something differs
    rows, dg_starts = _rows_of(starts, len(ind), dg)
    differs, sizes = _differences(cat, sub.take(rows), dg_starts)
    divergence = _divergence_rows(group_key[dg], n_items, dg_starts, len(rows), differs, sizes, has_consensus[dg])
    return Resolved(shared, extra, unit, tba // n_items, tba % n_items, divergence,
                    _role_gap(cat, sub, starts, group_key, n_items))


def _differences(cat: Catalogue, sub: Individual, starts: np.ndarray) -> tuple[dict, dict]:
    differs, sizes = {}, {}
    n = len(starts)
    for f in COMPARED:
        values = sub.fields[f]
        differs[f] = _any_in_group(_neighbours_differ(values), starts)  # some two differ: not all the same
        if f == "number":
            sizes[f] = np.fmax.reduceat(values, starts) - np.fmin.reduceat(values, starts)
        elif f == "choices":
            union = np.bitwise_or.reduceat(values, starts)
            inter = np.bitwise_and.reduceat(values, starts)
            sizes[f] = (np.bitwise_count(union) - np.bitwise_count(inter)).astype(np.float64)
        else:
            sizes[f] = np.full(n, np.nan)
    for f, lut in (("status", cat.status_lut), ("extent", cat.extent_lut), ("priority", cat.priority_lut)):
        meaning = _meaning(lut, sub.i, sub.fields[f])
        low, high = _range(meaning, meaning >= 0, starts)
        sizes[f] = np.where(high >= 0, high - low, np.nan)
    return differs, sizes


NONE = 32767  # no answer in the group (meanings are small non-negative integers)


def _meaning(lut: np.ndarray, i: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """What each code means on its item's scale (int16, -1 for none): one lookup in the flattened table."""
    return np.where(codes > 0, lut.ravel()[i * lut.shape[1] + np.maximum(codes, 0)], -1)


def _bit_range_tables() -> tuple[np.ndarray, np.ndarray]:
    """For each set of meanings 0…7 (one bit each): its lowest and highest meaning (NONE and -1 for none)."""
    sets = np.arange(256)
    has = (sets[:, None] >> np.arange(8)[None, :]) & 1 > 0
    low = np.where(has.any(axis=1), has.argmax(axis=1), NONE).astype(np.int16)
    high = np.where(has.any(axis=1), 7 - has[:, ::-1].argmax(axis=1), -1).astype(np.int16)
    return low, high


BIT_LOW, BIT_HIGH = _bit_range_tables()


def _range(meaning: np.ndarray, counted: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group: the lowest and highest meaning among the rows counted (NONE and -1 when there are none).

    Meanings are a few small numbers: each group's set of them comes out of one OR of bits, read in a table.
    """
    m = meaning.astype(np.int16)
    if not len(m) or int(m.max()) < 8:
        bits = np.where(counted, np.left_shift(np.uint8(1), np.maximum(m, 0).astype(np.uint8)), np.uint8(0))
        seen = np.bitwise_or.reduceat(bits, starts) if len(starts) else np.zeros(0, np.uint8)
        return BIT_LOW[seen], BIT_HIGH[seen]
    return (np.minimum.reduceat(np.where(counted, m, NONE), starts),
            np.maximum.reduceat(np.where(counted, m, -1), starts))


def _divergence_rows(group_key, n_items, starts, n_rows, differs, sizes, has_consensus) -> dict[str, np.ndarray]:
    """One row per (unit, item, field) that differs; ``field`` is a position in COMPARED."""
    counts = np.diff(np.r_[starts, n_rows])
    hits = [np.flatnonzero(differs[f]) for f in COMPARED]
    if not any(h.size for h in hits):
        return EMPTY_DIVERGENCE
    hit = np.concatenate(hits)
    key = group_key[hit]
    return {"unit": key // n_items, "i": key % n_items,
            "field": np.repeat(np.arange(len(COMPARED)), [h.size for h in hits]),
            "size": np.concatenate([sizes[f][h] for f, h in zip(COMPARED, hits)]),
            "n_respondents": counts[hit], "has_consensus": has_consensus[hit]}


DIRECTIONS = ("users_lower", "users_higher", "same", "overlap")


def _role_gap(cat: Catalogue, sub: Individual, starts, group_key, n_items) -> dict[str, np.ndarray]:
    """Professionals' and users' status answers side by side, as ranges (never a mean).

    ``direction`` is a position in DIRECTIONS.
    """
    meaning = _meaning(cat.status_lut, sub.i, sub.fields["status"])
    counted = (meaning >= 0) & (sub.fields["flag"] == 0)
    pro_min, pro_max = _range(meaning, counted & ~sub.user, starts)
    user_min, user_max = _range(meaning, counted & sub.user, starts)
    both = np.flatnonzero((pro_max >= 0) & (user_max >= 0))
    pro_min, pro_max, user_min, user_max = (x[both].astype(np.float64) for x in (pro_min, pro_max, user_min, user_max))
    lower, higher = user_max < pro_min, user_min > pro_max
    same = (user_min == user_max) & (pro_min == pro_max) & (user_min == pro_min)
    key = group_key[both]
    return {"unit": key // n_items, "i": key % n_items, "pro_min": pro_min, "pro_max": pro_max,
            "user_min": user_min, "user_max": user_max,
            "gap": np.select([lower, higher], [user_max - pro_min, user_min - pro_max], 0.0),
            "direction": np.select([lower, higher, same], [0, 1, 2], 3)}
