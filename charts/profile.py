"""The engagement profile: the Montreal matrix as a grid of levels × degrees.

Each cell is filled with its degree's colour, shaded by state, and says its state and counts
("2 sur 4 en place, dont 1 en pilote"); optional levels and cells without items are grey and dotted, not absent.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.grid import grid_figure
from charts.palette import state_fill, state_outline
from continuum.i18n import fmt_percent, t
from questionnaires.model import Questionnaire
from scoring.messages import render, state_label

SCORED_STATES = ("absent", "emerging", "declared_not_evidenced", "present", "established")


def matrix_labels(q: Questionnaire, lang: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(levels, degrees) as (id, label) pairs in the questionnaire's order and language."""
    return ([(lv.id, lv.label.get(lang)) for lv in q.matrix.levels],
            [(d.id, d.label.get(lang)) for d in q.matrix.degrees])


def count_lines(row, lang: str) -> list[str]:
    """What a cell's counts count: in place (pilots included) of applicable, then how many of those are only
    pilots or evaluated, then how many are being set up — the counts the state rules use (docs/scoring-method.md)."""
    in_place = int(row.n_in_place)
    lines = [t("results.cell.count", lang, in_place=in_place, applicable=int(row.n_applicable))]
    pilot = in_place - int(getattr(row, "n_in_place_beyond_pilot", in_place))
    evaluated = int(getattr(row, "n_evaluated", 0))
    parts = ([t("results.cell.pilot", lang, n=pilot)] if pilot > 0 else []) + (
        [t("results.cell.evaluated", lang, n=evaluated)] if evaluated > 0 else [])
    if parts:
        lines.append(t("results.cell.of_which", lang, parts=", ".join(parts)))
    being_set_up = int(getattr(row, "n_being_set_up", 0))
    if being_set_up > 0:
        lines.append(t("results.cell.being_set_up", lang, n=being_set_up))
    return lines


def cell_parts(row, lang: str) -> tuple[str, list[str], list[str]]:
    """(headline, count lines, other remarks) of one cell of the engine's ``cell_states`` frame."""
    state = str(row.state)
    if state == "not_applicable" and bool(getattr(row, "optional", False)):
        return t("results.cell.optional_level", lang), [], []
    if state == "not_assessed":
        return t("results.cell.no_items", lang), [], []
    counts = count_lines(row, lang) if state in SCORED_STATES else []
    remarks = []
    if int(getattr(row, "n_to_be_agreed", 0)) > 0:
        remarks.append(render("cell.to_be_agreed", lang, count=int(row.n_to_be_agreed)))
    completeness = getattr(row, "completeness", float("nan"))
    if bool(getattr(row, "low_completeness", False)) and completeness == completeness:
        remarks.append(render("low_completeness", lang, percent=round(100 * completeness)))
    return state_label(state, lang), counts, remarks


def cell_text(row, lang: str) -> tuple[str, list[str]]:
    """(headline, remarks) of one cell: the counts first, then to-be-agreed and low completeness."""
    headline, counts, remarks = cell_parts(row, lang)
    return headline, counts + remarks


def profile_cells(cell_states: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cells of one response, ready to draw: level, degree, state, fill, dash, text, hover."""
    degree_index = {d: i for i, d in enumerate(cell_states["degree"].astype(str).unique())}
    rows = []
    for row in cell_states.itertuples(index=False):
        degree, state = str(row.degree), str(row.state)
        headline, remarks = cell_text(row, lang)
        text = "\n".join([f"<b>{headline}</b>", *remarks])
        rows.append({"level": str(row.level), "degree": degree, "state": state,
                     "fill": state_fill(degree, state, degree_index.get(degree, 0)), "dash": state_outline(state),
                     "text": text, "hover": "\n".join([headline, *remarks])})
    return pd.DataFrame(rows, columns=["level", "degree", "state", "fill", "dash", "text", "hover"])


def profile_figure(cells: pd.DataFrame, levels: Sequence[tuple[str, str]], degrees: Sequence[tuple[str, str]],
                   title: str = "", caption: str = "", compact: bool = False) -> go.Figure:
    """Draw the grid; ``cells`` needs level, degree, state and text (fill and dash are derived when absent)."""
    cells = cells.copy()
    if "fill" not in cells:
        cells["fill"] = [state_fill(d, s) for d, s in zip(cells["degree"], cells["state"])]
    if "dash" not in cells:
        cells["dash"] = [state_outline(s) for s in cells["state"]]
    return grid_figure(cells, levels, degrees, title=title, caption=caption, compact=compact)


def profile_table(cell_states: pd.DataFrame, q: Questionnaire, lang: str) -> pd.DataFrame:
    """The data-table alternative to the grid: one row per cell, in words and the same counts as the grid."""
    levels, degrees = (dict(x) for x in matrix_labels(q, lang))
    rows = []
    for row in cell_states.itertuples(index=False):
        headline, _, remarks = cell_parts(row, lang)
        scored = str(row.state) in SCORED_STATES
        pilot = int(row.n_in_place) - int(getattr(row, "n_in_place_beyond_pilot", row.n_in_place))
        rows.append({
            t("results.col.level", lang): levels.get(str(row.level), str(row.level)),
            t("results.col.degree", lang): degrees.get(str(row.degree), str(row.degree)),
            t("results.col.state", lang): headline,
            t("results.col.in_place", lang): str(int(row.n_in_place)) if scored else "—",
            t("results.col.applicable", lang): str(int(row.n_applicable)) if scored else "—",
            t("results.col.pilot", lang): str(pilot) if scored else "—",
            t("results.col.evaluated", lang): str(int(getattr(row, "n_evaluated", 0))) if scored else "—",
            t("results.col.completeness", lang): fmt_percent(row.completeness, lang, 0),
            t("results.col.remarks", lang): " ; ".join(
                ([t("results.cell.being_set_up", lang, n=int(row.n_being_set_up))]
                 if scored and int(getattr(row, "n_being_set_up", 0)) else []) + remarks) or "—",
        })
    return pd.DataFrame(rows)


def response_profile(q: Questionnaire, cell_states: pd.DataFrame, lang: str, title: str = "", *,
                     with_caption: bool = True, compact: bool = False) -> go.Figure:
    """The whole figure for one response's ``cell_states`` rows, with the fixed caption underneath.

    Pages print the caption as text under the chart (``with_caption=False``); reports keep it in the figure.
    """
    levels, degrees = matrix_labels(q, lang)
    return profile_figure(profile_cells(cell_states, lang), levels, degrees, title=title, compact=compact,
                          caption=render("profile.caption", lang) if with_caption else "")
