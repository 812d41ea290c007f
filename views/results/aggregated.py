"""The readers' views (national, ARS analyst): storage's declared aggregate functions and consented results,
cached on the data version, and turned into tables in words. Nothing here reads a response or an answer.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.distributions import band_figure, band_text, distribution_figure, distribution_state_label
from continuum.i18n import fmt_percent, t
from continuum.reference import REGIONS
from continuum.settings import get_settings
from storage.engine import read_session
from storage.scope import Scope
from views.data import engine
from views.results.cache import current_data_version
from views.results.profile_tab import PLOT_CONFIG


def _key(scope: Scope) -> str:
    return f"{scope}|{scope.campaign_id or ''}"


@st.cache_data(show_spinner=False, max_entries=64)
def _distribution(scope_key: str, url: str, version: int, campaign_id: str, questionnaire_id: str,
                  region: str | None, category: str | None, _scope: Scope):
    from storage.aggregates import state_distribution

    with read_session(engine()) as session:
        return state_distribution(session, _scope, campaign_id, questionnaire_id, region=region, category=category)


def distribution(scope: Scope, campaign_id: str, questionnaire_id: str, region: str | None, category: str | None):
    """``storage.aggregates.state_distribution`` (k ≥ 5, banded under 10), cached on the data version."""
    return _distribution(_key(scope), get_settings().database_url, current_data_version(), campaign_id,
                         questionnaire_id, region, category, scope)


@st.cache_data(show_spinner=False, max_entries=32)
def _counts(scope_key: str, url: str, version: int, campaign_id: str, _scope: Scope) -> pd.DataFrame:
    from storage.aggregates import submission_counts

    with read_session(engine()) as session:
        return submission_counts(session, _scope, campaign_id)


def counts(scope: Scope, campaign_id: str) -> pd.DataFrame:
    return _counts(_key(scope), get_settings().database_url, current_data_version(), campaign_id, scope)


@st.cache_data(show_spinner=False, max_entries=32)
def _identified(scope_key: str, url: str, version: int, campaign_id: str, questionnaire_id: str, _scope: Scope):
    from storage.identified import identified_results

    with read_session(engine()) as session:
        return identified_results(session, _scope, campaign_id, questionnaire_id)


def identified(scope: Scope, campaign_id: str, questionnaire_id: str):
    """``storage.identified.identified_results``: the consenting establishments' cell states, named."""
    return _identified(_key(scope), get_settings().database_url, current_data_version(), campaign_id,
                       questionnaire_id, scope)


def distribution_table(cells: pd.DataFrame, levels: dict, degrees: dict, lang: str, banded: bool) -> pd.DataFrame:
    """Level, degree, state, and either the count and exact share, or the 20-point band alone."""
    frame = pd.DataFrame({
        t("results.col.level", lang): cells["level"].map(levels),
        t("results.col.degree", lang): cells["degree"].map(degrees),
        t("results.col.state", lang): cells["state"].map(lambda s: distribution_state_label(s, lang)),
    })
    if banded:
        frame[t("results.col.proportion", lang)] = [band_text(r, lang) for r in cells.itertuples(index=False)]
    else:
        frame[t("results.col.count", lang)] = cells["count"].astype(int).to_numpy()
        frame[t("results.col.proportion", lang)] = cells["share"].map(lambda v: fmt_percent(v, lang, 0)).to_numpy()
    return frame


def counts_table(counts_frame: pd.DataFrame, titles: dict[str, str], lang: str) -> pd.DataFrame:
    """One row per region and questionnaire, one column per response status, in words."""
    statuses = ("draft", "submitted", "reopened")
    wide = counts_frame.pivot_table(index=["region", "questionnaire_id"], columns="status", values="responses",
                                    aggfunc="sum", fill_value=0).reset_index()
    out = pd.DataFrame({
        t("results.col.region", lang): wide["region"].map(lambda r: REGIONS.get(r, r)),
        t("results.agg.col_questionnaire", lang): wide["questionnaire_id"].map(lambda q: titles.get(q, q)),
    })
    for status in statuses:
        out[t(f"results.response_status.{status}", lang).capitalize()] = (
            wide[status].astype(int).to_numpy() if status in wide else 0)
    out[t("results.agg.col_responses", lang)] = sum(wide[s] for s in statuses if s in wide).astype(int).to_numpy() \
        if any(s in wide for s in statuses) else 0
    return out


def distribution_section(cells: pd.DataFrame, banded: bool, n: int, levels, degrees, lang: str, key: str) -> None:
    """A group's distribution of cell states: 20-point bands in the grid from 5 to 9 establishments, the stacked
    shares from 10; then the same figures as a table. The k-rules were applied by whoever counted ``cells``."""
    if banded:
        st.caption(t("results.coord.distribution_banded", lang, n=n))
        st.plotly_chart(band_figure(cells, levels, degrees, lang), width="stretch", config=PLOT_CONFIG, key=key)
        st.caption(t("results.coord.band_legend", lang))
    else:
        st.plotly_chart(distribution_figure(cells, levels, degrees, lang), width="stretch", config=PLOT_CONFIG,
                        key=key)
        st.caption(t("results.coord.distribution_help", lang))
    with st.expander(t("results.table_alternative", lang), icon=":material/table:"):
        st.dataframe(distribution_table(cells, dict(levels), dict(degrees), lang, banded), hide_index=True,
                     width="stretch")
