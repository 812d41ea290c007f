"""Answering: sections as steps, every committed value saved at once, conflicts shown, never lost.

The database is the only truth: each run reads the saved answers, and a widget is
re-seeded when someone else saved a newer version of its item (unless the person is
resolving a conflict on it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import streamlit as st

from continuum.i18n import fmt_datetime, t
from continuum.problems import ProblemError
from questionnaires.answer_rules import number_refusal
from questionnaires.progress import progress, shown_items
from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import read_session, run_write
from storage.errors import StaleAnswer
from views import state
from views.data import engine
from views.form import describe_answer, render_item, seed_widgets
from views.messages import problem_text

Key = tuple[str, int]


@dataclass(frozen=True)
class Sheet:
    """What a person is filling: the team's shared answers (respondent ''), or one member's own."""

    scope: Any
    response: Any
    respondent: str = ""

    @property
    def key(self) -> str:
        return f"{self.response.id}/{self.respondent or 'team'}"

    def prefix(self, entry: int = -1) -> str:
        return f"fill:{self.key}" + (f":e{entry}" if entry >= 0 else "")

    @property
    def locked(self) -> bool:
        return self.response.status == "submitted"


def _bucket(name: str, sheet: Sheet) -> dict:
    return st.session_state[name].setdefault(sheet.key, {})


def load_answers(sheet: Sheet) -> dict[Key, dict[str, Any]]:
    """Saved answers by (item, entry); re-seed widgets whose item someone else changed."""
    with read_session(engine()) as session:
        rows = get_answers(session, sheet.scope, sheet.response.id, respondent=sheet.respondent)
    saved = {(r["item_id"], r["entry"]): r for r in rows}
    versions = _bucket(state.FILL_VERSIONS, sheet)
    conflicts = _bucket(state.FILL_CONFLICTS, sheet)
    for key, row in saved.items():
        if versions.get(key) != row["version"] and key not in conflicts:
            _forget_widgets(sheet.prefix(key[1]), key[0])
            versions[key] = row["version"]
    return saved


def _forget_widgets(prefix: str, item_id: str) -> None:
    start = f"{prefix}:{item_id}:"
    for widget_key in [k for k in st.session_state if isinstance(k, str) and k.startswith(start)]:
        del st.session_state[widget_key]


def committer(q, sheet: Sheet, lang: str, entry: int = -1):
    """The on_commit callback: save one item's answer against the version the widgets show.

    An answer that cannot be saved yet (no reason for "not applicable", a number out of range)
    stays in the widgets with a message; the saved answer is left as it was.
    """

    def commit(item_id: str, answer: dict[str, Any]) -> None:
        key = (item_id, entry)
        messages = _bucket(state.FILL_MESSAGES, sheet)
        messages.pop(key, None)
        if answer.get("flag") == "not_applicable" and not answer.get("na_reason"):
            messages[key] = ("info", t("fill.na_reason_needed", lang))
            return
        refusal = number_refusal(q.item(item_id), answer.get("number"))
        if refusal:
            messages[key] = ("error", t(f"fill.{refusal[0]}", lang, **refusal[1]))
            return
        versions = _bucket(state.FILL_VERSIONS, sheet)
        try:
            saved = run_write(engine(), lambda s: save_answer(
                s, sheet.scope, sheet.response.id, item_id, AnswerInput(**answer), base_version=versions.get(key),
                entry=entry, respondent=sheet.respondent))
        except StaleAnswer as stale:
            _bucket(state.FILL_CONFLICTS, sheet)[key] = {"mine": answer, "theirs": stale.current}
            return
        except ProblemError as error:
            messages[key] = ("error", " ".join(problem_text(p, lang) for p in error.problems))
            return
        versions[key] = saved.version
        st.session_state[state.FILL_LAST_SAVE][sheet.key] = saved.updated_at

    return commit


def answers_by_item(saved: dict[Key, dict], entry: int = -1) -> dict[str, dict]:
    return {item: row for (item, e), row in saved.items() if e == entry}


def progress_bar(q, saved, sheet: Sheet, entries: dict[str, int], lang: str,
                 optional: frozenset[str] = frozenset()):
    result = progress(q, answers_by_item(saved), sheet.response.version_choice, entries, optional)
    text = t("fill.progress", lang, answered=result.answered, total=result.total, left=result.missing_required)
    st.progress(min(result.share, 1.0), text=text)
    last = st.session_state[state.FILL_LAST_SAVE].get(sheet.key)
    if last:
        st.caption(t("fill.last_saved", lang, when=fmt_datetime(_local(last), lang)))
    return result


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone()


def render_items(q, items, *, sheet: Sheet, saved, lang: str, sector: str, entry: int = -1,
                 falc: bool = False) -> None:
    """Draw items with their saved answers, messages and conflicts; locked once submitted."""
    prefix = sheet.prefix(entry)
    commit = committer(q, sheet, lang, entry)
    for item in items:
        key = (item.id, entry)
        seed_widgets(q, item, prefix, saved.get(key))
        with st.container(border=True):
            render_item(q, item, lang=lang, sector=sector, prefix=prefix, on_commit=commit, disabled=sheet.locked,
                        falc=falc)
            conflict_view(q, item, sheet, key, lang)
            message = _bucket(state.FILL_MESSAGES, sheet).get(key)
            if message:
                (st.info if message[0] == "info" else st.error)(message[1])


def conflict_view(q, item, sheet: Sheet, key: Key, lang: str) -> None:
    """Both versions, who saved each, and a choice; nothing is lost until the person decides."""
    conflicts = _bucket(state.FILL_CONFLICTS, sheet)
    conflict = conflicts.get(key)
    if not conflict:
        return
    theirs = conflict["theirs"]
    who = theirs.get("updated_by") or "?"
    when = fmt_datetime(_local(theirs["updated_at"]), lang) if theirs.get("updated_at") else ""
    st.warning(t("fill.conflict", lang, who=who, when=when), icon=":material/sync_problem:")
    left, right = st.columns(2)
    left.markdown(f"**{t('fill.conflict_mine', lang)}**  \n" + describe_answer(q, item, conflict["mine"], lang))
    right.markdown(f"**{t('fill.conflict_theirs', lang, who=who)}**  \n" + describe_answer(q, item, theirs, lang))
    if left.button(t("fill.keep_mine", lang), key=f"keep_mine:{sheet.key}:{key}"):
        _bucket(state.FILL_VERSIONS, sheet)[key] = theirs["version"]
        del conflicts[key]
        committer(q, sheet, lang, key[1])(key[0], conflict["mine"])
        st.rerun()
    if right.button(t("fill.keep_theirs", lang), key=f"keep_theirs:{sheet.key}:{key}"):
        del conflicts[key]
        _bucket(state.FILL_VERSIONS, sheet).pop(key, None)  # re-seeded from the database on the next run
        st.rerun()


def step_items(q, section, saved, response):
    return shown_items(q, section, answers_by_item(saved), response.version_choice)
