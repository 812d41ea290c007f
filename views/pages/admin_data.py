"""For coordinators: the audit log, filtered (``storage.audit``), and one establishment's data exported or
deleted after confirmation (``accounts.establishment_data``)."""

import pandas as pd
import streamlit as st

from accounts.establishment_data import delete_establishment, export_establishment
from continuum.i18n import t
from storage.audit import list_audit
from storage.engine import read_session
from storage.establishments import list_sites
from views.admin.common import write
from views.common import guarded
from views.data import engine
from views.identity import require_identity


def page(lang: str) -> None:
    st.title(t("accounts.nav.data", lang))
    scope = require_identity(lang, roles=("coordinator",)).scope
    log, data = st.tabs([t("accounts.data.tab_log", lang), t("accounts.data.tab_establishment", lang)])
    with log:
        audit_log(scope, lang)
    with data:
        with read_session(engine()) as session:
            sites = list_sites(session, scope)
        if sites:
            establishment(scope, sites, lang)


def audit_log(scope, lang: str) -> None:
    left, middle, right = st.columns(3)
    campaign = left.text_input(t("accounts.data.campaign", lang)).strip() or None
    entity = middle.selectbox(t("accounts.data.entity", lang), ["", "answer", "response", "action", "invitation",
                                                                "site", "consent", "campaign", "establishment",
                                                                "user"]) or None
    who = right.text_input(t("accounts.data.actor", lang)).strip().lower()
    with read_session(engine()) as session:
        rows = pd.DataFrame(list_audit(session, scope, campaign_id=campaign, entity=entity, limit=2000))
    if not rows.empty and who:
        rows = rows[rows["actor"].str.lower().str.contains(who, regex=False)]
    st.dataframe(rows.astype(str) if not rows.empty else rows, hide_index=True)


def establishment(scope, sites, lang: str) -> None:
    site = st.selectbox(t("accounts.fields.finess_et", lang), sites, format_func=lambda s: f"{s.finess} — {s.name}", key="data_site")
    if st.button(t("accounts.data.prepare_export", lang), icon=":material/folder_zip:"):
        archive = write(lambda s: export_establishment(s, scope, site.finess), lang)
        if archive:
            st.download_button(t("accounts.data.download", lang), archive, file_name=f"{site.finess}.zip",
                               mime="application/zip")
    with st.form(f"delete_{site.finess}"):
        st.warning(t("accounts.data.delete_warning", lang, name=site.name), icon=":material/warning:")
        typed = st.text_input(t("accounts.data.delete_confirm", lang, finess=site.finess))
        if st.form_submit_button(t("accounts.data.delete", lang), type="primary"):
            write(lambda s: delete_establishment(s, scope, site.finess, typed), lang, "accounts.data.deleted")


guarded(page)()
