"""Peers: the share of peers where each cell is present or established, under the confidentiality rules.

Never fewer than 5 peers (the establishment itself excluded, submitted responses only); 20-point
bands from 5 to 9 peers, exact shares from 10; never a minimum, a maximum or one peer's value.
Coverage is never compared across establishments. Participation is voluntary: every row says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from continuum.problems import Problem
from scoring.errors import problem
from scoring.result import ProfileResult
from scoring.states import HELD, SCORED, STATES
from scoring.strings import constant_column, text_column

MIN_PEERS = 5
EXACT_FROM = 10
BAND = 20
MIN_GROUP_DIFFERENCE = 5
CROSS_CATEGORY_LEVELS = ("care", "organisation")
VOLUNTARY_NOTE = "peers.voluntary"

BAND_LABELS = np.array([f"{lo}–{lo + BAND} %" for lo in range(0, 100, BAND)], dtype=object)

GroupKind = Literal["national", "region", "category", "saved"]


@dataclass(frozen=True)
class PeerGroup:
    """Who an establishment is compared with: its region, its category, the nation, or a saved group."""

    kind: GroupKind = "national"
    name: str = ""
    members: frozenset[str] = field(default_factory=frozenset)  # establishments (FINESS ET) of a saved group
    co_filled_only: bool = False  # compare only with assessments filled together with users

    @classmethod
    def national(cls, **kw) -> PeerGroup:
        return cls("national", "national", **kw)

    @classmethod
    def region(cls, **kw) -> PeerGroup:
        return cls("region", "region", **kw)

    @classmethod
    def category(cls, **kw) -> PeerGroup:
        return cls("category", "category", **kw)

    @classmethod
    def saved(cls, name: str, members: Iterable[str], **kw) -> PeerGroup:
        return cls("saved", name, frozenset(members), **kw)


def _keys(resp: pd.DataFrame, group: PeerGroup) -> np.ndarray:
    """One code per peer group: the campaign, and the region or category for those kinds."""
    key = pd.factorize(resp["campaign_id"].astype(str).to_numpy(dtype=object))[0]
    if group.kind in ("region", "category"):
        codes, uniques = pd.factorize(resp[group.kind].astype(str).to_numpy(dtype=object))
        key = pd.factorize(key * (len(uniques) + 1) + codes)[0]
    return key


def _eligible(resp: pd.DataFrame, group: PeerGroup) -> np.ndarray:
    ok = (resp["status"].astype(str) == "submitted").to_numpy().copy()
    if group.co_filled_only:
        ok &= resp["co_filled"].fillna(False).astype(bool).to_numpy()
    if group.kind == "saved":
        ok &= resp["establishment"].astype(str).isin(group.members).to_numpy()
    return ok


def _spans_categories(resp: pd.DataFrame, key: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Per response: do its peers and itself span several categories?"""
    category, uniques = pd.factorize(resp["category"].astype(str).to_numpy(dtype=object))
    n_groups, n_cat = int(key.max(initial=-1)) + 1, max(len(uniques), 1)
    pairs = np.bincount(key[eligible] * n_cat + category[eligible], minlength=n_groups * n_cat)
    seen = pairs.reshape(n_groups, n_cat) > 0
    n_seen = seen.sum(axis=1)
    one = np.where(n_seen == 1, seen.argmax(axis=1), -1)  # the single category of a one-category group
    return (n_seen[key] > 1) | ((n_seen[key] == 1) & (one[key] != category))


PEER_STATUSES = np.array(["not_compared", "not_enough_peers", "banded", "exact", "hidden_rare"], dtype=object)
BAND_TEXTS = np.append(BAND_LABELS, "")  # code -1: no band


def _share_codes(n_peers: np.ndarray, n_held: np.ndarray, compared: np.ndarray) -> dict[str, np.ndarray]:
    """The k-rules as numbers: status and band as codes into PEER_STATUSES and BAND_TEXTS."""
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n_peers > 0, n_held / np.maximum(n_peers, 1), np.nan)
    status = np.select([~compared, n_peers < MIN_PEERS, n_peers < EXACT_FROM], [0, 1, 2], 3)
    low = np.minimum(np.floor(share * 100 / BAND) * BAND, 100 - BAND)
    banded = status == 2
    band_low = np.where(banded, low, np.nan)
    return {"peer_status": status, "share": np.where(status == 3, share, np.nan), "band_low": band_low,
            "band_high": band_low + BAND, "band": np.where(banded, np.nan_to_num(low, nan=0).astype(int) // BAND, -1)}


def share_rows(n_peers: np.ndarray, n_held: np.ndarray, compared: np.ndarray) -> dict[str, np.ndarray]:
    """The k-rules: status, exact share from 10 peers, 20-point band from 5 to 9, nothing below 5."""
    out = _share_codes(n_peers, n_held, compared)
    return {**out, "peer_status": PEER_STATUSES[out["peer_status"]], "band": BAND_TEXTS[out["band"]]}


def _totals(key: np.ndarray, eligible: np.ndarray, values: np.ndarray) -> np.ndarray:
    """groups × cells: the sum of ``values`` over each group's eligible responses (one bincount per cell)."""
    n_groups = int(key.max(initial=-1)) + 1
    k = key[eligible]
    v = values[eligible]
    return np.stack([np.bincount(k, weights=v[:, c], minlength=n_groups) for c in range(values.shape[1])],
                    axis=1).astype(np.int64) if values.shape[1] else np.zeros((n_groups, 0), np.int64)


def compare_to_peers(result: ProfileResult, group: PeerGroup, *, response_ids: Iterable[str] | None = None,
                     cross_category_levels: Iterable[str] = CROSS_CATEGORY_LEVELS) -> pd.DataFrame:
    """One row per (response, cell): its own state beside the share of its peers holding that cell."""
    resp = result.responses
    n, n_cells = len(resp), len(result.questionnaire.cells())
    state = result.cell_states["state"].cat.codes.to_numpy().reshape(n, n_cells)
    scored = np.isin(state, [STATES.index(s) for s in SCORED])
    held = np.isin(state, [STATES.index(s) for s in HELD])
    key, eligible = _keys(resp, group), _eligible(resp, group)
    self_in = eligible[:, None]
    n_peers = _totals(key, eligible, scored)[key] - (self_in & scored)
    n_held = _totals(key, eligible, held)[key] - (self_in & held)
    levels = np.array([lvl for lvl, _ in result.questionnaire.cells()])
    multi = _spans_categories(resp, key, eligible) if n else np.zeros(0, bool)
    compared = ~multi[:, None] | np.isin(levels, list(cross_category_levels))[None, :]
    rows = np.arange(n)
    if response_ids is not None:
        rows = np.flatnonzero(resp["response_id"].astype(str).isin(list(response_ids)).to_numpy())
    codes = _share_codes(n_peers[rows].ravel(), n_held[rows].ravel(), compared[rows].ravel())
    cs = result.cell_states
    at = (rows[:, None] * n_cells + np.arange(n_cells)[None, :]).ravel()
    est_codes, est = result.establishment_codes
    m = len(at)
    pick = (lambda c: c) if response_ids is None else (lambda c: c.take(at))
    out = pd.DataFrame({
        "response_id": pick(cs["response_id"].array), "establishment": text_column(est, np.repeat(est_codes[rows],
                                                                                                  n_cells)),
        "level": pick(cs["level"].array), "degree": pick(cs["degree"].array), "state": pick(cs["state"].array),
        "group": constant_column(group.name or group.kind, m), "n_peers": n_peers[rows].ravel(),
        "peer_status": text_column(PEER_STATUSES, codes["peer_status"]), "share": codes["share"],
        "band_low": codes["band_low"], "band_high": codes["band_high"], "band": text_column(BAND_LABELS, codes["band"]),
        "low_completeness": pick(cs["low_completeness"].to_numpy()),  # of the establishment's own cell
        "note": constant_column(VOLUNTARY_NOTE, m)})
    return out


def check_peer_group(new_members: Iterable[str], existing_groups: Mapping[str, Iterable[str]]) -> list[Problem]:
    """Refuse a group that differs from a saved one by fewer than 5 establishments (subtraction would reveal them)."""
    new = set(new_members)
    out = []
    for name, members in existing_groups.items():
        difference = len(new ^ set(members))
        if difference < MIN_GROUP_DIFFERENCE:
            out.append(problem("scoring-peer-group-near-duplicate", f"peer group/{name}", found=name,
                               count=difference))
    return out


def group_figures(result: ProfileResult, establishments: Iterable[str] | None = None, *,
                  campaign_id: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A group's own figures (regional report): shares per cell, and per practice with rare practices hidden."""
    resp = result.responses
    mask = (resp["status"].astype(str) == "submitted").to_numpy().copy()  # pandas may hand back a read-only view
    if establishments is not None:
        mask &= resp["establishment"].astype(str).isin(set(establishments)).to_numpy()
    if campaign_id is not None:
        mask &= (resp["campaign_id"].astype(str) == campaign_id).to_numpy()
    ids = set(resp.loc[mask, "response_id"].astype(str))
    multi = resp.loc[mask, "category"].nunique() > 1
    cs = result.cell_states[result.cell_states["response_id"].isin(ids).to_numpy()]
    per_cell = cs.groupby(["level", "degree"], observed=True)["state"].agg(
        n=lambda s: int(s.isin(SCORED).sum()), held=lambda s: int(s.isin(HELD).sum())).reset_index()
    compared = np.full(len(per_cell), not multi) | per_cell["level"].isin(CROSS_CATEGORY_LEVELS).to_numpy()
    cells = per_cell.assign(**share_rows(per_cell["n"].to_numpy(dtype=np.int64),
                                         per_cell["held"].to_numpy(dtype=np.int64), compared),
                            note=VOLUNTARY_NOTE).rename(columns={"n": "n_establishments"}).drop(columns="held")
    items = result.item_states[result.item_states["response_id"].isin(ids).to_numpy()]
    per_item = items.groupby("item_id", observed=True).agg(n=("answered", "sum"), held=("in_place", "sum"))
    per_item = per_item.reset_index()
    rows = share_rows(per_item["n"].to_numpy(dtype=np.int64), per_item["held"].to_numpy(dtype=np.int64),
                      np.ones(len(per_item), bool))
    rare = (per_item["held"] > 0) & (per_item["held"] < MIN_PEERS)
    rows["peer_status"] = np.where(rare, "hidden_rare", rows["peer_status"])
    for k in ("share", "band_low", "band_high"):
        rows[k] = np.where(rare, np.nan, rows[k])
    rows["band"] = np.where(rare, "", rows["band"])
    practices = per_item.drop(columns="held").rename(columns={"n": "n_establishments"}).assign(**rows,
                                                                                              note=VOLUNTARY_NOTE)
    return cells.reset_index(drop=True), practices
