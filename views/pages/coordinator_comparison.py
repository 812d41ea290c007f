"""Comparison of establishments for a coordinator: views.results.comparison.comparison_data over the engine."""

import pandas as pd
import streamlit as st

from charts.distributions import banded
from charts.peers import peer_figure, peer_table
from charts.profile import response_profile
from continuum.i18n import fmt_percent, t
from scoring.messages import render
from scoring.peers import EXACT_FROM, MIN_PEERS
from views.common import guarded
from views.results.aggregated import distribution_section
from views.results.cache import show_refusal
from views.results.compute import rows_of
from views.results.comparison import TABLE_PAGE, filter_options, group_shares, table_page, table_pages
from views.results.coordinator import comparison, coordinator_context, filter_widgets, labels, voluntary_note
from views.results.national import region_against_national
from views.results.profile_tab import PLOT_CONFIG
from views.results.tables import row_height


def page(lang: str) -> None:
    st.title(t("results.coord.comparison_title", lang))
    context = coordinator_context(lang, stored=True)  # cells, levels and overall counts: stored profiles
    if context is None:
        return
    identity, scored = context
    if show_refusal(scored, lang):
        return
    if scored.result is None:
        st.info(t("results.coord.no_responses", lang), icon=":material/hourglass_empty:")
        return
    filters = filter_widgets(filter_options(scored.result.responses), lang, wave=scored.campaign.wave)
    data = comparison(identity, scored, filters, lang)
    voluntary_note(lang)
    n_sub = int((data.responses["status"] == "submitted").sum())
    a, b = st.columns(2)
    a.metric(t("results.coord.n_establishments", lang), data.responses["establishment"].nunique())
    b.metric(t("results.coord.n_submitted", lang), n_sub)
    tabs = st.tabs([t(f"results.coord.tab_{k}", lang) for k in ("table", "distribution", "group", "side",
                                                                 "national", "na")])
    with tabs[0]:
        st.caption(t("results.coord.table_help", lang))
        levels_shown = [lv.label.get(lang) for lv in scored.questionnaire.matrix.levels]
        config = {t("results.col.establishment", lang): st.column_config.TextColumn(width=180)}
        config |= {name: st.column_config.TextColumn(width=170) for name in levels_shown}
        first = [t("results.col.establishment", lang), *levels_shown]  # who, then the profile, then the rest
        order = first + [c for c in data.table.columns if c not in first]
        table, pages = data.table, table_pages(data.table)
        if pages > 1:  # a national table goes to the browser a page at a time
            page = st.number_input(t("results.coord.table_page", lang), min_value=1, max_value=pages, value=1,
                                   step=1, key="coord_table_page")
            table = table_page(data.table, int(page))
            first_row = (int(page) - 1) * TABLE_PAGE + 1
            st.caption(t("results.coord.table_rows", lang, first=first_row, last=first_row + len(table) - 1,
                         n=len(data.table)))
        st.dataframe(table, hide_index=True, width="stretch", column_config=config, column_order=order,
                     row_height=row_height(3), placeholder="—", height=min(38 + 10 * row_height(3), 900))
    levels, degrees = labels(scored, lang)
    with tabs[1]:
        distribution_tab(data, levels, degrees, lang)
    with tabs[2]:
        group_tab(data, levels, degrees, lang)
    with tabs[3]:
        side_by_side(data, lang)
    with tabs[4]:
        region_against_national(identity.scope, scored, lang)
    with tabs[5]:
        na_tab(data, dict(levels), lang)


def distribution_tab(data, levels, degrees, lang: str) -> None:
    """Exact shares from 10 submitted self-assessments, 20-point bands from 5 to 9, nothing below 5."""
    if data.counts.empty:
        st.info(t("results.coord.no_submitted", lang), icon=":material/hourglass_empty:")
        return
    bands = banded(data.counts)
    n = int(bands["n"].max())
    if n < MIN_PEERS:
        st.warning(t("results.coord.distribution_too_small", lang, n=n), icon=":material/group_off:")
        return
    distribution_section(bands, n < EXACT_FROM, n, levels, degrees, lang, key="distribution_chart")


def group_tab(data, levels, degrees, lang: str) -> None:
    shares = group_shares(data.group_cells)
    if shares.empty or (shares["status"] == "not_enough_peers").all():
        st.warning(t("results.coord.group_too_small", lang), icon=":material/group_off:")
        return
    st.caption(t("results.coord.group_help", lang))
    if (shares["status"] == "not_compared").any():  # the selection spans categories
        st.caption(t("results.peers.cross_category", lang))
    st.plotly_chart(peer_figure(shares, levels, degrees, lang), width="stretch", config=PLOT_CONFIG,
                    key="group_chart")
    with st.expander(t("results.table_alternative", lang), icon=":material/table:"):
        st.dataframe(peer_table(shares, dict(levels), dict(degrees), lang), hide_index=True, width="stretch")


def side_by_side(data, lang: str) -> None:
    """Chosen establishments' profiles next to each other (named only with consent, otherwise by code)."""
    r = data.responses.sort_values("display")
    ids = r["response_id"].astype(str).tolist()
    names = dict(zip(ids, r["display"] + " — " + r["wave"].map(lambda w: t("results.wave_n", lang, wave=int(w)))))
    chosen = st.multiselect(t("results.coord.side_choose", lang), ids, max_selections=3, format_func=names.get,
                            placeholder=t("results.coord.choose_establishments", lang), key="coord_side")
    if not chosen:
        st.caption(t("results.coord.side_help", lang))
        return
    q = data.scored.questionnaire
    st.caption(render("profile.caption", lang))
    for column, rid in zip(st.columns(len(chosen)), chosen):
        with column:
            fig = response_profile(q, rows_of(data.scored.result.cell_states, rid), lang, title=names[rid],
                                   with_caption=False, compact=len(chosen) > 1)
            st.plotly_chart(fig, width="stretch", config=PLOT_CONFIG, key=f"side_{rid}")


def na_tab(data, levels: dict, lang: str) -> None:
    na = data.na_rates
    st.caption(t("results.coord.na_help", lang))
    st.dataframe(pd.DataFrame({
        t("results.col.level", lang): na["level"].astype(str).map(levels),
        t("results.col.not_applicable", lang): na["n_not_applicable"],
        t("results.col.items_total", lang): na["n_total"],
        t("results.col.rate", lang): na["rate"].map(lambda v: fmt_percent(v, lang, 0)),
    }), hide_index=True, width="stretch")


guarded(page)()
