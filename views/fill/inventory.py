"""The initiative inventory: add and edit initiatives, with the derived degree shown live."""

from __future__ import annotations

import streamlit as st

from continuum.i18n import t
from continuum.problems import ProblemError
from questionnaires.conditions import visible_items
from questionnaires.derivation import derive_entry_degree
from storage.answers import AnswerInput, save_answer
from storage.engine import read_session, run_write
from storage.plans import add_initiative, list_initiatives, remove_initiative
from views.data import engine
from views.fill.answer import Sheet, answers_by_item, render_items
from views.messages import show_problems


def inventory(q, group, *, sheet: Sheet, saved, lang: str, sector: str, falc: bool = False) -> None:
    """Draw the group's entries, each with its derived degree, and the form to add one."""
    with read_session(engine()) as session:
        entries = [e for e in list_initiatives(session, sheet.scope, sheet.response.id)
                   if e["group_item_id"] == group.id]
    st.markdown(f"**{group.text.render(lang, sector)}**")
    if group.help is not None:
        st.caption(group.help.get(lang))
    if not entries:
        st.info(t("fill.inventory_empty", lang))
    for entry in entries:
        number = entry["entry"]
        # Keyed, so that it stays open while the team answers inside it (a save changes the layout above it).
        with st.expander(t("fill.initiative_title", lang, n=number + 1, title=entry["title"]), expanded=False,
                         key=f"initiative:{sheet.key}:{group.id}:{number}"):
            declared = " · ".join(x for x in (entry["declared_by"], entry["co_declared_by"]) if x)
            if declared:
                st.caption(t("fill.declared_by", lang, who=declared))
            entry_answers = {**answers_by_item(saved), **answers_by_item(saved, number)}
            degree_panel(q, entry_answers, lang, sector)
            visible = visible_items(q, entry_answers)
            children = [c for c in group.items or [] if c.id in visible]
            render_items(q, children, sheet=sheet, saved=saved, lang=lang, sector=sector, entry=number, falc=falc)
            if not sheet.locked and not sheet.respondent:
                remove_button(group, sheet, number, lang)
    if not sheet.locked and not sheet.respondent:
        add_form(group, sheet, lang)


def degree_panel(q, entry_answers, lang: str, sector: str = "health") -> None:
    """Declared against derived degree, the descriptors that decide, and the conditions apart."""
    derived = derive_entry_degree(q, entry_answers)
    labels = {d.id: d.label.get(lang) for d in q.matrix.degrees}
    declared = labels.get(derived.declared, t("fill.not_answered", lang))
    found = labels.get(derived.degree, t("fill.not_answered", lang))
    cols = st.columns(2)
    cols[0].metric(t("fill.degree_declared", lang), declared)
    cols[1].metric(t("fill.degree_derived", lang), found)
    if derived.over_declared(q.degree_ids):
        st.warning(t("fill.over_declared", lang, declared=declared.lower(), derived=found.lower()),
                   icon=":material/info:")
    if derived.descriptors:
        st.caption(t("fill.decided_by", lang, items=", ".join(
            q.item(c.item).text.render(lang, sector) for c in derived.descriptors)))
    rules = q.scoring.derivation
    if rules and rules.conditions_items:
        st.caption(t("fill.conditions_note", lang))


def remove_button(group, sheet: Sheet, entry: int, lang: str) -> None:
    """Two steps, so that a stray click never deletes an initiative."""
    key = f"remove:{sheet.key}:{group.id}:{entry}"
    if not st.session_state.get(key):
        if st.button(t("fill.initiative_remove", lang), key=key + ":ask", icon=":material/delete:"):
            st.session_state[key] = True
            st.rerun()
        return
    st.warning(t("fill.initiative_remove_confirm", lang))
    left, right = st.columns(2)
    if left.button(t("fill.initiative_remove_yes", lang), key=key + ":yes", type="primary"):
        try:
            run_write(engine(), lambda s: remove_initiative(s, sheet.scope, sheet.response.id, group.id, entry,
                                                                      [c.id for c in group.items or []]))
        except ProblemError as error:
            show_problems(error.problems, lang)
            return
        st.session_state.pop(key, None)
        st.rerun()
    if right.button(t("fill.initiative_remove_no", lang), key=key + ":no"):
        st.session_state.pop(key, None)
        st.rerun()


def add_form(group, sheet: Sheet, lang: str) -> None:
    """Initiatives are declared on the team's sheet, by the project lead and the patient partner."""
    scope, response = sheet.scope, sheet.response
    with st.form(f"add-initiative:{response.id}:{group.id}", clear_on_submit=True):
        st.markdown(f"**{t('fill.initiative_add_title', lang)}**")
        title = st.text_input(t("fill.initiative_name", lang))
        cols = st.columns(2)
        lead = cols[0].text_input(t("fill.initiative_lead", lang))
        partner = cols[1].text_input(t("fill.initiative_partner", lang))
        added = st.form_submit_button(t("fill.initiative_add", lang))
    if not added:
        return
    title_item = next((c.id for c in group.items or [] if c.id.endswith("title") and c.kind == "text"), None)

    def work(session):
        entry = add_initiative(session, scope, response.id, group.id, title.strip(), declared_by=lead.strip(),
                               co_declared_by=partner.strip())
        if title_item and title.strip():
            save_answer(session, scope, response.id, title_item, AnswerInput(value=title.strip()),
                        base_version=None, entry=entry)
        return entry

    try:
        run_write(engine(), work)
    except ProblemError as error:
        show_problems(error.problems, lang)
        return
    st.rerun()
