"""Before starting: what the profile is, who will see the answers, the version, and who takes part."""

from __future__ import annotations

import streamlit as st

from continuum.i18n import t
from continuum.problems import ProblemError
from continuum.reference import PARTICIPANT_ROLES, USER_ROLES
from storage.engine import run_write
from storage.responses import add_participant, add_person, open_response, set_facilitator
from views.data import engine
from views.messages import show_problems


def explain(lang: str) -> None:
    st.subheader(t("fill.before_title", lang))
    for key in ("before_profile", "before_use", "before_who_sees", "before_together"):
        st.markdown("- " + t(f"fill.{key}", lang))


def start_screen(scope, campaign, site, questionnaire, lang: str) -> None:
    """Create the response once the team has chosen its version."""
    explain(lang)
    choices = ["core", "extended"] if campaign.version_choice == "core_or_extended" else ["core"]
    n_core = sum(1 for i in questionnaire.items() if i.core)
    n_all = sum(1 for _ in questionnaire.items())
    labels = {"core": t("fill.version_core", lang, n=n_core), "extended": t("fill.version_extended", lang, n=n_all)}
    version = st.radio(t("fill.version_label", lang), choices, format_func=labels.__getitem__, key="start_version")
    if st.button(t("fill.start_button", lang), type="primary"):
        try:
            run_write(engine(), lambda s: open_response(s, scope, campaign.id, site.finess, questionnaire.id,
                                                        sites=sorted(scope.sites), version_choice=version))
        except ProblemError as error:
            show_problems(error.problems, lang)
            return
        st.rerun()


def role_label(role: str, lang: str) -> str:
    return t(f"ref.role.{role}", lang)


def participants_panel(scope, response, lang: str, *, expanded: bool | None = None) -> None:
    """Who takes part, by role, and the facilitator of the consensus meeting.

    Open until the team starts answering, so that several people are recorded one after another.
    """
    people = response.participants
    with st.expander(t("fill.participants_title", lang, n=len(people)),
                     expanded=not people if expanded is None else expanded, key=f"participants:{response.id}"):
        if people:
            for p in people:
                marker = " · " + t("fill.user_marker", lang) if p["role"] in USER_ROLES else ""
                marker += " · " + t("fill.alone_marker", lang) if p["individual"] else ""
                st.markdown(f"- {p['name']} — {role_label(p['role'], lang)}{marker}")
        else:
            st.info(t("fill.participants_empty", lang))
        disabled = response.status == "submitted"
        with st.form(f"participant:{response.id}", clear_on_submit=True):
            cols = st.columns([2, 2, 1])
            name = cols[0].text_input(t("fill.participant_name", lang), help=t("fill.participant_name_help", lang))
            role = cols[1].selectbox(t("fill.participant_role", lang), PARTICIPANT_ROLES,
                                     format_func=lambda r: role_label(r, lang))
            alone = st.checkbox(t("fill.participant_alone", lang), help=t("fill.participant_alone_help", lang))
            added = cols[2].form_submit_button(t("fill.participant_add", lang), disabled=disabled)
        if added:
            if not name.strip():
                st.error(t("fill.participant_name_missing", lang))
            else:
                _save(lambda s: add_participant(s, scope, response.id, add_person(s, name.strip()), role,
                                                individual=alone), lang)
        names = {p["person_id"]: p["name"] for p in people}
        if names:
            options = [""] + list(names)
            current = response.facilitator_id if response.facilitator_id in names else ""
            chosen = st.selectbox(t("fill.facilitator", lang), options, index=options.index(current),
                                  format_func=lambda pid: names.get(pid, t("fill.facilitator_none", lang)),
                                  disabled=disabled, key=f"facilitator:{response.id}")
            if chosen != current:
                _save(lambda s: set_facilitator(s, scope, response.id, chosen or None), lang)


def _save(work, lang: str) -> None:
    try:
        run_write(engine(), work)
    except ProblemError as error:
        show_problems(error.problems, lang)
        return
    st.rerun()
