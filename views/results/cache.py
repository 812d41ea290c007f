"""Cached results for the pages, keyed on the database's data version (a save anywhere invalidates them)."""

from __future__ import annotations

import streamlit as st

from continuum.settings import get_settings
from storage.engine import read_session
from storage.scope import Scope
from storage.versioning import data_version
from views.data import engine
from views.results.compute import Scored, profile_campaign, score_campaign


def current_data_version() -> int:
    """Read once per page run: every cache below is keyed on it."""
    with read_session(engine()) as session:
        return data_version(session)


@st.cache_resource(show_spinner=False, max_entries=16)
def _scored(scope_key: str, url: str, version: int, campaign_id: str, questionnaire_id: str | None,
            _scope: Scope) -> Scored:
    return score_campaign(engine(), _scope, campaign_id, questionnaire_id)


def scored(scope: Scope, campaign_id: str, questionnaire_id: str | None = None) -> Scored:
    """The scored campaign as ``scope`` sees it; shared read-only between sessions with the same scope."""
    key = f"{scope}|{scope.campaign_id or ''}"
    return _scored(key, get_settings().database_url, current_data_version(), campaign_id, questionnaire_id, scope)


@st.cache_resource(show_spinner=False, max_entries=16)
def _profiled(scope_key: str, url: str, version: int, campaign_id: str, questionnaire_id: str | None,
              _scope: Scope) -> Scored:
    return profile_campaign(engine(), _scope, campaign_id, questionnaire_id)


def profiled(scope: Scope, campaign_id: str, questionnaire_id: str | None = None) -> Scored:
    """The campaign's stored profiles (cells, levels, overall) as ``scope`` sees them: no answer is read for
    responses unchanged since they were scored (``storage.profiles``)."""
    key = f"{scope}|{scope.campaign_id or ''}"
    return _profiled(key, get_settings().database_url, current_data_version(), campaign_id, questionnaire_id, scope)


def show_refusal(scored: Scored, lang: str) -> bool:
    """When the engine refused some answers, say so calmly (with the list in an expander); True if it did."""
    if not scored.problems:
        return False
    import pandas as pd

    from continuum.i18n import t

    st.warning(t("results.invalid_answers", lang, n=len(scored.problems)), icon=":material/report:")
    with st.expander(t("results.invalid_answers_list", lang)):
        st.dataframe(pd.DataFrame([{"location": p.location, "message": p.message, "fix": p.fix}
                                   for p in scored.problems]), hide_index=True, width="stretch")
    return True


@st.cache_data(show_spinner=False, max_entries=64)
def _peer_figures(scope_key: str, url: str, version: int, campaign_id: str, questionnaire_id: str,
                  options: tuple, _scope: Scope):
    from storage.aggregates import peer_cell_shares

    with read_session(engine()) as session:
        return peer_cell_shares(session, _scope, campaign_id, questionnaire_id, **dict(options))


def peer_figures(scope: Scope, campaign_id: str, questionnaire_id: str, **options):
    """Storage's protected peer shares, cached on the data version (every rerun would rescore the peers)."""
    key = f"{scope}|{scope.campaign_id or ''}"
    return _peer_figures(key, get_settings().database_url, current_data_version(), campaign_id, questionnaire_id,
                         tuple(sorted(options.items())), scope)


@st.cache_data(show_spinner=False, max_entries=32)
def _region_and_national(scope_key: str, url: str, version: int, campaign_id: str, questionnaire_id: str,
                         region: str, _scope: Scope):
    from storage.aggregates import region_and_national_shares

    with read_session(engine()) as session:
        return region_and_national_shares(session, _scope, campaign_id, questionnaire_id, region=region)


def region_and_national(scope: Scope, campaign_id: str, questionnaire_id: str, region: str):
    """(the region's, the nation's) protected peer shares, from one load of the nation's submitted responses."""
    key = f"{scope}|{scope.campaign_id or ''}"
    return _region_and_national(key, get_settings().database_url, current_data_version(), campaign_id,
                                questionnaire_id, region, scope)
