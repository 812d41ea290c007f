"""The real app in the real Chromium: every page opens without an exception box, in both languages."""

import re
from pathlib import Path

import pytest

from continuum.i18n import t
from fixtures.app import wait_for_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]


def _url_paths() -> list[str]:
    """Every url path declared in the navigation ("" is the default page), admin pages included."""
    declared = re.findall(r'url_path="([^"]+)"', (ROOT / "views" / "navigation.py").read_text(encoding="utf-8"))
    declared += re.findall(r'url_path="([^"]+)"', (ROOT / "views" / "admin" / "nav.py").read_text(encoding="utf-8"))
    declared += re.findall(r'^\s+\("\w+", "\w+", "[^"]+", "([a-z-]+)"', (ROOT / "views" / "admin" / "nav.py")
                           .read_text(encoding="utf-8"), flags=re.M)
    return ["", *sorted(set(declared))]


URL_PATHS = _url_paths()


def test_the_smoke_test_knows_every_page():
    pages = list((ROOT / "views" / "pages").glob("*.py"))
    assert len(URL_PATHS) == len(pages), (URL_PATHS, sorted(p.stem for p in pages))


# Every page in French (the interface's first language); English on the public pages, since AppTest
# already runs every page in both languages and each browser visit costs seconds of CI time.
VISITS = {"fr": URL_PATHS, "en": ["", "fill", "questionnaires", "method", "accessibility", "sign-in"]}


@pytest.mark.parametrize("lang", VISITS)
def test_every_page_opens_in_the_browser(streamlit_server, served_db, page, artifacts_dir, lang):
    """One tab visits every page in turn, as a person moving through the menu would (a visit in an open tab
    costs a third of the CPU of a first visit in a new one); every page is checked, then the broken ones named."""
    broken = []
    for url_path in VISITS[lang]:
        page.goto(f"{streamlit_server.url}/{url_path}?lang={lang}")
        wait_for_app(page)
        exception = page.locator('[data-testid="stException"]').count() > 0
        calm_error = t("app.error_title", lang) in page.inner_text("body")  # guarded()'s message counts too
        if exception or calm_error:
            broken.append(url_path or "home")
        page.screenshot(path=str(artifacts_dir / f"smoke-{url_path or 'home'}-{lang}.png"), full_page=True)
    assert broken == [], f"pages that show an error box in {lang}: {broken}"


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
