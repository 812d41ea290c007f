"""The real app in the real Chromium: every page opens without an exception box, in both languages."""

from pathlib import Path

import pytest

from fixtures.app import wait_for_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
# url paths as declared in views/navigation.py ("" is the default page)
URL_PATHS = ["", "questionnaires", "method", "accessibility"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("url_path", URL_PATHS)
def test_every_page_opens_in_the_browser(streamlit_server, page, artifacts_dir, url_path, lang):
    page.goto(f"{streamlit_server.url}/{url_path}?lang={lang}")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(artifacts_dir / f"smoke-{url_path or 'home'}-{lang}.png"), full_page=True)


def test_language_choice_survives_a_refresh(streamlit_server, page, artifacts_dir):
    page.goto(f"{streamlit_server.url}/")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Continuum").count() >= 1
    assert "Un profil, pas un classement" in page.inner_text("body")
    page.get_by_text("English", exact=True).click()
    page.wait_for_url("**lang=en**")
    wait_for_app(page)
    assert "A profile, not a ranking" in page.inner_text("body")
    page.reload()
    wait_for_app(page)
    assert "A profile, not a ranking" in page.inner_text("body")
    page.screenshot(path=str(artifacts_dir / "language-after-refresh-en.png"))
