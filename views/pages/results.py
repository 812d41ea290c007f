"""An establishment's results: the engagement profile (``scoring.score`` through views.results), peers, plan,
and its export workbook (``exchange.workbook.export_workbook``)."""

import streamlit as st

from continuum.i18n import t
from storage.campaigns import list_campaigns
from storage.engine import read_session
from storage.establishments import get_site
from views.common import guarded
from views.data import engine
from views.identity import require_identity
from views.results.cache import scored as cached_scored
from views.results.cache import show_refusal
from views.results.compute import matrix_questionnaires, response_row
from views.results.peers_tab import participants_section, peers_section, progress_section
from views.results.plan_tab import enabling_section, initiatives_section, plan_section
from views.results.profile_tab import drilldown_section, levels_section, profile_section
from views.results.workbook import workbook_section

# Six tabs whose names fit beside the sidebar at 1280 px: each groups sections a quality manager reads together.
TABS = ("profile", "peers", "progress", "who", "initiatives", "plan")


def page(lang: str) -> None:
    st.title(t("results.title", lang))
    identity = require_identity(lang, roles=("establishment", "facilitator"))
    scope = identity.scope
    with read_session(engine()) as session:
        campaigns = [c for c in list_campaigns(session, scope) if scope.campaign_id in (None, c.id)]
        site = get_site(session, scope, sorted(scope.sites)[0])
    st.markdown(t("results.site_heading", lang, name=site.name, finess=site.finess))
    if not campaigns:
        st.info(t("results.no_campaign", lang), icon=":material/event_busy:")
        return
    campaign = st.selectbox(t("results.campaign", lang), campaigns[::-1], format_func=lambda c: c.name,
                            key="results_campaign")
    base = cached_scored(scope, campaign.id)
    choices = matrix_questionnaires(base.questionnaires)
    qid = choices[0]
    if len(choices) > 1:
        qid = st.radio(t("results.questionnaire", lang), choices, horizontal=True, key="results_questionnaire",
                       format_func=lambda i: base.questionnaires[i].title.get(lang))
    scored = base if qid == base.questionnaire.id else cached_scored(scope, campaign.id, qid)
    if show_refusal(scored, lang):
        return
    row = response_row(scored, scope.sites)
    if row is None:
        st.info(t("results.no_response", lang), icon=":material/hourglass_empty:")
        st.page_link("views/pages/fill.py", label=t("results.go_fill", lang), icon=":material/edit_note:")
        return
    if row["status"] != "submitted":
        st.warning(t("results.draft", lang), icon=":material/edit:")
    with st.expander(t("results.section.workbook", lang), icon=":material/download:"):
        workbook_section(scope, campaign.id, str(row["establishment"]), lang)
    tabs = dict(zip(TABS, st.tabs([t(f"results.tab.{name}", lang) for name in TABS])))
    with tabs["profile"]:  # the profile, then per level, then the answers behind one cell
        profile_section(scored, row, lang)
        levels_section(scored, row, scope, lang)
        drilldown_section(scored, row, scope, lang, site.sector)
    with tabs["peers"]:
        peers_section(scored, row, scope, lang)
    with tabs["progress"]:
        progress_section(scored, row, lang)
    with tabs["who"]:
        participants_section(scored, row, scope, lang)
    with tabs["initiatives"]:  # what the establishment does, and the conditions that sustain it
        initiatives_section(scored, row, scope, lang)
        enabling_section(scored, row, scope, lang)
    with tabs["plan"]:
        plan_section(scored, row, scope, lang)

guarded(page)()
