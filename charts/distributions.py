"""How cell states are distributed among a group of establishments, level by level (coordinator view).

Bars are stacked by state in the degree's own colour, shaded by state: no red-to-green scale. From 5 to 9
establishments the shares come in 20-point bands (the engine's k-rules, ``scoring.peers.share_rows``): a grid
then says each state's band in words, since bars would draw the exact shares the bands are there to hide.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.grid import FONT, grid_figure, wrap
from charts.palette import NEUTRAL, degree_colour, state_fill, state_outline, text_colour_on, tint
from continuum.i18n import fmt_percent, t
from scoring.messages import state_label
from scoring.peers import share_rows

OPTIONAL_LEVEL = "optional_level"  # not applicable because the campaign left the whole level optional
ORDER = ("established", "present", "declared_not_evidenced", "emerging", "absent", "to_be_agreed", "not_answered",
         "not_applicable", OPTIONAL_LEVEL)


def distribution_state_label(state: str, lang: str) -> str:
    """The engine's state in words; a level left optional reads as such, not as "not applicable"."""
    return t("results.cell.optional_level", lang) if state == OPTIONAL_LEVEL else state_label(state, lang)


def _as_text(values: pd.Series) -> pd.Series:
    """The values as Python strings; a categorical through its categories (cheap on a national frame)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Series(values.cat.categories.astype(str).to_numpy(dtype=object)[values.cat.codes.to_numpy()],
                         index=values.index, dtype=object)
    return values.astype(str).astype(object)


def state_counts(cell_states: pd.DataFrame) -> pd.DataFrame:
    """level, degree, state, count, share: how many establishments hold each state in each cell."""
    state = _as_text(cell_states["state"])
    if "optional" in cell_states:
        skipped = (state == "not_applicable").to_numpy() & cell_states["optional"].to_numpy(dtype=bool)
        state = state.where(~skipped, OPTIONAL_LEVEL)
    counts = (cell_states.assign(level=_as_text(cell_states["level"]), degree=_as_text(cell_states["degree"]),
                                 state=state)
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
                label = distribution_state_label(state, lang)
                texts.append(f"{label} {fmt_percent(r.share, lang, 0)}" if r.share >= 0.18 else "")
                hovers.append(f"{degree_label} · {label} : {int(r.count)} ({fmt_percent(r.share, lang, 0)})")
            fig.add_trace(go.Bar(
                y=ys, x=xs, orientation="h", marker=dict(color=fills, line=dict(color="#666666", width=0.6),
                                                         pattern=dict(shape="/" if state_outline(state) == "dash"
                                                                      else "")),
                text=texts, textposition="inside", insidetextanchor="middle",
                textfont=dict(color=[text_colour_on(f) for f in fills], size=11),
                hovertext=hovers, hoverinfo="text", showlegend=False, name=distribution_state_label(state, lang),
            ), row=row, col=1)
    fig.update_layout(barmode="stack", height=170 * len(levels) + 80, plot_bgcolor="white",
                      paper_bgcolor="white", font=dict(family=FONT), margin=dict(l=10, r=10, t=60, b=30),
                      title=dict(text=title, x=0) if title else None)
    fig.update_xaxes(range=[0, 100], ticksuffix=" %" if lang == "fr" else "%", fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    return fig


def banded(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` with n (establishments in the cell), status (not_enough_peers / banded / exact) and the
    20-point band of each share, by the engine's own rule."""
    n = counts.groupby(["level", "degree"])["count"].transform("sum").to_numpy()
    rows = share_rows(n, counts["count"].to_numpy(), np.ones(len(counts), dtype=bool))
    return counts.assign(n=n, status=rows["peer_status"], band_low=rows["band_low"], band_high=rows["band_high"])


def band_text(row, lang: str) -> str:
    return t("results.peers.band", lang, low=int(row.band_low), high=int(row.band_high))


def band_figure(bands: pd.DataFrame, levels: Sequence[tuple[str, str]], degrees: Sequence[tuple[str, str]],
                lang: str) -> go.Figure:
    """From 5 to 9 establishments: each cell lists its states with their 20-point bands, in the matrix's grid."""
    rows = []
    for (level, degree), part in bands.groupby(["level", "degree"], sort=False):
        part = part.assign(order=part["state"].map({s: k for k, s in enumerate(ORDER)})).sort_values("order")
        if set(part["state"]) == {OPTIONAL_LEVEL}:
            text, fill, dash = distribution_state_label(OPTIONAL_LEVEL, lang), NEUTRAL, "dot"
        else:
            text = "\n".join(f"{distribution_state_label(r.state, lang)} : {band_text(r, lang)}" if lang == "fr"
                             else f"{distribution_state_label(r.state, lang)}: {band_text(r, lang)}"
                             for r in part.itertuples(index=False))
            index = [d for d, _ in degrees].index(degree) if degree in [d for d, _ in degrees] else 0
            fill, dash = tint(degree_colour(degree, index), 0.12), "solid"
        rows.append({"level": level, "degree": degree, "fill": fill, "dash": dash, "text": text, "hover": text})
    cells = pd.DataFrame(rows, columns=["level", "degree", "fill", "dash", "text", "hover"])
    return grid_figure(cells, levels, degrees)
