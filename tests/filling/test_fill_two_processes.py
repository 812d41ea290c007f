"""A shared deployment: two app processes on one PostgreSQL; a save made through one is seen through the other."""

import os

import pytest
from playwright.sync_api import expect

from fill_support import fresh_invitation
from fixtures.app import StreamlitServer, wait_for_app
from test_fill_browser import FIRST, answer, group, join, start

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@pytest.fixture(scope="module")
def two_servers(postgres_server_url, artifacts_dir):
    from storage.demo.writer import seed_demo
    from storage.engine import make_engine, temporary_schema
    from storage.migrate import upgrade

    with temporary_schema(postgres_server_url, prefix="twoapps") as url:
        engine = make_engine(url)
        upgrade(engine)
        seed_demo(engine, establishments=20, waves=1)
        engine.dispose()
        env = {**os.environ, "CONTINUUM_DATABASE_URL": url, "CONTINUUM_SECRETS_FILE": "/nonexistent"}
        servers = [StreamlitServer(env, artifacts_dir / f"streamlit-pg-{n}.log") for n in (1, 2)]
        try:
            for server in servers:
                server.start()
            yield url, servers
        finally:
            for server in servers:
                server.stop()


def _completeness(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Complétude").first
    expect(metric).to_be_visible(timeout=30_000)
    return metric.locator('[data-testid="stMetricValue"]').inner_text().replace("\u202f", " ").strip()


def test_a_save_in_one_process_is_seen_in_the_other(two_servers, browser, artifacts_dir):
    """Paul has the page open on the second process, results cached there, when Claire saves on the first."""
    url, (one, two) = two_servers
    code, _ = fresh_invitation(url, campaign="demo-national-w1")
    first, second = (browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2))
    a, b = first.new_page(), second.new_page()
    join(a, one, code, name="Claire")
    start(a)
    join(b, two, code, name="Paul")
    expect(group(b, FIRST)).to_be_visible(timeout=30_000)
    assert not group(b, FIRST).get_by_role("radio", name="En place", exact=True).is_checked()
    b.get_by_role("link", name="Profil d'engagement et plan d'actions").click()
    wait_for_app(b)
    before = _completeness(b)  # scored and cached in the second process, keyed on the data version

    answer(a, FIRST, "En place")  # saved through the first process

    b.get_by_role("link", name="Remplir l'auto-évaluation").click()  # no reload, no new code: a plain rerun
    wait_for_app(b)
    expect(group(b, FIRST).get_by_role("radio", name="En place", exact=True)).to_be_checked()
    b.screenshot(path=str(artifacts_dir / "shared-deployment-second-process.png"), full_page=True)
    b.get_by_role("link", name="Profil d'engagement et plan d'actions").click()
    wait_for_app(b)
    assert _completeness(b) != before  # the cache followed the data version, not the process
    first.close()
    second.close()
