"""Questionnaire catalogue: the valid questionnaires, and the refused ones with their errors."""

import pandas as pd
import streamlit as st

from continuum.i18n import t
from views.common import guarded
from views.data import questionnaire_catalogue


def page(lang: str) -> None:
    st.title(t("questionnaires.title", lang))
    st.write(t("questionnaires.intro", lang))
    valid, refused = questionnaire_catalogue(lang)
    if not valid and not refused:
        st.info(t("questionnaires.none", lang))
        return
    if valid:
        rows = [{
            t("questionnaires.col_id", lang): q.id,
            t("questionnaires.col_version", lang): q.version,
            t("questionnaires.col_title", lang): q.title.get(lang),
            t("questionnaires.col_items", lang): sum(1 for _ in q.items(include_group_children=True)),
            t("questionnaires.col_core", lang): sum(1 for i in q.items() if i.core),
        } for q in sorted(valid, key=lambda q: q.id)]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if refused:
        st.subheader(t("questionnaires.broken_title", lang))
        st.warning(t("questionnaires.broken_intro", lang))
        for result in refused:
            st.markdown(f"**{result.source}**")
            st.dataframe(problem_frame(result.errors, lang), hide_index=True, width="stretch")


def problem_frame(problems, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("questionnaires.col_location", lang): p.location,
        t("questionnaires.col_code", lang): p.code,
        t("questionnaires.col_message", lang): p.message,
        t("questionnaires.col_fix", lang): p.fix,
    } for p in problems])


guarded(page)()
