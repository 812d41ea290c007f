"""Conditions decide what a team sees: evaluated on one response's answers, never with eval."""

from __future__ import annotations

import math

import pytest

from qn_helpers import validate
from questionnaires.conditions import evaluate, visible_items
from questionnaires.model import Comparison

CHAIN = """
$HEADER
$SCALES
  - id: tools
    options:
      - {code: survey, label: {fr: Enquête, en: Survey}}
      - {code: focus_group, label: {fr: Groupe, en: Focus group}}
sections:
  - id: care
    title: {fr: Soins, en: Care}
    items:
      - {id: leaflet, kind: practice, cells: [{level: care, degree: information}], text: {fr: Livret, en: Booklet}}
      - id: leaflet_review
        kind: practice
        cells: [{level: care, degree: partnership}]
        when: {item: leaflet, in: [in_place, evaluated]}
        text: {fr: Relecture du livret par des usagers, en: Booklet reviewed by users}
      - id: review_count
        kind: number
        when: {item: leaflet_review, equals: evaluated}
        text: {fr: Nombre de relectures, en: Number of reviews}
      - id: methods
        kind: multiple_choice
        scale: tools
        when: {any: [{item: review_count, gte: 2}, {not: {item: leaflet, answered: true}}]}
        text: {fr: Méthodes, en: Methods}
      - id: partners
        kind: group
        when: {item: methods, includes: focus_group}
        text: {fr: Partenaires, en: Partners}
        items:
          - {id: partner_paid, kind: single_choice, scale: yes_no, text: {fr: Rémunéré, en: Paid}}
          - id: partner_rate
            kind: number
            when: {item: partner_paid, equals: "yes"}
            text: {fr: Taux, en: Rate}
"""


@pytest.fixture(scope="module")
def chain():
    result = validate(CHAIN)
    assert result.errors == []
    return result.questionnaire


def practice(status="", extent="", priority="", flag=""):
    return {"status": status, "extent": extent, "priority": priority, "flag": flag}


def test_no_condition_always_holds():
    assert evaluate(None, {}) is True


def test_equals_reads_the_status_of_a_practice(chain):
    condition = Comparison(item="leaflet", equals="in_place")
    assert evaluate(condition, {"leaflet": practice("in_place")}, chain) is True
    assert evaluate(condition, {"leaflet": practice("evaluated")}, chain) is False


def test_an_unanswered_item_matches_nothing_but_not_equals(chain):
    answers = {"leaflet": practice("")}
    assert evaluate(Comparison(item="leaflet", equals="in_place"), answers, chain) is False
    assert evaluate(Comparison(item="leaflet", in_=["in_place"]), answers, chain) is False
    assert evaluate(Comparison(item="leaflet", not_equals="in_place"), answers, chain) is True
    assert evaluate(Comparison(item="leaflet", answered=False), answers, chain) is True
    assert evaluate(Comparison(item="leaflet", answered=True), {}, chain) is False


def test_a_flagged_answer_is_not_a_value(chain):
    answers = {"leaflet": practice("in_place", flag="not_applicable")}
    assert evaluate(Comparison(item="leaflet", answered=True), answers, chain) is False


def test_choices_as_list_or_pipe_joined_string(chain):
    condition = Comparison(item="methods", includes="focus_group")
    assert evaluate(condition, {"methods": {"choices": "survey|focus_group"}}, chain) is True
    assert evaluate(condition, {"methods": {"choices": ["survey"]}}, chain) is False
    assert evaluate(condition, {"methods": {"choices": ""}}, chain) is False


def test_number_bounds_and_nan(chain):
    assert evaluate(Comparison(item="review_count", gte=2), {"review_count": {"number": 2.0}}, chain) is True
    assert evaluate(Comparison(item="review_count", gt=2), {"review_count": {"number": 2.0}}, chain) is False
    assert evaluate(Comparison(item="review_count", lt=2), {"review_count": {"number": math.nan}}, chain) is False
    assert evaluate(Comparison(item="review_count", equals=3), {"review_count": {"number": 3.0}}, chain) is True


def test_field_reads_the_extent_of_a_practice(chain):
    condition = Comparison(item="leaflet", field="extent", equals="pilot")
    assert evaluate(condition, {"leaflet": practice("in_place", extent="pilot")}, chain) is True


def test_without_the_questionnaire_the_field_is_the_answered_one():
    assert evaluate(Comparison(item="x", equals="in_place"), {"x": practice("in_place")}) is True
    assert evaluate(Comparison(item="x", includes="a"), {"x": {"choices": "a|b"}}) is True
    assert evaluate(Comparison(item="x", gt=1), {"x": {"number": 4}}) is True


def test_visibility_follows_the_chain_of_conditions(chain):
    answers = {
        "leaflet": practice("in_place"),
        "leaflet_review": practice("evaluated"),
        "review_count": {"number": 3.0},
        "methods": {"choices": "focus_group"},
        "partner_paid": {"value": "no"},
    }
    assert visible_items(chain, answers) == {"leaflet", "leaflet_review", "review_count", "methods", "partners",
                                              "partner_paid"}


def test_a_hidden_item_answer_counts_as_no_answer(chain):
    """The team changed 'leaflet' to not in place: the review and its count disappear, even though answered."""
    answers = {
        "leaflet": practice("not_in_place"),
        "leaflet_review": practice("evaluated"),
        "review_count": {"number": 3.0},
    }
    # methods: review_count is hidden (so no number), leaflet is answered -> the any() is false.
    assert visible_items(chain, answers) == {"leaflet"}


def test_nothing_answered_shows_what_asks_about_missing_answers(chain):
    assert visible_items(chain, {}) == {"leaflet", "methods"}
