"""Joining with an invitation code; the code is kept in the session, never in the URL."""

from __future__ import annotations

import dataclasses

import streamlit as st

from continuum.i18n import fmt_date, t
from continuum.problems import ProblemError
from storage.bootstrap import demo_sign_in_codes
from storage.campaigns import get_campaign, list_campaigns
from storage.engine import read_session
from storage.establishments import get_site
from storage.invitations import redeem_invitation
from views import state
from views.identity import current_identity
from views.data import engine, published_questionnaire
from views.messages import show_problems


def join_form(lang: str) -> None:
    st.write(t("fill.join_intro", lang))
    codes = demo_sign_in_codes(engine())
    if codes:
        st.info(t("fill.demo_codes", lang, codes=", ".join(f"`{c}`" for c in codes)), icon=":material/science:")
    with st.form("join"):
        code = st.text_input(t("fill.code_label", lang), type="password", help=t("fill.code_help", lang),
                             key="join_code")
        name = st.text_input(t("fill.your_name", lang), help=t("fill.your_name_help", lang), key="join_name",
                             max_chars=80)
        submitted = st.form_submit_button(t("fill.join_button", lang), type="primary")
    if submitted:
        try:
            with read_session(engine()) as session:
                scope = redeem_invitation(session, code)
            if name.strip():
                scope = scope.as_actor(name.strip())
        except ProblemError as error:
            show_problems(error.problems, lang)
            return
        st.session_state[state.FILL_SCOPE] = scope
        st.rerun()


def context_banner(scope, lang: str):
    """Who is filling, for which campaign and until when; returns (campaign, sites)."""
    with read_session(engine()) as session:
        campaign = get_campaign(session, scope, scope.campaign_id)
        sites = [get_site(session, scope, finess) for finess in sorted(scope.sites)]
    names = " · ".join(f"**{s.name}** (FINESS {s.finess})" for s in sites)
    deadline = t("fill.deadline", lang, date=fmt_date(campaign.ends_on, lang)) if campaign.ends_on else ""
    st.markdown(f"{names}  \n{t('fill.campaign', lang)} : {campaign.name} — {deadline}" if lang == "fr"
                else f"{names}  \n{t('fill.campaign', lang)}: {campaign.name} — {deadline}")
    if st.session_state.get(state.FILL_SCOPE) is not None and st.sidebar.button(t("fill.leave", lang),
                                                                                icon=":material/logout:"):
        st.session_state[state.FILL_SCOPE] = None
        st.rerun()
    return campaign, sites


def choose_questionnaire(campaign, lang: str, key: str):
    """The campaign's questionnaires, the matrix first; returns the chosen questionnaire model."""
    questionnaires = {qid: published_questionnaire(qid, version) for qid, version in campaign.questionnaires.items()}
    order = sorted(questionnaires, key=lambda i: (not any(item.cells for item in questionnaires[i].items()), i))
    qid = st.radio(t("fill.questionnaire_choice", lang), order, horizontal=True, key=key,
                   format_func=lambda i: questionnaires[i].title.get(lang))
    return questionnaires[qid]


def fill_scope(lang: str):
    """The scope to fill with: an invitation code's, or a signed-in member's for a campaign they choose.

    Returns None (after drawing the join form) when the person has neither.
    """
    scope = st.session_state.get(state.FILL_SCOPE)
    if scope is not None:
        return scope
    identity = current_identity()
    if identity is None or identity.via_invitation or identity.role not in ("establishment", "facilitator"):
        join_form(lang)
        return None
    if identity.needs_choice:
        st.info(t("accounts.choose_first", lang), icon=":material/apartment:")
        st.page_link("views/pages/sign_in.py", label=t("accounts.sign_in.link", lang), icon=":material/apartment:")
        return None
    with read_session(engine()) as session:
        campaigns = [c for c in list_campaigns(session, identity.scope) if c.status == "open"]
    if not campaigns:
        st.info(t("fill.no_open_campaign", lang))
        return None
    names = {c.id: c.name for c in campaigns}
    chosen = st.selectbox(t("fill.campaign", lang), list(names), format_func=names.__getitem__, key="fill_campaign")
    return dataclasses.replace(identity.scope, campaign_id=chosen, actor=identity.display_name or identity.scope.actor)
