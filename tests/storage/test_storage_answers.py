"""Answers: optimistic locking per item, submit and reopen, individual contributions, plans."""

from __future__ import annotations

import pytest

from continuum.problems import ProblemError
from storage.answers import AnswerInput, add_evidence, get_answers, list_evidence, save_answer
from storage.audit import list_audit
from storage.engine import read_session, write_session
from storage.errors import StaleAnswer
from storage.plans import add_action, add_initiative, list_actions, list_initiatives, list_targets, set_target
from storage.responses import add_participant, add_person, get_response, reopen_response, submit_response

IN_PLACE = AnswerInput(status="in_place", extent="whole")


def save(world, scope, response, item, answer, base, **kw):
    with write_session(world.engine) as s:
        return save_answer(s, scope, response, item, answer, base_version=base, **kw)


def answers_of(world, response, scope=None, **kw):
    with read_session(world.engine) as s:
        return {a["item_id"]: a for a in get_answers(s, scope or world.team_a, response, **kw)}


def test_a_stale_save_is_refused_naming_who_saved_and_the_newer_answer_is_kept(world):
    response = world.response()
    alice = world.team_a
    bob = world.team_a.as_actor("Bob (RU)")
    assert save(world, alice, response, "care.info", IN_PLACE, 0).version == 1
    assert save(world, bob, response, "care.info", AnswerInput(status="evaluated"), 1).version == 2
    with pytest.raises(StaleAnswer) as caught:
        save(world, alice, response, "care.info", AnswerInput(status="not_in_place"), 1)
    problem = caught.value.problems[0]
    assert problem.code == "stale-answer" and "Bob (RU)" in problem.message
    assert caught.value.current["status"] == "evaluated"
    assert answers_of(world, response)["care.info"]["status"] == "evaluated"


def test_two_first_saves_of_one_item_conflict_and_other_items_do_not(world):
    response = world.response()
    save(world, world.team_a, response, "care.info", IN_PLACE, 0)
    with pytest.raises(StaleAnswer):
        save(world, world.team_a.as_actor("Bob"), response, "care.info", IN_PLACE, None)
    save(world, world.team_a.as_actor("Bob"), response, "org.info", IN_PLACE, 0)  # another item: no conflict
    assert set(answers_of(world, response)) == {"care.info", "org.info"}


def test_not_applicable_needs_a_reason(world):
    response = world.response()
    with pytest.raises(ProblemError) as caught:
        save(world, world.team_a, response, "care.info", AnswerInput(flag="not_applicable"), 0)
    assert caught.value.problems[0].code == "na-reason-missing"
    assert answers_of(world, response) == {}


def test_submitting_locks_and_only_a_coordinator_reopens_with_a_log(world):
    response = world.response()
    save(world, world.team_a, response, "care.info", IN_PLACE, 0)
    with write_session(world.engine) as s:
        assert submit_response(s, world.team_a, response).status == "submitted"
    with pytest.raises(ProblemError) as caught:
        save(world, world.team_a, response, "care.info", AnswerInput(status="evaluated"), 1)
    assert caught.value.problems[0].code == "response-submitted"
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        reopen_response(s, world.team_a, response, "typo")
    assert caught.value.problems[0].code == "forbidden"
    with write_session(world.engine) as s:
        assert reopen_response(s, world.coordinator_a, response, "typo in 2.3").status == "reopened"
    save(world, world.team_a, response, "care.info", AnswerInput(status="evaluated"), 1)
    with read_session(world.engine) as s:
        log = list_audit(s, world.coordinator_a, entity="response", entity_id=response)
        reopen = next(e for e in log if e["action"] == "reopen")
        assert reopen["actor"] == "Régine (SRA 52)" and reopen["after"]["reason"] == "typo in 2.3"
        assert list_audit(s, world.team_b, entity_id=response) == []


def test_an_individual_contribution_belongs_to_its_respondent(world):
    response = world.response()
    with write_session(world.engine) as s:
        ru = add_person(s, "Rémi (RU)")
        add_participant(s, world.team_a, response, ru, "ru", individual=True)
    as_ru = world.team_a.as_actor("Rémi (RU)", person_id=ru)
    save(world, as_ru, response, "care.info", IN_PLACE, 0, respondent=ru)
    with pytest.raises(ProblemError) as caught:
        save(world, world.team_a, response, "care.info", IN_PLACE, 1, respondent=ru)
    assert caught.value.problems[0].code == "forbidden"
    assert answers_of(world, response, respondent=ru)["care.info"]["updated_by"] == "Rémi (RU)"
    assert answers_of(world, response) == {}  # the consensus is untouched
    with read_session(world.engine) as s:
        assert get_response(s, world.team_a, response).co_filled


def test_another_establishment_sees_and_changes_nothing(world):
    response = world.response()
    save(world, world.team_a, response, "care.info", IN_PLACE, 0)
    for call in (lambda s: get_answers(s, world.team_b, response),
                 lambda s: get_response(s, world.team_b, response),
                 lambda s: save_answer(s, world.team_b, response, "care.info", IN_PLACE, base_version=1),
                 lambda s: list_targets(s, world.team_b, response) or get_response(s, world.team_b, response),
                 lambda s: add_evidence(s, world.team_b, response, "care.info", "x")):
        with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
            call(s)
        assert caught.value.problems[0].code == "response-unknown"
    with read_session(world.engine) as s:
        assert list_evidence(s, world.team_b, response) == [] and list_actions(s, world.team_b, response) == []
    other_region = world.coordinator_a.__class__.region(["53"])
    with pytest.raises(ProblemError), read_session(world.engine) as s:
        get_response(s, other_region, response)


def test_targets_actions_initiatives_and_evidence(world):
    response = world.response()
    with write_session(world.engine) as s:
        set_target(s, world.team_a, response, "care", "collaboration", "patients on committees first")
        action = add_action(s, world.team_a, response, "Train RU", "go_further", level="care",
                            degree="collaboration", owner="DQ", indicator="RU trained", source="CDU report")
        entry = add_initiative(s, world.team_a, response, "initiatives", "Patient partner in ETP",
                               co_declared_by="Paule (patient partner)")
        add_evidence(s, world.team_a, response, "care.info", "Welcome booklet 2024", url="https://example.org")
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        add_action(s, world.team_a, response, "X", "better")
    assert caught.value.problems[0].code == "action-kind-unknown"
    with read_session(world.engine) as s:
        assert list_targets(s, world.team_a, response)["care"]["degree"] == "collaboration"
        assert list_actions(s, world.team_a, response)[0]["id"] == action
        assert list_initiatives(s, world.team_a, response)[0]["entry"] == entry == 0
        assert list_evidence(s, world.team_a, response)[0]["description"] == "Welcome booklet 2024"
