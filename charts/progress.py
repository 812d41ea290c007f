"""Coverage per level across waves: to follow one establishment over time, never to rank establishments."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.grid import FONT, wrap

WAVE_GREYS = ("#B0B0B0", "#606060", "#2A2A2A", "#000000")  # older waves lighter


def coverage_figure(coverage: pd.DataFrame, levels: Sequence[tuple[str, str]], title: str = "",
                    caption: str = "") -> go.Figure:
    """``coverage`` has level, wave_label, coverage (0–1 or NaN); levels without a value show no bar."""
    fig = go.Figure()
    waves = list(dict.fromkeys(coverage["wave_label"]))
    for k, wave in enumerate(waves):
        part = coverage[coverage["wave_label"] == wave].set_index("level")["coverage"]
        values = [part.get(lv) for lv, _ in levels]
        fig.add_trace(go.Bar(x=[wrap(label, 14) for _, label in levels],
                             y=[100 * v if v == v and v is not None else None for v in values], name=str(wave),
                             marker_color=WAVE_GREYS[k] if len(waves) <= len(WAVE_GREYS) else None,
                             hovertemplate="%{x}: %{y:.0f} %<extra>" + str(wave) + "</extra>"))
    fig.update_layout(barmode="group", height=360, plot_bgcolor="white", paper_bgcolor="white",
                      font=dict(family=FONT), title=dict(text=title, x=0) if title else None,
                      margin=dict(l=10, r=10, t=60 if title else 20, b=80 if caption else 30),
                      legend=dict(orientation="h", y=1.1))
    fig.update_yaxes(range=[0, 100], ticksuffix=" %", gridcolor="#EEEEEE", fixedrange=True)
    if caption:
        fig.add_annotation(text=wrap(caption, 110), xref="paper", yref="paper", x=0, y=-0.3, xanchor="left",
                           yanchor="top", showarrow=False, align="left", font=dict(size=11, color="#333333"))
    return fig
