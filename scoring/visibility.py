"""Vectorised ``when`` conditions: one boolean per unit (response or group entry) for each item, at once.

The semantics are those of ``questionnaires.conditions`` (what the fill page shows), for many units:
- a comparison reads one field of the item's resolved answer; a flagged ("not applicable",
  "don't know"), to-be-agreed or hidden item has no value;
- with no value, every comparison is false except ``not_equals`` and ``answered: false``;
- ``equals`` on choices means exactly that one option; ``includes`` tests one chosen option;
- a boolean never equals an option code; numbers compare only with numbers;
- conditions refer only to earlier items, so evaluating in questionnaire order hides chains of items.
"""

from __future__ import annotations

import numpy as np

from questionnaires.model import All, Any_, Comparison, Condition, Not
from scoring.catalogue import DEFAULT_FIELD, Catalogue
from scoring.dense import Dense


def visibility(cat: Catalogue, d: Dense, outer: tuple[Dense, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """units × items: True where the item is shown. ``outer`` = (response-level dense, its visibility, unit → response)."""
    vis = np.ones(d.shape, dtype=bool)
    for col, pos in enumerate(d.items):
        cond = cat.items[pos].when
        if cond is not None:
            vis[:, col] = evaluate(cat, cond, d, vis, outer)
    return vis


def evaluate(cat: Catalogue, cond: Condition, d: Dense, vis: np.ndarray,
             outer: tuple[Dense, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    if isinstance(cond, All):
        out = np.ones(d.shape[0], bool)
        for c in cond.all:
            out &= evaluate(cat, c, d, vis, outer)
        return out
    if isinstance(cond, Any_):
        out = np.zeros(d.shape[0], bool)
        for c in cond.any:
            out |= evaluate(cat, c, d, vis, outer)
        return out
    if isinstance(cond, Not):
        return ~evaluate(cat, cond.not_, d, vis, outer)
    return _compare(cat, cond, d, vis, outer)


def _compare(cat: Catalogue, cmp: Comparison, d: Dense, vis: np.ndarray, outer) -> np.ndarray:
    pos = cat.position.get(cmp.item, -1)
    col = d.colmap[pos] if pos >= 0 else -1
    if col < 0 and outer is not None and pos >= 0 and outer[0].colmap[pos] >= 0:
        o_dense, o_vis, to_outer = outer
        return _compare(cat, cmp, o_dense, o_vis, None)[to_outer]
    op = cmp.operator
    if col < 0:  # an item this unit cannot answer never has a value
        return np.full(d.shape[0], op == "not_equals" or (op == "answered" and cmp.answered is False))
    field = cmp.field or DEFAULT_FIELD.get(cat.kinds[pos], "value")
    has = _has_value(d, col, field) & vis[:, col] & d.has_row[:, col] & (d.flag[:, col] == 0)
    if op == "answered":
        return has if cmp.answered else ~has
    target = getattr(cmp, op)
    if op in ("gt", "gte", "lt", "lte"):
        if field != "number":
            return np.zeros(d.shape[0], bool)
        x = d.number[:, col]
        with np.errstate(invalid="ignore"):
            hit = {"gt": x > target, "gte": x >= target, "lt": x < target, "lte": x <= target}[op]
        return has & hit
    if op == "includes":
        return has & (_chosen(cat, pos, d, col, target) if field == "choices" else False)
    values = target if op == "in_" else [target]
    match = np.zeros(d.shape[0], bool)
    for v in values:
        match |= _matches(cat, pos, field, d, col, v)
    return ~(has & match) if op == "not_equals" else has & match


def _has_value(d: Dense, col: int, field: str) -> np.ndarray:
    if field == "number":
        return ~np.isnan(d.number[:, col])
    if field == "choices":
        return d.choices[:, col] != 0
    codes = getattr(d, field)[:, col]
    return (codes > 0) | (d.text[:, col] if field == "value" else False)


def _bit(cat: Catalogue, pos: int, code: str) -> int:
    """The bit of ``code`` on the item's choice scale, 0 when it is not an option."""
    idx = cat.vocab.get_indexer([code])[0]
    k = cat.value_lut[pos, idx] if idx > 0 else -1
    return 1 << int(k) if k >= 0 else 0


def _chosen(cat: Catalogue, pos: int, d: Dense, col: int, code: object) -> np.ndarray:
    bit = _bit(cat, pos, str(code))
    return (d.choices[:, col] & bit) != 0 if bit else np.zeros(d.shape[0], bool)


def _matches(cat: Catalogue, pos: int, field: str, d: Dense, col: int, v: object) -> np.ndarray:
    none = np.zeros(d.shape[0], bool)
    if isinstance(v, bool):
        return none
    if field == "number":
        return d.number[:, col] == float(v) if isinstance(v, (int, float)) else none
    if field == "choices":  # exactly this one option
        bit = _bit(cat, pos, str(v))
        return d.choices[:, col] == bit if bit else none
    idx = cat.vocab.get_indexer([str(v)])[0]
    return getattr(d, field)[:, col] == idx if idx > 0 else none
