"""Targets and submission: what is missing, by section with links, then the lock."""

from __future__ import annotations

import streamlit as st

from continuum.i18n import t
from continuum.problems import ProblemError
from storage.engine import read_session, run_write
from storage.plans import list_targets, set_target
from storage.responses import submit_response
from views import state
from views.data import engine
from views.messages import show_problems


def has_matrix_items(q) -> bool:
    return any(item.cells for item in q.items())


def targets_panel(q, scope, response, lang: str) -> None:
    """A target degree per level, with the team's reason; optional, never a score."""
    st.subheader(t("fill.targets_title", lang))
    st.caption(t("fill.targets_help", lang))
    with read_session(engine()) as session:
        targets = list_targets(session, scope, response.id)
    degrees = [""] + q.degree_ids
    labels = {d.id: d.label.get(lang) for d in q.matrix.degrees} | {"": t("fill.target_none", lang)}
    locked = response.status == "submitted"
    for level in q.matrix.levels:
        current = targets.get(level.id, {})
        with st.form(f"target:{response.id}:{level.id}", border=True):
            cols = st.columns([1, 2, 1])
            degree = cols[0].selectbox(level.label.get(lang), degrees, format_func=labels.__getitem__,
                                       index=degrees.index(current.get("degree", "")), disabled=locked)
            reason = cols[1].text_input(t("fill.target_reason", lang), value=current.get("reason", ""),
                                        disabled=locked)
            if cols[2].form_submit_button(t("fill.target_save", lang), disabled=locked) and degree:
                _run(lambda s: set_target(s, scope, response.id, level.id, degree, reason.strip()), lang)


def submission_panel(q, scope, response, result, lang: str, sector: str = "health") -> None:
    st.subheader(t("fill.submit_title", lang))
    if response.status == "submitted":
        st.success(t("fill.submitted", lang), icon=":material/lock:")
        return
    if result.missing_required:
        st.warning(t("fill.missing_summary", lang, n=result.missing_required))
        titles = {s.id: s.title.get(lang) for s in q.sections}
        for index, section in enumerate(result.sections):
            if not section.missing_required:
                continue
            texts = [q.item(i).text.render(lang, sector) for i in section.missing_required]
            st.markdown(f"**{titles[section.section_id]}** — " + t("fill.missing_in_section",
                                                                    lang, n=len(texts)))
            for text in texts[:5]:
                st.markdown(f"- {text}")
            if st.button(t("fill.go_to_section", lang, section=titles[section.section_id]),
                         key=f"goto:{response.id}:{section.section_id}"):
                st.session_state[state.FILL_STEP][response.id] = index
                st.rerun()
    else:
        st.info(t("fill.ready_to_submit", lang))
    confirm = st.checkbox(t("fill.submit_confirm", lang), key=f"confirm:{response.id}",
                          disabled=not result.can_submit)
    if st.button(t("fill.submit_button", lang), type="primary", disabled=not (result.can_submit and confirm)):
        try:
            run_write(engine(), lambda s: submit_response(s, scope, response.id))
        except ProblemError as error:
            show_problems(error.problems, lang)
            return
        st.switch_page("views/pages/results.py")  # the team lands on its results


def _run(work, lang: str) -> None:
    try:
        run_write(engine(), work)
    except ProblemError as error:
        show_problems(error.problems, lang)
        return
    st.rerun()
