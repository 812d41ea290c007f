"""What every page does first: language, sidebar, error boundary."""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections.abc import Callable

import streamlit as st

from continuum.i18n import LANGUAGES, normalise_language, t
from continuum.settings import get_settings
from views import state

log = logging.getLogger("continuum.views")


def init_state() -> None:
    """Each session gets its own copy of the defaults: a shared dict would leak between users."""
    for key, default in state.DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = copy.deepcopy(default)


def current_lang() -> str:
    """The interface language: the ``lang`` query parameter, so that it survives a refresh."""
    init_state()
    from_url = st.query_params.get("lang")
    lang = normalise_language(from_url or st.session_state[state.LANG] or get_settings().default_language)
    st.session_state[state.LANG] = lang
    if from_url != lang:
        st.query_params["lang"] = lang  # page switches drop query params: put it back
    return lang


# RGAA 4.1 criterion 3.2: Streamlit draws captions at 60 % opacity, 3.9:1 on white; at 75 % they stay
# lighter than body text and reach 6.1:1 (help texts and the privacy reminder are captions).
# A metric's value is cut with an ellipsis when long ("Partenariat / co-constr…"): let it wrap instead.
READABLE_STYLES = (
    "<style>[data-testid='stCaptionContainer'] { opacity: 0.75; }"
    " [data-testid='stMetricValue'], [data-testid='stMetricValue'] * { white-space: normal !important;"
    " overflow: visible !important; text-overflow: clip !important; }</style>"
)


def readable_styles() -> None:
    st.html(READABLE_STYLES)


def language_switch(lang: str) -> None:
    labels = {"fr": "Français", "en": "English"}
    choice = st.sidebar.radio(
        t("app.language", lang), LANGUAGES, index=LANGUAGES.index(lang),
        format_func=labels.__getitem__, horizontal=True, key="language_switch",
    )
    if choice != lang:
        st.session_state[state.LANG] = choice
        st.query_params["lang"] = choice
        st.rerun()


def guarded(page: Callable[[str], None]) -> Callable[[], None]:
    """Run a page with the language resolved; show a calm message instead of a traceback."""

    def run() -> None:
        lang = current_lang()
        try:
            page(lang)
        except Exception:  # noqa: BLE001 - the user sees our message; the log keeps the traceback
            when = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
            log.exception("page failed at %s", when)
            st.error(t("app.error_title", lang) + " " + t("app.error_body", lang, when=when))

    return run


def prepare_database(lang: str) -> None:
    """First start: create, migrate and (SQLite) seed the database before any page needs it."""
    if st.session_state.get(state.DATABASE_READY):
        return
    from views.data import engine

    try:
        with st.spinner(t("app.preparing", lang)):
            engine()
    except Exception:  # noqa: BLE001 - pages explain; the log keeps the traceback
        log.exception("database unavailable")
        st.error(t("app.database_unavailable", lang), icon=":material/database:")
        return
    st.session_state[state.DATABASE_READY] = True
