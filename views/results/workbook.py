"""The establishment's export workbook on its results page: `exchange.workbook.export_workbook`, downloaded.

The same call as the spreadsheets page and `continuum export --establishment`; the page holds no export logic.
"""

from __future__ import annotations

import streamlit as st

from continuum.i18n import t
from continuum.problems import ProblemError
from exchange.workbook import export_workbook
from views import state
from views.data import engine
from views.messages import show_problems

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_section(scope, campaign_id: str, finess: str, lang: str) -> None:
    """Build on request (it scores the campaign), then offer the download until another workbook is built."""
    st.caption(t("results.workbook.help", lang))
    wanted = (campaign_id, finess, lang)
    if st.button(t("results.workbook.build", lang), icon=":material/table_view:", key="results_workbook_build"):
        try:
            with st.spinner(t("results.workbook.building", lang)):
                data = export_workbook(engine(), scope, campaign_id, establishment=finess, lang=lang)
        except ProblemError as error:
            show_problems(error.problems, lang)
            return
        st.session_state[state.RESULTS_WORKBOOK] = (wanted, data)
    built = st.session_state.get(state.RESULTS_WORKBOOK)
    if built and built[0] == wanted:
        st.download_button(t("results.workbook.download", lang), built[1], mime=XLSX, icon=":material/download:",
                           file_name=f"export-{campaign_id}-{finess}.xlsx", key="results_workbook_download")
