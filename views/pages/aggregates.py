"""Aggregated views for the readers (national, ARS analyst): ``storage.aggregates.state_distribution`` and
``submission_counts`` (k ≥ 5), and for the national role ``storage.identified.identified_results`` (consented)."""

import streamlit as st

from charts.profile import matrix_labels, response_profile
from continuum.i18n import t
from continuum.reference import CATEGORIES, REGIONS
from scoring.messages import render
from storage.campaigns import list_campaigns
from storage.engine import read_session
from views.common import guarded
from views.data import engine
from views.identity import require_identity
from views.results.aggregated import counts, counts_table, distribution, distribution_section, identified
from views.results.compute import matrix_questionnaires, published, rows_of
from views.results.profile_tab import PLOT_CONFIG

READER_ROLES = ("national", "ars")
WITHHELD = "group-reveals-by-subtraction"  # storage.aggregates: set beside another group, it would isolate a few


def page(lang: str) -> None:
    st.title(t("results.agg.title", lang))
    identity = require_identity(lang, roles=READER_ROLES)
    scope, national = identity.scope, identity.role == "national"
    st.caption(t("results.agg.intro_national" if national else "results.agg.intro_ars", lang))
    if not national:
        consented = len(scope.sites)
        st.info(t("results.agg.ars_consented", lang, n=consented) if consented
                else t("results.agg.ars_none_consented", lang), icon=":material/handshake:")
        if consented:
            st.page_link("views/pages/coordinator_comparison.py", label=t("results.agg.go_comparison", lang),
                         icon=":material/compare:")
    with read_session(engine()) as session:
        campaigns = list_campaigns(session, scope)
        if not campaigns:
            st.info(t("results.coord.no_campaign", lang), icon=":material/event_busy:")
            return
        left, right = st.columns([2, 1])
        campaign = left.selectbox(t("results.campaign", lang), campaigns[::-1], format_func=lambda c: c.name,
                                  key="agg_campaign")
        questionnaires = {q: published(session, q, v) for q, v in campaign.questionnaires.items()}
    choices = matrix_questionnaires(questionnaires) or list(questionnaires)
    qid = right.selectbox(t("results.questionnaire", lang), choices, key="agg_questionnaire",
                          format_func=lambda i: questionnaires[i].title.get(lang))
    q = questionnaires[qid]
    names = ("distribution", "regions") + (("identified",) if national else ())
    tabs = dict(zip(names, st.tabs([t(f"results.agg.tab_{n}", lang) for n in names])))
    with tabs["distribution"]:
        distribution_tab(scope, campaign, q, national, lang)
    with tabs["regions"]:
        regions_tab(scope, campaign, {k: v.title.get(lang) for k, v in questionnaires.items()}, lang)
    if national:
        with tabs["identified"]:
            identified_tab(scope, campaign, q, lang)


def distribution_tab(scope, campaign, q, national: bool, lang: str) -> None:
    """The distribution of cell states in a group: every region (or the analyst's), one region, one category."""
    regions = sorted(REGIONS) if national else sorted(scope.analyst_regions)
    left, right = st.columns(2)
    everywhere = t("results.agg.everywhere_national" if national else "results.agg.everywhere_ars", lang)
    region = left.selectbox(t("results.agg.group_region", lang), [None, *regions], key="agg_region",
                            format_func=lambda r: everywhere if r is None else REGIONS.get(r, r))
    category = right.selectbox(t("results.agg.group_category", lang), [None, *CATEGORIES], key="agg_category",
                               format_func=lambda c: t("results.agg.every_category", lang) if c is None
                               else t(f"results.category.{c}", lang))
    figures = distribution(scope, campaign.id, q.id, region, category)
    st.caption(t("results.coord.voluntary", lang))
    if not figures.enough:
        withheld = any(p.code == WITHHELD for p in figures.problems)
        st.warning(t("results.agg.withheld" if withheld else "results.agg.too_few", lang, n=figures.establishments),
                   icon=":material/group_off:")
        return
    st.markdown(t("results.agg.n_establishments", lang, n=figures.establishments))
    if figures.cross_category:
        st.caption(t("results.agg.cross_category", lang))
    levels, degrees = matrix_labels(q, lang)
    shown = [(lv, label) for lv, label in levels if lv in set(figures.cells["level"])]
    distribution_section(figures.cells, figures.banded, figures.establishments, shown, degrees, lang,
                         key="agg_distribution_chart")


def regions_tab(scope, campaign, titles: dict[str, str], lang: str) -> None:
    st.caption(t("results.agg.regions_help", lang))
    frame = counts(scope, campaign.id)
    if frame.empty:
        st.info(t("results.agg.regions_empty", lang), icon=":material/hourglass_empty:")
        return
    st.dataframe(counts_table(frame, titles, lang), hide_index=True, width="stretch")


def identified_tab(scope, campaign, q, lang: str) -> None:
    """The consenting establishments, named, and the engagement profile of the one chosen (cell states only)."""
    st.caption(t("results.agg.identified_help", lang))
    found = identified(scope, campaign.id, q.id)
    if found.sites.empty:
        st.info(t("results.agg.identified_none", lang), icon=":material/visibility_off:")
        return
    sites = found.sites
    table = sites.assign(region=sites["region"].map(lambda r: REGIONS.get(r, r)),
                         category=sites["category"].map(lambda c: t(f"results.category.{c}", lang)))
    st.dataframe(table[["name", "finess", "region", "category"]].rename(columns={
        "name": t("results.col.establishment", lang), "finess": t("results.col.finess", lang),
        "region": t("results.col.region", lang), "category": t("results.col.category", lang)}),
        hide_index=True, width="stretch")
    labels = {r.response_id: f"{r.name} ({r.finess})" for r in sites.itertuples(index=False)}
    chosen = st.selectbox(t("results.agg.identified_choose", lang), list(labels), format_func=labels.get,
                          key="agg_identified")
    st.plotly_chart(response_profile(q, rows_of(found.cell_states, chosen), lang, title=labels[chosen],
                                     with_caption=False), width="stretch", config=PLOT_CONFIG,
                    key="agg_identified_profile")
    st.caption(render("profile.caption", lang))


guarded(page)()
