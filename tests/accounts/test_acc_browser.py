"""In the real Chromium: staying signed in across a refresh, sign-out revoking the cookie, and isolation —
signed in as establishment A, every path the interface offers to B's results, answers and plan is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accounts.demo import DEMO_PASSWORD
from fixtures.app import wait_for_app
from storage.engine import make_engine, read_session
from storage.models import Site
from storage.models_accounts import Membership, UserAccount
from storage.models_responses import Response

pytestmark = pytest.mark.browser
SIGNED_IN = "Connecté en tant que"


@pytest.fixture(scope="module")
def a_and_b(served_db):
    """A: the demo CHU user's sites; B: an establishment of the RU user, with a response in the open wave."""
    engine = make_engine(served_db)
    with read_session(engine) as s:
        def sites(login):
            return list(s.execute(select(Membership.site).join(UserAccount, UserAccount.id == Membership.user_id)
                                  .where(UserAccount.login == login)).scalars())
        a, b = sites("qualite.chu"), sites("ru.demo")[0]
        b_name = s.get(Site, b).name
        b_response = s.execute(select(Response.id).where(Response.site == b)).scalars().first()
    engine.dispose()
    return a, b, b_name, b_response


def sign_in(page, url: str, login: str) -> None:
    page.goto(f"{url}/sign-in")
    wait_for_app(page)
    page.get_by_label("Identifiant (souvent votre courriel)").fill(login)
    page.get_by_role("textbox", name="Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text(SIGNED_IN).wait_for(timeout=30_000)
    wait_for_app(page)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_a_sign_in_survives_a_refresh_and_sign_out_revokes_the_copied_cookie(streamlit_server, page, browser,
                                                                            artifacts_dir):
    url = streamlit_server.url
    sign_in(page, url, "qualite.chu")
    cookie = next(c for c in page.context.cookies() if c["name"] == "continuum_session")
    assert cookie["sameSite"] == "Strict" and cookie["value"] not in page.url
    page.reload()
    wait_for_app(page)
    assert SIGNED_IN in main_text(page)
    page.screenshot(path=str(artifacts_dir / "accounts-signed-in.png"))
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="Se connecter").wait_for(timeout=30_000)
    other = browser.new_context()  # someone who kept a copy of the cookie
    other.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path")}])
    stolen = other.new_page()
    stolen.goto(f"{url}/sign-in")
    wait_for_app(stolen)
    assert SIGNED_IN not in main_text(stolen)
    other.close()


def test_a_wrong_password_is_refused_without_saying_which_part(streamlit_server, page):
    page.goto(f"{streamlit_server.url}/sign-in")
    wait_for_app(page)
    page.get_by_label("Identifiant (souvent votre courriel)").fill("qualite.chu")
    page.get_by_role("textbox", name="Mot de passe").fill("not the password")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("L'identifiant ou le mot de passe est incorrect").wait_for(timeout=30_000)


def test_isolation_establishment_a_cannot_reach_b_by_any_path(streamlit_server, page, a_and_b, artifacts_dir):
    a, b, b_name, b_response = a_and_b
    url = streamlit_server.url
    sign_in(page, url, "qualite.chu")
    # the admin pages' refusal is AppTest's (test_acc_pages): here, what only a browser adds, query parameters
    attempts = [f"results?site={b}", f"results?establishment={b}", f"results?response={b_response}",
                f"results?finess={b}&campaign=demo-national-w2", f"fill?response={b_response}",
                f"reports?establishment={b}", "comparison", "campaign-follow-up", "peer-groups",
                f"admin-data?site={b}", f"consensus?site={b}"]
    for number, path in enumerate(attempts):
        page.goto(f"{url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(500)  # settled: wait_for_app saw the run end
        text = page.inner_text("body")
        assert b not in text and b_name not in text and b_response not in text, path
        assert page.locator('[data-testid="stException"]').count() == 0, path
        if number == 0:
            page.screenshot(path=str(artifacts_dir / "accounts-isolation-results.png"), full_page=True)
    page.goto(f"{url}/results")  # page switching from the menu lands on A's own results
    wait_for_app(page)
    page.wait_for_timeout(1500)
    assert a[0] in page.inner_text("body")


def test_isolation_a_member_of_two_establishments_sees_only_the_one_chosen(streamlit_server, page, a_and_b,
                                                                           artifacts_dir):
    _, b, b_name, _ = a_and_b
    url = streamlit_server.url
    sign_in(page, url, "ru.demo")
    page.goto(f"{url}/results")
    wait_for_app(page)
    assert "Choisissez d'abord" in main_text(page)  # nothing shown before choosing
    page.goto(f"{url}/sign-in")
    wait_for_app(page)
    options = page.locator('[data-testid="stRadio"] label')
    choice = options.filter(has_text=b)
    choice.click()
    page.wait_for_timeout(1500)
    wait_for_app(page)
    page.reload()  # the choice is kept server-side with the session
    wait_for_app(page)
    page.goto(f"{url}/results")
    wait_for_app(page)
    page.wait_for_timeout(2000)
    page.screenshot(path=str(artifacts_dir / "accounts-two-establishments.png"), full_page=True)
    text = page.inner_text("body")
    assert b in text


def test_isolation_the_national_role_sees_aggregates_and_cannot_open_an_establishment(streamlit_server, page,
                                                                                       served_db, artifacts_dir):
    """Signed in as `national`: the aggregated views open; an establishment that did not consent to be identified
    nationally is reached by no query parameter, page or menu switch, and is never named."""
    from fixtures.app import full_screenshot
    from storage.models import Consent

    url = streamlit_server.url
    sign_in(page, url, "national")
    engine = make_engine(served_db)
    with read_session(engine) as s:
        consented = select(Consent.site).where(Consent.kind == "results_to_national", Consent.granted.is_(True))
        b, b_response = s.execute(select(Response.site, Response.id).where(
            Response.campaign_id == "demo-national-w2", Response.status == "submitted",
            Response.site.not_in(consented)).order_by(Response.site)).first()
        b_name = s.get(Site, b).name
    engine.dispose()
    page.get_by_role("link", name="Vues agrégées").first.click()  # from the account panel, as a person would
    wait_for_app(page)
    page.wait_for_timeout(1500)
    body = page.inner_text("body")
    assert "Répartition des états" in body and "Niveau national" in body
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)  # the distribution of states drawn
    assert b not in body and b_name not in body
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert "Vues agrégées" in sidebar and "Comparaison des établissements" not in sidebar  # its menu, not theirs
    full_screenshot(page, artifacts_dir / "accounts-national-aggregates.png")
    for tab, name in (("Participation par région", "regions"), ("Établissements identifiés", "identified")):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1500)
        assert b not in page.inner_text("body") and b_name not in page.inner_text("body")
        full_screenshot(page, artifacts_dir / f"accounts-national-{name}.png")
    attempts = [f"results?site={b}", f"results?establishment={b}", f"results?response={b_response}",
                f"fill?response={b_response}", f"consensus?site={b}", f"reports?establishment={b}",
                f"spreadsheets?establishment={b}", f"aggregates?site={b}&response={b_response}", "comparison",
                "campaign-follow-up", "peer-groups", f"admin-data?site={b}"]  # other admin pages: AppTest's
    for path in attempts:
        page.goto(f"{url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(500)
        text = page.inner_text("body")
        assert b not in text and b_name not in text and b_response not in text, path
        assert page.locator('[data-testid="stException"]').count() == 0, path
        if not path.startswith(("aggregates", "fill")):
            assert "Votre rôle ne donne pas accès à cette page." in text, path
    page.goto(f"{url}/comparison")
    wait_for_app(page)
    page.get_by_role("link", name="Vues agrégées").first.click()  # page switching from the menu
    wait_for_app(page)
    page.wait_for_timeout(1500)
    assert "Répartition des états" in page.inner_text("body")
