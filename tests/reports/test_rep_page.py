"""The reports page under AppTest: an establishment's team and a coordinator download their reports (PDF and HTML)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from accounts.scopes import resolve_scope
from fixtures.tools import chromium_path, require_tool
from storage.engine import make_engine, read_session
from storage.models_accounts import UserAccount
from views.identity import Identity

pytestmark = pytest.mark.reports
ROOT = Path(__file__).resolve().parents[2]


def identity_of(url: str, login: str) -> Identity:
    engine = make_engine(url)
    with read_session(engine) as s:
        user = s.execute(select(UserAccount).where(UserAccount.login == login)).scalar_one()
        scope = resolve_scope(s, user.id, user.role, actor=user.display_name, person_id=user.person_id)
    engine.dispose()
    return Identity(scope=scope, role=user.role, display_name=user.display_name, person_id=user.person_id,
                    user_id=user.id, needs_choice=scope is None)


@pytest.fixture
def page(demo_db_url, monkeypatch):
    require_tool(chromium_path() is not None, "Chromium (kaleido's browser)")
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)

    def open_as(login: str) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        app.session_state["identity"] = identity_of(demo_db_url, login)
        app.run()
        app.switch_page("views/pages/reports.py").run()
        assert not app.exception, app.exception
        return app

    return open_as


def downloads(app: AppTest) -> dict[str, object]:
    return {b.proto.label: b.proto for b in app.get("download_button")}


def test_a_team_downloads_its_report_as_pdf_and_as_html(page):
    app = page("qualite.chu")
    assert not downloads(app)
    app.button[0].click().run()
    assert not app.exception and not app.error, (app.exception, [e.value for e in app.error])
    buttons = downloads(app)
    assert set(buttons) == {"Télécharger le PDF", "Télécharger la version HTML"}
    assert buttons["Télécharger le PDF"].url and buttons["Télécharger la version HTML"].url


def test_a_coordinator_downloads_the_regional_report(page):
    app = page("coord-53")
    build = next(b for b in app.button if b.label == "Préparer le rapport régional")
    build.click().run()
    assert not app.exception and not app.error, (app.exception, [e.value for e in app.error])
    assert {"Télécharger le PDF", "Télécharger la version HTML"} <= set(downloads(app))
