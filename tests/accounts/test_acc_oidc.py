"""Optional OIDC sign-in: the configuration it needs, the claims it trusts, and what a person sees in Chromium
when a real OpenID provider (``oidc-provider-mock``, on loopback) vouches for them, or for a stranger."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from accounts.oidc import FRESH_FOR, configuration_problems, configured_provider, sign_in_with_claims
from continuum.problems import ProblemError
from storage.audit import list_audit
from storage.engine import read_session
from storage.models_accounts import UserAccount
from storage.scope import Scope

from acc_support import make_user

NOW = dt.datetime(2030, 3, 1, 9, 0, 0)
ISSUER = "http://127.0.0.1:9400"
AUTH = {"redirect_uri": "https://continuum.example/oauth2callback", "cookie_secret": "s" * 32,
        "region": {"client_id": "continuum", "client_secret": "x", "server_metadata_url":
                   "https://idp.example/.well-known/openid-configuration"}}


def claims(sub: str, email: str | None, *, age: dt.timedelta = dt.timedelta(seconds=5), **extra) -> dict:
    issued = (NOW - age).replace(tzinfo=dt.UTC).timestamp()
    return {"is_logged_in": True, "iss": ISSUER, "sub": sub, "email": email, "iat": int(issued), **extra}


def test_without_a_provider_name_local_accounts_need_nothing_else():
    assert configured_provider(None, "", {}) == (None, [])


def test_a_half_done_configuration_names_every_missing_key_and_offers_nothing():
    auth = {"redirect_uri": "http://continuum.example/", "region": {"client_id": "continuum"}}
    provider, problems = configured_provider("region", "", auth)
    assert provider is None
    assert sorted((p.code, p.location) for p in problems) == [
        ("oidc-setting-missing", "secrets.toml [auth.region] client_secret"),
        ("oidc-setting-missing", "secrets.toml [auth.region] server_metadata_url"),
        ("oidc-setting-missing", "secrets.toml [auth] cookie_secret"),
        ("oidc-url-invalid", "secrets.toml [auth] redirect_uri"),
    ]
    assert configuration_problems("region", AUTH) == []
    assert configured_provider("region", "Santé Pays de la Loire", AUTH)[0].label == "Santé Pays de la Loire"


def test_fresh_claims_open_the_account_session_linked_by_e_mail_then_by_subject(engine):
    created = make_user(engine, "claire@ars.example", "ars", regions=["52"])
    first = sign_in_with_claims(engine, claims("sub-1", "Claire@ars.example"), now=NOW)
    again = sign_in_with_claims(engine, claims("sub-1", "changed@ars.example"), now=NOW)
    assert first.user_id == again.user_id == created.user.id and first.method == "oidc" and first.token
    with read_session(engine) as s:
        assert s.get(UserAccount, created.user.id).oidc_subject == f"{ISSUER}|sub-1"


def test_a_stale_or_incomplete_token_opens_no_session(engine):
    make_user(engine, "claire@ars.example", "ars", regions=["52"])
    with pytest.raises(ProblemError) as stale:
        sign_in_with_claims(engine, claims("sub-1", "claire@ars.example", age=FRESH_FOR * 2), now=NOW)
    with pytest.raises(ProblemError) as incomplete:
        sign_in_with_claims(engine, {"iss": ISSUER, "sub": "sub-1"}, now=NOW)
    assert stale.value.problems[0].code == "oidc-sign-in-stale"
    assert incomplete.value.problems[0].code == "oidc-claims-missing" and "iat" in incomplete.value.problems[0].message


def test_an_e_mail_the_provider_says_is_unverified_links_nothing_and_refusals_are_audited(engine):
    make_user(engine, "claire@ars.example", "ars", regions=["52"])
    with pytest.raises(ProblemError) as error:
        sign_in_with_claims(engine, claims("sub-9", "claire@ars.example", email_verified=False), now=NOW)
    assert error.value.problems[0].code == "oidc-account-unknown"
    with read_session(engine) as s:
        assert s.execute(select(UserAccount.oidc_subject).where(UserAccount.login == "claire@ars.example")
                         ).scalar_one() is None
        refused = [e for e in list_audit(s, Scope.national(), entity="user") if e["action"] == "sign_in_failed"]
    assert [e["entity_id"] for e in refused] == ["oidc sub-9"]


# --- In the real Chromium, against a real OpenID provider on loopback ------------------------------------------

CLAIRE = {"sub": "f3a1-claire", "email": "claire.martin@sra-pdl.example", "name": "Claire Martin"}
STRANGER = {"sub": "77b0-stranger", "email": "inconnu@ailleurs.example", "name": "Personne Inconnue"}
LABEL = "Santé Pays de la Loire"
PAYS_DE_LA_LOIRE = {"44", "49", "53", "72", "85"}  # region 52's départements: the first digits of a FINESS


@pytest.fixture(scope="module")
def oidc_provider():
    """``oidc-provider-mock``'s Flask app served by Werkzeug on 127.0.0.1 in a thread: discovery, JWKS,
    authorization form, token and end-session endpoints, with two people to choose from."""
    import threading

    import werkzeug.serving
    from oidc_provider_mock import User, app

    users = [User(sub=p["sub"], claims={k: v for k, v in p.items() if k != "sub"}) for p in (CLAIRE, STRANGER)]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users, require_nonce=True),
                                          threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def oidc_app(oidc_provider, demo_db_file, tmp_path_factory, artifacts_dir):
    """A dedicated Streamlit server on a copy of the demo database, whose secrets point at the provider."""
    import os
    import shutil

    from fixtures.app import StreamlitServer
    from storage.engine import make_engine

    folder = tmp_path_factory.mktemp("oidc-app")
    shutil.copyfile(demo_db_file, folder / "continuum.db")
    url = f"sqlite:///{folder / 'continuum.db'}"
    engine = make_engine(url)
    make_user(engine, CLAIRE["email"], "coordinator", regions=["52"], password=None, identity_provider=True,
              name=CLAIRE["name"])
    engine.dispose()
    secrets = folder / "secrets.toml"
    env = {**os.environ, "CONTINUUM_DATABASE_URL": url, "CONTINUUM_SECRETS_FILE": str(secrets)}
    server = StreamlitServer(env, artifacts_dir / "streamlit-oidc-server.log",
                             extra_args=("--secrets.files", str(secrets)))
    secrets.write_text(f'CONTINUUM_OIDC_PROVIDER = "region"\nCONTINUUM_OIDC_LABEL = "{LABEL}"\n\n'
                       f'[auth]\nredirect_uri = "{server.url}/oauth2callback"\n'
                       f'cookie_secret = "test-only-cookie-secret-0123456789"\n\n'
                       f'[auth.region]\nclient_id = "continuum"\nclient_secret = "test-only-client-secret"\n'
                       f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n')
    server.start()
    yield server, url
    server.stop()


def _through_the_provider(page, app_url: str, person: dict, shot=None) -> None:
    """Click the app's button, then choose the person on the provider's own authorization form."""
    from fixtures.app import wait_for_app

    page.goto(f"{app_url}/sign-in")
    wait_for_app(page)
    page.get_by_role("button", name=f"Se connecter avec {LABEL}").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    if shot:
        page.screenshot(path=str(shot))
    page.get_by_role("button", name=person["sub"], exact=True).click()
    page.wait_for_url(f"{app_url}/sign-in**", timeout=30_000)
    wait_for_app(page)


@pytest.mark.browser
def test_signing_in_through_the_regional_provider_lands_signed_in_survives_a_restart_and_a_stranger_is_refused(
        oidc_app, browser, artifacts_dir):
    from fixtures.app import wait_for_app

    server, url = oidc_app
    stranger = browser.new_context(locale="fr-FR")
    page = stranger.new_page()
    _through_the_provider(page, server.url, STRANGER, shot=artifacts_dir / "accounts-oidc-provider-form.png")
    page.get_by_text("vous a bien identifié, mais vous n'avez pas de compte").wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "accounts-oidc-unknown.png"), full_page=True)
    assert "Connecté en tant que" not in page.inner_text("body")
    stranger.close()

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _through_the_provider(page, server.url, CLAIRE)
    page.get_by_text("Connecté en tant que").wait_for(timeout=30_000)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Claire Martin" in main and "coordination régionale" in main
    page.screenshot(path=str(artifacts_dir / "accounts-oidc-signed-in.png"), full_page=True)
    assert "continuum_session" in {c["name"] for c in context.cookies()}

    assert any(c["name"].startswith("_streamlit_user") for c in context.cookies())  # Streamlit's identity cookie

    page.goto(f"{server.url}/campaign-follow-up")  # the coordinator's own region, and only it
    wait_for_app(page)
    page.locator('[data-testid="stDataFrame"] td').first.wait_for(state="attached", timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "accounts-oidc-scope.png"), full_page=True)
    cells = page.locator('[data-testid="stDataFrame"] td').all_text_contents()  # the grid's accessible table
    finess = {c.strip() for c in cells if re.fullmatch(r"\d{9}", c.strip())}
    assert finess and {f[:2] for f in finess} <= PAYS_DE_LA_LOIRE, finess

    server.stop()  # the sign-in lives in the sessions table: it survives a server restart
    server.start()
    page.goto(f"{server.url}/sign-in")
    wait_for_app(page)
    page.get_by_text("Connecté en tant que").wait_for(timeout=30_000)
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="End session").click()  # the provider's own end-session form
    page.wait_for_url(f"{server.url}/**", timeout=30_000)
    assert not [c["name"] for c in context.cookies() if c["name"].startswith("_streamlit_user")]
    page.goto(f"{server.url}/sign-in")
    wait_for_app(page)
    page.get_by_role("button", name=f"Se connecter avec {LABEL}").wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "accounts-oidc-signed-out.png"), full_page=True)
    assert "Connecté en tant que" not in page.inner_text("body")
    from storage.engine import make_engine
    from storage.models_accounts import SignInSession

    engine = make_engine(url)
    with read_session(engine) as s:
        sessions = s.execute(select(SignInSession.method, SignInSession.revoked_at)).all()
    engine.dispose()
    assert [method for method, revoked in sessions if revoked is None] == []
    assert [method for method, _ in sessions] == ["oidc"]
    context.close()


@pytest.mark.parametrize("complete", [True, False])
def test_the_sign_in_page_offers_the_provider_only_when_it_is_fully_configured(demo_db_url, monkeypatch, complete):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)
    monkeypatch.setenv("CONTINUUM_OIDC_PROVIDER", "region")
    monkeypatch.setenv("CONTINUUM_OIDC_LABEL", LABEL)
    app = AppTest.from_file(str(root / "app.py"), default_timeout=90)
    app.secrets["auth"] = AUTH if complete else {k: v for k, v in AUTH.items() if k != "cookie_secret"}
    app.run()
    app.switch_page("views/pages/sign_in.py").run()
    assert not app.exception
    labels = [b.label for b in app.button]
    assert (f"Se connecter avec {LABEL}" in labels) is complete
    assert "Se connecter" in [b.label for b in app.get("form_submit_button")]  # local accounts stay
