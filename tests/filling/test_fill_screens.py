"""Every step of the fill flow in the real Chromium, in French: screenshots to look at, and the contrast of every
visible text checked at each step (RGAA 4.1 criterion 3.2). English is checked in the browser on the first steps
(test_fill_browser.test_english_fill_screens, and the conflict view in both languages) and on every page by
AppTest; a second full walk in English cost more than a minute of CI for the same code paths.

The walk: the door (code), before starting, who takes part, answering (with "not applicable" and a comment),
the final step (targets and the validation summary), the inventory with an over-declared initiative, the
consensus meeting with diverging respondents, the submission that lands on the results, and the locked sheet.
"""

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from continuum.i18n import t
from fill_support import answer_all_required, diverging_respondents, fresh_invitation, response_of, saved_answers
from fixtures.app import contrast_failures, full_screenshot, unlabelled_inputs, wait_for_app
from questionnaires.loader import load_questionnaire

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
MATRIX = load_questionnaire(ROOT / "questionnaires" / "montreal-matrix.yaml")
INVENTORY = load_questionnaire(ROOT / "questionnaires" / "initiative-inventory.yaml")
CORE = [i for i in MATRIX.sections[0].items if i.core]
FIRST, SECOND = CORE[0], CORE[1]


def label(q, item, code: str, lang: str) -> str:
    scale = q.practice_scale(item, "status") if item.kind == "practice" else q.scale(item.scale)
    return scale.option(code).label.get(lang)


def group(page, item, lang: str):
    return page.get_by_role("radiogroup", name=item.text.get(lang))


def choose(page, q, item, code: str, lang: str) -> None:
    group(page, item, lang).get_by_text(label(q, item, code, lang), exact=True).click()
    wait_for_app(page)


def shoot(page, artifacts_dir, name: str, lang: str) -> None:
    """A full-height screenshot, after checking that every visible text is readable and every input labelled."""
    assert contrast_failures(page) == [], name
    assert unlabelled_inputs(page) == [], name
    full_screenshot(page, artifacts_dir / f"{name}-{lang}.png")


def go_to_step(page, number: int, lang: str) -> None:
    """Pick a step in the step list (a click that lands during a rerun may only focus it: try again)."""
    box = page.get_by_label(t("fill.step", lang), exact=True)
    for attempt in range(3):
        wait_for_app(page)
        box.click()
        try:
            page.get_by_role("option", name=f"{number}.", exact=False).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    wait_for_app(page)


def nav(page, key: str, lang: str) -> None:
    page.get_by_role("link", name=t(key, lang), exact=True).click()
    wait_for_app(page)


def test_every_step_of_the_flow(streamlit_server, served_db, page, artifacts_dir, lang="fr"):
    code, site = fresh_invitation(served_db)
    page.goto(f"{streamlit_server.url}/fill?lang={lang}")
    wait_for_app(page)
    shoot(page, artifacts_dir, "fill-0-join", lang)

    page.get_by_label(t("fill.code_label", lang), exact=True).fill(code)
    page.get_by_label(t("fill.your_name", lang), exact=True).fill("Claire")
    page.get_by_role("button", name=t("fill.join_button", lang)).click()
    expect(page.get_by_text(f"FINESS {site}", exact=False)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert code not in page.url
    shoot(page, artifacts_dir, "fill-1-before-starting", lang)

    page.get_by_role("button", name=t("fill.start_button", lang)).click()
    expect(group(page, FIRST, lang)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    for name, role in (("Claire Martin", "quality"), ("Paul Durand", "ru")):
        page.get_by_label(t("fill.participant_name", lang), exact=True).fill(name)
        page.get_by_label(t("fill.participant_role", lang), exact=True).click()
        page.get_by_role("option", name=t(f"ref.role.{role}", lang), exact=True).click()
        page.get_by_role("button", name=t("fill.participant_add", lang), exact=True).click()
        wait_for_app(page)
    expect(page.get_by_text(f"Paul Durand — {t('ref.role.ru', lang)}", exact=False)).to_be_visible()
    shoot(page, artifacts_dir, "fill-2-participants", lang)

    choose(page, MATRIX, FIRST, "in_place", lang)
    comment = page.get_by_label(t("form.comment", lang), exact=True).first
    comment.fill("Livret d'accueil 2025, relu par la CDU")
    comment.press("Tab")  # leaving the field commits it, as Enter does
    wait_for_app(page)
    group(page, SECOND, lang).get_by_text(t("form.not_applicable", lang), exact=True).click()
    wait_for_app(page)
    reason = page.get_by_label(t("form.na_reason", lang), exact=True)
    reason.fill("Pas de consultations externes")
    reason.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text(t("fill.last_saved", lang, when=""), exact=False)).to_be_visible()
    saved = saved_answers(served_db, response_of(served_db, site, "montreal-matrix"))
    assert (saved[FIRST.id]["status"], saved[FIRST.id]["comment"]) == ("in_place", "Livret d'accueil 2025, relu par la CDU")
    assert (saved[SECOND.id]["flag"], saved[SECOND.id]["na_reason"]) == ("not_applicable", "Pas de consultations externes")
    shoot(page, artifacts_dir, "fill-3-answering", lang)
    page.get_by_role("button", name=t("form.glossary", lang)).click()
    expect(page.get_by_text("CDU", exact=False).last).to_be_visible()
    full_screenshot(page, artifacts_dir / f"fill-3b-glossary-{lang}.png")
    page.keyboard.press("Escape")
    wait_for_app(page)

    go_to_step(page, len(MATRIX.sections) + 1, lang)
    expect(page.get_by_text(t("fill.targets_title", lang), exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=t("fill.go_to_section", lang, section=MATRIX.sections[0].title.get(lang)))
           ).to_be_visible()
    expect(page.get_by_role("button", name=t("fill.submit_button", lang))).to_be_disabled()
    shoot(page, artifacts_dir, "fill-4-targets-and-summary", lang)

    page.get_by_text(INVENTORY.title.get(lang), exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name=t("fill.start_button", lang)).click()
    wait_for_app(page)
    page.get_by_label(t("fill.initiative_name", lang), exact=True).fill("Comité des usagers du service")
    page.get_by_label(t("fill.initiative_partner", lang), exact=True).fill("M. Martin")
    page.get_by_role("button", name=t("fill.initiative_add", lang)).click()
    wait_for_app(page)
    page.get_by_text(t("fill.initiative_title", lang, n=1, title="Comité des usagers du service"), exact=True).click()
    wait_for_app(page)
    choose(page, INVENTORY, INVENTORY.item("initiative.declared_degree"), "partnership", lang)
    choose(page, INVENTORY, INVENTORY.item("initiative.power.asked_opinion"), "yes", lang)
    expect(page.get_by_text(t("fill.degree_derived", lang), exact=True)).to_be_visible()
    shoot(page, artifacts_dir, "fill-5-inventory", lang)

    response = response_of(served_db, site, "montreal-matrix")
    diverging_respondents(served_db, site, response, [CORE[2].id, CORE[3].id])  # not yet agreed by the team
    nav(page, "nav.consensus", lang)
    expect(page.get_by_role("heading", name=t("consensus.title", lang))).to_be_visible()
    expect(page.get_by_text(t("consensus.to_be_agreed", lang), exact=True).first).to_be_visible()
    shoot(page, artifacts_dir, "fill-6-consensus", lang)

    answer_all_required(served_db, response, MATRIX)
    nav(page, "nav.fill", lang)
    page.get_by_text(MATRIX.title.get(lang), exact=True).click()
    wait_for_app(page)
    go_to_step(page, len(MATRIX.sections) + 1, lang)
    page.get_by_text(t("fill.submit_confirm", lang), exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name=t("fill.submit_button", lang)).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=t("results.title", lang)).first).to_be_visible(timeout=30_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)  # the profile drawn, not its placeholder
    wait_for_app(page, timeout=60_000)
    full_screenshot(page, artifacts_dir / f"fill-7-submitted-lands-on-results-{lang}.png")

    nav(page, "nav.fill", lang)
    expect(page.get_by_text(t("fill.read_only", lang), exact=True)).to_be_visible()
    go_to_step(page, 1, lang)
    assert group(page, FIRST, lang).get_by_role("radio").first.is_disabled()
    shoot(page, artifacts_dir, "fill-8-locked", lang)
