"""Home: what Continuum is, and where to start."""

import streamlit as st

from continuum.i18n import t
from views.common import guarded


def page(lang: str) -> None:
    st.title(t("home.title", lang))
    st.caption(t("app.tagline", lang))
    st.write(t("home.intro", lang))
    st.subheader(t("home.profile_title", lang))
    st.info(t("home.profile_body", lang), icon=":material/balance:")
    st.subheader(t("home.who_title", lang))
    for key in ("who_teams", "who_sra", "who_analysts"):
        st.markdown("- " + t(f"home.{key}", lang))
    st.subheader(t("home.start_title", lang))
    st.page_link("views/pages/questionnaires.py", label=t("home.start_catalogue", lang), icon=":material/checklist:")


guarded(page)()
