"""Cell states, counts, coverage, completeness and not-applicable rates, worked out by hand."""

from __future__ import annotations

import math

import pytest
from scoring_support import answers, cell, level, practice, practices, questionnaire, responses

from scoring import score

Q = questionnaire(practices(
    "a care/information", "b care/information", "c care/information", "d care/information",
    "e care/consultation", "f care/consultation", "g care/collaboration", "h care/partnership",
    "i organisation/information", "j organisation/information", "k organisation/consultation",
    "l organisation/consultation", "m organisation/collaboration", "n organisation/partnership",
) + "scoring: {evidence: {inventory: null}}\n")


@pytest.fixture(scope="module")
def worked():
    """One response answering each practice as the method's table describes."""
    ans = answers(
        practice("r1", "a", "in_place", "whole"), practice("r1", "b", "in_place", "pilot"),
        practice("r1", "c", "not_in_place", priority="high"), practice("r1", "d", "evaluated", "several_services"),
        practice("r1", "e", "being_set_up"), practice("r1", "f", "not_in_place"),
        practice("r1", "g", "in_place", "pilot"), practice("r1", "h", "not_in_place"),
        practice("r1", "i", "evaluated"), practice("r1", "j", "in_place"),
        dict(response_id="r1", item_id="k", flag="dont_know"),
        dict(response_id="r1", item_id="m", flag="not_applicable", na_reason="no committee here"),
        practice("r1", "n", "in_place"),
    )
    return score(Q, responses({}), ans)


def test_two_of_four_beyond_a_pilot_is_present_not_established(worked):
    # a (whole) and d (several services) are beyond a pilot: 2 of 4 = 50 %, not more than 50 %.
    c = cell(worked, "r1", "care", "information")
    assert c.state == "present"
    assert (c.n_in_place, c.n_in_place_beyond_pilot, c.n_applicable, c.n_evaluated) == (3, 2, 4, 1)


def test_being_set_up_or_pilot_only_is_emerging_and_nothing_is_absent(worked):
    assert cell(worked, "r1", "care", "consultation").state == "emerging"  # e being set up
    assert cell(worked, "r1", "care", "collaboration").state == "emerging"  # g pilot only
    assert cell(worked, "r1", "care", "partnership").state == "absent"


def test_all_beyond_pilot_with_one_evaluated_is_established(worked):
    c = cell(worked, "r1", "organisation", "information")
    assert c.state == "established" and c.n_in_place_beyond_pilot == 2


def test_dont_know_and_missing_are_never_scored_as_zero(worked):
    c = cell(worked, "r1", "organisation", "consultation")
    assert c.state == "not_answered"
    assert (c.n_applicable, c.n_answered, c.n_unanswered, c.completeness) == (2, 0, 2, 0.0)
    assert c.low_completeness


def test_not_applicable_with_a_reason_leaves_the_denominators(worked):
    assert cell(worked, "r1", "organisation", "collaboration").state == "not_applicable"
    org = level(worked, "r1", "organisation")
    # i, j, k, l, n applicable (m not applicable); i, j, n answered and in place.
    assert (org.n_applicable, org.n_answered, org.n_in_place) == (5, 3, 3)
    assert org.coverage == 1.0
    assert org.completeness == pytest.approx(3 / 5)
    assert not org.low_completeness  # 60 % is not below the 60 % threshold
    assert org.na_rate == pytest.approx(1 / 6)


def test_coverage_counts_practices_in_place_over_answered_without_weights(worked):
    care = level(worked, "r1", "care")
    assert (care.n_in_place, care.n_answered) == (4, 8)  # a, b, d, g in place
    assert care.coverage == 0.5 and care.completeness == 1.0
    overall = worked.overall.iloc[0]
    assert (overall.n_in_place, overall.n_answered, overall.n_applicable) == (7, 11, 13)
    assert overall.coverage == pytest.approx(7 / 11)


def test_current_degree_is_the_highest_held_degree(worked):
    assert level(worked, "r1", "care").current_degree == "information"
    # n is in place and this questionnaire asks no evidence: partnership is held.
    assert level(worked, "r1", "organisation").current_degree == "partnership"


def test_a_practice_evidencing_two_cells_counts_in_each_and_once_per_level():
    q = questionnaire(practices("x care/consultation,care/collaboration,organisation/consultation",
                                "y care/information") + "scoring: {evidence: {inventory: null}}\n")
    r = score(q, responses({}), answers(practice("r1", "x", "in_place"), practice("r1", "y", "not_in_place")))
    for lvl, deg in (("care", "consultation"), ("care", "collaboration"), ("organisation", "consultation")):
        assert cell(r, "r1", lvl, deg).state == "established" or cell(r, "r1", lvl, deg).state == "present"
        assert cell(r, "r1", lvl, deg).n_in_place == 1
    assert (level(r, "r1", "care").n_answered, level(r, "r1", "care").n_in_place) == (2, 1)
    assert r.overall.iloc[0].n_answered == 2


def test_present_needs_n_practices_and_established_more_than_x_percent():
    body = practices("a care/information", "b care/information", "c care/information") + """
scoring:
  evidence: {inventory: null}
  cell_states: {present_min_practices: 2, established_min_share: 60}
"""
    q = questionnaire(body)
    one = score(q, responses({}), answers(practice("r1", "a", "evaluated"), practice("r1", "b", "not_in_place"),
                                          practice("r1", "c", "not_in_place")))
    assert cell(one, "r1", "care", "information").state == "emerging"  # 1 < N = 2
    two = score(q, responses({}), answers(practice("r1", "a", "evaluated"), practice("r1", "b", "in_place"),
                                          practice("r1", "c", "not_in_place")))
    assert cell(two, "r1", "care", "information").state == "established"  # 2 of 3 = 67 % > 60 %
    unevaluated = score(q, responses({}), answers(practice("r1", "a", "in_place"), practice("r1", "b", "in_place"),
                                                  practice("r1", "c", "in_place")))
    assert cell(unevaluated, "r1", "care", "information").state == "present"  # none evaluated


def test_foundation_gap_when_a_higher_degree_is_claimed_without_information():
    r = score(Q, responses({}), answers(
        *[practice("r1", x, "not_in_place") for x in "abcd"], practice("r1", "h", "in_place"),
        *[practice("r1", x, "in_place") for x in "ij"], practice("r1", "k", "in_place")))
    assert cell(r, "r1", "care", "partnership").state == "present"
    assert level(r, "r1", "care").foundation_gap
    assert not level(r, "r1", "organisation").foundation_gap


def test_hidden_items_are_not_scored():
    q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: leaflet, kind: practice, cells: [{level: care, degree: information}], text: {fr: L}}
      - id: what_matters
        kind: practice
        cells: [{level: care, degree: consultation}]
        when: {item: leaflet, in: [in_place, evaluated]}
        text: {fr: W}
scoring: {evidence: {inventory: null}}
""")
    r = score(q, responses({}, {}), answers(
        practice("r1", "leaflet", "not_in_place"), practice("r1", "what_matters", "in_place"),
        practice("r2", "leaflet", "in_place"), practice("r2", "what_matters", "in_place")))
    assert cell(r, "r1", "care", "consultation").state == "not_assessed"
    assert cell(r, "r1", "care", "consultation").n_items == 0
    assert level(r, "r1", "care").n_answered == 1
    assert cell(r, "r2", "care", "consultation").state == "present"


def test_core_version_makes_extended_items_not_applicable():
    q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: a, kind: practice, core: true, cells: [{level: care, degree: information}], text: {fr: A}}
      - {id: b, kind: practice, cells: [{level: care, degree: consultation}], text: {fr: B}}
scoring: {evidence: {inventory: null}}
""")
    r = score(q, responses({"version_choice": "core"}), answers(practice("r1", "a", "in_place")))
    assert cell(r, "r1", "care", "consultation").state == "not_applicable"
    assert level(r, "r1", "care").completeness == 1.0
    assert r.item_states.set_index("item_id").loc["b", "core_skipped"]


def test_an_optional_level_is_excluded_not_counted_as_zero():
    q = questionnaire(practices("a care/information", "z research/information")
                      + "scoring: {evidence: {inventory: null}}\n")
    ehpad = responses({"category": "ehpad"}, {"category": "ehpad"}, {"category": "ch"})
    r = score(q, ehpad, answers(practice("r1", "a", "in_place"), practice("r2", "a", "in_place"),
                                practice("r2", "z", "not_in_place"), practice("r3", "a", "in_place")))
    skipped = level(r, "r1", "research")
    assert skipped.optional and math.isnan(skipped.coverage)
    assert cell(r, "r1", "research", "information").state == "not_applicable"
    assert r.overall.set_index("response_id").loc["r1", "completeness"] == 1.0
    assert cell(r, "r2", "research", "information").state == "not_applicable"  # answered or not
    assert r.overall.set_index("response_id").loc["r2", "n_answered"] == 1
    assert cell(r, "r3", "research", "information").state == "not_answered"  # not optional for a CH
    assert r.overall.set_index("response_id").loc["r3", "completeness"] == 0.5


def test_the_campaign_decides_which_levels_are_optional():
    from questionnaires.model import OptionalFor

    from scoring import ScoringOptions

    q = questionnaire(practices("a care/information", "z research/information")
                      + "scoring: {evidence: {inventory: null}}\n")
    small = responses({"category": "ch", "size": 40.0}, {"category": "ch", "size": 400.0})
    rules = ScoringOptions(optional_levels={"research": OptionalFor(size_below=50)})
    r = score(q, small, answers(practice("r1", "a", "in_place"), practice("r2", "a", "in_place")), options=rules)
    assert level(r, "r1", "research").optional
    assert not level(r, "r2", "research").optional


def test_low_completeness_is_flagged_on_cells_levels_and_overall():
    q = questionnaire(practices("a care/information", "b care/information", "c care/consultation")
                      + "scoring: {evidence: {inventory: null}, low_completeness: 70}\n")
    r = score(q, responses({}), answers(practice("r1", "a", "in_place"), practice("r1", "c", "in_place")))
    assert cell(r, "r1", "care", "information").low_completeness  # 1 of 2
    assert not cell(r, "r1", "care", "consultation").low_completeness
    assert level(r, "r1", "care").low_completeness  # 2 of 3 = 67 % < 70 %
    assert r.overall.iloc[0].low_completeness


def test_scoring_many_responses_at_once_gives_each_its_own_profile():
    r = score(Q, responses({}, {}), answers(practice("r1", "a", "in_place"), practice("r2", "a", "not_in_place")))
    assert cell(r, "r1", "care", "information").state == "present"
    assert cell(r, "r2", "care", "information").state == "absent"


def test_every_cell_traces_back_to_its_answers(worked):
    trace = worked.trace("r1", "care", "information")
    assert list(trace["item_id"]) == ["a", "b", "c", "d"]
    assert list(trace["counts_as"]) == ["in_place_beyond_pilot", "in_place_pilot", "not_in_place",
                                        "in_place_beyond_pilot"]
    assert list(trace["extent"]) == ["whole", "pilot", "", "several_services"]  # the raw answers
    org = worked.trace("r1", "organisation")
    assert dict(zip(org["item_id"], org["counts_as"]))["k"] == "dont_know"
    assert dict(zip(org["item_id"], org["counts_as"]))["m"] == "not_applicable"
