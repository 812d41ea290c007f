"""Show core problems in the user's language: a catalogue entry per code, the core's text otherwise."""

from __future__ import annotations

import streamlit as st

from continuum.i18n import has_key, t
from continuum.problems import Problem


def problem_text(problem: Problem, lang: str) -> str:
    key = f"errors.{problem.code}"
    if has_key(key):
        return t(key, lang)
    return f"{problem.message} {problem.fix}".strip()


def show_problems(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        st.error(problem_text(problem, lang), icon=":material/error:")
