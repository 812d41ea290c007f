"""The consensus meeting, meant to be projected: where answers diverge, side by side, and the agreed answer.

The divergences and the professionals-versus-users gap come from the scoring engine;
this page only shows them and records the team's agreed answer on the shared sheet.
"""

import pandas as pd
import streamlit as st

from continuum.i18n import t
from continuum.problems import ProblemError
from continuum.reference import USER_ROLES
from scoring import score
from scoring.catalogue import STATUS_MEANINGS
from storage.answers import get_answers
from storage.engine import read_session
from storage.frames import load_frames
from storage.responses import list_responses
from views.common import guarded
from views.data import engine
from views.fill.answer import Sheet, load_answers, render_items
from views.fill.join import choose_questionnaire, context_banner, fill_scope
from views.form import describe_answer
from views.identity import require_identity
from views.messages import show_problems


def page(lang: str) -> None:
    st.title(t("consensus.title", lang))
    require_identity(lang, roles=("establishment", "facilitator"))
    scope = fill_scope(lang)
    if scope is None:
        return
    campaign, sites = context_banner(scope, lang)
    q = choose_questionnaire(campaign, lang, key="consensus_questionnaire_choice")
    with read_session(engine()) as session:
        found = list_responses(session, scope, campaign.id, questionnaire_id=q.id)
        if not found:
            st.info(t("consensus.no_response", lang))
            return
        response = found[0]
        responses, answers = load_frames(session, scope, campaign.id, questionnaire_id=q.id)
        individual = [a for a in get_answers(session, scope, response.id, respondent=None) if a["respondent"]]
    if not individual:
        st.info(t("consensus.no_individual", lang))
        return
    try:
        result = score(q, responses, answers)
    except ProblemError as error:
        show_problems(error.problems, lang)
        return
    divergence = result.divergence[result.divergence["response_id"] == response.id]
    gap = result.role_gap[result.role_gap["response_id"] == response.id]
    people = {p["person_id"]: p for p in response.participants}
    sector = sites[0].sector
    st.caption(t("consensus.intro", lang))
    divergent_items(q, Sheet(scope, response), divergence, individual, people, sector, lang)
    role_gap_table(q, gap, sector, lang)


def divergent_items(q, sheet, divergence, individual, people, sector: str, lang: str) -> None:
    item_ids = list(dict.fromkeys(divergence["item_id"].astype(str)))
    agreed = set(divergence.loc[divergence["has_consensus"].astype(bool), "item_id"].astype(str))
    st.subheader(t("consensus.divergent_title", lang, n=len(item_ids), open=len(set(item_ids) - agreed)))
    if not item_ids:
        st.success(t("consensus.all_agree", lang))
        return
    saved = load_answers(sheet)
    for item_id in item_ids:
        item = q.item(item_id)
        with st.container(border=True):
            badge = t("consensus.agreed", lang) if item_id in agreed else t("consensus.to_be_agreed", lang)
            st.markdown(f"### {item.text.render(lang, sector)}\n**{badge}**")
            rows = [a for a in individual if a["item_id"] == item_id and a["entry"] == -1]
            columns = st.columns(max(len(rows), 1))
            for column, row in zip(columns, rows):
                person = people.get(row["respondent"], {"name": row["respondent"], "role": ""})
                role = t(f"ref.role.{person['role']}", lang) if person["role"] else ""
                user = " · " + t("fill.user_marker", lang) if person["role"] in USER_ROLES else ""
                column.markdown(f"**{person['name']}** — {role}{user}  \n" + describe_answer(q, item, row, lang))
            st.markdown(f"**{t('consensus.agreed_answer', lang)}**")
            render_items(q, [item], sheet=sheet, saved=saved, lang=lang, sector=sector)


def role_gap_table(q, gap: pd.DataFrame, sector: str, lang: str) -> None:
    """Professionals' and users' answers as ranges, never averaged."""
    st.subheader(t("consensus.gap_title", lang))
    differing = gap[gap["direction"] != "same"]
    if differing.empty:
        st.info(t("consensus.gap_none", lang))
        return
    status = q.scale("status") if any(s.id == "status" for s in q.scales) else None
    labels = {o.meaning: o.label.get(lang) for o in status.options} if status else {}

    def span(low, high) -> str:
        low_label = labels.get(STATUS_MEANINGS[int(low)], "")
        high_label = labels.get(STATUS_MEANINGS[int(high)], "")
        return low_label if low == high else f"{low_label} → {high_label}"

    st.table(pd.DataFrame({  # a static table: projected, every word must show (a data grid truncates)
        t("consensus.col_item", lang): [q.item(i).text.render(lang, sector) for i in differing["item_id"].astype(str)],
        t("consensus.col_professionals", lang): [span(a, b) for a, b in zip(differing["pro_min"], differing["pro_max"])],
        t("consensus.col_users", lang): [span(a, b) for a, b in zip(differing["user_min"], differing["user_max"])],
        t("consensus.col_direction", lang): [t(f"consensus.direction_{d}", lang) for d in differing["direction"]],
    }), hide_index=True, alt=t("consensus.gap_title", lang))


guarded(page)()
