"""Campaign follow-up for a coordinator: invited, started, submitted per establishment (views.results.followup)."""

import streamlit as st

from continuum.i18n import t
from storage.engine import read_session
from views.common import guarded
from views.data import engine
from views.results.coordinator import CAMPAIGN_ROLES, coordinator_context
from views.results.followup import followup_table
from views.results.tables import readable_table


def page(lang: str) -> None:
    st.title(t("results.coord.followup_title", lang))
    context = coordinator_context(lang, CAMPAIGN_ROLES)
    if context is None:
        return
    identity, scored = context
    with read_session(engine()) as session:
        table, totals = followup_table(session, identity.scope, scored, lang)
    columns = st.columns(4)
    for column, name in zip(columns, ("followed", "started", "submitted", "invited")):
        column.metric(t(f"results.coord.{name}", lang), totals[name], help=t(f"results.coord.{name}_help", lang))
    st.caption(t("results.coord.followup_help", lang))
    if table.empty:
        st.info(t("results.coord.no_responses", lang), icon=":material/hourglass_empty:")
        return
    readable_table(table, {t("results.col.establishment", lang): 210, t("results.col.finess", lang): 90,
                           t("results.col.last_activity", lang): 150})


guarded(page)()
