"""Item flags, then counts per cell and per level as matrix products (units × items @ items × cells).

An item that evidences several cells counts in each; per level and overall it counts once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from questionnaires.model import OptionalFor
from scoring.catalogue import BEING_SET_UP, BEYOND_PILOT, EVALUATED, IN_PLACE, Catalogue
from scoring.dense import Dense
from scoring.prepare import DONT_KNOW, NA_FLAG

CELL_COUNTS = ("n_items", "n_applicable", "n_not_applicable", "n_answered", "n_to_be_agreed", "n_unanswered",
               "n_in_place", "n_in_place_beyond_pilot", "n_evaluated", "n_being_set_up")
LEVEL_COUNTS = ("n_items", "n_applicable", "n_not_applicable", "n_answered", "n_to_be_agreed", "n_unanswered",
                "n_in_place")


@dataclass
class ItemFlags:
    """units × items booleans saying how each item counts for each response."""

    visible: np.ndarray
    core_skipped: np.ndarray
    not_applicable: np.ndarray
    applicable: np.ndarray
    answered: np.ndarray
    to_be_agreed: np.ndarray
    dont_know: np.ndarray
    unanswered: np.ndarray
    status: np.ndarray  # meaning: -1 none, 0 not in place … 3 evaluated
    in_place: np.ndarray
    beyond_pilot: np.ndarray
    evaluated: np.ndarray
    being_set_up: np.ndarray
    priority: np.ndarray  # rank, 0 when none
    klass: np.ndarray  # how the item counts, one code of N_CLASSES (see _classes)


def item_flags(cat: Catalogue, d: Dense, vis: np.ndarray, core_only: np.ndarray) -> ItemFlags:
    """``core_only``: one boolean per response, True when the team chose the core version."""
    core_skipped = vis & core_only[:, None] & ~cat.core[d.items][None, :]
    shown = vis & ~core_skipped
    na = shown & (d.flag == NA_FLAG)
    applicable = shown & ~na
    answered = applicable & d.answered
    tba = applicable & d.tba & ~answered
    cols = d.items[None, :]
    status = np.where(answered, _lookup(cat.status_lut, d.items, d.status), -1).astype(np.int8)
    in_place = status >= IN_PLACE
    beyond = in_place & ((_lookup(cat.extent_lut, d.items, d.extent) == BEYOND_PILOT) | ~cat.has_extent[cols])
    prio = np.where(answered & (d.priority > 0), _lookup(cat.priority_lut, d.items, d.priority), 0)
    dont_know = applicable & (d.flag == DONT_KNOW) & ~tba
    return ItemFlags(
        visible=vis, core_skipped=core_skipped, not_applicable=na, applicable=applicable, answered=answered,
        to_be_agreed=tba, dont_know=dont_know, unanswered=applicable & ~answered & ~tba, status=status,
        in_place=in_place, beyond_pilot=beyond, evaluated=status == EVALUATED, being_set_up=status == BEING_SET_UP,
        priority=np.maximum(prio, 0).astype(np.int16),
        klass=_classes(vis, na, applicable, answered, tba, status, beyond),
    )


def _lookup(lut: np.ndarray, items: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``lut[item, code]`` for units × items codes, through the flattened table (one intp index, no broadcasting)."""
    return lut.ravel()[(items * lut.shape[1])[None, :] + np.maximum(codes, 0)]


# How an item counts, as one small code per (unit, item):
# 0 hidden, 1 skipped by the core version, 2 not applicable, 3 to be agreed, 4 unanswered, then answered:
# 5 no status (not a practice), 6 not in place, 7 being set up, 8/9 in place (pilot/beyond), 10/11 evaluated.
N_CLASSES = 12
_ANSWERED_CLASS = np.array([5, 6, 7, 8, 10], dtype=np.int8)  # by status meaning + 1, before 'beyond a pilot'
IN_CLASSES = {
    "n_items": range(1, 12), "n_applicable": range(3, 12), "n_not_applicable": (2,), "n_answered": range(5, 12),
    "n_to_be_agreed": (3,), "n_in_place": range(8, 12), "n_in_place_beyond_pilot": (9, 11), "n_evaluated": (10, 11),
    "n_being_set_up": (7,),
}


def _classes(vis, na, applicable, answered, tba, status, beyond) -> np.ndarray:
    out = vis.astype(np.int8)
    out[na] = 2
    out[applicable] = 4
    out[tba] = 3
    out[answered] = (_ANSWERED_CLASS[status.astype(np.int64) + 1] + beyond)[answered]
    return out


@dataclass
class Packed:
    """Counts packed in bit fields: ``words[w]`` holds the counts ``names[w]``, ``bits`` bits each."""

    names: list[list[str]]
    words: list[np.ndarray]  # int64, units × targets
    bits: int

    def unpack(self, pick=None) -> dict[str, np.ndarray]:
        """Every count as int32; ``pick`` selects the part of each word to unpack first (a slice, a column…)."""
        out = {}
        for names, word in zip(self.names, self.words):
            word = word if pick is None else pick(word)
            for k, name in enumerate(names):
                out[name] = ((word >> (self.bits * k)) & ((1 << self.bits) - 1)).astype(np.int32)
        if "n_applicable" in out:  # applicable, neither answered nor waiting for a consensus
            out["n_unanswered"] = out["n_applicable"] - out["n_answered"] - out["n_to_be_agreed"]
        return out


def packed_counts(klass: np.ndarray, incidence: np.ndarray) -> Packed:
    """Counts per column of ``incidence`` (cells, levels…) for each unit.

    Several counts travel packed in one float64 (each in its own bit field, exact below 2**53), so that
    all of them come out of two matrix products: (units × items) @ (items × targets).
    """
    klass = klass.astype(np.intp)  # one conversion for every lookup below
    bits = max(1, int(klass.shape[1]).bit_length())  # a count never exceeds the number of items
    per_word = max(1, 52 // bits)
    inc = np.asarray(incidence, dtype=np.float64)
    wanted = list(IN_CLASSES)
    groups, words = [], []
    for start in range(0, len(wanted), per_word):
        group = wanted[start:start + per_word]
        packed = np.zeros(N_CLASSES, dtype=np.float64)
        for k, name in enumerate(group):
            packed[list(IN_CLASSES[name])] += float(1 << (bits * k))
        groups.append(group)
        words.append((packed.take(klass) @ inc).astype(np.int64))
    return Packed(groups, words, bits)



@dataclass
class Counts:
    """Every count of every response, from one product: per cell, per level, and overall."""

    cells: dict[str, np.ndarray]  # responses × cells
    levels: dict[str, np.ndarray]  # responses × levels (excluded levels not yet zeroed)
    practices: dict[str, np.ndarray]  # per response: practices of the levels not excluded (and outside the matrix)
    required: dict[str, np.ndarray]  # per response: required items of the levels not excluded
    every_item: dict[str, np.ndarray]  # per response: every item of the levels not excluded


def count_all(cat: Catalogue, d: Dense, f: ItemFlags, excluded: np.ndarray) -> Counts:
    """One product for all counts: the overall ones use one column per distinct set of excluded levels."""
    cell_inc, level_inc = cat.cell_incidence[d.items], cat.level_incidence[d.items]
    n_lv = level_inc.shape[1]
    pattern_key = excluded.astype(np.int64) @ (1 << np.arange(n_lv, dtype=np.int64))
    patterns, pattern_of = np.unique(pattern_key, return_inverse=True)  # a handful: by category and size
    skipped = ((patterns[:, None] >> np.arange(n_lv)) & 1).astype(bool)  # patterns × levels
    no_level = level_inc.sum(axis=1) == 0
    included = ((~skipped).astype(np.float64) @ level_inc.T > 0) | no_level[None, :]  # patterns × items
    practice = cat.kinds[d.items] == "practice"
    required = cat.required[d.items]
    blocks = [cell_inc, level_inc, (included & practice).T, (included & required).T, included.T]
    packed = packed_counts(f.klass, np.hstack([np.asarray(b, dtype=np.float64) for b in blocks]))
    edges = np.cumsum([0] + [b.shape[1] for b in blocks])
    rows = np.arange(len(pattern_of))

    def part(k: int, per_pattern: bool = False) -> dict[str, np.ndarray]:
        if per_pattern:  # each response's own column: picked while still packed, then unpacked
            return packed.unpack(lambda w: w[:, edges[k]:edges[k + 1]][rows, pattern_of])
        return packed.unpack(lambda w: w[:, edges[k]:edges[k + 1]])

    return Counts(part(0), part(1), part(2, True), part(3, True), part(4, True))


def optional_levels(cat: Catalogue, responses: pd.DataFrame,
                    rules: Mapping[str, OptionalFor] | None) -> np.ndarray:
    """responses × levels: True where the campaign lets this establishment skip the level."""
    if rules is None:
        rules = {lvl.id: lvl.optional_for for lvl in cat.questionnaire.matrix.levels}
    category = responses["category"].astype(str).to_numpy()
    size = pd.to_numeric(responses["size"], errors="coerce").to_numpy(dtype=np.float64)
    out = np.zeros((len(responses), len(cat.levels)), bool)
    for k, level in enumerate(cat.levels):
        rule = rules.get(level)
        if rule is None:
            continue
        out[:, k] = np.isin(category, list(rule.categories))
        if rule.size_below is not None:
            with np.errstate(invalid="ignore"):
                out[:, k] |= size < rule.size_below
    return out
