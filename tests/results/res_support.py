"""Helpers for the results tests: an AppTest on the demo database, and demo establishments picked by property."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from storage.engine import make_engine, read_session
from storage.frames import load_frames
from storage.scope import Scope
from views import identity as identity_module
from views.identity import Identity

ROOT = Path(__file__).resolve().parents[2]
OPEN, CLOSED = "demo-national-w2", "demo-national-w1"
MATRIX = "montreal-matrix"


def app_for(url: str, monkeypatch, identity: Identity | None, page: str, lang: str = "fr") -> AppTest:
    """The app on ``url`` with ``identity`` injected, switched to ``page`` and run."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if identity is not None:
        at.session_state["identity"] = identity
    token_key = getattr(identity_module, "TOKEN", None)
    if token_key:  # no sign-in cookie in these tests: the injected identity is the one used
        at.session_state[token_key] = ""
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"views/pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def team(site: str) -> Identity:
    return Identity(scope=Scope.establishment({site}, actor="Équipe qualité"), role="establishment")


def coordinator(region: str = "53") -> Identity:
    return Identity(scope=Scope.region({region}, actor="SRA"), role="coordinator")


def national() -> Identity:
    """A coordination of every region (a federation such as FORAP), so that the region filter has choices.

    The national role itself reads aggregates only (tests/accounts/test_acc_reader_pages.py)."""
    from continuum.reference import REGIONS

    return Identity(scope=Scope.region(REGIONS, actor="FORAP"), role="coordinator")


def matrix_responses(url: str) -> pd.DataFrame:
    """Every matrix response of both demo waves (read with a national scope, for choosing test subjects)."""
    engine = make_engine(url)
    with read_session(engine) as session:
        responses, _ = load_frames(session, Scope.national(), [CLOSED, OPEN], questionnaire_id=MATRIX)
    engine.dispose()
    return responses


def site_where(responses: pd.DataFrame, w1: set[str] | None, w2: set[str]) -> str:
    """An establishment whose wave-1 status is in ``w1`` (None: no wave-1 response) and wave-2 status in ``w2``."""
    wide = responses.pivot_table(index="establishment", columns="wave", values="status", aggfunc="first")
    for site, row in wide.iterrows():
        first = row.get(1)
        if (w1 is None and pd.isna(first)) or (w1 is not None and first in w1):
            if row.get(2) in w2:
                return str(site)
    raise AssertionError("the demo has no such establishment")


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe shown with ``column``."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise AssertionError(f"no table with a column {column!r}; tables: {[list(d.value.columns) for d in at.dataframe]}")
