"""The establishment's engagement profile, its levels (targets, foundation gaps, coverage) and the cell drill-down."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.levels import forms_in_place, level_forms_text, target_gap_text
from charts.profile import matrix_labels, profile_table, response_profile
from charts.progress import coverage_figure
from continuum.i18n import fmt_percent, t
from scoring.messages import render, state_label
from storage.engine import read_session
from storage.plans import list_targets
from storage.responses import get_response
from views.data import engine
from views.results.compute import Scored, rows_of
from views.results.tables import readable_table

PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def profile_section(scored: Scored, row: pd.Series, lang: str) -> None:
    q, result = scored.questionnaire, scored.result
    cells = rows_of(result.cell_states, row["response_id"])
    overall = rows_of(result.overall, row["response_id"]).iloc[0]
    a, b, c = st.columns(3)
    a.metric(t("results.completeness", lang), fmt_percent(overall["completeness"], lang, 0))
    b.metric(t("results.to_be_agreed", lang), int(overall["n_to_be_agreed_items"]))
    c.metric(t("results.co_filled", lang), t("results.yes", lang) if row["co_filled"] else t("results.no", lang))
    st.plotly_chart(response_profile(q, cells, lang, with_caption=False), width="stretch", config=PLOT_CONFIG,
                    key="profile_chart")
    st.caption(render("profile.caption", lang))
    st.caption(t("results.profile_legend", lang))
    th = result.thresholds
    st.caption(t("results.count_legend", lang, n=th.n, x=fmt_percent(th.x / 100, lang, 0)))
    with st.expander(t("results.table_alternative", lang), icon=":material/table:"):
        table = profile_table(cells, q, lang)
        narrow = ("in_place", "applicable", "pilot", "evaluated", "completeness")
        readable_table(table, {t(f"results.col.{c}", lang): 90 for c in narrow}
                       | {t("results.col.level", lang): 150, t("results.col.degree", lang): 130,
                          t("results.col.state", lang): 120}, lines=2)


def level_table(scored: Scored, row: pd.Series, targets: dict[str, dict], lang: str) -> pd.DataFrame:
    """Per level: the forms in place (listed, not ranked), foundation gap, target and the gap to it, coverage."""
    q, result = scored.questionnaire, scored.result
    labels, degrees = matrix_labels(q, lang)
    levels, degree_names = dict(labels), dict(degrees)
    profile = rows_of(result.level_profile, row["response_id"])
    held = forms_in_place(rows_of(result.cell_states, row["response_id"]), degrees)
    frame = pd.DataFrame([{"response_id": row["response_id"], "level": lvl, "degree": v["degree"],
                           "reason": v.get("reason", "")} for lvl, v in targets.items()],
                         columns=["response_id", "level", "degree", "reason"])
    gaps = result.target_gaps(frame).set_index("level") if len(frame) else pd.DataFrame()
    out = []
    for lv in profile.itertuples(index=False):
        level = str(lv.level)
        gap = gaps.loc[level] if level in gaps.index else None
        forms = held.get((str(row["response_id"]), level))
        out.append({
            t("results.col.level", lang): levels[level],
            t("results.col.forms_in_place", lang): level_forms_text(forms, bool(lv.optional), lang),
            t("results.col.foundation_gap", lang): t("results.foundation_gap_yes", lang) if lv.foundation_gap else "—",
            t("results.col.target", lang): degree_names.get(str(gap["target_degree"]), "—") if gap is not None else "—",
            t("results.col.gap", lang): target_gap_text(gap, lang),
            t("results.col.reason", lang): (gap["reason"] or "—") if gap is not None else "—",
            t("results.col.coverage", lang): fmt_percent(lv.coverage, lang, 0),
        })
    return pd.DataFrame(out)


def levels_section(scored: Scored, row: pd.Series, scope, lang: str) -> None:
    st.subheader(t("results.section.levels", lang))
    with read_session(engine()) as session:
        targets = list_targets(session, scope, row["response_id"])
    c = {k: t(f"results.col.{k}", lang) for k in ("level", "forms_in_place", "foundation_gap", "target", "gap",
                                                   "reason", "coverage")}
    readable_table(level_table(scored, row, targets, lang),
                   {c["level"]: 125, c["forms_in_place"]: 160, c["foundation_gap"]: 100, c["target"]: 100,
                    c["gap"]: 135, c["reason"]: 110, c["coverage"]: 80}, lines=4)
    if not targets:
        st.caption(t("results.no_targets", lang))
    gaps = rows_of(scored.result.level_profile, row["response_id"])
    for lv in gaps[gaps["foundation_gap"]].itertuples(index=False):
        st.warning(render("foundation_gap", lang, scored.questionnaire, level=str(lv.level)), icon=":material/foundation:")
    st.subheader(t("results.coverage_title", lang))
    st.caption(render("coverage.caption", lang))
    coverage = coverage_frame(scored, row, lang)
    levels, _ = matrix_labels(scored.questionnaire, lang)
    st.plotly_chart(coverage_figure(coverage, levels), width="stretch", config=PLOT_CONFIG,
                    key="coverage_chart")
    with st.expander(t("results.table_alternative", lang), icon=":material/table:"):
        shown = coverage.assign(coverage=coverage["coverage"].map(lambda v: fmt_percent(v, lang, 0)))
        shown["level"] = shown["level"].map(dict(levels))
        st.dataframe(shown.rename(columns={"level": t("results.col.level", lang), "wave_label": t("results.col.wave", lang),
                                           "coverage": t("results.col.coverage", lang)}),
                     hide_index=True, width="stretch")


def coverage_frame(scored: Scored, row: pd.Series, lang: str) -> pd.DataFrame:
    """Coverage per level for this establishment's visible waves, oldest first."""
    r = scored.result.responses
    same = r[(r["establishment"] == row["establishment"]) & (r["questionnaire_id"] == row["questionnaire_id"])
             & (r["wave"] <= row["wave"])].sort_values("wave")
    parts = []
    for resp in same.itertuples(index=False):
        lp = rows_of(scored.result.level_profile, resp.response_id)
        parts.append(pd.DataFrame({"level": lp["level"].astype(str), "coverage": lp["coverage"],
                                   "wave_label": t("results.wave_n", lang, wave=int(resp.wave))}))
    return pd.concat(parts, ignore_index=True)


def drilldown_section(scored: Scored, row: pd.Series, scope, lang: str, sector: str) -> None:
    """Choose a cell, see the items and answers behind it (plotly clicks do not select heatmap cells)."""
    st.subheader(t("results.section.drill", lang))
    q, result = scored.questionnaire, scored.result
    levels, degrees = (dict(x) for x in matrix_labels(q, lang))
    cells = rows_of(result.cell_states, row["response_id"])
    options = [(str(c.level), str(c.degree)) for c in cells.itertuples(index=False)
               if str(c.state) != "not_assessed"]
    states = {(str(c.level), str(c.degree)): str(c.state) for c in cells.itertuples(index=False)}
    level, degree = st.selectbox(
        t("results.drill_choose", lang), options, key="drill_cell",
        format_func=lambda c: f"{levels[c[0]]} · {degrees[c[1]]} — {state_label(states[c], lang)}")
    trace = result.trace(row["response_id"], level, degree)
    with read_session(engine()) as session:
        people = {p["person_id"]: p["name"] for p in get_response(session, scope, row["response_id"]).participants}
    c = {k: t(f"results.col.{k}", lang) for k in ("practice", "answer", "extent", "counts_as", "respondent",
                                                   "comment")}
    readable_table(trace_table(q, trace, lang, sector, people),
                   {c["practice"]: 230, c["answer"]: 100, c["extent"]: 100, c["counts_as"]: 110,
                    c["respondent"]: 120, c["comment"]: 150}, lines=5)


def trace_table(q, trace: pd.DataFrame, lang: str, sector: str, people: dict[str, str] | None = None) -> pd.DataFrame:
    """The answers behind a cell in words: item, status, extent, how it counted, who answered (and their role),
    comment — the answer first, so that it is on screen beside the practice."""
    rows = []
    for r in trace.itertuples(index=False):
        item = q.item(str(r.item_id))
        respondent = str(r.respondent) if isinstance(r.respondent, str) else ""
        role = str(r.respondent_role) if isinstance(r.respondent_role, str) else ""
        rows.append({
            t("results.col.practice", lang): item.text.render(lang, sector),
            t("results.col.answer", lang): _option_label(q, item, "status", r.status, lang),
            t("results.col.extent", lang): _option_label(q, item, "extent", r.extent, lang),
            t("results.col.counts_as", lang): t(f"results.counts_as.{r.counts_as}", lang),
            t("results.col.respondent", lang): (t("results.consensus", lang) if not respondent
                                                 else f"{(people or {}).get(respondent, respondent)} ({t(f'ref.role.{role}', lang) if role else '—'})"),
            t("results.col.comment", lang): (r.comment if isinstance(r.comment, str) and r.comment else "—"),
        })
    return pd.DataFrame(rows)


def _option_label(q, item, role: str, code, lang: str) -> str:
    if not isinstance(code, str) or not code or item.kind != "practice":
        return "—"
    try:
        scale = q.practice_scale(item, role)
    except KeyError:
        return code
    return next((o.label.get(lang) for o in scale.options if o.code == code), code)
