"""The accessibility statement: what is and is not yet compliant with RGAA 4.1."""

import streamlit as st

from continuum.i18n import t
from views.common import guarded

DONE = ("done_labels", "done_keyboard", "done_colour", "done_tables", "done_contrast", "done_falc", "done_pdf")
GAPS = ("gap_framework", "gap_charts", "gap_audit")


def page(lang: str) -> None:
    st.title(t("accessibility.title", lang))
    st.write(t("accessibility.intro", lang))
    st.subheader(t("accessibility.status_title", lang))
    st.markdown(t("accessibility.status", lang))
    st.subheader(t("accessibility.done_title", lang))
    for key in DONE:
        st.markdown("- " + t(f"accessibility.{key}", lang))
    st.subheader(t("accessibility.gaps_title", lang))
    for key in GAPS:
        st.markdown("- " + t(f"accessibility.{key}", lang))
    st.subheader(t("accessibility.contact_title", lang))
    st.write(t("accessibility.contact", lang))
    st.write(t("accessibility.recourse", lang))


guarded(page)()
