"""The enabling environment: how many levers are in place in each dimension, as a radar and a table."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.grid import FONT, wrap
from charts.palette import COVERAGE_COLOUR
from questionnaires.model import Questionnaire


def dimension_counts(q: Questionnaire, item_states: pd.DataFrame, lang: str) -> pd.DataFrame:
    """dimension, label, n_answered, n_in_place, share for one response (items with a ``dimension``)."""
    dims = {d.id: d.label.get(lang) for d in q.dimensions}
    item_dim = {i.id: i.dimension for i in q.items(include_group_children=True) if i.dimension in dims}
    f = item_states[item_states["item_id"].astype(str).isin(item_dim)]
    f = f.assign(dimension=f["item_id"].astype(str).map(item_dim))
    grouped = f.groupby("dimension").agg(n_answered=("answered", "sum"), n_in_place=("in_place", "sum"))
    out = pd.DataFrame({"dimension": list(dims), "label": list(dims.values())})
    out = out.merge(grouped, left_on="dimension", right_index=True, how="left").fillna(0)
    out[["n_answered", "n_in_place"]] = out[["n_answered", "n_in_place"]].astype(int)
    out["share"] = out["n_in_place"] / out["n_answered"].where(out["n_answered"] > 0)
    return out


def radar_figure(counts: pd.DataFrame, title: str = "") -> go.Figure:
    """Share of answered levers in place per dimension; dimensions with no answer sit at 0 and say so in hover."""
    shares = (100 * counts["share"].fillna(0)).tolist()
    labels = [wrap(x, 18) for x in counts["label"]]
    hovers = [f"{lab} : {int(n)} / {int(a)}" for lab, n, a in zip(counts["label"], counts["n_in_place"],
                                                                    counts["n_answered"])]
    fig = go.Figure(go.Scatterpolar(r=shares + shares[:1], theta=labels + labels[:1], fill="toself",
                                    line=dict(color=COVERAGE_COLOUR), fillcolor="rgba(85,85,85,0.25)",
                                    hovertext=hovers + hovers[:1], hoverinfo="text", showlegend=False))
    fig.update_layout(polar=dict(radialaxis=dict(range=[0, 100], ticksuffix=" %", angle=90, tickfont=dict(size=9))),
                      height=520, font=dict(family=FONT), margin=dict(l=80, r=80, t=60 if title else 30, b=40),
                      title=dict(text=title, x=0) if title else None, paper_bgcolor="white")
    return fig
