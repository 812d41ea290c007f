"""The report's figures, from the dashboard's builders in ``charts`` (cell contents, palette, layout).

``grid`` draws exactly what ``charts.grid.grid_figure`` draws (a test compares the two figures), but
hands plotly its shapes and annotations as lists in one call: ``add_shape`` re-validates every
shape already added, which costs about two seconds per grid, and a campaign needs a hundred grids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts import grid as chart_grid
from charts.palette import NEUTRAL, degree_colour, text_colour_on
from charts.peers import peer_cells
from charts.profile import matrix_labels, profile_cells
from continuum.i18n import typeset
from questionnaires.model import Questionnaire
from scoring.messages import render


def grid(cells: pd.DataFrame, levels: Sequence[tuple[str, str]], degrees: Sequence[tuple[str, str]], *,
         title: str = "", caption: str = "", compact: bool = False) -> go.Figure:
    """``charts.grid.grid_figure``, built in one call."""
    lookup = {(r.level, r.degree): r for r in cells.itertuples(index=False)}
    shapes, annotations, xs, ys, hovers = [], [], [], [], []
    n_levels = len(levels)
    for row, (level_id, level_label) in enumerate(levels):
        y = n_levels - 1 - row
        for col, (degree_id, degree_label) in enumerate(degrees):
            cell = lookup.get((level_id, degree_id))
            fill = getattr(cell, "fill", NEUTRAL) if cell is not None else NEUTRAL
            dash = getattr(cell, "dash", "dot") if cell is not None else "dot"
            text = getattr(cell, "text", "") if cell is not None else ""
            if compact:
                text = text.split("\n")[0]
            line = degree_colour(degree_id, col) if dash != "dot" else "#9A9A9A"
            shapes.append(dict(type="rect", x0=col + 0.03, x1=col + 0.97, y0=y + 0.05, y1=y + 0.95, fillcolor=fill,
                               line=dict(color=line, width=2 if dash != "dot" else 1.2, dash=dash), layer="below"))
            annotations.append(dict(x=col + 0.5, y=y + 0.5, text=text.replace("\n", "<br>"), showarrow=False,
                                    font=dict(size=10 if compact else 12, color=text_colour_on(fill))))
            xs.append(col + 0.5)
            ys.append(y + 0.5)
            hover = getattr(cell, "hover", "") if cell is not None else ""
            hovers.append(f"<b>{level_label} · {degree_label}</b><br>{(hover or text).replace(chr(10), '<br>')}")
    if caption:
        annotations.append(dict(text=chart_grid.wrap(caption, 120), xref="paper", yref="paper", x=0, y=-0.03,
                                xanchor="left", yanchor="top", showarrow=False, align="left",
                                font=dict(size=12, color="#333333")))
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", marker=dict(opacity=0, size=48), hovertext=hovers,
                               hoverinfo="text", showlegend=False),
                    layout=dict(shapes=shapes, annotations=annotations))
    chart_grid._axes(fig, levels, degrees, 10 if compact else 16)
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=14)) if title else None,
        height=(70 if compact else chart_grid.CELL_HEIGHT) * n_levels + (150 if title else 110) + (40 if caption else 0),
        margin=dict(l=10, r=10, t=100 if title else 60, b=70 if caption else 20),
        plot_bgcolor="white", paper_bgcolor="white", font=dict(family=chart_grid.FONT),
    )
    return fig


def profile(q: Questionnaire, cell_states: pd.DataFrame, lang: str) -> go.Figure:
    """``charts.profile.response_profile``: the grid of one response, with the fixed caption."""
    levels, degrees = matrix_labels(q, lang)
    return grid(profile_cells(cell_states, lang), levels, degrees, caption=render("profile.caption", lang))


def peers(shares: pd.DataFrame, levels, degrees, lang: str, own_labels: dict[str, str] | None = None) -> go.Figure:
    """``charts.peers.peer_figure``."""
    return grid(peer_cells(shares, lang, own_labels), levels, degrees)


def print_figure(fig: go.Figure, lang: str) -> go.Figure:
    """A copy of the figure made for paper: its printed texts (title, annotations, ticks, bar labels) in the
    language's typography (in French, no line of a chart starts with ':' or '»'), and a left margin wide enough for
    its row labels from the first drawing, so that a late automargin pass can never leave them cut. The
    dashboard's figure is left as it is."""
    data = fig.to_plotly_json()
    layout = data.get("layout", {})
    if lang == "fr":
        for annotation in layout.get("annotations", ()):
            if isinstance(annotation.get("text"), str):
                annotation["text"] = typeset(annotation["text"], lang)
        for key, value in layout.items():
            if (key.startswith(("xaxis", "yaxis")) or key == "title") and isinstance(value, dict):
                _typeset_keys(value, ("ticktext", "text"), lang)
                if isinstance(value.get("title"), dict):
                    _typeset_keys(value["title"], ("text",), lang)
        for trace in data.get("data", ()):
            _typeset_keys(trace, ("text", "x", "y"), lang)
    axes = [v for k, v in layout.items() if k.startswith("yaxis") and isinstance(v, dict)]
    categories = [{"ticktext": [y for y in t.get("y") or () if isinstance(y, str)]}  # horizontal bars' rows
                  for t in data.get("data", ()) if t.get("orientation") == "h"]
    left = max([_label_width(a) for a in axes + categories] or [0])
    if left:
        margin = layout.setdefault("margin", {})
        margin["l"] = max(int(margin.get("l") or 0), left)
    return go.Figure(data=data.get("data"), layout=layout, skip_invalid=True)


def _label_width(axis: dict) -> int:
    """Pixels the longest line of an axis's tick labels needs (bold DejaVu Sans is about 0.65 em per character)."""
    labels = [v for v in axis.get("ticktext") or () if isinstance(v, str)]
    lines = [re.sub(r"<[^>]+>", "", line) for label in labels for line in label.split("<br>")]
    if not lines:
        return 0
    size = (axis.get("tickfont") or {}).get("size") or 12
    return int(0.65 * size * max(len(line) for line in lines)) + 16


def _typeset_keys(obj: dict, keys: Sequence[str], lang: str) -> None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str):
            obj[key] = typeset(value, lang)
        elif isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value):
            obj[key] = [typeset(v, lang) if isinstance(v, str) else v for v in value]
