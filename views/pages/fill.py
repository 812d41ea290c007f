"""Fill a questionnaire: join with a code, start, answer step by step with autosave, submit."""

import streamlit as st

from continuum.i18n import t
from questionnaires.progress import first_unanswered, in_optional_level, in_version, optional_levels_for
from storage.answers import get_answers
from storage.engine import read_session
from storage.plans import list_initiatives
from storage.responses import list_responses
from views import state
from views.common import guarded
from views.data import engine
from views.fill.answer import Sheet, answers_by_item, load_answers, progress_bar, render_items, step_items
from views.fill.inventory import inventory
from views.fill.join import choose_questionnaire, context_banner, fill_scope
from views.fill.start import participants_panel, start_screen
from views.fill.submit import has_matrix_items, submission_panel, targets_panel
from views.form import glossary_popover


def page(lang: str) -> None:
    st.title(t("fill.title", lang))
    scope = fill_scope(lang)
    if scope is None:
        return
    campaign, sites = context_banner(scope, lang)
    site = sites[0]
    q = choose_questionnaire(campaign, lang, key="fill_questionnaire_choice")
    with read_session(engine()) as session:
        found = list_responses(session, scope, campaign.id, questionnaire_id=q.id)
    if not found:
        start_screen(scope, campaign, site, q, lang)
        return
    response = found[0]
    falc = st.sidebar.toggle(t("fill.falc_toggle", lang), key="fill_falc")
    glossary_popover(q, lang)
    with read_session(engine()) as session:
        started = bool(get_answers(session, scope, response.id, respondent=None))
    participants_panel(scope, response, lang, expanded=not response.participants or not started)
    optional = optional_levels_for(q, site.category, site.size, campaign.optional_levels)
    answer_steps(q, scope, response, site.sector, falc, lang, optional)


def optional_section(section, optional: frozenset[str], version_choice: str) -> bool:
    """A section whose every matrix item of the chosen version is at a level this establishment may leave aside."""
    with_cells = [i for i in section.items if i.cells and in_version(i, version_choice)]
    return bool(with_cells) and all(in_optional_level(i, optional) for i in with_cells)


def answer_steps(q, scope, response, sector: str, falc: bool, lang: str, optional: frozenset[str]) -> None:
    sheet = choose_sheet(scope, response, lang)
    saved = load_answers(sheet)
    with read_session(engine()) as session:
        initiatives = list_initiatives(session, scope, response.id)
    entries: dict[str, int] = {}
    for row in initiatives:
        entries[row["group_item_id"]] = entries.get(row["group_item_id"], 0) + 1
    result = progress_bar(q, saved, sheet, entries, lang, optional)
    aside = f" ({t('fill.optional_step', lang)})"
    titles = [s.title.get(lang) + (aside if optional_section(s, optional, response.version_choice) else "")
              for s in q.sections] + [t("fill.final_step", lang)]
    steps = st.session_state[state.FILL_STEP]
    if sheet.key not in steps:
        resume = first_unanswered(q, answers_by_item(saved), response.version_choice, optional)
        steps[sheet.key] = next((i for i, s in enumerate(q.sections) if resume and s.id == resume[0]), 0)
        if resume and saved:  # coming back: say where, in words (Streamlit cannot scroll to the item)
            st.info(t("fill.resume_at", lang, item=q.item(resume[1]).text.render(lang, sector)),
                    icon=":material/bookmark:")
    marks = [("✓ " if not s.missing_required and s.total else "") for s in result.sections] + [""]
    index = st.selectbox(t("fill.step", lang), range(len(titles)), index=steps[sheet.key],
                         format_func=lambda i: f"{i + 1}. {marks[i]}{titles[i]}", key=f"step:{sheet.key}")
    steps[sheet.key] = index
    if sheet.locked:
        st.info(t("fill.read_only", lang), icon=":material/lock:")
    if index < len(q.sections):
        section = q.sections[index]
        st.header(titles[index])
        if section.description is not None:
            st.caption(section.description.get(lang))
        if optional_section(section, optional, response.version_choice):
            st.info(t("fill.optional_section", lang), icon=":material/info:")
        st.caption(":material/privacy_tip: " + t("fill.privacy_reminder", lang))
        for item in step_items(q, section, saved, response):
            if item.kind == "group":
                inventory(q, item, sheet=sheet, saved=saved, lang=lang, sector=sector, falc=falc)
            else:
                render_items(q, [item], sheet=sheet, saved=saved, lang=lang, sector=sector, falc=falc)
    elif sheet.respondent:
        st.info(t("fill.individual_done", lang))
    else:
        if has_matrix_items(q):
            targets_panel(q, scope, response, lang)
        submission_panel(q, scope, response, result, lang, sector)
    navigation(sheet.key, index, len(titles), lang)


def choose_sheet(scope, response, lang: str) -> Sheet:
    """The team's shared answers, or the contribution of a member who fills alone first."""
    alone = [p for p in response.participants if p["individual"]]
    if not alone:
        return Sheet(scope, response)
    options = [""] + [p["person_id"] for p in alone]
    names = {p["person_id"]: p["name"] for p in alone}
    chosen = st.radio(t("fill.sheet_choice", lang), options, horizontal=True, key=f"sheet:{response.id}",
                      format_func=lambda pid: t("fill.sheet_team", lang) if not pid
                      else t("fill.sheet_individual", lang, name=names[pid]))
    if not chosen:
        return Sheet(scope, response)
    return Sheet(scope.as_actor(names[chosen], person_id=chosen), response, respondent=chosen)


def navigation(response_id: str, index: int, count: int, lang: str) -> None:
    left, _, right = st.columns([1, 3, 1])
    if index > 0 and left.button(t("fill.previous", lang), icon=":material/arrow_back:"):
        _go(response_id, index - 1)
    if index < count - 1 and right.button(t("fill.next", lang), icon=":material/arrow_forward:", type="primary"):
        _go(response_id, index + 1)


def _go(response_id: str, index: int) -> None:
    st.session_state[state.FILL_STEP][response_id] = index
    st.session_state.pop(f"step:{response_id}", None)
    st.rerun()


guarded(page)()
