"""The report's figures, from the dashboard's builders in ``charts`` (cell contents, palette, layout).

``grid`` is ``charts.grid.grid_figure``, which hands plotly its shapes and annotations as lists in one call
(``add_shape`` re-validates every shape already added: about two seconds per grid, and a campaign needs a hundred).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts import grid as chart_grid
from charts.peers import peer_cells
from charts.profile import matrix_labels, profile_cells
from continuum.i18n import typeset
from questionnaires.model import Questionnaire
from scoring.messages import render


def grid(cells: pd.DataFrame, levels: Sequence[tuple[str, str]], degrees: Sequence[tuple[str, str]], *,
         title: str = "", caption: str = "", compact: bool = False) -> go.Figure:
    """``charts.grid.grid_figure`` itself (it hands plotly its shapes and annotations in one call)."""
    return chart_grid.grid_figure(cells, levels, degrees, title=title, caption=caption, compact=compact)


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
