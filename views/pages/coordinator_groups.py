"""Saved peer groups (this view owns them; storage.create_peer_group refuses near-duplicates) and threshold sensitivity."""

import pandas as pd
import streamlit as st

from continuum.i18n import t
from continuum.problems import ProblemError
from scoring.peers import check_peer_group
from storage.engine import read_session, write_session
from storage.establishments import create_peer_group
from views.common import guarded
from views.data import engine
from views.messages import show_problems
from views.results.cache import show_refusal
from views.results.comparison import display_code
from views.results.coordinator import CAMPAIGN_ROLES, coordinator_context
from storage.directory import peer_groups, sites_frame


def page(lang: str) -> None:
    st.title(t("results.coord.groups_title", lang))
    context = coordinator_context(lang, CAMPAIGN_ROLES)
    if context is None:
        return
    identity, scored = context
    saved_groups(identity.scope, lang)
    st.header(t("results.coord.sensitivity_title", lang))
    if show_refusal(scored, lang):
        return
    if scored.result is None:
        st.info(t("results.coord.no_responses", lang), icon=":material/hourglass_empty:")
        return
    sensitivity(scored, lang)


def saved_groups(scope, lang: str) -> None:
    with read_session(engine()) as session:
        groups = peer_groups(session, scope)
        sites = sites_frame(session, scope)
    names = dict(zip(sites["finess"], [n if named else display_code(f) for f, n, named in
                                       zip(sites["finess"], sites["name"], sites["named"])]))
    if groups:
        st.dataframe(pd.DataFrame({t("results.coord.group_name", lang): list(groups),
                                   t("results.coord.group_size", lang): [len(v) for v in groups.values()]}),
                     hide_index=True, width="stretch")
    else:
        st.caption(t("results.coord.no_groups", lang))
    st.caption(t("results.coord.group_rule", lang))
    with st.form("new_peer_group"):
        name = st.text_input(t("results.coord.group_name", lang), key="group_name")
        members = st.multiselect(t("results.coord.group_members", lang), list(names), format_func=names.get,
                                 placeholder=t("results.coord.choose_establishments", lang), key="group_members")
        submitted = st.form_submit_button(t("results.coord.group_create", lang), type="primary")
    if not submitted:
        return
    problems = check_peer_group(members, groups)
    if not name.strip() or len(members) < 5:
        st.error(t("results.coord.group_invalid", lang), icon=":material/error:")
        return
    if problems:
        show_problems(problems, lang)
        return
    try:
        with write_session(engine()) as session:
            create_peer_group(session, scope, name.strip(), members)
    except ProblemError as error:
        show_problems(error.problems, lang)
        return
    st.success(t("results.coord.group_created", lang, name=name.strip()), icon=":material/check:")


def sensitivity(scored, lang: str) -> None:
    """How many establishments would change state if N (practices for 'present') or X (share for 'established') moved."""
    frame = scored.result.sensitivity()
    frame = frame[frame["campaign_id"] == scored.campaign.id]
    th = scored.result.thresholds
    st.caption(t("results.coord.sensitivity_help", lang, n=th.n, x=round(th.x)))
    st.dataframe(pd.DataFrame({
        t("results.coord.threshold", lang): frame["parameter"].map(lambda p: t(f"results.coord.threshold_{p}", lang)),
        t("results.coord.moved_to", lang): frame["value"].map(lambda v: f"{v:g}"),
        t("results.coord.establishments_changed", lang): [f"{int(a)} / {int(b)}" for a, b in
                                                          zip(frame["n_establishments_changed"],
                                                              frame["n_establishments"])],
        t("results.coord.cells_changed", lang): frame["n_cells_changed"].astype(int),
    }), hide_index=True, width="stretch")


guarded(page)()
