"""The fill flow in the real Chromium: autosave survives a reload, conflicts lose nothing, the keyboard suffices."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from continuum.i18n import t
from fill_support import answer_all_required, fresh_invitation, response_of
from fixtures.app import full_screenshot, wait_for_app
from questionnaires.loader import load_questionnaire

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
MATRIX = load_questionnaire(ROOT / "questionnaires" / "montreal-matrix.yaml")
FIRST = next(i for i in MATRIX.sections[0].items if i.core)
SECOND = [i for i in MATRIX.sections[0].items if i.core][1]


def join(page, server, code: str, lang: str = "fr", name: str = "") -> None:
    page.goto(f"{server.url}/fill?lang={lang}")
    wait_for_app(page)
    page.get_by_label("Code d'accès" if lang == "fr" else "Access code", exact=True).fill(code)
    if name:
        page.get_by_label(t("fill.your_name", lang), exact=True).fill(name)
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
    full_screenshot(page, artifacts_dir / "fill-reload-1-start-fr.png")
    start(page)
    answer(page, FIRST, "En place")
    answer(page, SECOND, "Pas en place")
    full_screenshot(page, artifacts_dir / "fill-reload-2-answered-fr.png")
    page.reload()
    wait_for_app(page)
    assert code not in page.url  # a code never goes in the URL
    join(page, streamlit_server, code)
    assert group(page, FIRST).get_by_role("radio", name="En place", exact=True).is_checked()
    assert group(page, SECOND).get_by_role("radio", name="Pas en place", exact=True).is_checked()
    assert progress_text(page).startswith("Réponses : 2 sur")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_two_people_on_the_same_item_get_the_conflict_view(streamlit_server, served_db, browser, artifacts_dir,
                                                           lang):
    code, _ = fresh_invitation(served_db)
    first, second = (browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2))
    a, b = first.new_page(), second.new_page()
    mine, theirs = (MATRIX.practice_scale(FIRST, "status").option(c).label.get(lang) for c in ("not_in_place",
                                                                                                "in_place"))
    join(a, streamlit_server, code, lang=lang, name="Claire")
    start(a, lang)
    join(b, streamlit_server, code, lang=lang, name="Paul")  # Paul opens the item before Claire saves it
    expect(group(b, FIRST, lang)).to_be_visible(timeout=30_000)
    answer(a, FIRST, theirs, lang)
    group(b, FIRST, lang).get_by_text(mine, exact=True).click()
    wait_for_app(b)
    warning = t("fill.conflict", lang, who="Claire", when="").split("(")[0].strip()
    expect(b.get_by_text(warning, exact=False)).to_be_visible()
    expect(b.get_by_text(t("fill.conflict_mine", lang), exact=True)).to_be_visible()
    expect(b.get_by_text(t("fill.conflict_theirs", lang, who="Claire"), exact=True)).to_be_visible()  # who saved
    full_screenshot(b, artifacts_dir / f"fill-conflict-{lang}.png")
    b.get_by_role("button", name=t("fill.keep_mine", lang)).click()
    expect(b.get_by_text(warning, exact=False)).to_have_count(0, timeout=15_000)
    a.reload()
    wait_for_app(a)
    join(a, streamlit_server, code, lang=lang)
    assert group(a, FIRST, lang).get_by_role("radio", name=mine, exact=True).is_checked()
    first.close()
    second.close()


def test_a_section_can_be_filled_with_the_keyboard_alone(streamlit_server, served_db, page, artifacts_dir):
    """Code, start, every item of the first section with its follow-up, the next step, then the final step and
    the submission: no mouse."""
    code, site = fresh_invitation(served_db)
    page.goto(f"{streamlit_server.url}/fill?lang=fr")
    wait_for_app(page)
    page.get_by_label("Code d'accès", exact=True).focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    wait_for_app(page)
    _tab_to(page, lambda el: el.get("text") == "Commencer l'auto-évaluation")
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(group(page, FIRST)).to_be_visible(timeout=30_000)
    core = [i for i in MATRIX.sections[0].items if i.core]
    for _ in range(2 * len(core)):  # each item's status, then its priority (Space picks "Pas en place", then "haute")
        _tab_to(page, lambda el: el.get("role") == "radio" and el.get("group") and not el.get("checked"))
        page.keyboard.press("Space")
        wait_for_app(page)
    for item in core:
        assert group(page, item).get_by_role("radio", name="Pas en place", exact=True).is_checked()
    assert progress_text(page).startswith(f"Réponses : {len(core)} sur")
    full_screenshot(page, artifacts_dir / "fill-keyboard-section-done-fr.png")
    _tab_to(page, lambda el: el.get("role") != "radio" and el.get("text", "").endswith("Suivant"))  # icon + label
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=MATRIX.sections[1].title.get("fr"), exact=True)).to_be_visible()

    # The rest is answered by colleagues meanwhile; the final step and the submission, still without a mouse.
    answer_all_required(served_db, response_of(served_db, site, "montreal-matrix"), MATRIX)
    page.keyboard.press("Shift+Tab")  # back from "Previous"/"Next" towards the step list
    _tab_to(page, lambda el: el.get("role") == "combobox" and el.get("label") == "Étape", backwards=True)
    page.keyboard.type(f"{len(MATRIX.sections) + 1}.")
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("Cibles par niveau", exact=True)).to_be_visible()
    _tab_to(page, lambda el: el.get("role") == "checkbox")
    page.keyboard.press("Space")
    wait_for_app(page)
    _tab_to(page, lambda el: el.get("text", "") == "Envoyer l'auto-évaluation")
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Résultats de l'établissement")).to_be_visible(timeout=30_000)


def _tab_to(page, wanted, limit: int = 200, backwards: bool = False) -> None:
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const group = el && el.closest('[role=radiogroup]');
            const type = el.getAttribute('type');
            return {text: (el.innerText || '').trim(),
                    role: type === 'radio' ? 'radio' : type === 'checkbox' ? 'checkbox' : el.getAttribute('role'),
                    label: el.getAttribute('aria-label'),
                    group: group ? group.getAttribute('aria-label') : null,
                    checked: group ? group.querySelector('input:checked') !== null : false};
        }""")
        if wanted(info):
            return
    raise AssertionError("the element cannot be reached with the Tab key")


def test_english_fill_screens(streamlit_server, served_db, page, artifacts_dir):
    code, _ = fresh_invitation(served_db)
    join(page, streamlit_server, code, lang="en")
    full_screenshot(page, artifacts_dir / "fill-reload-1-start-en.png")
    start(page, lang="en")
    answer(page, FIRST, "In place", lang="en")
    assert progress_text(page).startswith("Answered: 1 of")
    full_screenshot(page, artifacts_dir / "fill-reload-2-answered-en.png")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_preview_shows_errors_then_the_form(streamlit_server, page, artifacts_dir, lang):
    page.goto(f"{streamlit_server.url}/preview?lang={lang}")
    wait_for_app(page)
    area = page.get_by_label(t("preview.paste", lang))
    area.fill("id: broken\nversion: 1.0\ntitle: {fr: Cassé}\nmatrix: []\nsections: []\n")
    area.press("Control+Enter")
    wait_for_app(page)
    assert t("preview.refused", lang, count="").split("{")[0].split(":")[0] in body(page)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()  # the errors, as a table
    full_screenshot(page, artifacts_dir / f"preview-broken-{lang}.png")
    area.fill((ROOT / "questionnaires" / "examples" / "minimal.yaml").read_text(encoding="utf-8"))
    area.press("Control+Enter")
    wait_for_app(page)
    assert t("preview.valid", lang, id="minimal-example", version="1.0") in body(page)
    full_screenshot(page, artifacts_dir / f"preview-valid-{lang}.png")


def test_answers_survive_a_server_restart(served_db, page, artifacts_dir):
    """A server of its own, stopped and started again on the same database: the answer was already saved."""
    import os

    from fixtures.app import StreamlitServer

    env = {**os.environ, "CONTINUUM_DATABASE_URL": served_db, "CONTINUUM_SECRETS_FILE": "/nonexistent"}
    code, _ = fresh_invitation(served_db)
    server = StreamlitServer(env, artifacts_dir / "streamlit-restart.log")
    server.start()
    try:
        join(page, server, code)
        start(page)
        answer(page, FIRST, "En place")
    finally:
        server.stop()
    again = StreamlitServer(env, artifacts_dir / "streamlit-restart.log")
    again.start()
    try:
        join(page, again, code)  # the old session is gone with the old server: the code again
        assert group(page, FIRST).get_by_role("radio", name="En place", exact=True).is_checked()
    finally:
        again.stop()
