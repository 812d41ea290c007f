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
    top_rows = np.flatnonzero(enc.entry < 0)
    top = enc.take(top_rows)
    top_res = resolve(inv, top, top.r)
    top_dense = build(inv, top, top_res, len(inv_responses), inv.members(""))
    top_vis = visibility(inv, top_dense)
    group_shown = _group_shown(inv, rules.group, top_dense, top_vis)
    members = inv.members(rules.group)
    sub = enc.take(np.flatnonzero((enc.entry >= 0) & np.isin(enc.i, members)))
    key = sub.r * (int(sub.entry.max(initial=0)) + 1) + sub.entry
    unit, uniques = pd.factorize(key)
    width = int(sub.entry.max(initial=0)) + 1
    unit_r, unit_entry = uniques // width, uniques % width
    res = resolve(inv, sub, unit)
    d = build(inv, sub, res, len(uniques), members)
    vis = visibility(inv, d, outer=(top_dense, top_vis, unit_r))
    frame = _initiatives(matrix, inv, rules, d, vis, unit_r, unit_entry, inv_responses)
    frame = frame[group_shown[unit_r]].reset_index(drop=True)
    return Inventory(frame, _count(matrix, frame, scored))


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


def _initiatives(matrix, inv, rules: Derivation, d: Dense, vis, unit_r, unit_entry, inv_responses) -> pd.DataFrame:
    degrees = matrix.degrees
    derived = np.full(d.shape[0], -1)
    for rule in rules.rules:
        hit = np.ones(d.shape[0], bool) if rule.when is None else evaluate(inv, rule.when, d, vis)
        if rule.degree in degrees:
            derived = np.where((derived < 0) & hit, degrees.index(rule.degree), derived)
    level = _option_attr(matrix, inv, d, rules.level_item, "level", matrix.levels)
    declared = _option_attr(matrix, inv, d, rules.declared_item, "degree", degrees)
    resp = inv_responses.iloc[unit_r]
    names = np.array(degrees + [""], dtype=object)
    frame = pd.DataFrame({
        "inventory_response_id": resp["response_id"].to_numpy(), "establishment": resp["establishment"].to_numpy(),
        "campaign_id": resp["campaign_id"].to_numpy(), "wave": resp["wave"].to_numpy(), "entry": unit_entry,
        "level": np.array(matrix.levels + [""], dtype=object)[level], "declared_degree": names[declared],
        "derived_degree": names[derived], "over_declared": declared > derived, "to_be_agreed": d.tba.any(axis=1),
        "level_index": level, "derived_rank": derived,
    })
    for item_id in rules.conditions_items:
        frame[f"condition:{item_id}"] = _raw(inv, d, item_id)
    return frame


def _raw(inv: Catalogue, d: Dense, item_id: str) -> np.ndarray:
    """An entry's answer as text (codes joined by '|'), for reporting the conditions as they were given."""
    pos = inv.position.get(item_id, -1)
    col = d.colmap[pos] if pos >= 0 else -1
    if col < 0:
        return np.full(d.shape[0], "", dtype=object)
    kind, vocab = inv.kinds[pos], inv.vocab.to_numpy(dtype=object)
    if kind == "number":
        return np.where(d.answered[:, col], d.number[:, col].astype(str), "")
    if kind == "multiple_choice":
        scale = inv._scales(inv.items[pos], "value")
        codes = [o.code for o in scale.options] if scale else []
        masks, back = np.unique(d.choices[:, col], return_inverse=True)
        texts = np.array(["|".join(c for b, c in enumerate(codes) if int(m) >> b & 1) for m in masks], dtype=object)
        return np.where(d.answered[:, col], texts[back], "")
    return np.where(d.answered[:, col], vocab[np.maximum(d.value[:, col], 0)], "")


def _count(matrix: Catalogue, frame: pd.DataFrame, scored: pd.DataFrame) -> np.ndarray:
    """matrix responses × levels × degrees: initiatives of the same establishment and campaign, by derived degree."""
    out = np.zeros((len(scored), len(matrix.levels), len(matrix.degrees)), np.int32)
    usable = frame[(frame["level_index"] >= 0) & (frame["derived_rank"] >= 0)]
    if usable.empty:
        return out
    target = pd.DataFrame({"r": np.arange(len(scored)), "establishment": scored["establishment"].to_numpy(),
                           "campaign_id": scored["campaign_id"].to_numpy()})
    linked = usable.merge(target, on=["establishment", "campaign_id"])
    np.add.at(out, (linked["r"].to_numpy(), linked["level_index"].to_numpy(), linked["derived_rank"].to_numpy()), 1)
    return out


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in INITIATIVE_COLUMNS}).assign(
        level_index=pd.Series(dtype="int64"), derived_rank=pd.Series(dtype="int64"))


__all__ = ["Inventory", "derive", "catalogue_of"]
