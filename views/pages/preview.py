"""Questionnaire preview, for authors: errors as a table, or the form as respondents will see it.

Nothing is saved: the file is validated in memory and the widgets write nowhere.
"""

import streamlit as st

from continuum.i18n import t
from continuum.settings import get_settings
from questionnaires.loader import validate_questionnaire_text
from questionnaires.progress import shown_items
from views.common import guarded
from views.form import collect_answer, glossary_popover, render_item
from views.pages.questionnaires import problem_frame

VARIANTS = (("health", False), ("medico_social", False), ("health", True))


def page(lang: str) -> None:
    st.title(t("preview.title", lang))
    st.write(t("preview.intro", lang))
    upload = st.file_uploader(t("preview.upload", lang), type=["yaml", "yml"], key="preview_upload")
    pasted = st.text_area(t("preview.paste", lang), height=160, key="preview_paste")
    if upload is not None:
        if upload.size > get_settings().upload_max_mb * 1024 * 1024:
            st.error(t("preview.too_large", lang, mb=get_settings().upload_max_mb))
            return
        text, name = upload.getvalue(), upload.name
    elif pasted.strip():
        text, name = pasted, t("preview.pasted_name", lang)
    else:
        st.info(t("preview.empty", lang))
        return
    result = validate_questionnaire_text(text, name, lang=lang)
    if not result.ok:
        st.error(t("preview.refused", lang, count=len(result.errors)))
        st.dataframe(problem_frame(result.errors, lang), hide_index=True, width="stretch")
        return
    q = result.questionnaire
    st.success(t("preview.valid", lang, id=q.id, version=q.version))
    if result.warnings:
        with st.expander(t("questionnaires.warnings_title", lang) + f" ({len(result.warnings)})"):
            st.dataframe(problem_frame(result.warnings, lang), hide_index=True, width="stretch")
    glossary_popover(q, lang)
    tabs = st.tabs([t("preview.variant_health", lang), t("preview.variant_medico_social", lang),
                    t("preview.variant_falc", lang)])
    for tab, (sector, falc) in zip(tabs, VARIANTS):
        with tab:
            render_preview(q, lang, sector, falc, prefix=f"preview:{q.id}:{sector}:{falc}")


def render_preview(q, lang: str, sector: str, falc: bool, prefix: str) -> None:
    answers = {i.id: collect_answer(q, i, prefix) for i in q.items() if i.kind != "group"}
    st.header(q.title.get(lang))
    for section in q.sections:
        st.subheader(section.title.get(lang))
        for item in shown_items(q, section, answers):
            with st.container(border=True):
                if item.kind == "group":
                    st.markdown(f"**{item.text.render(lang, sector, falc)}**")
                    for child in item.items or []:
                        render_item(q, child, lang=lang, sector=sector, prefix=prefix + ":entry0", falc=falc)
                else:
                    render_item(q, item, lang=lang, sector=sector, prefix=prefix, falc=falc)


guarded(page)()
