"""Cached core calls shared by pages. Caches are keyed on content, never on session objects."""

from __future__ import annotations

import hashlib

import streamlit as st

from continuum.paths import QUESTIONNAIRE_DIR
from continuum.settings import get_settings
from questionnaires.loader import load_directory, load_questionnaire_text, questionnaire_files


def questionnaire_folder_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in questionnaire_files(QUESTIONNAIRE_DIR):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@st.cache_data(show_spinner=False)
def _catalogue(fingerprint: str, lang: str):
    """Keyed on the folder's content and the language the problems are worded in."""
    return load_directory(QUESTIONNAIRE_DIR, lang=lang)


def questionnaire_catalogue(lang: str):
    """(valid questionnaires, results of refused files) of the shipped folder, problems worded in ``lang``."""
    return _catalogue(questionnaire_folder_fingerprint(), lang)


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    from storage.bootstrap import ensure_database

    return ensure_database(database_url=url)


def engine():
    """The database engine; the first call creates, migrates and (SQLite) seeds the database."""
    return _engine(get_settings().database_url)


@st.cache_data(show_spinner=False, max_entries=32)
def _published(questionnaire_id: str, version: str, url: str):
    from storage.engine import read_session
    from storage.questionnaires import get_published

    with read_session(engine()) as session:
        published = get_published(session, questionnaire_id, version)
    return load_questionnaire_text(published.yaml_text, f"{questionnaire_id}-{version}.yaml")


def published_questionnaire(questionnaire_id: str, version: str):
    """The questionnaire version a response was filled under (published versions are immutable)."""
    return _published(questionnaire_id, version, get_settings().database_url)
