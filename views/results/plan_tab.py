"""Initiative inventory, the action plan (two kinds of next step, editable rows, PAQSS download), enabling environment."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from charts.enabling import dimension_counts, radar_figure
from charts.profile import matrix_labels
from continuum.i18n import fmt_date, fmt_percent, t
from continuum.problems import ProblemError
from scoring.messages import render
from storage.engine import read_session, write_session
from storage.plans import ACTION_STATUSES, add_action, list_actions, list_initiatives, update_action
from views.data import engine
from views.messages import show_problems
from views.results.cache import scored as cached_scored
from views.results.cache import show_refusal
from views.results.compute import Scored, rows_of
from views.results.profile_tab import PLOT_CONFIG
from views.results.tables import readable_table, row_height

EDITABLE = ("action", "owner", "deadline", "indicator", "source", "status")
# What the team reads first, then fills: the action and why it was suggested, its status, then the PAQSS fields.
# The widths add up to what fits beside the sidebar at 1280 px; long texts wrap on three lines.
PLAN_ORDER = ["action", "why", "status", "owner", "deadline", "indicator", "source"]


def initiatives_section(scored: Scored, row: pd.Series, scope, lang: str) -> None:
    q = scored.questionnaire
    inits = scored.result.initiatives
    mine = inits[(inits["establishment"] == row["establishment"]) & (inits["campaign_id"] == row["campaign_id"])]
    if mine.empty:
        st.info(t("results.initiatives.none", lang), icon=":material/inventory_2:")
        return
    levels, degrees = (dict(x) for x in matrix_labels(q, lang))
    per_cell = mine.groupby(["level", "derived_degree"], observed=True).size().unstack(fill_value=0)
    per_cell = per_cell.reindex(index=list(levels), columns=list(degrees), fill_value=0)
    st.caption(t("results.initiatives.per_cell", lang))
    shown = per_cell.rename(index=levels, columns=degrees).rename_axis(index=t("results.col.level", lang), columns=None)
    st.dataframe(shown.reset_index(), hide_index=True, width="stretch")  # headers in words, never "level"
    titles = {}
    with read_session(engine()) as session:
        for rid in mine["inventory_response_id"].astype(str).unique():
            for i in list_initiatives(session, scope, rid):
                titles[(rid, i["entry"])] = i["title"]
    over = mine[mine["over_declared"].astype(bool)]
    st.subheader(t("results.initiatives.over_title", lang))
    if over.empty:
        st.caption(t("results.initiatives.over_none", lang))
    for r in over.itertuples(index=False):
        title = titles.get((str(r.inventory_response_id), int(r.entry)), t("results.initiatives.untitled", lang))
        st.markdown(f"- **{title}** — " + render("over_declared", lang, q, declared=str(r.declared_degree),
                                                  derived=str(r.derived_degree)))
    with st.expander(t("results.initiatives.all", lang, n=len(mine))):
        st.dataframe(pd.DataFrame({
            t("results.col.initiative", lang): [titles.get((str(r.inventory_response_id), int(r.entry)), "—")
                                                for r in mine.itertuples(index=False)],
            t("results.col.level", lang): mine["level"].astype(str).map(levels),
            t("results.col.declared", lang): mine["declared_degree"].astype(str).map(degrees).fillna("—"),
            t("results.col.derived", lang): mine["derived_degree"].astype(str).map(degrees).fillna("—"),
        }), hide_index=True, width="stretch")


def plan_section(scored: Scored, row: pd.Series, scope, lang: str) -> None:
    rid = str(row["response_id"])
    editable = True  # the plan lives on after submission: teams build it from their results
    with read_session(engine()) as session:
        actions = list_actions(session, scope, rid)
    suggestions = scored.result.next_steps(lang=lang, response_ids=[rid])
    planned = {a["item_id"] for a in actions if a.get("item_id")}
    suggestions = suggestions[~suggestions["item_id"].isin(planned)]
    if editable:
        _suggestions(suggestions, rid, scope, lang)
    st.subheader(t("results.plan.rows_title", lang))
    if not actions:
        st.caption(t("results.plan.empty", lang))
        return
    table = plan_frame(actions)
    if editable:
        edited = st.data_editor(table, hide_index=True, width="stretch", column_order=PLAN_ORDER,
                                column_config=_columns(lang), key="plan_editor", row_height=row_height(3),
                                placeholder="")
        if st.button(t("results.plan.save", lang), icon=":material/save:", type="primary"):
            _save(table, edited, scope, lang)
    else:
        edited = table
        readable_table(paqss_frame(table, scored, lang), lines=3)
    st.download_button(t("results.plan.download", lang), paqss_workbook(edited, scored, lang),
                       file_name=f"plan-actions-{row['establishment']}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def plan_frame(actions: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(actions, columns=["id", "action", "item_id", "level", "degree", "kind", "why", "owner",
                                           "deadline", "indicator", "source", "status"])
    for col in ("action", "why", "owner", "indicator", "source", "status"):
        frame[col] = frame[col].fillna("").astype(str)
    frame["deadline"] = pd.to_datetime(frame["deadline"], errors="coerce").dt.date
    return frame.set_index("id")


def _columns(lang: str) -> dict:
    c = st.column_config
    return {"action": c.TextColumn(t("results.plan.col_action", lang), width=200, required=True),
            "why": c.TextColumn(t("results.plan.col_why", lang), width=180, disabled=True),
            "status": c.SelectboxColumn(t("results.plan.col_status", lang), width=95, options=list(ACTION_STATUSES),
                                        format_func=lambda s: t(f"results.plan.status_{s}", lang)),
            "owner": c.TextColumn(t("results.plan.col_owner", lang), width=90),
            "deadline": c.DateColumn(t("results.plan.col_deadline", lang), width=95, format="DD/MM/YYYY"),
            "indicator": c.TextColumn(t("results.plan.col_indicator", lang), width=85),
            "source": c.TextColumn(t("results.plan.col_source", lang), width=75)}


def suggestion_frame(part: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Suggested steps in words: the practice, and why it is suggested (its level and form of engagement)."""
    return pd.DataFrame({t("results.col.practice", lang): part["action"].astype(str).to_numpy(),
                         t("results.plan.col_why", lang): part["why"].astype(str).to_numpy()})


def _suggestions(suggestions: pd.DataFrame, rid: str, scope, lang: str) -> None:
    """Each kind of next step in full: how many, which practices, and why (at which level and form)."""
    st.caption(t("results.plan.choose_intro", lang))
    picked = []
    for kind in ("consolidate", "go_further"):
        part = suggestions[suggestions["kind"] == kind]
        heading = f"**{t(f'results.plan.kind_{kind}', lang)}**"
        st.markdown(heading + (f" · {t('results.plan.n_suggested', lang, n=len(part))}" if len(part) else ""))
        st.caption(t(f"results.plan.kind_{kind}_help", lang))
        if part.empty:
            st.caption(t("results.plan.no_suggestion", lang))
            continue
        readable_table(suggestion_frame(part, lang), lines=4,
                       widths={t("results.col.practice", lang): 450, t("results.plan.col_why", lang): 330},
                       key=f"plan_suggested_{kind}")
        chosen = st.multiselect(t("results.plan.pick", lang), part.index.tolist(), key=f"plan_pick_{kind}",
                                placeholder=t("results.plan.choose", lang),
                                format_func=lambda i, p=part: p.loc[i, "action"])
        picked += chosen
    if picked and st.button(t("results.plan.add", lang, n=len(picked)), icon=":material/playlist_add:"):
        try:
            with write_session(engine()) as session:
                for i in picked:
                    s = suggestions.loc[i]
                    add_action(session, scope, rid, s["action"], s["kind"], item_id=s["item_id"], level=s["level"],
                               degree=s["degree"], why=s["why"], status="planned")
        except ProblemError as error:
            show_problems(error.problems, lang)
            return
        for kind in ("consolidate", "go_further"):
            st.session_state.pop(f"plan_pick_{kind}", None)
        st.rerun()


def _save(before: pd.DataFrame, after: pd.DataFrame, scope, lang: str) -> None:
    try:
        with write_session(engine()) as session:
            for action_id, new in after.iterrows():
                old = before.loc[action_id]
                fields = {k: new[k] for k in EDITABLE if not _same(old[k], new[k])}
                if fields:
                    update_action(session, scope, int(action_id), **fields)
    except ProblemError as error:
        show_problems(error.problems, lang)
        return
    st.success(t("results.plan.saved", lang), icon=":material/check:")


def _same(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) if (pd.isna(a) or pd.isna(b)) else a == b


def paqss_frame(plan: pd.DataFrame, scored: Scored, lang: str) -> pd.DataFrame:
    """The plan in the quality-programme (PAQSS) layout, in words: action, owner, deadline, indicator, source, status."""
    levels, degrees = (dict(x) for x in matrix_labels(scored.questionnaire, lang))
    return pd.DataFrame({
        t("results.plan.col_action", lang): plan["action"], t("results.plan.col_owner", lang): plan["owner"],
        t("results.plan.col_deadline", lang): plan["deadline"].map(lambda d: fmt_date(d, lang) if pd.notna(d) else "—"),
        t("results.plan.col_indicator", lang): plan["indicator"], t("results.plan.col_source", lang): plan["source"],
        t("results.plan.col_status", lang): plan["status"].map(lambda s: t(f"results.plan.status_{s}", lang) if s else "—"),
        t("results.col.level", lang): plan["level"].map(levels).fillna("—"),
        t("results.col.degree", lang): plan["degree"].map(degrees).fillna("—"),
        t("results.plan.col_why", lang): plan["why"],
    })


def paqss_workbook(plan: pd.DataFrame, scored: Scored, lang: str) -> bytes:
    buffer = io.BytesIO()
    paqss_frame(plan, scored, lang).to_excel(buffer, index=False, sheet_name="PAQSS")
    return buffer.getvalue()


def enabling_section(scored: Scored, row: pd.Series, scope, lang: str) -> None:
    """Levers as a radar of their dimensions, and the ten keys as the team's notes."""
    st.subheader(t("results.section.enabling", lang))
    ids = [qid for qid, q in scored.questionnaires.items() if q.dimensions]
    if not ids:
        st.info(t("results.enabling.not_in_campaign", lang), icon=":material/info:")
        return
    env = cached_scored(scope, scored.campaign.id, ids[0])
    if show_refusal(env, lang):
        return
    mine = None
    if env.result is not None:
        r = env.result.responses
        found = r[(r["establishment"] == row["establishment"]) & (r["campaign_id"] == scored.campaign.id)]
        mine = found.iloc[0] if len(found) else None
    if mine is None:
        st.info(t("results.enabling.none", lang), icon=":material/info:")
        return
    counts = dimension_counts(env.questionnaire, rows_of(env.result.item_states, mine["response_id"]), lang)
    st.plotly_chart(radar_figure(counts), width="stretch", config=PLOT_CONFIG, key="enabling_radar")
    st.caption(t("results.enabling.reading", lang))
    with st.expander(t("results.table_alternative", lang), icon=":material/table:"):
        st.dataframe(pd.DataFrame({t("results.col.dimension", lang): counts["label"],
                                   t("results.col.in_place", lang): counts["n_in_place"],
                                   t("results.col.answered", lang): counts["n_answered"],
                                   t("results.col.share", lang): counts["share"].map(lambda v: fmt_percent(v, lang, 0))}),
                     hide_index=True, width="stretch")
    _keys(env, mine, lang)


def _keys(env: Scored, mine: pd.Series, lang: str) -> None:
    st.subheader(t("results.enabling.keys_title", lang))
    notes = [i for i in env.questionnaire.items() if i.kind == "text" and i.dimension is None]
    a = env.result.answers
    a = a[(a["response_id"] == mine["response_id"]) & (a["respondent"] == "")].set_index("item_id")["value"]
    for item in notes:
        st.markdown(f"**{item.text.render(lang, mine['sector'])}**")
        value = a.get(item.id, "")
        st.write(value if isinstance(value, str) and value.strip() else t("results.enabling.no_note", lang))
