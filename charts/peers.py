"""The share of peers where each cell is present or established, drawn on the profile's grid.

Shares arrive already protected (k ≥ 5, 20-point bands from 5 to 9 peers); this module only draws them.
A cell is shaded by the share, in its degree's colour; a cell not compared is grey and says why.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.grid import grid_figure
from charts.palette import NEUTRAL, degree_colour, tint
from continuum.i18n import fmt_percent, t

PEER_COLUMNS = ("level", "degree", "status", "share", "share_low", "share_high", "own_state")


def share_text(row, lang: str) -> str:
    """'45 %' from 10 peers, '40–60 %' as a band from 5 to 9, or why the cell is not compared."""
    status = str(row.status)
    if status != "shown":
        return t(f"results.peers.status_{status}", lang)
    low, high = float(row.share_low), float(row.share_high)
    if high - low > 1e-9:
        return t("results.peers.band", lang, low=round(100 * low), high=round(100 * high))
    return fmt_percent(float(row.share), lang, 0)


def shares_frame(figures, q) -> pd.DataFrame:
    """Storage's protected shares (``storage.aggregates.PeerFigures``) as the chart's frame; cells it left out are
    'not compared' (across categories, or optional for every peer), or all 'not enough peers' under k."""
    got = {(str(r.level), str(r.degree)): r.share_held for r in figures.shares.itertuples(index=False)}
    rows = []
    for level, degree in q.cells():
        value = got.get((level, degree))
        if value is None:  # too few peers; or left out: across categories, or a level optional for these peers
            status = "not_compared" if figures.enough else "not_enough_peers"
            rows.append((level, degree, status, float("nan"), float("nan"), float("nan")))
        elif figures.banded:
            low, high = (int(x) / 100 for x in str(value).replace("-", "–").split("–"))
            rows.append((level, degree, "shown", (low + high) / 2, low, high))
        else:
            share = float(value) / 100
            rows.append((level, degree, "shown", share, share, share))
    return pd.DataFrame(rows, columns=["level", "degree", "status", "share", "share_low", "share_high"])


def peer_cells(shares: pd.DataFrame, lang: str, own_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Cells to draw from a frame with ``PEER_COLUMNS`` (``own_state`` optional, as a label)."""
    rows = []
    degrees = list(dict.fromkeys(shares["degree"].astype(str)))
    for row in shares.itertuples(index=False):
        degree = str(row.degree)
        shown = str(row.status) == "shown"
        middle = (float(row.share_low) + float(row.share_high)) / 2 if shown else 0.0
        fill = tint(degree_colour(degree, degrees.index(degree)), 0.15 + 0.85 * middle) if shown else NEUTRAL
        text = f"<b>{share_text(row, lang)}</b>"
        own = (own_labels or {}).get(f"{row.level}|{degree}")
        if own:
            text += "\n" + t("results.peers.yours", lang, state=own)
        rows.append({"level": str(row.level), "degree": degree, "fill": fill, "dash": "solid" if shown else "dot",
                     "text": text, "hover": text.replace("<b>", "").replace("</b>", "")})
    return pd.DataFrame(rows, columns=["level", "degree", "fill", "dash", "text", "hover"])


def peer_figure(shares: pd.DataFrame, levels: Sequence[tuple[str, str]], degrees: Sequence[tuple[str, str]],
                lang: str, *, title: str = "", caption: str = "",
                own_labels: dict[str, str] | None = None, compact: bool = False) -> go.Figure:
    return grid_figure(peer_cells(shares, lang, own_labels), levels, degrees, title=title, caption=caption,
                       compact=compact)


def peer_table(shares: pd.DataFrame, levels: dict[str, str], degrees: dict[str, str], lang: str,
               own_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The data-table alternative: one row per cell with the share (or band) in words."""
    rows = []
    for r in shares.itertuples(index=False):
        row = {t("results.col.level", lang): levels.get(str(r.level), str(r.level)),
               t("results.col.degree", lang): degrees.get(str(r.degree), str(r.degree)),
               t("results.col.peer_share", lang): share_text(r, lang)}
        if own_labels is not None:
            row[t("results.col.your_state", lang)] = own_labels.get(f"{r.level}|{r.degree}", "—")
        rows.append(row)
    return pd.DataFrame(rows)
