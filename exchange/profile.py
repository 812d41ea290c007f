"""The engagement-profile sheet, coloured like the dashboard, and a native Excel chart of coverage per level.

Each degree keeps its own colour and shading says how established a cell is (`charts.palette`);
never a red-to-green scale. The fixed caption says information and consultation remain essential.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from charts.palette import cell_fill, text_colour_on
from charts.profile import cell_parts
from exchange.safe import neutralise

CAPTION = {
    "fr": "Profil d'engagement. L'information et la consultation restent essentielles : un degré plus élevé "
          "n'est pas meilleur pour toute pratique. Comptes comme au tableau de bord : « 2 sur 4 en place » compte "
          "les pratiques en place (pilotes compris) parmi les pratiques applicables, puis combien sont seulement "
          "en pilote ou évaluées ; une cellule n'est présente qu'avec des pratiques en place au-delà d'un pilote.",
    "en": "Engagement profile. Information and consultation remain essential: a higher degree is not better for "
          "every practice. Counts as on the dashboard: \"2 of 4 in place\" counts the practices in place (pilots "
          "included) among the applicable practices, then how many are only pilots or evaluated; a cell is present "
          "only with practices in place beyond a pilot.",
}
PROFILE_SHEET = {"fr": "Profil", "en": "Profile"}
CHART_SHEET = {"fr": "Graphique couverture", "en": "Coverage chart"}


def _styled(ws, value, fill: str | None = None, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=neutralise(value) if isinstance(value, str) else value)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill.lstrip("#"))
        cell.font = Font(color=text_colour_on(fill).lstrip("#"), bold=bold)
    elif bold:
        cell.font = Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def write_profile(wb, cells: pd.DataFrame, site_names: dict[str, str], responses: pd.DataFrame,
                  lang: str = "fr") -> None:
    """One row per scored response, one column per cell: its state and counts, in the dashboard's colours."""
    ws = wb.create_sheet(PROFILE_SHEET[lang])
    lang = "en" if lang == "en" else "fr"
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30
    if cells.empty:
        ws.append([CAPTION[lang]])
        return
    order = cells[["level", "degree"]].drop_duplicates().astype(str)
    pairs = list(order.itertuples(index=False, name=None))
    from openpyxl.utils import get_column_letter

    for i in range(len(pairs)):
        ws.column_dimensions[get_column_letter(i + 4)].width = 24
    ws.freeze_panes = "D3"
    ws.append([_styled(ws, CAPTION[lang])])
    ws.append([_styled(ws, h, bold=True) for h in ("FINESS", "établissement" if lang == "fr" else "establishment",
                                                   "questionnaire", *[f"{lv} / {dg}" for lv, dg in pairs])])
    est = responses.set_index(responses["response_id"].astype(str))
    keyed = cells.assign(response_id=cells["response_id"].astype(str), level=cells["level"].astype(str),
                         degree=cells["degree"].astype(str), state=cells["state"].astype(str))
    for (response_id, qid), group in keyed.groupby(["response_id", "questionnaire_id"], sort=False):
        by_cell = {(r.level, r.degree): r for r in group.itertuples(index=False)}
        finess = str(est.loc[response_id, "establishment"]) if response_id in est.index else ""
        row = [finess, site_names.get(finess, ""), qid]
        for level, degree in pairs:
            r = by_cell.get((level, degree))
            if r is None:
                row.append(None)
                continue
            headline, counts, remarks = cell_parts(r, lang)  # the dashboard's words and counts
            text = "\n".join([headline, *counts, *remarks])
            row.append(_styled(ws, text, cell_fill(degree, r.state)))
        ws.append([_styled(ws, v) if isinstance(v, str) else v for v in row[:3]] + row[3:])


def coverage_by_level(levels: pd.DataFrame) -> pd.DataFrame:
    """Practices in place over practices answered, per level, summed over the exported responses."""
    if levels.empty:
        return pd.DataFrame(columns=["level", "n_in_place", "n_answered", "coverage"])
    summed = levels.assign(level=levels["level"].astype(str)).groupby("level", sort=False)[
        ["n_in_place", "n_answered"]].sum().reset_index()
    summed["coverage"] = (summed["n_in_place"] / summed["n_answered"].where(summed["n_answered"] > 0)).astype(float)
    return summed


def write_coverage_chart(wb, levels: pd.DataFrame, lang: str = "fr") -> None:
    """A small table of coverage per level and a native bar chart drawn from it."""
    ws = wb.create_sheet(CHART_SHEET[lang])
    table = coverage_by_level(levels)
    ws.column_dimensions["A"].width = 20
    ws.append([_styled(ws, h, bold=True) for h in table.columns])
    for row in table.itertuples(index=False):
        cov = WriteOnlyCell(ws, value=None if pd.isna(row.coverage) else float(row.coverage))
        cov.number_format = "0%"
        ws.append([neutralise(row.level), int(row.n_in_place), int(row.n_answered), cov])
    if table.empty:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = "Couverture par niveau" if lang == "fr" else "Coverage per level"
    chart.y_axis.title = "couverture" if lang == "fr" else "coverage"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.numFmt = "0%"
    chart.legend = None
    n = len(table)
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    chart.series[0].graphicalProperties.solidFill = "666666"  # levels are not degrees: no degree colour
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, "F2")
