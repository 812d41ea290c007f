"""The account, privacy and admin pages under AppTest on the demo database, with an injected identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from accounts.scopes import resolve_scope
from storage.engine import make_engine, read_session
from storage.models_accounts import UserAccount
from views.identity import Identity

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"admin_users": "admin", "admin_establishments": "coord-52", "admin_campaigns": "coord-52",
         "admin_invitations": "coord-52", "admin_data": "coord-52", "privacy": "ru.demo", "sign_in": "ru.demo"}


def identity_of(url: str, login: str) -> Identity:
    engine = make_engine(url)
    with read_session(engine) as s:
        user = s.execute(select(UserAccount).where(UserAccount.login == login)).scalar_one()
        scope = resolve_scope(s, user.id, user.role, actor=user.display_name, person_id=user.person_id)
    engine.dispose()
    return Identity(scope=scope, role=user.role, display_name=user.display_name, person_id=user.person_id,
                    user_id=user.id, needs_choice=scope is None)


@pytest.fixture
def app(demo_db_url, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def _run_as(app, demo_db_url, login: str, page: str) -> AppTest:
    app.session_state["identity"] = identity_of(demo_db_url, login)
    app.run()
    app.switch_page(f"views/pages/{page}.py").run()
    assert not app.exception, app.exception
    assert not [e.value for e in app.error]
    return app


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_account_page_runs_for_its_role(app, demo_db_url, page):
    app = _run_as(app, demo_db_url, PAGES[page], page)
    assert app.title
    assert not app.warning or page == "admin_data"  # the data tab warns before a deletion


def test_the_admin_sees_every_account_but_no_answer_page(app, demo_db_url):
    app = _run_as(app, demo_db_url, "admin", "admin_users")
    logins = set(app.dataframe[0].value.iloc[:, 0])
    assert {"admin", "coord-52", "ru.demo", "qualite.chu"} <= logins
    app.switch_page("views/pages/results.py").run()
    assert app.warning and "rôle" in app.warning[0].value  # the role itself gives no establishment's results


def test_isolation_an_establishment_user_is_refused_every_admin_page(app, demo_db_url):
    app.session_state["identity"] = identity_of(demo_db_url, "qualite.chu")
    app.run()
    for page in ("admin_users", "admin_establishments", "admin_campaigns", "admin_invitations", "admin_data"):
        app.switch_page(f"views/pages/{page}.py").run()
        assert app.warning and not app.dataframe, page
