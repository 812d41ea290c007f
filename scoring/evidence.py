"""The initiative inventory: derive each initiative's degree from who held power, then count evidence per cell.

The degree comes from the power descriptors through the declared rules (first match wins), never
from the label the project lead chose; the conditions (trained, paid, supervised) are only reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from questionnaires.model import Derivation, Questionnaire
from scoring.catalogue import Catalogue, catalogue_of
from scoring.consensus import resolve
from scoring.dense import Dense, build
from scoring.prepare import Encoded
from scoring.strings import text_column
from scoring.visibility import evaluate, visibility

INITIATIVE_COLUMNS = ("inventory_response_id", "establishment", "campaign_id", "wave", "entry", "level",
                      "declared_degree", "derived_degree", "over_declared", "to_be_agreed")


@dataclass
class Inventory:
    initiatives: pd.DataFrame
    per_cell: np.ndarray  # matrix responses × levels × degrees: initiatives whose derived degree is that degree


def derivation_of(inventory: Questionnaire, matrix: Questionnaire) -> Derivation | None:
    return inventory.scoring.derivation or matrix.scoring.derivation


def derive(matrix: Catalogue, inv: Catalogue, inv_responses: pd.DataFrame, enc: Encoded,
           scored: pd.DataFrame) -> Inventory:
    """Initiatives of the inventory responses, linked to the matrix responses of the same establishment and campaign."""
    rules = derivation_of(inv.questionnaire, matrix.questionnaire)
    per_cell = np.zeros((len(scored), len(matrix.levels), len(matrix.degrees)), np.int32)
    if rules is None or not len(enc):
        return Inventory(_empty(), per_cell)
    top = _where(enc, enc.entry < 0)
    top_res = resolve(inv, top, top.r, details=False)  # the inventory's answers are scored, never compared
    top_dense = build(inv, top, top_res, len(inv_responses), inv.members(""))
    top_vis = visibility(inv, top_dense)
    group_shown = _group_shown(inv, rules.group, top_dense, top_vis)
    members = inv.members(rules.group)
    is_member = np.zeros(len(inv.items), bool)
    is_member[members] = True
    sub = _where(enc, (enc.entry >= 0) & is_member[enc.i])
    width = int(sub.entry.max(initial=0)) + 1
    unit, uniques = _first_seen(sub.r.astype(np.int64) * width + sub.entry, len(inv_responses) * width)
    unit_r, unit_entry = uniques // width, uniques % width
    res = resolve(inv, sub, unit, details=False)
    d = build(inv, sub, res, len(uniques), members)
    vis = visibility(inv, d, outer=(top_dense, top_vis, unit_r))
    frame = _initiatives(matrix, inv, rules, d, vis, unit_r, unit_entry, inv_responses, group_shown[unit_r])
    return Inventory(frame, _count(matrix, frame, inv_responses, scored))


def _first_seen(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(key)`` (codes in order of first appearance) for keys below ``size``, without hashing."""
    if size > 4 * len(key) + (1 << 20):
        return pd.factorize(key)
    first = np.full(size, len(key), dtype=np.int64)
    np.minimum.at(first, key, np.arange(len(key)))
    uniques = np.flatnonzero(first < len(key))
    uniques = uniques[np.argsort(first[uniques], kind="stable")]
    code = np.empty(size, dtype=np.int64)
    code[uniques] = np.arange(len(uniques))
    return code[key], uniques


def _where(enc: Encoded, mask: np.ndarray) -> Encoded:
    return enc if mask.all() else enc.take(np.flatnonzero(mask))


def _group_shown(inv: Catalogue, group: str, top: Dense, vis: np.ndarray) -> np.ndarray:
    cond = inv.questionnaire.item(group).when if group in inv.position else None
    return np.ones(top.shape[0], bool) if cond is None else evaluate(inv, cond, top, vis)


def _option_attr(matrix: Catalogue, inv: Catalogue, d: Dense, item_id: str, attr: str, ids: list[str]) -> np.ndarray:
    """The level or degree each entry names through ``item_id``'s chosen option, as an index into ``ids``."""
    pos = inv.position.get(item_id, -1)
    col = d.colmap[pos] if pos >= 0 else -1
    if col < 0:
        return np.full(d.shape[0], -1)
    lut = np.full(len(inv.vocab), -1)
    scale = inv._scales(inv.items[pos], "value")
    for option in scale.options if scale else []:
        name = getattr(option, attr) or (option.code if attr == "degree" else None)
        if name in ids:
            lut[inv.vocab.get_loc(option.code)] = ids.index(name)
    return np.where(d.answered[:, col], lut[np.maximum(d.value[:, col], 0)], -1)


def _initiatives(matrix, inv, rules: Derivation, d: Dense, vis, unit_r, unit_entry, inv_responses,
                 shown: np.ndarray) -> pd.DataFrame:
    """One row per initiative whose group is shown; text columns built from codes."""
    degrees = matrix.degrees
    derived = np.full(d.shape[0], -1)
    for rule in rules.rules:
        hit = np.ones(d.shape[0], bool) if rule.when is None else evaluate(inv, rule.when, d, vis)
        if rule.degree in degrees:
            derived = np.where((derived < 0) & hit, degrees.index(rule.degree), derived)
    level = _option_attr(matrix, inv, d, rules.level_item, "level", matrix.levels)
    declared = _option_attr(matrix, inv, d, rules.declared_item, "degree", degrees)
    keep = np.flatnonzero(shown)
    r = unit_r[keep]
    derived, level, declared = derived[keep], level[keep], declared[keep]
    frame = {"inventory_response_id": _text_of(inv_responses["response_id"], r),
             "establishment": _text_of(inv_responses["establishment"], r),
             "campaign_id": _text_of(inv_responses["campaign_id"], r),
             "wave": inv_responses["wave"].to_numpy()[r], "entry": unit_entry[keep],
             "level": text_column(matrix.levels, level), "declared_degree": text_column(degrees, declared),
             "derived_degree": text_column(degrees, derived), "over_declared": declared > derived,
             "to_be_agreed": d.tba.any(axis=1)[keep], "level_index": level, "derived_rank": derived}
    for item_id in rules.conditions_items:
        frame[f"condition:{item_id}"] = _raw(inv, d, item_id, keep)
    return pd.DataFrame(frame)


def _text_of(column: pd.Series, rows: np.ndarray):
    codes, uniques = pd.factorize(column.astype(str).to_numpy(dtype=object))
    return text_column(uniques, codes[rows])


def _raw(inv: Catalogue, d: Dense, item_id: str, rows: np.ndarray):
    """An entry's answer as text (codes joined by '|'), for reporting the conditions as they were given."""
    pos = inv.position.get(item_id, -1)
    col = d.colmap[pos] if pos >= 0 else -1
    if col < 0:
        return text_column([], np.full(len(rows), -1))
    kind, vocab = inv.kinds[pos], inv.vocab.to_numpy(dtype=object)
    answered = d.answered[rows, col]
    if kind == "number":
        return np.where(answered, d.number[rows, col].astype(str), "")
    if kind == "multiple_choice":
        scale = inv._scales(inv.items[pos], "value")
        codes = [o.code for o in scale.options] if scale else []
        masks, back = np.unique(d.choices[rows, col], return_inverse=True)
        texts = ["|".join(c for b, c in enumerate(codes) if int(m) >> b & 1) for m in masks]
        return text_column(texts, np.where(answered, back, -1))
    return text_column(vocab, np.where(answered, np.maximum(d.value[rows, col], 0), -1))


def _count(matrix: Catalogue, frame: pd.DataFrame, inv_responses: pd.DataFrame, scored: pd.DataFrame) -> np.ndarray:
    """matrix responses × levels × degrees: initiatives of the same establishment and campaign, by derived degree."""
    n_lv, n_deg = len(matrix.levels), len(matrix.degrees)
    out = np.zeros((len(scored), n_lv, n_deg), np.int32)
    usable = (frame["level_index"].to_numpy() >= 0) & (frame["derived_rank"].to_numpy() >= 0)
    if not usable.any():
        return out
    key = np.zeros(len(scored) + int(usable.sum()), dtype=np.int64)
    for column in ("establishment", "campaign_id"):  # one code per (establishment, campaign) pair
        codes, uniques = pd.factorize(np.concatenate([scored[column].astype(str).to_numpy(dtype=object),
                                                      frame[column].to_numpy(dtype=object)[usable]]))
        key = key * (len(uniques) + 1) + codes
    pair, pairs = pd.factorize(key)
    mine, theirs = pair[: len(scored)], pair[len(scored):]
    cell = frame["level_index"].to_numpy()[usable] * n_deg + frame["derived_rank"].to_numpy()[usable]
    per_pair = np.bincount(theirs * (n_lv * n_deg) + cell, minlength=len(pairs) * n_lv * n_deg)
    return per_pair.reshape(len(pairs), n_lv, n_deg)[mine].astype(np.int32)  # every response of the pair counts them


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in INITIATIVE_COLUMNS}).assign(
        level_index=pd.Series(dtype="int64"), derived_rank=pd.Series(dtype="int64"))


__all__ = ["Inventory", "derive", "catalogue_of"]
