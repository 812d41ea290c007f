"""The consensus page: diverging individual answers side by side, the agreed answer recorded, the gap shown."""

from continuum.paths import QUESTIONNAIRE_DIR
from questionnaires.loader import load_questionnaire
from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import make_engine, read_session, write_session
from storage.responses import add_participant, add_person, list_responses, open_response
from storage.scope import Scope
from fill_support import OPEN_CAMPAIGN, fill_app, fresh_invitation, join

ITEM = "care.consult.what_matters"
OTHER = "care.info.rights_booklet"


def _meeting(url):
    """A response where a quality manager and a user representative answered alone, and differ on ITEM."""
    code, site = fresh_invitation(url)
    engine = make_engine(url)
    national = Scope.national(actor="test")
    with write_session(engine) as session:
        response = open_response(session, national, OPEN_CAMPAIGN, site, "montreal-matrix")
        people = {}
        for name, role in (("Claire (qualité)", "quality"), ("Paul (RU)", "ru")):
            people[role] = add_person(session, name)
            add_participant(session, national, response.id, people[role], role, individual=True)
    answers = {"quality": {ITEM: "in_place", OTHER: "in_place"}, "ru": {ITEM: "not_in_place", OTHER: "in_place"}}
    with write_session(engine) as session:
        for role, items in answers.items():
            scope = Scope.establishment({site}, actor=role, person_id=people[role])
            for item, status in items.items():
                extra = {"extent": "whole"} if status == "in_place" else {"priority": "high"}
                save_answer(session, scope, response.id, item, AnswerInput(status=status, **extra),
                            base_version=None, respondent=people[role])
    engine.dispose()
    return code, response.id


def test_diverging_items_are_shown_side_by_side_and_the_agreed_answer_is_recorded(demo_db_url, monkeypatch):
    code, response_id = _meeting(demo_db_url)
    at = join(fill_app(demo_db_url, monkeypatch), code)
    at.switch_page("views/pages/consensus.py").run()
    assert not at.exception
    assert "Réponses divergentes : 1 question(s), dont 1 à trancher" in [s.value for s in at.subheader]
    text = " ".join(m.value for m in at.markdown)
    assert "Claire (qualité)" in text and "Paul (RU)" in text and "À trancher en réunion" in text
    assert "Pas en place" in text and "En place" in text  # both answers, never an average
    agreed = next(r for r in at.radio if r.key and r.key.endswith(f":{ITEM}:main"))
    agreed.set_value("being_set_up").run()
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:
        team = {a["item_id"]: a for a in get_answers(session, Scope.national(), response_id)}
    engine.dispose()
    assert team[ITEM]["status"] == "being_set_up"
    at.run()
    assert "Réponses divergentes : 1 question(s), dont 0 à trancher" in [s.value for s in at.subheader]


def test_the_gap_between_professionals_and_users_is_a_result(demo_db_url, monkeypatch):
    code, _ = _meeting(demo_db_url)
    at = join(fill_app(demo_db_url, monkeypatch), code)
    at.switch_page("views/pages/consensus.py").run()
    table = at.table[0].value  # a static table, so that the projected text is never cut
    expected = load_questionnaire(QUESTIONNAIRE_DIR / "montreal-matrix.yaml").item(ITEM).text.get("fr")
    assert list(table["Pratique"]) == [expected]  # OTHER was answered alike: no gap to show
    row = table.iloc[0]
    assert row["Professionnels"] == "En place" and row["Usagers"] == "Pas en place"
    assert row["Écart"] == "Les usagers voient la pratique moins établie"
