"""Item widgets, shared by the fill page and the questionnaire preview, so both look the same.

Each widget commits on its own (a choice clicked, a field left or Enter pressed):
its ``on_change`` rebuilds the item's whole answer and hands it to ``on_commit``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from continuum.i18n import t
from questionnaires.model import Item, Questionnaire

NA = "__not_applicable"
DK = "__dont_know"
OnCommit = Callable[[str, dict[str, Any]], None]
IN_PLACE_MEANINGS = {"in_place", "evaluated"}


def _key(prefix: str, item: Item, field: str) -> str:
    return f"{prefix}:{item.id}:{field}"


def _labels(q: Questionnaire, scale_id: str, lang: str) -> dict[str, str]:
    return {o.code: o.label.get(lang) for o in q.scale(scale_id).options}


def _status_meaning(q: Questionnaire, item: Item, code: str | None) -> str | None:
    if not code or code in (NA, DK):
        return None
    option = q.practice_scale(item, "status").option(code)
    return option.meaning if option else None


def collect_answer(q: Questionnaire, item: Item, prefix: str) -> dict[str, Any]:
    """The item's answer as the widgets now hold it (follow-ups only where they apply)."""
    state = st.session_state
    main = state.get(_key(prefix, item, "main"))
    answer: dict[str, Any] = {"flag": "", "comment": state.get(_key(prefix, item, "comment")) or ""}
    if main == NA:
        answer.update(flag="not_applicable", na_reason=(state.get(_key(prefix, item, "na_reason")) or "").strip())
        return answer
    if main == DK:
        answer["flag"] = "dont_know"
        return answer
    if item.kind == "practice":
        answer["status"] = main or ""
        meaning = _status_meaning(q, item, main)
        if meaning in IN_PLACE_MEANINGS:
            answer["extent"] = state.get(_key(prefix, item, "extent")) or ""
        elif meaning is not None:
            answer["priority"] = state.get(_key(prefix, item, "priority")) or ""
    elif item.kind == "multiple_choice":
        answer["choices"] = list(main or [])
    elif item.kind == "number":
        answer["number"] = main
    else:
        answer["value"] = main or ""
    return answer


def seed_widgets(q: Questionnaire, item: Item, prefix: str, answer: Mapping[str, Any] | None) -> None:
    """Put a saved answer into the widgets' state, once, before they are drawn."""
    if _key(prefix, item, "main") in st.session_state or not answer:
        return
    flag = answer.get("flag") or ""
    main: Any
    if flag == "not_applicable":
        main = NA
    elif flag == "dont_know":
        main = DK
    elif item.kind == "practice":
        main = answer.get("status") or None
    elif item.kind == "multiple_choice":
        raw = answer.get("choices") or []
        main = [c for c in (raw.split("|") if isinstance(raw, str) else raw) if c]
    elif item.kind == "number":
        number = answer.get("number")
        main = None if number is None or number != number else number
    else:
        main = answer.get("value") or None
    st.session_state[_key(prefix, item, "main")] = main
    for field in ("extent", "priority", "na_reason", "comment"):
        if answer.get(field):
            st.session_state[_key(prefix, item, field)] = answer[field]


def render_item(q: Questionnaire, item: Item, *, lang: str, sector: str, prefix: str,
                on_commit: OnCommit | None = None, disabled: bool = False, falc: bool = False,
                allow_not_applicable: bool = True) -> None:
    """Draw one item with its follow-ups, help and comment field."""
    commit = (lambda: on_commit(item.id, collect_answer(q, item, prefix))) if on_commit else None
    text = item.text.render(lang, sector, falc)
    label = text + ("" if item.required else f" ({t('form.optional', lang)})")
    specials = ([NA] if allow_not_applicable else []) + [DK]
    special_labels = {NA: t("form.not_applicable", lang), DK: t("form.dont_know", lang)}
    main_key = _key(prefix, item, "main")
    if item.kind in ("practice", "single_choice"):
        scale = q.practice_scale(item, "status").id if item.kind == "practice" else item.scale
        labels = {**_labels(q, scale, lang), **special_labels}
        st.radio(label, list(_labels(q, scale, lang)) + specials, index=None, key=main_key,
                 format_func=labels.__getitem__, horizontal=True, on_change=commit, disabled=disabled)
    elif item.kind == "multiple_choice":
        labels = _labels(q, item.scale, lang)
        st.multiselect(label, list(labels), key=main_key, format_func=labels.__getitem__,
                       on_change=commit, disabled=disabled, placeholder=t("form.choose", lang))
    elif item.kind == "number":
        unit = f" ({item.unit.get(lang)})" if item.unit else ""
        cast = int if item.integer else float  # Streamlit wants every numeric argument of one type
        # No min/max on the widget: the browser would refuse the value with its own words, in its own
        # language; the fill page says why in the interface language and keeps what was typed.
        st.number_input(label + unit, value=None, key=main_key, step=cast(1), on_change=commit,
                        disabled=disabled, placeholder=t("form.number_placeholder", lang),
                        help=_range_help(item, lang))
    elif item.kind == "text":
        st.text_area(label, key=main_key, max_chars=item.max_length, on_change=commit, disabled=disabled,
                     height=80)
    _help(item, lang, prefix)
    main = st.session_state.get(main_key)
    if item.kind == "practice":
        meaning = _status_meaning(q, item, main)
        if meaning in IN_PLACE_MEANINGS:
            labels = _labels(q, q.practice_scale(item, "extent").id, lang)
            st.radio(t("form.extent", lang), list(labels), index=None, key=_key(prefix, item, "extent"),
                     format_func=labels.__getitem__, horizontal=True, on_change=commit, disabled=disabled)
        elif meaning is not None:
            labels = _labels(q, q.practice_scale(item, "priority").id, lang)
            st.radio(t("form.priority", lang), list(labels), index=None, key=_key(prefix, item, "priority"),
                     format_func=labels.__getitem__, horizontal=True, on_change=commit, disabled=disabled)
    if main == NA:
        st.text_input(t("form.na_reason", lang), key=_key(prefix, item, "na_reason"), on_change=commit,
                      disabled=disabled, max_chars=300)
    if item.kind != "text":
        st.text_input(t("form.comment", lang), key=_key(prefix, item, "comment"), on_change=commit,
                      disabled=disabled, max_chars=1000, help=t("form.comment_help", lang))


def _range_help(item: Item, lang: str) -> str | None:
    if item.min is not None and item.max is not None:
        return t("form.number_range", lang, min=f"{item.min:g}", max=f"{item.max:g}")
    if item.min is not None:
        return t("form.number_min", lang, min=f"{item.min:g}")
    return t("form.number_max", lang, max=f"{item.max:g}") if item.max is not None else None


def _help(item: Item, lang: str, prefix: str) -> None:
    if item.help is None and item.example is None:
        return
    with st.expander(t("form.help", lang), key=_key(prefix, item, "help")):  # keyed: stays open across saves
        if item.help is not None:
            st.markdown(item.help.get(lang))
        if item.example is not None:
            st.markdown(f"*{t('form.example', lang)}* : {item.example.get(lang)}" if lang == "fr"
                        else f"*{t('form.example', lang)}*: {item.example.get(lang)}")


def describe_answer(q: Questionnaire, item: Item, answer: Mapping[str, Any], lang: str) -> str:
    """An answer in words, for the conflict and consensus views."""
    flag = answer.get("flag") or ""
    if flag == "not_applicable":
        return f"{t('form.not_applicable', lang)} — {answer.get('na_reason') or ''}"
    if flag == "dont_know":
        return t("form.dont_know", lang)
    parts: list[str] = []
    if item.kind == "practice":
        for role in ("status", "extent", "priority"):
            code = answer.get(role)
            if code:
                option = q.practice_scale(item, role).option(code)
                parts.append(option.label.get(lang) if option else str(code))
    elif item.kind in ("single_choice", "multiple_choice"):
        raw = answer.get("value") if item.kind == "single_choice" else answer.get("choices")
        codes = [c for c in (raw.split("|") if isinstance(raw, str) else raw or []) if c]
        scale = q.scale(item.scale)
        parts += [scale.option(c).label.get(lang) if scale.option(c) else c for c in codes]
    elif item.kind == "number":
        number = answer.get("number")
        if number is not None and number == number:
            parts.append(f"{number:g}")
    else:
        parts.append(str(answer.get("value") or ""))
    text = " · ".join(p for p in parts if p) or t("fill.not_answered", lang)
    comment = answer.get("comment") or ""
    return text + (f"  \n_{comment}_" if comment else "")


@st.cache_resource(show_spinner=False)
def _shared_glossary():
    from questionnaires.glossary import load_glossary

    return load_glossary()


def glossary_popover(q: Questionnaire | None, lang: str) -> None:
    """The glossary on request, so the words (RU, CDU, pair-aidant…) never block a team."""
    glossary = _shared_glossary().merged_with(q)
    with st.popover(t("form.glossary", lang), icon=":material/menu_book:"):
        for entry in glossary.sorted_for(lang):
            st.markdown(f"**{entry.term.get(lang)}** — {entry.definition.get(lang)}")
