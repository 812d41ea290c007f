"""The results and coordinator pages in the real Chromium: the drill-down, and screenshots to look at."""

from __future__ import annotations

import re

import pytest
from fixtures.app import wait_for_app

from continuum.i18n import t

pytestmark = pytest.mark.browser
PASSWORD = "continuum-demo"  # accounts.demo.DEMO_PASSWORD: valid only in the demo database


def sign_in(page, server, login: str) -> None:
    page.goto(f"{server.url}/sign-in?lang=fr")
    wait_for_app(page)
    page.locator('input[autocomplete="username"]').fill(login)
    page.locator('input[autocomplete="current-password"]').fill(PASSWORD)
    page.get_by_role("button", name=t("accounts.sign_in.submit", "fr")).first.click()
    # signed in when the account panel replaces the form (argon2 takes a while on a busy machine)
    page.get_by_role("button", name=t("accounts.account.sign_out", "fr")).wait_for(timeout=30_000)
    wait_for_app(page)


def open_tab(page, label: str) -> None:
    page.get_by_role("tab", name=label).click()
    page.wait_for_timeout(600)


def shot(page, artifacts_dir, name: str, height: int = 2200) -> None:
    """Streamlit scrolls inside its main block: a tall viewport shows the whole page in the picture."""
    assert page.locator('[data-testid="stException"]').count() == 0
    page.set_viewport_size({"width": 1280, "height": height})
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_establishment_results_drill_down_and_screenshots(streamlit_server, page, artifacts_dir):
    sign_in(page, streamlit_server, "qualite.chu")
    page.goto(f"{streamlit_server.url}/results?lang=fr")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    body = page.inner_text("body")
    assert "restent essentielles" in body and "NaN" not in body
    tabs = page.get_by_role("tab")
    assert tabs.count() == 6
    for k in range(tabs.count()):  # every tab is on screen beside the sidebar at 1280 px: none cut or scrolled away
        box = tabs.nth(k).bounding_box()
        assert box and box["x"] + box["width"] <= 1280, tabs.nth(k).inner_text()
    assert "plus installée" not in body and "Forme la plus" not in body
    shot(page, artifacts_dir, "results-profile-fr", height=3600)
    drill = page.get_by_label(t("results.drill_choose", "fr"))
    drill.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    for _ in range(3):  # a click that lands during a rerun may only focus the box
        drill.click()
        try:
            page.get_by_role("option").nth(5).wait_for(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    option = page.get_by_role("option").nth(5)
    chosen = option.inner_text()
    option.click()
    wait_for_app(page)
    page.wait_for_timeout(800)
    panel = page.get_by_role("tabpanel").filter(has_text=t("results.drill_choose", "fr"))
    box = panel.get_by_test_id("stSelectbox")
    shown = box.inner_text() + " " + box.locator("input").first.input_value()
    assert chosen.split(" — ")[0] in shown, shown
    assert panel.locator('[data-testid="stDataFrame"]').count() >= 2  # the levels' table and the cell's answers
    page.get_by_test_id("stSelectbox").filter(has_text=t("results.drill_choose", "fr")).scroll_into_view_if_needed()
    shot(page, artifacts_dir, "results-drilldown-fr", height=3600)
    open_tab(page, t("results.tab.peers", "fr"))
    page.get_by_text(t("results.peers.group_national", "fr"), exact=True).click()
    wait_for_app(page)
    page.wait_for_selector('[role="tabpanel"] .js-plotly-plot', timeout=30_000)
    shot(page, artifacts_dir, "results-peers-fr")
    for tab, name in (("progress", "results-progress-fr"), ("plan", "results-plan-fr"),
                      ("initiatives", "results-enabling-fr")):
        open_tab(page, t(f"results.tab.{tab}", "fr"))
        shot(page, artifacts_dir, name, height=2600)
    download_the_workbook(page, artifacts_dir)


def test_establishment_results_in_english_screenshots(streamlit_server, page, artifacts_dir):
    sign_in(page, streamlit_server, "qualite.chu")
    page.goto(f"{streamlit_server.url}/results?lang=en")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    body = page.inner_text("body")
    assert "remain essential" in body and "Most established" not in body and "NaN" not in body
    shot(page, artifacts_dir, "results-profile-en", height=3600)
    open_tab(page, t("results.tab.peers", "en"))
    page.get_by_text(t("results.peers.group_national", "en"), exact=True).click()
    wait_for_app(page)
    page.wait_for_selector('[role="tabpanel"] .js-plotly-plot', timeout=30_000)
    shot(page, artifacts_dir, "results-peers-en")
    open_tab(page, t("results.tab.plan", "en"))
    assert "None" not in page.get_by_role("tabpanel").filter(has_text=t("results.plan.rows_title", "en")).inner_text()
    shot(page, artifacts_dir, "results-plan-en")


def download_the_workbook(page, artifacts_dir) -> None:
    """The workbook tab: prepare, then a real browser download that openpyxl opens."""
    import io

    from openpyxl import load_workbook

    page.get_by_text(t("results.section.workbook", "fr")).click()
    page.get_by_test_id("stButton").filter(has_text=t("results.workbook.build", "fr")).locator("button").click()
    button = page.get_by_test_id("stDownloadButton").filter(has_text=t("results.workbook.download", "fr"))
    button.wait_for(timeout=90_000)
    with page.expect_download() as download:
        button.locator("button").click()
    assert download.value.suggested_filename.startswith("export-demo-national-w2-")
    with open(download.value.path(), "rb") as served:  # the browser's file has no suffix
        wb = load_workbook(io.BytesIO(served.read()), read_only=True)
    assert {"README", "Réponses (long)", "Plan d'action (PAQSS)", "Codebook"} <= set(wb.sheetnames)
    shot(page, artifacts_dir, "results-workbook-fr", height=900)


def test_coordinator_views_screenshots(streamlit_server, page, artifacts_dir):
    sign_in(page, streamlit_server, "coord-52")
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert not re.search(r"View \d+ more|View less", sidebar), sidebar  # Streamlit's own button is English-only
    assert t("results.nav.comparison", "fr") in sidebar and t("nav.method", "fr") in sidebar  # every page listed
    for lang in ("fr", "en"):  # English: the comparison and its tabs (AppTest runs every page in both languages)
        pages = (("campaign-follow-up", "coordinator-followup"), ("comparison", "coordinator-comparison"),
                 ("peer-groups", "coordinator-groups"))
        for path, name in pages if lang == "fr" else pages[1:2]:
            page.goto(f"{streamlit_server.url}/{path}?lang={lang}")
            wait_for_app(page)
            page.wait_for_timeout(800)
            assert "NaN" not in page.inner_text("body")
            shot(page, artifacts_dir, f"{name}-{lang}")
        page.goto(f"{streamlit_server.url}/comparison?lang={lang}")
        wait_for_app(page)
        for tab, name in (("distribution", "coordinator-distribution"), ("group", "coordinator-group"),
                          ("national", "coordinator-national")):
            open_tab(page, t(f"results.coord.tab_{tab}", lang))
            page.wait_for_timeout(600)
            shot(page, artifacts_dir, f"{name}-{lang}")
