"""Against peers, progress since the previous wave, and who filled the self-assessment."""

from __future__ import annotations

import inspect

import pandas as pd
import streamlit as st

from charts.peers import peer_figure, peer_table, shares_frame
from charts.profile import matrix_labels
from continuum.i18n import fmt_percent, t
from scoring.messages import state_label
from storage import aggregates
from storage.engine import read_session
from storage.establishments import peer_groups_of
from storage.responses import get_response
from views.data import engine
from views.results.cache import peer_figures
from views.results.compute import Scored, rows_of
from views.results.profile_tab import PLOT_CONFIG

GROUPS = ("region", "category", "national")
SAVED = "saved:"  # a coordinator's saved group, by name


def peer_options() -> set[str]:
    """The peer filters storage offers (region, category, saved group, co-filled only)."""
    return set(inspect.signature(aggregates.peer_cell_shares).parameters)


def _group_label(group: str, lang: str) -> str:
    if group.startswith(SAVED):
        return t("results.peers.group_saved", lang, name=group[len(SAVED):])
    return t(f"results.peers.group_{group}", lang)


def peers_section(scored: Scored, row: pd.Series, scope, lang: str) -> None:
    q = scored.questionnaire
    st.info(t("results.peers.voluntary", lang), icon=":material/volunteer_activism:")
    options = peer_options()
    own_site = str(row["establishment"]) if row["establishment"] in scope.sites else sorted(scope.sites)[0]
    with read_session(engine()) as session:
        saved = [SAVED + name for name in peer_groups_of(session, scope, own_site)]
    groups = [g for g in GROUPS if g != "category" or "category" in options] + saved
    group = st.radio(t("results.peers.group", lang), groups, horizontal=True, key="peer_group",
                     format_func=lambda g: _group_label(g, lang))
    unavailable = "co_filled_only" not in options
    co_filled = st.toggle(t("results.peers.co_filled_only", lang), key="peer_co_filled", disabled=unavailable,
                          help=t("results.peers.co_filled_unavailable", lang) if unavailable else None)
    kwargs = {"site": own_site}
    if group == "region":
        kwargs["region"] = str(row["region"])
    elif group == "category":
        kwargs["category"] = str(row["category"])
    elif group.startswith(SAVED):
        kwargs["peer_group"] = group[len(SAVED):]
    if co_filled and "co_filled_only" in options:
        kwargs["co_filled_only"] = True
    figures = peer_figures(scope, scored.campaign.id, q.id, **kwargs)
    if not figures.enough:
        st.warning(t("results.peers.not_enough", lang, n=figures.peers), icon=":material/group_off:")
        return
    st.caption(t("results.peers.count_banded" if figures.banded else "results.peers.count", lang, n=figures.peers))
    shares = shares_frame(figures, q)
    if figures.cross_category:
        st.caption(t("results.peers.cross_category", lang))
    cells = rows_of(scored.result.cell_states, row["response_id"])
    own = {f"{c.level}|{c.degree}": state_label(str(c.state), lang) for c in cells.itertuples(index=False)}
    levels, degrees = matrix_labels(q, lang)
    st.plotly_chart(peer_figure(shares, levels, degrees, lang, own_labels=own), width="stretch",
                    config=PLOT_CONFIG, key="peer_chart")
    st.caption(t("results.peers.reading", lang))
    with st.expander(t("results.table_alternative", lang), icon=":material/table:"):
        st.dataframe(peer_table(shares, dict(levels), dict(degrees), lang, own), hide_index=True,
                     width="stretch")


def progress_section(scored: Scored, row: pd.Series, lang: str) -> None:
    """Per cell state, coverage and item, against the same establishment's previous wave."""
    changes = scored.result.wave_changes()
    mine = changes.cells[changes.cells["response_id"] == row["response_id"]]
    if mine.empty:
        st.info(t("results.progress.first_wave", lang), icon=":material/history:")
        return
    q = scored.questionnaire
    levels, degrees = (dict(x) for x in matrix_labels(q, lang))
    st.caption(t("results.progress.since", lang, wave=int(mine["previous_wave"].iloc[0])))
    moved = mine[mine["change"] != "same"]
    st.dataframe(pd.DataFrame({
        t("results.col.level", lang): moved["level"].map(levels),
        t("results.col.degree", lang): moved["degree"].map(degrees),
        t("results.col.previous_state", lang): moved["previous_state"].map(lambda s: state_label(s, lang)),
        t("results.col.state", lang): moved["state"].map(lambda s: state_label(s, lang)),
        t("results.col.change", lang): moved["change"].map(lambda c: t(f"results.progress.{c}", lang)),
    }), hide_index=True, width="stretch")
    if moved.empty:
        st.caption(t("results.progress.no_cell_change", lang))
    cov = changes.coverage[changes.coverage["response_id"] == row["response_id"]]
    st.subheader(t("results.coverage_title", lang))
    st.dataframe(pd.DataFrame({
        t("results.col.level", lang): cov["level"].map(lambda v: levels.get(v, t("results.overall", lang))),
        t("results.col.previous_coverage", lang): cov["previous_coverage"].map(lambda v: fmt_percent(v, lang, 0)),
        t("results.col.coverage", lang): cov["coverage"].map(lambda v: fmt_percent(v, lang, 0)),
    }), hide_index=True, width="stretch")
    items = changes.items[changes.items["response_id"] == row["response_id"]]
    with st.expander(t("results.progress.items", lang, n=len(items))):
        st.dataframe(pd.DataFrame({
            t("results.col.practice", lang): items["item_id"].map(lambda i: q.item(i).text.render(lang, row["sector"])),
            t("results.col.previous_state", lang): items["previous_status"].map(lambda s: _status(s, lang)),
            t("results.col.state", lang): items["status"].map(lambda s: _status(s, lang)),
        }), hide_index=True, width="stretch")


def _status(meaning: str, lang: str) -> str:
    return t(f"results.status.{meaning}", lang) if meaning else "—"


def participants_section(scored: Scored, row: pd.Series, scope, lang: str) -> None:
    """The composition of the group, by role, and where professionals' and users' answers differ."""
    with read_session(engine()) as session:
        response = get_response(session, scope, row["response_id"])
    roles = pd.Series([p["role"] for p in response.participants], dtype=object)
    if roles.empty:
        st.info(t("results.who.none", lang), icon=":material/group:")
    else:
        counts = roles.value_counts()
        st.dataframe(pd.DataFrame({t("results.col.role", lang): [t(f"ref.role.{r}", lang) for r in counts.index],
                                   t("results.col.people", lang): counts.to_numpy()}),
                     hide_index=True, width="stretch")
    st.write(t("results.who.co_filled" if response.co_filled else "results.who.not_co_filled", lang))
    gap = rows_of(scored.result.role_gap, row["response_id"])
    st.subheader(t("results.who.gap_title", lang))
    if gap.empty:
        st.caption(t("results.who.no_gap", lang))
        return
    q = scored.questionnaire
    st.dataframe(pd.DataFrame({
        t("results.col.practice", lang): gap["item_id"].map(lambda i: q.item(i).text.render(lang, row["sector"])),
        t("results.col.professionals", lang): [_range(a, b, lang) for a, b in zip(gap["pro_min"], gap["pro_max"])],
        t("results.col.users", lang): [_range(a, b, lang) for a, b in zip(gap["user_min"], gap["user_max"])],
        t("results.col.direction", lang): gap["direction"].map(lambda d: t(f"results.who.direction_{d}", lang)),
    }), hide_index=True, width="stretch")


STATUS_BY_RANK = ("not_in_place", "being_set_up", "in_place", "evaluated")


def _range(low, high, lang: str) -> str:
    if low != low or high != high:
        return "—"
    a, b = _status(STATUS_BY_RANK[int(low)], lang), _status(STATUS_BY_RANK[int(high)], lang)
    return a if a == b else f"{a} → {b}"
