"""The app's pages, grouped and titled in the interface language."""

from __future__ import annotations

import streamlit as st

from continuum.i18n import t
from views.admin.nav import account_sections
from views.admin.oidc import complete_sign_in
from views.common import current_lang, language_switch, prepare_database, readable_styles
from views.identity import current_identity

PAGES_DIR = "views/pages"


def _reader() -> bool:
    """The national role and ARS analysts get the aggregated views in the menu (the page checks the role again)."""
    identity = current_identity()
    return identity is not None and identity.role in ("national", "ars")


def build_navigation() -> st.navigation:
    lang = current_lang()
    st.set_page_config(page_title=t("app.name", lang), page_icon="🤝", layout="wide")
    readable_styles()
    prepare_database(lang)
    language_switch(lang)
    provider_callback = complete_sign_in()  # before the menu, so that it already shows "Mon compte"
    sections = {
        t("nav.section_start", lang): [
            st.Page(f"{PAGES_DIR}/home.py", title=t("nav.home", lang), icon=":material/home:", default=True),
            st.Page(f"{PAGES_DIR}/fill.py", title=t("nav.fill", lang), icon=":material/edit_note:", url_path="fill"),
            st.Page(f"{PAGES_DIR}/consensus.py", title=t("nav.consensus", lang), icon=":material/groups:",
                    url_path="consensus"),
        ],
        t("nav.section_questionnaires", lang): [
            st.Page(f"{PAGES_DIR}/questionnaires.py", title=t("nav.questionnaires", lang),
                    icon=":material/checklist:", url_path="questionnaires"),
            st.Page(f"{PAGES_DIR}/preview.py", title=t("nav.preview", lang), icon=":material/preview:",
                    url_path="preview"),
        ],
        # Results and coordinator pages are added here (issue 7), accounts and admin pages below (issue 9).
        t("results.nav.section_results", lang): [
            st.Page(f"{PAGES_DIR}/results.py", title=t("results.nav.results", lang), icon=":material/grid_view:",
                    url_path="results"),
            st.Page(f"{PAGES_DIR}/reports.py", title=t("reports.nav.reports", lang), icon=":material/picture_as_pdf:",
                    url_path="reports"),
            st.Page(f"{PAGES_DIR}/spreadsheets.py", title=t("xl.page.nav", lang), icon=":material/table_view:",
                    url_path="spreadsheets"),
            st.Page(f"{PAGES_DIR}/aggregates.py", title=t("results.agg.nav", lang), icon=":material/bar_chart:",
                    url_path="aggregates", visibility="visible" if _reader() else "hidden"),
        ],
        t("results.nav.section_coordinator", lang): [
            st.Page(f"{PAGES_DIR}/coordinator_followup.py", title=t("results.nav.followup", lang),
                    icon=":material/monitoring:", url_path="campaign-follow-up"),
            st.Page(f"{PAGES_DIR}/coordinator_comparison.py", title=t("results.nav.comparison", lang),
                    icon=":material/compare:", url_path="comparison"),
            st.Page(f"{PAGES_DIR}/coordinator_groups.py", title=t("results.nav.groups", lang),
                    icon=":material/groups:", url_path="peer-groups"),
        ],
        **account_sections(lang),  # issue 9: sign-in, privacy, and the admin pages a role may use
        t("nav.section_about", lang): [
            st.Page(f"{PAGES_DIR}/method.py", title=t("nav.method", lang), icon=":material/info:",
                    url_path="method"),
            st.Page(f"{PAGES_DIR}/accessibility.py", title=t("accessibility.nav", lang),
                    icon=":material/accessibility:", url_path="accessibility"),
        ],
    }
    navigation = st.navigation(sections, expanded=True)  # no "View 4 more" button: it is English-only
    if provider_callback:  # back from the identity provider: show who is signed in, or why not
        st.switch_page(f"{PAGES_DIR}/sign_in.py")
    return navigation
