"""A levels × degrees grid of coloured, captioned cells: the shape of the profile and of the peer view.

Every cell carries its meaning as text, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.palette import NEUTRAL, degree_colour, text_colour_on

FONT = "DejaVu Sans, Arial, sans-serif"
CELL_HEIGHT = 112


def grid_figure(cells: pd.DataFrame, levels: Sequence[tuple[str, str]], degrees: Sequence[tuple[str, str]], *,
                title: str = "", caption: str = "", compact: bool = False) -> go.Figure:
    """Draw ``cells`` (columns level, degree, fill, dash, text, hover) in display order.

    ``levels`` and ``degrees`` are ``(id, label)`` pairs; a (level, degree) missing from ``cells``
    is drawn neutral and empty. ``compact`` (side by side) keeps each cell's first line, in a smaller font.
    """
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
        annotations.append(dict(text=wrap(caption, 120), xref="paper", yref="paper", x=0, y=-0.03, xanchor="left",
                                yanchor="top", showarrow=False, align="left", font=dict(size=12, color="#333333")))
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", marker=dict(opacity=0, size=48), hovertext=hovers,
                               hoverinfo="text", showlegend=False))
    _axes(fig, levels, degrees, 10 if compact else 16)
    fig.update_layout(  # shapes and annotations in one update: adding them one by one costs O(n²) validation
        shapes=shapes, annotations=annotations,
        title=dict(text=title, x=0, xanchor="left", font=dict(size=14)) if title else None,
        height=(70 if compact else CELL_HEIGHT) * n_levels + (150 if title else 110) + (40 if caption else 0),
        margin=dict(l=10, r=10, t=100 if title else 60, b=70 if caption else 20),
        plot_bgcolor="white", paper_bgcolor="white", font=dict(family=FONT),
    )
    return fig


def _axes(fig: go.Figure, levels, degrees, width: int) -> None:
    n_levels = len(levels)
    size = 10 if width < 16 else 12
    fig.update_xaxes(range=[0, len(degrees)], tickvals=[i + 0.5 for i in range(len(degrees))],
                     ticktext=[f"<b>{wrap(label, width)}</b>" for _, label in degrees], side="top", showgrid=False,
                     zeroline=False, fixedrange=True, ticklabeloverflow="allow", tickangle=0, tickfont=dict(size=size))
    fig.update_yaxes(range=[0, n_levels], tickvals=[n_levels - 1 - i + 0.5 for i in range(n_levels)],
                     ticktext=[f"<b>{wrap(label, width)}</b>" for _, label in levels], showgrid=False, zeroline=False,
                     fixedrange=True, tickfont=dict(size=size))


def wrap(text: str, width: int) -> str:
    """Break a label on spaces into lines of about ``width`` characters (plotly does not wrap)."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "<br>".join(lines)
