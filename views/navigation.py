"""The app's pages, grouped and titled in the interface language."""

from __future__ import annotations

import streamlit as st

from continuum.i18n import t
from views.admin.nav import account_sections
from views.admin.oidc import complete_sign_in
from views.common import current_lang, language_switch, prepare_database, readable_styles
from views.identity import current_identity

PAGES_DIR = "views/pages"


READERS = ("national", "ars")
# Pages a reader has no use for: out of its menu, though a URL still reaches them and they refuse (storage too).
NOT_IN_MENU = {
    "national": {"fill", "consensus", "results", "reports", "spreadsheets", "campaign-follow-up", "comparison",
                 "peer-groups"},
    "ars": {"fill", "consensus", "results", "campaign-follow-up", "peer-groups"},
}


def _role() -> str | None:
    identity = current_identity()
    return identity.role if identity is not None else None


def _page(role: str | None, name: str, title: str, icon: str, url_path: str | None = None, **more) -> st.Page:
    """A page of the menu; hidden (not absent) for a role that cannot use it, and the aggregated views for readers."""
    hidden = NOT_IN_MENU.get(role, set()) | ({"aggregates"} if role not in READERS else set())
    return st.Page(f"{PAGES_DIR}/{name}.py", title=title, icon=icon, url_path=url_path,
                   visibility="hidden" if url_path in hidden else "visible", **more)


def build_navigation() -> st.navigation:
    lang = current_lang()
    st.set_page_config(page_title=t("app.name", lang), page_icon="🤝", layout="wide")
    readable_styles()
    prepare_database(lang)
    language_switch(lang)
    provider_callback = complete_sign_in()  # before the menu, so that it already shows "Mon compte"
    role = _role()
    sections = {
        t("nav.section_start", lang): [
            _page(role, "home", title=t("nav.home", lang), icon=":material/home:", default=True),
            _page(role, "fill", title=t("nav.fill", lang), icon=":material/edit_note:", url_path="fill"),
            _page(role, "consensus", title=t("nav.consensus", lang), icon=":material/groups:",
                  url_path="consensus"),
        ],
        t("nav.section_questionnaires", lang): [
            _page(role, "questionnaires", title=t("nav.questionnaires", lang),
                  icon=":material/checklist:", url_path="questionnaires"),
            _page(role, "preview", title=t("nav.preview", lang), icon=":material/preview:",
                  url_path="preview"),
        ],
        # Results and coordinator pages are added here (issue 7), accounts and admin pages below (issue 9).
        t("results.nav.section_results", lang): [
            _page(role, "results", title=t("results.nav.results", lang), icon=":material/grid_view:",
                  url_path="results"),
            _page(role, "reports", title=t("reports.nav.reports", lang), icon=":material/picture_as_pdf:",
                  url_path="reports"),
            _page(role, "spreadsheets", title=t("xl.page.nav", lang), icon=":material/table_view:",
                  url_path="spreadsheets"),
            _page(role, "aggregates", title=t("results.agg.nav", lang), icon=":material/bar_chart:",
                  url_path="aggregates"),
        ],
        t("results.nav.section_coordinator", lang): [
            _page(role, "coordinator_followup", title=t("results.nav.followup", lang),
                  icon=":material/monitoring:", url_path="campaign-follow-up"),
            _page(role, "coordinator_comparison", title=t("results.nav.comparison", lang),
                  icon=":material/compare:", url_path="comparison"),
            _page(role, "coordinator_groups", title=t("results.nav.groups", lang),
                  icon=":material/groups:", url_path="peer-groups"),
        ],
        **account_sections(lang),  # issue 9: sign-in, privacy, and the admin pages a role may use
        t("nav.section_about", lang): [
            _page(role, "method", title=t("nav.method", lang), icon=":material/info:",
                  url_path="method"),
            _page(role, "accessibility", title=t("accessibility.nav", lang),
                  icon=":material/accessibility:", url_path="accessibility"),
        ],
    }
    navigation = st.navigation(sections, expanded=True)  # no "View 4 more" button: it is English-only
    if provider_callback:  # back from the identity provider: show who is signed in, or why not
        st.switch_page(f"{PAGES_DIR}/sign_in.py")
    return navigation
