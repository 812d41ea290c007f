"""The fill page as a team uses it: join, start, answer with autosave, resume, conditions, submit."""

import pytest

from questionnaires.loader import load_questionnaire
from questionnaires.progress import in_optional_level, optional_levels_for, progress
from storage.campaigns import get_campaign
from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import make_engine, read_session, write_session
from storage.responses import get_response, list_responses
from storage.scope import Scope
from fill_support import OPEN_CAMPAIGN, ROOT, fill_app, fresh_invitation, join

MATRIX = load_questionnaire(ROOT / "questionnaires" / "montreal-matrix.yaml")


def _radio(at, item_id):
    return next(r for r in at.radio if r.key and r.key.endswith(f":{item_id}:main"))


def _start(at, version="core"):
    at.radio(key="start_version").set_value(version).run()
    next(b for b in at.button if b.label.startswith("Commencer")).click().run()
    assert not at.exception, at.exception
    return at


def _response(url, site):
    engine = make_engine(url)
    with read_session(engine) as session:
        found = list_responses(session, Scope.national(), OPEN_CAMPAIGN, questionnaire_id="montreal-matrix")
    engine.dispose()
    return next(r for r in found if r.site == site)


def test_an_unknown_code_gets_a_clear_french_message(demo_db_url, monkeypatch):
    at = join(fill_app(demo_db_url, monkeypatch), "ABCD-EFGH-JKLM-NPQR")
    assert "code d'accès n'est pas valide" in at.error[0].value
    assert at.text_input(key="join_code")  # still on the join form, nothing else shown


def test_start_explains_the_profile_and_who_sees_the_answers(demo_db_url, monkeypatch):
    code, finess = fresh_invitation(demo_db_url)
    at = join(fill_app(demo_db_url, monkeypatch), code)
    text = " ".join(m.value for m in at.markdown)
    assert finess in text
    assert "pas un classement" in text and "au moins 5 établissements" in text
    assert [b.label for b in at.button if b.label.startswith("Commencer")]


def test_answer_autosaves_and_resumes_after_a_refresh(demo_db_url, monkeypatch):
    code, site = fresh_invitation(demo_db_url)
    at = _start(join(fill_app(demo_db_url, monkeypatch), code))
    first = next(i for i in MATRIX.sections[0].items if i.core)
    _radio(at, first.id).set_value("in_place").run()
    assert not at.exception
    response = _response(demo_db_url, site)
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:
        saved = {a["item_id"]: a for a in get_answers(session, Scope.national(), response.id)}
    engine.dispose()
    assert saved[first.id]["status"] == "in_place"  # saved at once, no "save" button
    # A refresh is a new session: the code again, and the answer is there.
    again = join(fill_app(demo_db_url, monkeypatch), code)
    assert _radio(again, first.id).value == "in_place"
    assert any(r.label.startswith("Étendue") for r in again.radio)  # extent asked, as it is in place
    bar = again.get("progress")[0].proto
    assert bar.text.startswith("Réponses : 1 sur ")


def test_resume_lands_on_the_first_unanswered_section(demo_db_url, monkeypatch):
    code, site = fresh_invitation(demo_db_url)
    at = _start(join(fill_app(demo_db_url, monkeypatch), code))
    response = _response(demo_db_url, site)
    scope = Scope.national(actor="test")
    engine = make_engine(demo_db_url)
    with write_session(engine) as session:
        for item in MATRIX.sections[0].items:
            if item.core:
                save_answer(session, scope, response.id, item.id, AnswerInput(status="not_in_place", priority="high"),
                            base_version=None)
    engine.dispose()
    again = join(fill_app(demo_db_url, monkeypatch), code)
    assert again.selectbox(key=f"step:{response.id}/team").value == 1  # the care section is done
    first_open = next(i for i in MATRIX.sections[1].items if i.core)
    assert any("Reprise à la première question sans réponse" in i.value and first_open.text.get("fr") in i.value
               for i in again.info)  # and the page says which question, in words


def test_a_condition_hides_an_item_until_its_trigger_is_answered(demo_db_url, monkeypatch):
    code, _ = fresh_invitation(demo_db_url)
    at = _start(join(fill_app(demo_db_url, monkeypatch), code), version="extended")
    ids = [r.key for r in at.radio if r.key]
    assert not any(k.endswith(":care.partner.goals_review:main") for k in ids)
    _radio(at, "care.partner.plan_signed").set_value("in_place").run()
    assert any(r.key and r.key.endswith(":care.partner.goals_review:main") for r in at.radio)


def test_not_applicable_waits_for_its_reason_and_loses_nothing(demo_db_url, monkeypatch):
    code, site = fresh_invitation(demo_db_url)
    at = _start(join(fill_app(demo_db_url, monkeypatch), code))
    first = next(i for i in MATRIX.sections[0].items if i.core)
    _radio(at, first.id).set_value("__not_applicable").run()
    assert any("pourquoi cette pratique ne s'applique pas" in i.value.lower() for i in at.info)
    reason = next(t for t in at.text_input if t.key and t.key.endswith(f":{first.id}:na_reason"))
    reason.input("Pas de consultations externes").run()
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:
        saved = {a["item_id"]: a for a in get_answers(session, Scope.national(), _response(demo_db_url, site).id)}
    engine.dispose()
    assert saved[first.id]["flag"] == "not_applicable"
    assert saved[first.id]["na_reason"] == "Pas de consultations externes"


def test_submit_is_blocked_until_required_items_are_answered_then_locks(demo_db_url, monkeypatch):
    code, site = fresh_invitation(demo_db_url)
    _start(join(fill_app(demo_db_url, monkeypatch), code))
    response = _response(demo_db_url, site)
    scope = Scope.national(actor="test")
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:  # a CH: teaching and research are optional in the demo campaign
        optional = optional_levels_for(MATRIX, "ch", 120, get_campaign(session, scope, OPEN_CAMPAIGN).optional_levels)
    assert optional == {"teaching", "research"}
    required = [i for i in MATRIX.items() if i.core and i.required and i.kind == "practice" and i.when is None
                and not in_optional_level(i, optional)]
    with write_session(engine) as session:
        for item in required[:-1]:
            save_answer(session, scope, response.id, item.id, AnswerInput(status="in_place", extent="whole"),
                        base_version=None)
    with read_session(engine) as session:
        answers = {a["item_id"]: a for a in get_answers(session, scope, response.id)}
    expected_missing = progress(MATRIX, answers, "core", optional_levels=optional).missing_required
    assert expected_missing >= 1
    at = join(fill_app(demo_db_url, monkeypatch), code)
    at.selectbox(key=f"step:{response.id}/team").set_value(len(MATRIX.sections)).run()
    assert f"Il reste {expected_missing} question(s) obligatoire(s)" in " ".join(w.value for w in at.warning)
    submit = next(b for b in at.button if b.label == "Envoyer l'auto-évaluation")
    assert submit.disabled
    with write_session(engine) as session:
        for item in MATRIX.items():
            if item.core and item.required and item.id not in answers and item.kind == "practice":
                save_answer(session, scope, response.id, item.id, AnswerInput(status="not_in_place", priority="low"),
                            base_version=None)
            elif item.core and item.required and item.id not in answers and item.kind == "single_choice":
                code_ = MATRIX.scale(item.scale).options[0].code
                save_answer(session, scope, response.id, item.id, AnswerInput(value=code_), base_version=None)
            elif item.core and item.required and item.id not in answers and item.kind == "number":
                save_answer(session, scope, response.id, item.id, AnswerInput(number=3), base_version=None)
    at = join(fill_app(demo_db_url, monkeypatch), code)
    at.selectbox(key=f"step:{response.id}/team").set_value(len(MATRIX.sections)).run()
    at.checkbox(key=f"confirm:{response.id}").check().run()
    next(b for b in at.button if b.label == "Envoyer l'auto-évaluation").click().run()
    assert not at.exception
    with read_session(engine) as session:
        assert get_response(session, scope, response.id).status == "submitted"
    engine.dispose()
    assert at.title[0].value == "Résultats de l'établissement"  # the team lands on its results
    at.switch_page("views/pages/fill.py").run()
    assert any("verrouillée" in i.value for i in at.info)
    at.selectbox(key=f"step:{response.id}/team").set_value(0).run()
    answers_radios = [r for r in at.radio if r.key and r.key.startswith(f"fill:{response.id}")]
    assert answers_radios and all(r.disabled for r in answers_radios)


@pytest.mark.parametrize("sector, word", [("health", "patient"), ("medico_social", "personne accompagnée")])
def test_items_use_the_establishment_sector_wording(demo_db_url, monkeypatch, sector, word):
    code, _ = fresh_invitation(demo_db_url, sector=sector)
    at = _start(join(fill_app(demo_db_url, monkeypatch), code))
    labels = " ".join(r.label for r in at.radio if r.key and r.key.endswith(":main")).lower()
    assert word in labels
    if sector == "medico_social":
        assert " patient " not in f" {labels} "


def test_english_interface(demo_db_url, monkeypatch):
    code, _ = fresh_invitation(demo_db_url)
    at = join(fill_app(demo_db_url, monkeypatch, lang="en"), code)
    assert any(b.label == "Start the self-assessment" for b in at.button)


def test_a_signed_in_member_fills_without_a_code(demo_db_url, monkeypatch):
    from views.identity import TOKEN, Identity

    _, site = fresh_invitation(demo_db_url)
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state[TOKEN] = ""  # no browser cookie under AppTest
    at.session_state["identity"] = Identity(scope=Scope.establishment({site}, actor="Marie"), role="establishment",
                                            display_name="Marie")
    at.run()
    at.switch_page("views/pages/fill.py").run()
    assert not at.exception
    assert at.selectbox(key="fill_campaign").value == OPEN_CAMPAIGN
    assert site in " ".join(m.value for m in at.markdown)
    _start(at)
    _radio(at, next(i for i in MATRIX.sections[0].items if i.core).id).set_value("in_place").run()
    assert not at.exception
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:
        rows = get_answers(session, Scope.national(), _response(demo_db_url, site).id)
    engine.dispose()
    assert [r["updated_by"] for r in rows] == ["Marie"]


def _refused_code(url, kind):
    """A code that is refused at the door: expired, revoked, or for a campaign since closed."""
    import datetime as dt

    from storage.campaigns import set_campaign_status
    from storage.invitations import create_invitation, revoke_invitation

    code, site = fresh_invitation(url)
    engine = make_engine(url)
    national = Scope.national(actor="test")
    with write_session(engine) as session:
        if kind == "expired":
            code = create_invitation(session, national, OPEN_CAMPAIGN, site, valid_days=1,
                                     now=dt.datetime(2025, 1, 1)).code
        elif kind == "revoked":
            revoke_invitation(session, national, code[:4])
        else:
            set_campaign_status(session, national, OPEN_CAMPAIGN, "closed")
    engine.dispose()
    return code


@pytest.mark.parametrize("kind, fr, en", [
    ("expired", "Ce code d'accès a expiré", "This access code has expired"),
    ("revoked", "Ce code d'accès a été révoqué", "This access code has been revoked"),
    ("closed", "Cette campagne est close : son code d'accès n'ouvre plus le questionnaire",
     "This campaign is closed, so its access code no longer opens the questionnaire"),
])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_refused_code_gets_a_clear_message_in_the_users_language(demo_db_url, monkeypatch, kind, fr, en, lang):
    code = _refused_code(demo_db_url, kind)
    at = join(fill_app(demo_db_url, monkeypatch, lang=lang), code)
    assert [e.value for e in at.error] and (fr if lang == "fr" else en) in at.error[0].value
    assert "Traceback" not in at.error[0].value and not at.exception
    assert at.text_input(key="join_code")  # still at the door, nothing of the establishment shown
    assert not any("FINESS" in m.value for m in at.markdown)


def test_a_number_out_of_range_is_explained_and_the_saved_answer_is_kept(demo_db_url, monkeypatch):
    item = MATRIX.item("figures.patient_partners_active")
    section = next(i for i, s in enumerate(MATRIX.sections) if item in s.items)
    code, site = fresh_invitation(demo_db_url)
    at = _start(join(fill_app(demo_db_url, monkeypatch), code))
    response = _response(demo_db_url, site)
    at.selectbox(key=f"step:{response.id}/team").set_value(section).run()

    def field():
        return next(n for n in at.number_input if n.key and n.key.endswith(f":{item.id}:main"))

    def saved():
        engine = make_engine(demo_db_url)
        with read_session(engine) as session:
            rows = {a["item_id"]: a for a in get_answers(session, Scope.national(), response.id)}
        engine.dispose()
        return rows.get(item.id, {}).get("number")

    field().set_value(4).run()
    assert saved() == 4 and not at.error
    field().set_value(-3).run()
    assert not at.exception
    assert "Saisissez un nombre supérieur ou égal à 0" in " ".join(e.value for e in at.error)
    assert field().value == -3  # what was typed stays on screen to be corrected
    assert saved() == 4  # and the saved answer is untouched
    field().set_value(6).run()
    assert saved() == 6 and not at.error


def test_the_missing_items_list_keeps_the_medico_social_wording(demo_db_url, monkeypatch):
    code, site = fresh_invitation(demo_db_url, sector="medico_social")
    at = _start(join(fill_app(demo_db_url, monkeypatch), code))
    response = _response(demo_db_url, site)
    at.selectbox(key=f"step:{response.id}/team").set_value(len(MATRIX.sections)).run()
    listed = " ".join(m.value for m in at.markdown if m.value.startswith("- ")).lower()
    assert "personne accompagnée" in listed and " patient " not in f" {listed} "


def test_a_nursing_home_sees_teaching_and_research_as_optional_and_can_send_without_them(demo_db_url, monkeypatch):
    code, site = fresh_invitation(demo_db_url, sector="medico_social")
    at = _start(join(fill_app(demo_db_url, monkeypatch), code))
    response = _response(demo_db_url, site)
    step = at.selectbox(key=f"step:{response.id}/team")
    titles = list(step.options)  # as shown: "5. Recherche (facultatif pour votre établissement)"
    optional_titles = [t_ for t_ in titles if "facultatif pour votre établissement" in t_]
    assert len(optional_titles) == 2 and all(("Enseignement" in t_) or ("Recherche" in t_) for t_ in optional_titles)
    research = next(i for i, s in enumerate(MATRIX.sections) if s.id == "research")
    step.set_value(research).run()
    assert any("facultatif pour votre établissement" in i.value for i in at.info)
    at.selectbox(key=f"step:{response.id}/team").set_value(len(MATRIX.sections)).run()
    listed = " ".join(m.value for m in at.markdown)
    assert "Recherche —" not in listed and "Enseignement et formation des professionnels —" not in listed
