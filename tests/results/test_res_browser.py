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
    shot(page, artifacts_dir, "results-profile-fr")
    open_tab(page, t("results.tab.drill", "fr"))
    page.get_by_label(t("results.drill_choose", "fr")).click()
    option = page.get_by_role("option").nth(5)
    chosen = option.inner_text()
    option.click()
    wait_for_app(page)
    page.wait_for_timeout(800)
    panel = page.get_by_role("tabpanel").filter(has_text=t("results.drill_choose", "fr"))
    box = panel.get_by_test_id("stSelectbox")
    shown = box.inner_text() + " " + box.locator("input").first.input_value()
    assert chosen.split(" — ")[0] in shown, shown
    assert panel.locator('[data-testid="stDataFrame"]').count() == 1
    shot(page, artifacts_dir, "results-drilldown-fr")
    open_tab(page, t("results.tab.peers", "fr"))
    page.get_by_text(t("results.peers.group_national", "fr"), exact=True).click()
    wait_for_app(page)
    page.wait_for_selector('[role="tabpanel"] .js-plotly-plot', timeout=30_000)
    shot(page, artifacts_dir, "results-peers-fr")
    for tab, name in (("levels", "results-levels-fr"), ("plan", "results-plan-fr"), ("enabling", "results-enabling-fr")):
        open_tab(page, t(f"results.tab.{tab}", "fr"))
        shot(page, artifacts_dir, name)
    download_the_workbook(page, artifacts_dir)


def download_the_workbook(page, artifacts_dir) -> None:
    """The workbook tab: prepare, then a real browser download that openpyxl opens."""
    import io

    from openpyxl import load_workbook

    open_tab(page, t("results.tab.workbook", "fr"))
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
    for path, name in (("campaign-follow-up", "coordinator-followup-fr"), ("comparison", "coordinator-comparison-fr"),
                       ("peer-groups", "coordinator-groups-fr")):
        page.goto(f"{streamlit_server.url}/{path}?lang=fr")
        wait_for_app(page)
        page.wait_for_timeout(800)
        assert "NaN" not in page.inner_text("body")
        shot(page, artifacts_dir, name)
    page.goto(f"{streamlit_server.url}/comparison?lang=fr")
    wait_for_app(page)
    for tab, name in (("distribution", "coordinator-distribution-fr"), ("group", "coordinator-group-fr"),
                      ("national", "coordinator-national-fr")):
        open_tab(page, t(f"results.coord.tab_{tab}", "fr"))
        page.wait_for_timeout(600)
        shot(page, artifacts_dir, name)
