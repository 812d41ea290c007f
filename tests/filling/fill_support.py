"""Helpers for fill-page tests: a fresh invitation on the demo database, and AppTest plumbing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from continuum.reference import finess_with_key
from storage.engine import make_engine, write_session
from storage.establishments import add_legal_entity, add_site
from storage.invitations import create_invitation
from storage.models import Site
from storage.scope import Scope

ROOT = Path(__file__).resolve().parents[2]
OPEN_CAMPAIGN = "demo-national-w2"


def fresh_invitation(url: str, sector: str = "health", campaign: str = OPEN_CAMPAIGN) -> tuple[str, str]:
    """(code, FINESS ET) for a new site of ``sector``, invited to the open demo campaign, with no response yet."""
    category = "ch" if sector == "health" else "ehpad"
    engine = make_engine(url)
    try:
        with write_session(engine) as session:
            taken = set(session.execute(select(Site.finess)).scalars())
            serial = next(n for n in range(1000, 9999) if finess_with_key(f"44{n:04d}90") not in taken)
            scope = Scope.national(actor="test")
            entity = add_legal_entity(session, scope, finess_with_key(f"44{serial:04d}80"), "Entité de test",
                                      category, "public", "52")
            site = add_site(session, scope, finess_with_key(f"44{serial:04d}90"), entity,
                            "Centre hospitalier de test" if sector == "health" else "EHPAD de test",
                            category, "public", "52", size=120)
            issued = create_invitation(session, scope, campaign, site)
        return issued.code, site
    finally:
        engine.dispose()


def fill_app(url: str, monkeypatch, lang: str = "fr") -> AppTest:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/pages/fill.py").run()
    return at


def join(at: AppTest, code: str) -> AppTest:
    at.text_input(key="join_code").input(code)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at
