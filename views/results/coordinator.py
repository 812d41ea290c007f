"""What the coordinator pages share: who may see them, the campaign and questionnaire choice, labels, caches."""

from __future__ import annotations

import streamlit as st

from charts.profile import matrix_labels
from continuum.i18n import t
from continuum.reference import REGIONS
from continuum.settings import get_settings
from storage.campaigns import list_campaigns
from storage.engine import read_session
from views.data import engine
from views.identity import Identity, require_identity
from views.results.cache import current_data_version
from views.results.cache import profiled as cached_profiled
from views.results.cache import scored as cached_scored
from views.results.comparison import Comparison, Filters, comparison_data
from views.results.compute import Scored, matrix_questionnaires

# The national role reads aggregates only (views/pages/aggregates.py), never these establishment-level views;
# an ARS analyst compares the establishments that consented to send it their results, and follows no campaign.
COORDINATOR_ROLES = ("coordinator", "ars", "admin")
CAMPAIGN_ROLES = ("coordinator",)  # follow-up and peer groups: the campaign's own coordinators


def coordinator_context(lang: str, roles: tuple[str, ...] = COORDINATOR_ROLES, *,
                        stored: bool = False) -> tuple[Identity, Scored] | None:
    """The coordinator's identity and the chosen campaign, scored; None (with a message) when there is none.

    ``stored``: the views that read cells, levels and overall counts only get the stored profiles
    (``compute.profile_campaign``), so a national comparison does not read and rescore every answer.
    """
    load = cached_profiled if stored else cached_scored
    identity = require_identity(lang, roles=roles)
    scope = identity.scope
    with read_session(engine()) as session:
        campaigns = list_campaigns(session, scope)
    if not campaigns:
        st.info(t("results.coord.no_campaign", lang), icon=":material/event_busy:")
        return None
    left, right = st.columns([2, 1])
    campaign = left.selectbox(t("results.campaign", lang), campaigns[::-1], format_func=lambda c: c.name,
                              key="coord_campaign")
    base = load(scope, campaign.id)
    choices = matrix_questionnaires(base.questionnaires)
    qid = right.selectbox(t("results.questionnaire", lang), choices, key="coord_questionnaire",
                          format_func=lambda i: base.questionnaires[i].title.get(lang))
    scored = base if qid == base.questionnaire.id else load(scope, campaign.id, qid)
    return identity, scored


def voluntary_note(lang: str) -> None:
    st.caption(t("results.coord.voluntary", lang))


@st.cache_resource(show_spinner=False, max_entries=16)
def _comparison(scope_key: str, url: str, version: int, campaign_id: str, qid: str, filters: Filters, lang: str,
                _scope, _scored) -> Comparison:
    return comparison_data(engine(), _scope, campaign_id, filters, lang, qid, scored=_scored)


def comparison(identity: Identity, scored: Scored, filters: Filters, lang: str) -> Comparison:
    return _comparison(str(identity.scope), get_settings().database_url, current_data_version(), scored.campaign.id,
                       scored.questionnaire.id, filters, lang, identity.scope, scored)


def filter_widgets(options: dict[str, list], lang: str, wave: int | None = None) -> Filters:
    """One multiselect per filter, values in words; an empty choice keeps everything (waves: the campaign's)."""
    labels = {"region": lambda v: REGIONS.get(v, v), "category": lambda v: t(f"results.category.{v}", lang),
              "legal_status": lambda v: t(f"results.legal_status.{v}", lang),
              "sector": lambda v: t(f"results.sector.{v}", lang), "ght": str,
              "wave": lambda v: t("results.wave_n", lang, wave=v)}
    chosen = {}
    with st.expander(t("results.coord.filters", lang), icon=":material/filter_alt:", expanded=False):
        columns = st.columns(3)
        for k, name in enumerate(labels):
            default = [wave] if name == "wave" and wave in options[name] else []
            chosen[name] = tuple(columns[k % 3].multiselect(
                t(f"results.coord.filter_{name}", lang), options[name], default=default, format_func=labels[name],
                placeholder=t("results.coord.all", lang), key=f"coord_filter_{name}"))
        co = st.toggle(t("results.peers.co_filled_only", lang), key="coord_co_filled")
    return Filters(**chosen, co_filled_only=co)


def labels(scored: Scored, lang: str):
    levels, degrees = matrix_labels(scored.questionnaire, lang)
    return levels, degrees
