"""Peer figures for a report, in the shape the peer chart draws, from the engine or from storage's aggregates.

A batch (coordinator scope) compares every establishment from the one scored campaign with
``scoring.peers``; an establishment's own download goes through ``storage.aggregates``, the only
place that may read other establishments' answers. Both keep the k rules: never fewer than 5
peers (self excluded, submitted only), 20-point bands from 5 to 9, exact shares from 10.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from charts.peers import shares_frame
from scoring.peers import PeerGroup
from scoring.result import ProfileResult

GROUPS = ("region", "category", "national")
SHOWN = ("exact", "banded")


@dataclass(frozen=True)
class PeerView:
    """One comparison group: how many peers, whether shares are banded, and the shares per cell."""

    group: str  # region / category / national
    n_peers: int
    enough: bool
    banded: bool
    cross_category: bool  # several categories: compared on care and organisation only
    shares: pd.DataFrame  # level, degree, status ('shown' / 'not_compared' / 'not_enough_peers'), share, share_low, share_high


def chart_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The engine's peer rows (peer_status, share, band_low, band_high) as the peer chart's frame."""
    status = rows["peer_status"].astype(str).to_numpy()
    shown = np.isin(status, SHOWN)
    banded = status == "banded"
    share = rows["share"].to_numpy(dtype=float)
    low = np.where(banded, rows["band_low"].to_numpy(dtype=float) / 100, share)
    high = np.where(banded, rows["band_high"].to_numpy(dtype=float) / 100, share)
    return pd.DataFrame({"level": rows["level"].astype(str).to_numpy(), "degree": rows["degree"].astype(str).to_numpy(),
                         "status": np.where(shown, "shown", status), "share": np.where(banded, (low + high) / 2, share),
                         "share_low": low, "share_high": high})


class EnginePeers:
    """Every response's peers at once, from the scored campaign (one pass per group for the whole batch)."""

    def __init__(self, result: ProfileResult, campaign_id: str) -> None:
        ids = result.responses.loc[result.responses["campaign_id"] == campaign_id, "response_id"].astype(str)
        self._by_group = {g: result.peers(getattr(PeerGroup, g)(), response_ids=ids) for g in GROUPS}
        self._index = {g: f.groupby(f["response_id"].astype(str), sort=False).indices
                       for g, f in self._by_group.items()}

    def views(self, response_id: str) -> list[PeerView]:
        out = []
        for group in GROUPS:
            frame = self._by_group[group]
            rows = frame.iloc[self._index[group].get(response_id, [])]
            status = rows["peer_status"].astype(str)
            shown = status.isin(SHOWN)
            n = int(rows.loc[shown, "n_peers"].max()) if shown.any() else int(rows["n_peers"].max() if len(rows) else 0)
            out.append(PeerView(group, n, bool(shown.any()), bool((status == "banded").any()),
                                bool((status == "not_compared").any()), chart_frame(rows)))
        return out


class StoragePeers:
    """An establishment's peers through ``storage.aggregates`` (region, category, national; k rules applied there)."""

    def __init__(self, session, scope, campaign_id: str, questionnaire) -> None:
        self.session, self.scope, self.campaign_id, self.q = session, scope, campaign_id, questionnaire

    def views(self, row: pd.Series) -> list[PeerView]:
        from storage import aggregates

        out = []
        for group in GROUPS:
            kwargs = {group: str(row[group])} if group in ("region", "category") else {}
            figures = aggregates.peer_cell_shares(self.session, self.scope, self.campaign_id, self.q.id,
                                                  site=str(row["establishment"]), **kwargs)
            out.append(self._view(group, figures))
        return out

    def _view(self, group: str, figures) -> PeerView:
        shares = shares_frame(figures, self.q)  # the dashboard's reading of storage's protected shares
        return PeerView(group, int(figures.peers), bool(figures.enough), bool(figures.banded),
                        bool(figures.enough and figures.cross_category), shares)
