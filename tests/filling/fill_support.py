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


def response_of(url: str, site: str, questionnaire_id: str, campaign: str = OPEN_CAMPAIGN):
    from storage.engine import read_session
    from storage.responses import list_responses

    engine = make_engine(url)
    try:
        with read_session(engine) as session:
            found = list_responses(session, Scope.national(), campaign, questionnaire_id=questionnaire_id)
    finally:
        engine.dispose()
    return next(r for r in found if r.site == site)


def diverging_respondents(url: str, site: str, response, item_ids: list[str]) -> None:
    """A quality manager and a user representative who filled alone first, and differ on the first item."""
    from storage.answers import AnswerInput, save_answer
    from storage.responses import add_participant, add_person

    engine = make_engine(url)
    national = Scope.national(actor="test")
    try:
        with write_session(engine) as session:
            people = {}
            for name, role in (("Sophie Leroy (qualité)", "quality"), ("Rémi Garcia (RU)", "ru")):
                people[role] = add_person(session, name)
                add_participant(session, national, response.id, people[role], role, individual=True)
            for role, statuses in (("quality", ["in_place", "in_place"]), ("ru", ["not_in_place", "in_place"])):
                scope = Scope.establishment({site}, actor=role, person_id=people[role])
                for item_id, status in zip(item_ids, statuses):
                    extra = {"extent": "whole"} if status == "in_place" else {"priority": "high"}
                    comment = "Pas vu dans mon service" if role == "ru" and status == "not_in_place" else ""
                    save_answer(session, scope, response.id, item_id, AnswerInput(status=status, comment=comment,
                                                                                   **extra),
                                base_version=None, respondent=people[role])
    finally:
        engine.dispose()


def answer_all_required(url: str, response, questionnaire) -> None:
    """Give every unanswered required core item of the team's sheet an answer, as a team would before sending."""
    from storage.answers import AnswerInput, get_answers, save_answer
    from storage.engine import read_session

    engine = make_engine(url)
    scope = Scope.national(actor="test")
    try:
        with read_session(engine) as session:
            done = {a["item_id"] for a in get_answers(session, scope, response.id)}
        with write_session(engine) as session:
            for item in questionnaire.items():
                if not (item.core and item.required) or item.id in done or item.when is not None:
                    continue
                if item.kind == "practice":
                    answer = AnswerInput(status="not_in_place", priority="low")
                elif item.kind == "single_choice":
                    answer = AnswerInput(value=questionnaire.scale(item.scale).options[0].code)
                elif item.kind == "number":
                    answer = AnswerInput(number=3)
                else:
                    continue
                save_answer(session, scope, response.id, item.id, answer, base_version=None)
    finally:
        engine.dispose()


def saved_answers(url: str, response, respondent: str = "") -> dict[str, dict]:
    """What the database holds for a response's sheet, by item: the only truth the fill page trusts."""
    from storage.answers import get_answers
    from storage.engine import read_session

    engine = make_engine(url)
    try:
        with read_session(engine) as session:
            return {a["item_id"]: a for a in get_answers(session, Scope.national(), response.id,
                                                          respondent=respondent) if a["entry"] == -1}
    finally:
        engine.dispose()
