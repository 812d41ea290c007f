"""How cell states are distributed among a group of establishments, level by level (coordinator view).

Bars are stacked by state in the degree's own colour, shaded by state: no red-to-green scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.grid import FONT, wrap
from charts.palette import state_fill, state_outline, text_colour_on
from continuum.i18n import fmt_percent
from scoring.messages import state_label

ORDER = ("established", "present", "declared_not_evidenced", "emerging", "absent", "to_be_agreed", "not_answered",
         "not_applicable")


def state_counts(cell_states: pd.DataFrame) -> pd.DataFrame:
    """level, degree, state, count, share: how many establishments hold each state in each cell."""
    counts = (cell_states.assign(level=cell_states["level"].astype(str), degree=cell_states["degree"].astype(str),
                                 state=cell_states["state"].astype(str))
              .groupby(["level", "degree", "state"], sort=False).size().rename("count").reset_index())
    counts = counts[counts["count"] > 0]
    totals = counts.groupby(["level", "degree"])["count"].transform("sum")
    return counts.assign(share=counts["count"] / totals).reset_index(drop=True)


def distribution_figure(counts: pd.DataFrame, levels: Sequence[tuple[str, str]],
                        degrees: Sequence[tuple[str, str]], lang: str, title: str = "") -> go.Figure:
    """One panel per level; in each, one horizontal bar per degree, stacked by state."""
    fig = make_subplots(rows=len(levels), cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        subplot_titles=[f"<b>{label}</b>" for _, label in levels])
    for row, (level_id, _) in enumerate(levels, start=1):
        part = counts[counts["level"] == level_id]
        for state in ORDER:
            sub = part[part["state"] == state]
            if sub.empty:
                continue
            by_degree = {str(r.degree): r for r in sub.itertuples(index=False)}
            ys, xs, fills, texts, hovers = [], [], [], [], []
            for col, (degree_id, degree_label) in enumerate(degrees):
                r = by_degree.get(degree_id)
                if r is None:
                    continue
                fill = state_fill(degree_id, state, col)
                ys.append(wrap(degree_label, 18))
                xs.append(100 * r.share)
                fills.append(fill)
                label = state_label(state, lang)
                texts.append(f"{label} {fmt_percent(r.share, lang, 0)}" if r.share >= 0.18 else "")
                hovers.append(f"{degree_label} · {label} : {int(r.count)} ({fmt_percent(r.share, lang, 0)})")
            fig.add_trace(go.Bar(
                y=ys, x=xs, orientation="h", marker=dict(color=fills, line=dict(color="#666666", width=0.6),
                                                         pattern=dict(shape="/" if state_outline(state) == "dash"
                                                                      else "")),
                text=texts, textposition="inside", insidetextanchor="middle",
                textfont=dict(color=[text_colour_on(f) for f in fills], size=11),
                hovertext=hovers, hoverinfo="text", showlegend=False, name=state_label(state, lang),
            ), row=row, col=1)
    fig.update_layout(barmode="stack", height=170 * len(levels) + 80, plot_bgcolor="white",
                      paper_bgcolor="white", font=dict(family=FONT), margin=dict(l=10, r=10, t=60, b=30),
                      title=dict(text=title, x=0) if title else None)
    fig.update_xaxes(range=[0, 100], ticksuffix=" %" if lang == "fr" else "%", fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    return fig
