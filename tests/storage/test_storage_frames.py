"""The frames handed to scoring: what a team typed comes back exactly, in the contract's order and types,
and the set-based read gives the same frames as reading one row per answer."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import select

from storage.answers import AnswerInput, save_answer
from storage.engine import read_session, write_session
from storage.frames import ANSWER_COLUMNS, _answers, load_frames
from storage.models_responses import Response
from storage.responses import add_participant, add_person
from storage.scope import Scope, response_clause

AWKWARD = ['Guillemets " et \\ barre', "ligne 1\nligne 2\ttab", "émoji 🙂 et « chevrons »", "[1, 2]", "{\"a\": 1}",
           "séparateur \x1f ici", "  espaces  ", "NaN"]


def _team_answers(world) -> str:
    """A response with a consensus answer per awkward text, two respondents (one a user) and a repeat group."""
    rid = world.response()
    with write_session(world.engine) as s:
        ru = add_person(s, "Rémi (RU)")
        nurse = add_person(s, "Nadia (IDE)")
        add_participant(s, world.team_a, rid, ru, "ru", individual=True)
        add_participant(s, world.team_a, rid, nurse, "care_staff", individual=True)
    coordinator = world.national
    with write_session(world.engine) as s:
        save_answer(s, world.team_a, rid, "care.info", AnswerInput(status="in_place", extent="whole",
                                                                   comment=AWKWARD[0]), base_version=None)
        save_answer(s, world.team_a, rid, "care.consult", AnswerInput(flag="not_applicable", na_reason=AWKWARD[1]),
                    base_version=None)
        save_answer(s, world.team_a, rid, "org.info", AnswerInput(value=AWKWARD[2], number=2.5,
                                                                  choices=["a", "b"]), base_version=None)
        for entry, text in enumerate(AWKWARD[3:]):
            save_answer(s, world.team_a, rid, "group.sub", AnswerInput(value=text, number=float(entry)),
                        base_version=None, entry=entry)
        save_answer(s, coordinator, rid, "care.info", AnswerInput(status="not_in_place", priority="high"),
                    base_version=None, respondent=ru)
        save_answer(s, coordinator, rid, "care.info", AnswerInput(status="in_place", extent="pilot"),
                    base_version=None, respondent=nurse)
    return rid


def test_what_the_team_typed_comes_back_exactly_in_order(world):
    rid = _team_answers(world)
    with read_session(world.engine) as s:
        responses, answers = load_frames(s, world.team_a, "c1")
    assert list(answers.columns) == list(ANSWER_COLUMNS) and len(responses) == 1
    assert responses["co_filled"].tolist() == [True]  # an RU took part
    assert set(answers["response_id"]) == {rid}
    keys = list(zip(answers["item_id"], answers["entry"], answers["respondent"]))
    assert keys == sorted(keys)  # (item, entry, respondent) order inside the response
    consensus = answers[answers["respondent"] == ""].set_index(["item_id", "entry"])
    assert consensus.loc[("care.info", -1), "comment"] == AWKWARD[0]
    assert consensus.loc[("care.consult", -1), "na_reason"] == AWKWARD[1]
    assert consensus.loc[("care.consult", -1), "flag"] == "not_applicable"
    org = consensus.loc[("org.info", -1)]
    assert (org["value"], org["number"], org["choices"]) == (AWKWARD[2], 2.5, "a|b")
    group = consensus.loc["group.sub"]
    assert group["value"].tolist() == AWKWARD[3:] and group["number"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert math.isnan(consensus.loc[("care.info", -1), "number"]) and consensus["respondent_role"].eq("").all()
    individual = answers[answers["respondent"] != ""]
    assert sorted(zip(individual["respondent_role"], individual["status"])) == [
        ("care_staff", "in_place"), ("ru", "not_in_place")]
    for name, kind in ANSWER_COLUMNS.items():
        if kind == "str":
            assert answers[name].dtype == "str" and not answers[name].isna().any(), name
    assert answers["entry"].dtype == "int64" and answers["number"].dtype == "float64"


@pytest.mark.parametrize("individual", [True, False])
def test_the_set_based_read_equals_one_row_per_answer(world, individual):
    _team_answers(world)
    other = world.response(world.team_b)
    with write_session(world.engine) as s:
        save_answer(s, world.team_b, other, "care.info", AnswerInput(status="evaluated", extent="pilot"),
                    base_version=None)
    for scope in (world.national, world.team_a, world.team_b, world.coordinator_a):
        with read_session(world.engine) as s:
            visible = select(Response.id).where(Response.campaign_id == "c1", response_clause(scope))
            fast = _answers(s, visible, individual)
            rows = _answers(s, visible, individual, aggregated=False)
        pd.testing.assert_frame_equal(fast, rows)
        assert len(fast) > 0


def test_nothing_visible_gives_empty_frames_of_the_contract(world):
    _team_answers(world)
    with read_session(world.engine) as s:
        responses, answers = load_frames(s, Scope.region(["11"]), "c1")
    assert responses.empty and answers.empty
    assert list(answers.columns) == list(ANSWER_COLUMNS)
    assert answers["entry"].dtype == "int64" and answers["item_id"].dtype == "str"
