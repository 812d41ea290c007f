"""What the admin pages share: the acting identity, running a core write with its problems shown, the audit actor."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from accounts.roles import Actor
from continuum.i18n import t
from continuum.problems import ProblemError
from storage.engine import run_write
from views.data import engine
from views.identity import Identity
from views.messages import show_problems


def actor_of(identity: Identity) -> Actor:
    return Actor(identity.display_name, identity.role, identity.user_id)


def write(work: Callable, lang: str, done_key: str | None = None):
    """Run ``work(session)`` in a write transaction; show the problems (nothing written) or a success message."""
    try:
        result = run_write(engine(), work)
    except ProblemError as error:
        st.error(t("accounts.admin.refused", lang), icon=":material/error:")
        show_problem_table(error, lang)
        return None
    if done_key:
        st.success(t(done_key, lang), icon=":material/check:")
    return result


def show_problem_table(error: ProblemError, lang: str) -> None:
    if len(error.problems) == 1:
        show_problems(error.problems, lang)
        return
    st.dataframe(pd.DataFrame([{t("accounts.admin.col_location", lang): p.location,
                                t("accounts.admin.col_problem", lang): p.message,
                                t("accounts.admin.col_fix", lang): p.fix} for p in error.problems]),
                 hide_index=True)


def show_secret_once(label: str, secret: str, filename: str, lang: str) -> None:
    """A code or password shown once, with a printable copy: only its hash is kept."""
    st.warning(t("accounts.admin.shown_once", lang), icon=":material/visibility:")
    st.code(secret, language=None)
    st.download_button(t("accounts.admin.print", lang), f"{label}\n\n{secret}\n", file_name=filename,
                       mime="text/plain", icon=":material/print:")
