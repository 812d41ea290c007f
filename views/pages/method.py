"""Method: the four forms of engagement, and why the profile is not a ranking."""

import streamlit as st

from continuum.i18n import t
from views.common import guarded


def page(lang: str) -> None:
    st.title(t("method.title", lang))
    st.subheader(t("method.degrees_title", lang))
    for degree in ("information", "consultation", "collaboration", "partnership"):
        st.markdown("- " + t(f"method.degree_{degree}", lang))
    st.write(t("method.power_note", lang))
    st.caption(t("method.caption", lang))


guarded(page)()
