"""Region against national: two protected sets of shares from storage's aggregate function, side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.peers import peer_figure, share_text, shares_frame
from continuum.i18n import t
from continuum.reference import REGIONS
from views.results.cache import peer_figures, region_and_national
from views.results.compute import Scored
from views.results.profile_tab import PLOT_CONFIG


def region_against_national(scope, scored: Scored, lang: str) -> None:
    """A region's shares beside the nation's; an ARS analyst (aggregates of its regions only) sees its region's."""
    analyst = scope.aggregate_regions is not None
    if analyst:
        regions = sorted(scope.analyst_regions)
    else:
        regions = sorted(scope.regions) if scope.kind == "region" else sorted(scored.result.responses["region"].unique())
    if not regions:
        st.info(t("results.coord.no_responses", lang), icon=":material/hourglass_empty:")
        return
    region = st.selectbox(t("results.coord.region", lang), regions, format_func=lambda r: REGIONS.get(r, r),
                          key="coord_region") if len(regions) > 1 else regions[0]
    q = scored.questionnaire
    if analyst:
        sets = ((REGIONS.get(region, region), peer_figures(scope, scored.campaign.id, q.id, region=region)),)
    else:
        regional, national = region_and_national(scope, scored.campaign.id, q.id, region)
        sets = ((REGIONS.get(region, region), regional), (t("results.coord.national", lang), national))
    levels = [(lv.id, lv.label.get(lang)) for lv in q.matrix.levels]
    degrees = [(d.id, d.label.get(lang)) for d in q.matrix.degrees]
    frames = {}
    for name, figures in sets:
        with st.container():
            st.markdown(f"**{name}** — " + t("results.coord.n_peers", lang, n=figures.peers))
            if not figures.enough:
                withheld = any(p.code == "group-reveals-by-subtraction" for p in figures.problems)
                st.warning(t("results.agg.withheld", lang, n=figures.peers) if withheld
                           else t("results.coord.group_too_small", lang), icon=":material/group_off:")
                continue
            frames[name] = shares_frame(figures, q)
            if (frames[name]["status"] == "not_compared").any():  # say why three levels are grey
                st.caption(t("results.peers.cross_category", lang))
            st.plotly_chart(peer_figure(frames[name], levels, degrees, lang), width="stretch", config=PLOT_CONFIG,
                            key=f"national_{name}")
    st.caption(t("results.coord.voluntary", lang))
    if frames:
        with st.expander(t("results.table_alternative", lang), icon=":material/table:"):
            first = next(iter(frames.values()))
            table = pd.DataFrame({t("results.col.level", lang): first["level"].map(dict(levels)),
                                  t("results.col.degree", lang): first["degree"].map(dict(degrees))})
            for name, frame in frames.items():
                table[name] = [share_text(r, lang) for r in frame.itertuples(index=False)]
            st.dataframe(table, hide_index=True, width="stretch")
