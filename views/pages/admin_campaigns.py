"""Campaigns for coordinators: create, open, close (``storage.campaigns``), and reopen a submitted response."""

import datetime as dt

import pandas as pd
import streamlit as st

from continuum.i18n import t
from storage.campaigns import create_campaign, list_campaigns, set_campaign_status
from storage.engine import read_session
from storage.questionnaires import list_published
from storage.responses import list_responses, reopen_response
from views.admin.common import write
from views.common import guarded
from views.data import engine
from views.identity import require_identity


def page(lang: str) -> None:
    st.title(t("accounts.nav.campaigns", lang))
    scope = require_identity(lang, roles=("coordinator",)).scope
    with read_session(engine()) as session:
        campaigns = list_campaigns(session, scope)
        published = list_published(session)
    st.dataframe(pd.DataFrame([{"id": c.id, t("accounts.fields.name", lang): c.name, "status": c.status,
                                "wave": c.wave, "region": c.region or "—"} for c in campaigns]), hide_index=True)
    create(scope, published, lang)
    if campaigns:
        campaign = st.selectbox(t("accounts.campaigns.choose", lang), campaigns[::-1], format_func=lambda c: c.name)
        left, right = st.columns(2)
        for column, status in ((left, "open"), (right, "closed")):
            if column.button(t(f"accounts.campaigns.set_{status}", lang), disabled=campaign.status == status,
                             key=f"status_{status}"):
                write(lambda s: set_campaign_status(s, scope, campaign.id, status), lang, "accounts.users.saved")
        reopen(scope, campaign, lang)


def create(scope, published, lang: str) -> None:
    with st.expander(t("accounts.campaigns.create", lang)), st.form("create_campaign"):
        campaign_id = st.text_input("id")
        name = st.text_input(t("accounts.fields.name", lang))
        versions = {f"{p.questionnaire_id}@{p.version}": p for p in published}
        chosen = st.multiselect(t("accounts.campaigns.questionnaires", lang), list(versions))
        region = sorted(scope.regions)[0] if scope.kind == "region" else None
        start, end = st.date_input(t("accounts.campaigns.period", lang),
                                   value=(dt.date.today(), dt.date.today() + dt.timedelta(days=120)))
        if st.form_submit_button(t("accounts.campaigns.create", lang), type="primary"):
            write(lambda s: create_campaign(
                s, scope, campaign_id.strip(), name, {versions[k].questionnaire_id: versions[k].version for k in chosen},
                scope_kind="region" if region else "national", region=region, starts_on=start, ends_on=end),
                lang, "accounts.campaigns.created")


def reopen(scope, campaign, lang: str) -> None:
    st.subheader(t("accounts.campaigns.reopen", lang))
    with read_session(engine()) as session:
        submitted = list_responses(session, scope, campaign.id, status="submitted")
    if not submitted:
        st.caption(t("accounts.campaigns.none_submitted", lang))
        return
    with st.form("reopen_response"):
        response = st.selectbox(t("accounts.fields.response_site", lang), submitted, format_func=lambda r: f"{r.site} — {r.questionnaire_id}")
        reason = st.text_input(t("accounts.campaigns.reason", lang))
        if st.form_submit_button(t("accounts.campaigns.reopen", lang)):
            write(lambda s: reopen_response(s, scope, response.id, reason), lang, "accounts.campaigns.reopened")


guarded(page)()
