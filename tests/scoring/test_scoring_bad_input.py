"""Bad input is a clear error naming the response and the item: never a traceback, never a silent 0."""

from __future__ import annotations

import pytest
from scoring_support import answers, practice, questionnaire, responses

from continuum.problems import ProblemError
from scoring import score
from scoring.errors import CATALOGUE

Q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: care.leaflet, kind: practice, cells: [{level: care, degree: information}], text: {fr: Livret}}
      - {id: partners, kind: number, min: 0, max: 500, text: {fr: Patients partenaires}}
      - id: status_of_partner
        kind: single_choice
        scale: yes_no
        text: {fr: Statut décidé}
      - {id: roles, kind: multiple_choice, scale: yes_no, text: {fr: Rôles}}
scoring: {evidence: {inventory: null}}
""", scales=__import__("scoring_support").SCALES + """
  - id: yes_no
    options:
      - {code: "yes", label: {fr: Oui}}
      - {code: "no", label: {fr: Non}}
""")


def problems_of(resp, ans) -> list:
    with pytest.raises(ProblemError) as caught:
        score(Q, resp, ans)
    return caught.value.problems


def test_every_problem_is_collected_and_raised_once_naming_response_and_item():
    found = problems_of(responses({}), answers(
        practice("r1", "care.leafelt", "in_place"),  # unknown item (typo)
        practice("r1", "care.leaflet", "installed"),  # status not on the scale
        dict(response_id="r1", item_id="partners", number=900.0),  # out of range
        dict(response_id="r1", item_id="status_of_partner", flag="not_applicable"),  # no reason
        dict(response_id="r1", item_id="roles", choices="yes|maybe"),  # option not on the scale
    ))
    by_code = {p.code: p for p in found}
    assert set(by_code) == {"scoring-unknown-item", "scoring-option-not-on-scale", "scoring-number-out-of-range",
                            "scoring-not-applicable-without-reason"}
    assert len(found) == 5
    assert by_code["scoring-unknown-item"].location == "r1/care.leafelt"
    assert "care.leaflet" in by_code["scoring-unknown-item"].fix  # did you mean
    assert by_code["scoring-not-applicable-without-reason"].location == "r1/status_of_partner"
    on_scale = sorted(p.location for p in found if p.code == "scoring-option-not-on-scale")
    assert on_scale == ["r1/care.leaflet", "r1/roles"]


@pytest.mark.parametrize("row, field", [
    (dict(status="in_place", extent="everywhere"), "extent"),
    (dict(status="not_in_place", priority="urgent"), "priority"),
])
def test_extent_and_priority_must_be_on_their_scales(row, field):
    found = problems_of(responses({}), answers(dict(response_id="r1", item_id="care.leaflet", **row)))
    assert [(p.code, p.location, p.found) for p in found] == [
        ("scoring-option-not-on-scale", "r1/care.leaflet", row[field])]


def test_a_single_choice_outside_its_scale_is_named():
    found = problems_of(responses({}), answers(dict(response_id="r1", item_id="status_of_partner", value="perhaps")))
    assert [(p.code, p.found) for p in found] == [("scoring-option-not-on-scale", "perhaps")]


def test_duplicate_answers_are_an_error_not_a_choice():
    found = problems_of(responses({}), answers(practice("r1", "care.leaflet", "in_place"),
                                               practice("r1", "care.leaflet", "not_in_place")))
    assert [(p.code, p.location) for p in found] == [("scoring-duplicate-answer", "r1/care.leaflet")]
    assert "2 answers" in found[0].message


def test_a_respondent_answering_twice_is_named_and_the_shared_answer_beside_it_is_not():
    def by(who: str, status: str) -> dict:
        return {**practice("r1", "care.leaflet", status), "respondent": who, "respondent_role": "quality"}

    found = problems_of(responses({}, {}), answers(
        practice("r1", "care.leaflet", "in_place"), by("p1", "in_place"), by("p2", "not_in_place"),
        by("p2", "in_place"), by("p2", "evaluated"),  # p2 three times: one problem, saying so
        practice("r2", "care.leaflet", "in_place"), practice("r2", "care.leaflet", "in_place"),
        {**practice("r2", "care.leaflet", "in_place"), "respondent": "p1", "respondent_role": "quality"}))
    assert sorted((p.code, p.location) for p in found) == [("scoring-duplicate-answer", "r1/care.leaflet@p2"),
                                                           ("scoring-duplicate-answer", "r2/care.leaflet")]
    assert "3 answers" in next(p for p in found if p.location.endswith("@p2")).message


def test_a_response_filled_under_another_version_is_refused():
    found = problems_of(responses({"questionnaire_version": "0.9"}), answers(practice("r1", "care.leaflet", "in_place")))
    assert [(p.code, p.location, p.found, p.expected) for p in found] == [
        ("scoring-wrong-version", "r1", "0.9", "1.0")]


def test_answers_to_an_unknown_response_and_unknown_flags():
    found = problems_of(responses({}), answers(practice("r9", "care.leaflet", "in_place"),
                                               dict(response_id="r1", item_id="care.leaflet", flag="maybe")))
    assert sorted((p.code, p.location) for p in found) == [
        ("scoring-unknown-flag", "r1/care.leaflet"), ("scoring-unknown-response", "r9")]


def test_a_missing_column_is_named():
    found = problems_of(responses({}), answers(practice("r1", "care.leaflet", "in_place")).drop(columns="extent"))
    assert [(p.code, p.found) for p in found] == [("scoring-missing-column", "extent")]


def test_an_individual_respondents_answer_is_located_with_its_respondent():
    found = problems_of(responses({}), answers(practice("r1", "care.leaflet", "evaluate", respondent="p7",
                                                        respondent_role="ru")))
    assert found[0].location == "r1/care.leaflet@p7"


def test_every_catalogue_code_has_a_message_and_a_fix():
    for code, (message, fix) in CATALOGUE.items():
        assert message and fix, code
