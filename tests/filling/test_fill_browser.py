"""The fill flow in the real Chromium: autosave survives a reload, conflicts lose nothing, the keyboard suffices."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from fill_support import fresh_invitation
from fixtures.app import wait_for_app
from questionnaires.loader import load_questionnaire

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
MATRIX = load_questionnaire(ROOT / "questionnaires" / "montreal-matrix.yaml")
FIRST = next(i for i in MATRIX.sections[0].items if i.core)
SECOND = [i for i in MATRIX.sections[0].items if i.core][1]


@pytest.fixture(scope="module")
def served_db(streamlit_server, app_database_url):
    """The served app's database, created and seeded as the app's first start does."""
    from storage.bootstrap import ensure_database

    ensure_database(database_url=app_database_url, demo=True).dispose()
    return app_database_url


def join(page, server, code: str, lang: str = "fr", name: str = "") -> None:
    page.goto(f"{server.url}/fill?lang={lang}")
    wait_for_app(page)
    page.get_by_label("Code d'accès" if lang == "fr" else "Access code", exact=True).fill(code)
    if name:
        page.get_by_label("Votre prénom (facultatif)", exact=True).fill(name)
    page.get_by_role("button", name="Accéder à l'auto-évaluation" if lang == "fr" else "Open the self-assessment").click()
    expect(page.get_by_text("FINESS", exact=False).first).to_be_visible(timeout=30_000)
    wait_for_app(page)


def start(page, lang: str = "fr") -> None:
    page.get_by_role("button", name="Commencer l'auto-évaluation" if lang == "fr" else "Start the self-assessment").click()
    expect(group(page, FIRST, lang)).to_be_visible(timeout=30_000)
    wait_for_app(page)


def body(page) -> str:
    """The page text with no-break spaces read as spaces (French typography uses them)."""
    return page.inner_text("body").replace("\xa0", " ").replace("\u202f", " ")


def answer(page, item, label: str, lang: str = "fr") -> None:
    """Click an answer and wait until the page confirms it was saved."""
    group(page, item, lang).get_by_text(label, exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Dernier enregistrement" if lang == "fr" else "Last saved", exact=False)).to_be_visible(
        timeout=20_000)


def progress_text(page) -> str:
    return (page.locator('[data-testid="stProgress"]').first.text_content() or "").replace("\xa0", " ")


def group(page, item, lang: str = "fr"):
    return page.get_by_role("radiogroup", name=item.text.get(lang))


def test_answers_survive_a_reload(streamlit_server, served_db, page, artifacts_dir):
    code, _ = fresh_invitation(served_db)
    join(page, streamlit_server, code)
    page.screenshot(path=str(artifacts_dir / "fill-1-start-fr.png"), full_page=True)
    start(page)
    answer(page, FIRST, "En place")
    answer(page, SECOND, "Pas en place")
    page.screenshot(path=str(artifacts_dir / "fill-2-answering-fr.png"), full_page=True)
    page.reload()
    wait_for_app(page)
    assert code not in page.url  # a code never goes in the URL
    join(page, streamlit_server, code)
    assert group(page, FIRST).get_by_role("radio", name="En place", exact=True).is_checked()
    assert group(page, SECOND).get_by_role("radio", name="Pas en place", exact=True).is_checked()
    assert progress_text(page).startswith("Réponses : 2 sur")


def test_two_people_on_the_same_item_get_the_conflict_view(streamlit_server, served_db, browser, artifacts_dir):
    code, _ = fresh_invitation(served_db)
    first, second = (browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2))
    a, b = first.new_page(), second.new_page()
    join(a, streamlit_server, code, name="Claire")
    start(a)
    join(b, streamlit_server, code, name="Paul")  # Paul opens the item before Claire saves it
    expect(group(b, FIRST)).to_be_visible(timeout=30_000)
    answer(a, FIRST, "En place")
    group(b, FIRST).get_by_text("Pas en place", exact=True).click()
    wait_for_app(b)
    expect(b.get_by_text("Claire a enregistré une autre réponse à cette question", exact=False)).to_be_visible()
    expect(b.get_by_text("Votre version", exact=True)).to_be_visible()
    b.screenshot(path=str(artifacts_dir / "fill-3-conflict-fr.png"), full_page=True)
    b.get_by_role("button", name="Garder ma version").click()
    expect(b.get_by_text("a enregistré une autre réponse", exact=False)).to_have_count(0, timeout=15_000)
    a.reload()
    wait_for_app(a)
    join(a, streamlit_server, code)
    assert group(a, FIRST).get_by_role("radio", name="Pas en place", exact=True).is_checked()
    first.close()
    second.close()


def test_a_section_can_be_filled_with_the_keyboard_alone(streamlit_server, served_db, page, artifacts_dir):
    code, _ = fresh_invitation(served_db)
    page.goto(f"{streamlit_server.url}/fill?lang=fr")
    wait_for_app(page)
    page.get_by_label("Code d'accès", exact=True).focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    wait_for_app(page)
    _tab_to(page, lambda el: el.get("text") == "Commencer l'auto-évaluation")
    page.keyboard.press("Enter")
    wait_for_app(page)
    _tab_to(page, lambda el: el.get("role") == "radio" and el.get("group") == FIRST.text.get("fr"))
    page.keyboard.press("Space")
    wait_for_app(page)
    assert group(page, FIRST).get_by_role("radio").first.is_checked()
    page.screenshot(path=str(artifacts_dir / "fill-4-keyboard-fr.png"), full_page=True)


def _tab_to(page, wanted, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const group = el && el.closest('[role=radiogroup]');
            return {text: (el.innerText || '').trim(), role: el.getAttribute('type') === 'radio' ? 'radio' : el.getAttribute('role'),
                    group: group ? group.getAttribute('aria-label') : null};
        }""")
        if wanted(info):
            return
    raise AssertionError("the element cannot be reached with the Tab key")


def test_english_fill_screens(streamlit_server, served_db, page, artifacts_dir):
    code, _ = fresh_invitation(served_db)
    join(page, streamlit_server, code, lang="en")
    page.screenshot(path=str(artifacts_dir / "fill-1-start-en.png"), full_page=True)
    start(page, lang="en")
    answer(page, FIRST, "In place", lang="en")
    assert progress_text(page).startswith("Answered: 1 of")
    page.screenshot(path=str(artifacts_dir / "fill-2-answering-en.png"), full_page=True)


def test_preview_shows_errors_then_the_form(streamlit_server, page, artifacts_dir):
    page.goto(f"{streamlit_server.url}/preview?lang=fr")
    wait_for_app(page)
    area = page.get_by_label("Ou collez le contenu YAML ici")
    area.fill("id: broken\nversion: 1.0\ntitle: {fr: Cassé}\nmatrix: []\nsections: []\n")
    area.press("Control+Enter")
    wait_for_app(page)
    assert "Ce questionnaire est refusé" in body(page)
    page.screenshot(path=str(artifacts_dir / "preview-broken-fr.png"), full_page=True)
    area.fill((ROOT / "questionnaires" / "examples" / "minimal.yaml").read_text(encoding="utf-8"))
    area.press("Control+Enter")
    wait_for_app(page)
    assert "Questionnaire valide : minimal-example" in body(page)
    page.screenshot(path=str(artifacts_dir / "preview-valid-fr.png"), full_page=True)



@pytest.mark.parametrize("lang", ["fr", "en"])
def test_screens_of_every_step(streamlit_server, served_db, page, artifacts_dir, lang):
    """Screenshots to look at: answering, the final step, the inventory and the consensus page."""
    code, _ = fresh_invitation(served_db)
    join(page, streamlit_server, code, lang=lang)
    start(page, lang=lang)
    step = page.get_by_label("Étape" if lang == "fr" else "Step", exact=True)
    step.click()
    page.get_by_role("option", name=f"{len(MATRIX.sections) + 1}.", exact=False).click()
    wait_for_app(page)
    expect(page.get_by_text("Cibles par niveau" if lang == "fr" else "Targets per level", exact=True)).to_be_visible()
    page.screenshot(path=str(artifacts_dir / f"fill-5-submit-{lang}.png"), full_page=True)
    page.get_by_text("Inventaire" if lang == "fr" else "Inventory", exact=False).first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Commencer l'auto-évaluation" if lang == "fr" else "Start the self-assessment").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Ajouter l'initiative" if lang == "fr" else "Add the initiative")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / f"fill-6-inventory-{lang}.png"), full_page=True)
    page.get_by_role("link", name="Réunion de consensus" if lang == "fr" else "Consensus meeting").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Réunion de consensus" if lang == "fr" else "Consensus meeting")
           ).to_be_visible()
    page.screenshot(path=str(artifacts_dir / f"fill-7-consensus-{lang}.png"), full_page=True)
