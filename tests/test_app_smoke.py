"""Every page runs under AppTest, in French and in English, with no exception and no error box."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views" / "pages").glob("*.py"))


@pytest.fixture
def app(demo_db_url, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_runs_without_exception(app, page_path, lang):
    app.query_params["lang"] = lang
    app.run()
    app.switch_page(page_path).run()
    assert not app.exception, f"{page_path} raised: {app.exception}"
    assert app.title, f"{page_path} shows no title"
    errors = [e.value for e in app.error]
    assert not errors, f"{page_path} shows an error box: {errors}"


def _home_text(app) -> str:
    return " ".join([m.value for m in app.markdown] + [m.value for m in app.info]).lower()


def test_home_speaks_french_by_default(app):
    app.run()
    assert "profil d'engagement" in _home_text(app)


def test_home_speaks_english_when_asked(app):
    app.query_params["lang"] = "en"
    app.run()
    assert "engagement profile" in _home_text(app)
    assert "profil d'engagement" not in _home_text(app)
