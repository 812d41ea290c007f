"""Several respondents: any difference goes to consensus, never to an average; the users' gap is a result."""

from __future__ import annotations

import pytest
from scoring_support import SCALES, answers, cell, level, practice, questionnaire, responses

from scoring import score

Q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: a, kind: practice, cells: [{level: care, degree: information}], text: {fr: A}}
      - {id: b, kind: practice, cells: [{level: care, degree: information}], text: {fr: B}}
      - {id: hours, kind: number, text: {fr: Heures}}
      - {id: roles, kind: multiple_choice, scale: roles, text: {fr: Rôles}}
scoring: {evidence: {inventory: null}}
""", scales=SCALES + """
  - id: roles
    options:
      - {code: trainer, label: {fr: Formateur}}
      - {code: researcher, label: {fr: Chercheur}}
      - {code: peer, label: {fr: Pair-aidant}}
""")


def by(respondent: str, role: str, row: dict) -> dict:
    return {**row, "respondent": respondent, "respondent_role": role}


def test_divergent_answers_without_consensus_are_to_be_agreed():
    r = score(Q, responses({}), answers(
        by("p1", "quality", practice("r1", "a", "in_place", "whole")),
        by("u1", "ru", practice("r1", "a", "not_in_place")),
        practice("r1", "b", "not_in_place")))
    c = cell(r, "r1", "care", "information")
    assert (c.state, c.n_to_be_agreed, c.n_answered) == ("absent", 1, 1)  # only b counts, a waits
    assert level(r, "r1", "care").completeness == 1.0  # answered, just not agreed
    status = r.divergence[r.divergence["field"] == "status"].iloc[0]
    assert (status.item_id, status["size"], status.n_respondents, status.has_consensus) == ("a", 2.0, 2, False)


def test_a_cell_whose_only_items_are_to_be_agreed_says_so():
    r = score(Q, responses({}), answers(by("p1", "quality", practice("r1", "a", "in_place")),
                                        by("u1", "ru", practice("r1", "a", "being_set_up"))))
    assert cell(r, "r1", "care", "information").state == "to_be_agreed"


def test_the_consensus_answer_is_scored_and_the_divergence_still_reported():
    r = score(Q, responses({}), answers(
        by("p1", "quality", practice("r1", "a", "in_place")), by("u1", "ru", practice("r1", "a", "not_in_place")),
        practice("r1", "a", "in_place"), practice("r1", "b", "not_in_place")))
    c = cell(r, "r1", "care", "information")
    assert (c.state, c.n_to_be_agreed, c.n_in_place) == ("present", 0, 1)
    assert r.divergence[r.divergence["field"] == "status"].iloc[0].has_consensus


def test_identical_answers_need_no_consensus():
    r = score(Q, responses({}), answers(by("p1", "quality", practice("r1", "a", "in_place")),
                                        by("u1", "ru", practice("r1", "a", "in_place"))))
    assert r.divergence.empty
    assert cell(r, "r1", "care", "information").n_in_place == 1


def test_never_a_median_of_three_answers():
    r = score(Q, responses({}), answers(by("p1", "quality", practice("r1", "a", "evaluated")),
                                        by("p2", "direction", practice("r1", "a", "not_in_place")),
                                        by("u1", "ru", practice("r1", "a", "not_in_place"))))
    assert cell(r, "r1", "care", "information").state == "to_be_agreed"
    assert r.divergence.set_index("field").loc["status", "size"] == 3.0


def test_numbers_and_choices_diverge_with_a_size():
    r = score(Q, responses({}), answers(
        by("p1", "quality", dict(response_id="r1", item_id="hours", number=3.0)),
        by("u1", "ru", dict(response_id="r1", item_id="hours", number=7.0)),
        by("p1", "quality", dict(response_id="r1", item_id="roles", choices="trainer|researcher")),
        by("u1", "ru", dict(response_id="r1", item_id="roles", choices="researcher|peer"))))
    sizes = r.divergence.set_index(["item_id", "field"])["size"]
    assert sizes[("hours", "number")] == 4.0
    assert sizes[("roles", "choices")] == 2.0  # trainer and peer differ


def test_the_gap_between_professionals_and_users():
    r = score(Q, responses({}), answers(
        by("p1", "quality", practice("r1", "a", "in_place")), by("u1", "ru", practice("r1", "a", "not_in_place")),
        by("p1", "quality", practice("r1", "b", "not_in_place")),
        by("u1", "patient_partner", practice("r1", "b", "being_set_up")),
        by("p2", "direction", practice("r1", "b", "not_in_place"))))
    gap = r.role_gap.set_index("item_id")
    assert (gap.loc["a", "gap"], gap.loc["a", "direction"]) == (-2.0, "users_lower")
    assert (gap.loc["b", "gap"], gap.loc["b", "direction"]) == (1.0, "users_higher")


@pytest.mark.parametrize("flag_row", [dict(flag="dont_know"), dict(flag="not_applicable", na_reason="no CDU")])
def test_a_flag_against_an_answer_is_a_divergence(flag_row):
    r = score(Q, responses({}), answers(by("p1", "quality", practice("r1", "a", "in_place")),
                                        by("u1", "ru", dict(response_id="r1", item_id="a", **flag_row))))
    assert "flag" in set(r.divergence["field"])
    assert cell(r, "r1", "care", "information").n_to_be_agreed == 1
