"""A levels × degrees grid of coloured, captioned cells: the shape of the profile and of the peer view.

Every cell carries its meaning as text, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.palette import NEUTRAL, degree_colour, text_colour_on

FONT = "DejaVu Sans, Arial, sans-serif"
CELL_HEIGHT = 112
CELL_CHARS = 20  # about what fits across a cell when four degrees share a 1280 px screen beside the sidebar
LINE_HEIGHT = 15


def grid_figure(cells: pd.DataFrame, levels: Sequence[tuple[str, str]], degrees: Sequence[tuple[str, str]], *,
                title: str = "", caption: str = "", compact: bool = False) -> go.Figure:
    """Draw ``cells`` (columns level, degree, fill, dash, text, hover) in display order.

    ``levels`` and ``degrees`` are ``(id, label)`` pairs; a (level, degree) missing from ``cells``
    is drawn neutral and empty. ``compact`` (side by side) keeps each cell's first line, in a smaller font.
    Text is wrapped to fit its cell; a level whose cells all say the same single unscored line (an optional
    level not taken up, a level not compared) is drawn as one wide cell that says it once.
    """
    lookup = {(r.level, r.degree): r for r in cells.itertuples(index=False)}
    shapes, annotations, xs, ys, hovers = [], [], [], [], []
    n_levels, n_degrees = len(levels), len(degrees)
    tallest = 1
    for row, (level_id, level_label) in enumerate(levels):
        y = n_levels - 1 - row
        drawn = [_cell_look(lookup.get((level_id, d)), d, col, compact) for col, (d, _) in enumerate(degrees)]
        merged = bool(n_degrees > 1 and drawn[0]["text"] and "\n" not in drawn[0]["text"]  # nothing per cell
                      and len({c["text"] for c in drawn}) == 1
                      and all(c["dash"] == "dot" and c["fill"] == NEUTRAL for c in drawn))
        for col, ((degree_id, degree_label), look) in enumerate(zip(degrees, drawn)):
            if not merged:
                shapes.append(_rect(col + 0.03, col + 0.97, y, look))
                text = wrap_cell(look["text"], 11 if compact else CELL_CHARS)
                tallest = max(tallest, text.count("<br>") + 1)
                annotations.append(dict(x=col + 0.5, y=y + 0.5, text=text, showarrow=False,
                                        font=dict(size=10 if compact else 12, color=text_colour_on(look["fill"]))))
            xs.append(col + 0.5)
            ys.append(y + 0.5)
            hovers.append(f"<b>{level_label} · {degree_label}</b><br>{look['hover'].replace(chr(10), '<br>')}")
        if merged:
            shapes.append(_rect(0.03, n_degrees - 0.03, y, drawn[0]))
            annotations.append(dict(x=n_degrees / 2, y=y + 0.5, text=drawn[0]["text"].replace("\n", "<br>"),
                                    showarrow=False, font=dict(size=10 if compact else 12,
                                                               color=text_colour_on(drawn[0]["fill"]))))
    if caption:
        annotations.append(dict(text=wrap(caption, 120), xref="paper", yref="paper", x=0, y=-0.03, xanchor="left",
                                yanchor="top", showarrow=False, align="left", font=dict(size=12, color="#333333")))
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", marker=dict(opacity=0, size=48), hovertext=hovers,
                               hoverinfo="text", showlegend=False))
    header_lines = _axes(fig, levels, degrees, 10 if compact else 16)
    cell_height = 70 if compact else max(CELL_HEIGHT, LINE_HEIGHT * tallest + 22)
    # the top axis labels sit below the chart's toolbar (plotly's and Streamlit's icons, about 36 px)
    top = 40 + 16 * header_lines + (40 if title else 0)
    fig.update_layout(  # shapes and annotations in one update: adding them one by one costs O(n²) validation
        shapes=shapes, annotations=annotations,
        title=dict(text=title, x=0, xanchor="left", y=0.995, yanchor="top", font=dict(size=14)) if title else None,
        height=cell_height * n_levels + top + (70 if caption else 20) + (40 if caption else 0),
        margin=dict(l=10, r=10, t=top, b=70 if caption else 20),
        plot_bgcolor="white", paper_bgcolor="white", font=dict(family=FONT),
    )
    return fig


def _cell_look(cell, degree_id: str, col: int, compact: bool) -> dict:
    fill = getattr(cell, "fill", NEUTRAL) if cell is not None else NEUTRAL
    dash = getattr(cell, "dash", "dot") if cell is not None else "dot"
    text = getattr(cell, "text", "") if cell is not None else ""
    hover = (getattr(cell, "hover", "") if cell is not None else "") or text
    if compact:
        text = text.split("\n")[0]
    line = degree_colour(degree_id, col) if dash != "dot" else "#9A9A9A"
    return {"fill": fill, "dash": dash, "text": text, "hover": hover, "line": line}


def _rect(x0: float, x1: float, y: int, look: dict) -> dict:
    dotted = look["dash"] == "dot"
    return dict(type="rect", x0=x0, x1=x1, y0=y + 0.05, y1=y + 0.95, fillcolor=look["fill"],
                line=dict(color=look["line"], width=1.2 if dotted else 2, dash=look["dash"]), layer="below")


def wrap_cell(text: str, width: int) -> str:
    """A cell's lines, each wrapped to ``width`` characters on plain spaces only; bold marks kept.

    A number stays with its word ("2 sur", "1 en pilote") and a percent sign or a colon with what precedes it."""
    text = re.sub(r"(\d) ", "\\1\u00a0", re.sub(r" ([%:;])", "\u202f\\1", text))
    out = []
    for line in text.split("\n"):
        bold = line.startswith("<b>") and line.endswith("</b>")
        plain = line[3:-4] if bold else line
        pieces, current = [], ""
        for word in plain.split(" "):
            if current and len(current) + 1 + len(word) > width:
                pieces.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        pieces.append(current)
        out += [f"<b>{p}</b>" for p in pieces] if bold else pieces
    return "<br>".join(out)


def _axes(fig: go.Figure, levels, degrees, width: int) -> int:
    """Label both axes; returns how many lines the tallest degree label takes."""
    n_levels = len(levels)
    size = 10 if width < 16 else 12
    fig.update_xaxes(range=[0, len(degrees)], tickvals=[i + 0.5 for i in range(len(degrees))],
                     ticktext=[f"<b>{wrap(label, width)}</b>" for _, label in degrees], side="top", showgrid=False,
                     zeroline=False, fixedrange=True, ticklabeloverflow="allow", tickangle=0, tickfont=dict(size=size))
    fig.update_yaxes(range=[0, n_levels], tickvals=[n_levels - 1 - i + 0.5 for i in range(n_levels)],
                     ticktext=[f"<b>{wrap(label, width)}</b>" for _, label in levels], showgrid=False, zeroline=False,
                     fixedrange=True, tickfont=dict(size=size))
    return max(wrap(label, width).count("<br>") + 1 for _, label in degrees) if degrees else 1


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
